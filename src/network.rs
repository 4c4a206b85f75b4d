//! Query results as a network picture: rows → [`Network`] → DOT → SVG
//! (Graphviz).
//!
//! Two result shapes are networks:
//! - `source`, `target`, optionally `weight`, `source_label`, `target_label`,
//!   `source_group`, `target_group`, `edge_label` (any other column is kept
//!   as an edge attribute and shown in the edge's tooltip);
//! - the cross-city partner shape of `queries/cross-city-partners.rq`:
//!   `type_a`, `type_b`, with `tasks` as the weight (`cities` and any other
//!   column kept as edge attributes).
//!
//! Department-type codes (or their concept IRIs) are labelled from the
//! [`Knowledge`] and belong to the family of their topmost broader type
//! (aging-office → civil-affairs, industry-commerce → market-regulation).
//! Families that group several types of the scheme get a colour of their own,
//! always the same one (it follows the scheme's order, not the result's);
//! types that are a family of one are drawn in a neutral colour, so that the
//! few real families stand out and the legend stays short. Groups given by a
//! `source_group` column get a colour by a hash of their name.
//!
//! Nodes and edges carry typed attributes ([`Value`]): the exports
//! (`crate::export`) declare their types, the picture shows them in
//! tooltips, and `to_dot_with` can write them into the DOT as data.
//!
//! `to_dot` is pure and tested for its exact output; `render_svg` and
//! `render_image` run the Graphviz binary with a time limit.

use std::collections::HashMap;
use std::fmt;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::thread;
use std::time::{Duration, Instant};

use crate::knowledge::{department_types, funding_sources, indicators, Knowledge};
use crate::labels::{code_label, department_type_label, Lang, UNKNOWN_DEPARTMENT_TYPE};
use crate::rdf::vocab::{CODE, ID};

/// The font Graphviz lays text out with; `fonts-noto-cjk` provides it, so
/// Chinese labels are measured and drawn correctly.
pub const FONT: &str = "Noto Sans CJK SC";

/// How long Graphviz may take before it is stopped.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// Node fill and border colours of the families, in palette order.
pub const PALETTE: &[(&str, &str)] = &[
    ("#f8c4a4", "#b5541c"), // orange
    ("#a9d4f5", "#1f6fb2"), // blue
    ("#b9e4b0", "#2f8a3b"), // green
    ("#d9c2ec", "#6f42a8"), // purple
    ("#f7e19c", "#a07d00"), // yellow
    ("#f5b3c8", "#b03060"), // pink
    ("#a8e0dc", "#16807a"), // teal
    ("#e2cdb2", "#7d5a35"), // brown
    ("#c8d0f0", "#3d4fa3"), // indigo
    ("#e6f0a0", "#6b7d12"), // lime
    ("#f2b8b0", "#a8322a"), // red
    ("#bfe3f0", "#2a7f9e"), // cyan
];

/// Fill and border of nodes outside any coloured family.
pub const NEUTRAL: (&str, &str) = ("#eef1f5", "#8a96a3");

/// Edge colour: slate, semi-transparent so that a dense centre stays legible.
pub const EDGE_COLOR: &str = "#4a5a6b80";

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The cell value as the query returned it (a code, an IRI, a literal).
    pub id: String,
    pub label: String,
    /// The family (group) the node is coloured by; see [`Network::families`].
    pub family: Option<String>,
    /// Number of edges at the node.
    pub degree: usize,
    /// Sum of the weights of its edges (weighted degree); sets the node size.
    pub strength: f64,
    /// Typed attributes (code, city, tasks led …), in declaration order.
    pub attributes: Vec<(String, Value)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub weight: f64,
    /// Drawn on the edge (only from an `edge_label` column).
    pub label: Option<String>,
    /// Other columns of the row (`cities` …), typed; shown in the tooltip.
    pub attributes: Vec<(String, Value)>,
}

/// Separates the items of a [`Value::List`] where a format has no lists
/// (GraphML, GEXF, DOT): `南通市|常州市`.
pub const LIST_SEPARATOR: &str = "|";

/// A typed attribute value, as the export formats declare it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    /// Several texts (the cities of an edge): an array in JSON, joined by
    /// [`LIST_SEPARATOR`] in XML and DOT.
    List(Vec<String>),
}

impl Value {
    /// The value as one string; list items joined by `separator`.
    pub fn joined(&self, separator: &str) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Integer(n) => n.to_string(),
            Value::Number(x) => format_number_exact(*x),
            Value::Boolean(b) => b.to_string(),
            Value::List(items) => items.join(separator),
        }
    }

    /// Whether the value says nothing (an empty text or list).
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(s) => s.is_empty(),
            Value::List(items) => items.is_empty(),
            _ => false,
        }
    }
}

impl fmt::Display for Value {
    /// For people: list items separated by commas.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.joined(", "))
    }
}

/// A number in full (not rounded like [`format_number`]): 72, 3.5, 0.125.
pub fn format_number_exact(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// How the cells of a result column are typed: the narrowest type that
/// reads every non-empty cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellKind {
    Integer,
    Number,
    Boolean,
    Text,
}

fn cell_kind(cell: &str) -> CellKind {
    // Canonical integers only: "007" is a code, not the number 7.
    if let Ok(n) = cell.parse::<i64>() {
        if n.to_string() == cell {
            return CellKind::Integer;
        }
    }
    let unsigned = cell.trim_start_matches(['+', '-']).as_bytes();
    let leading_zero = unsigned.len() > 1 && unsigned[0] == b'0' && unsigned[1].is_ascii_digit();
    let numeric = !leading_zero
        && cell.bytes().any(|b| b.is_ascii_digit())
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    if numeric && cell.parse::<f64>().is_ok_and(f64::is_finite) {
        return CellKind::Number;
    }
    if cell == "true" || cell == "false" {
        return CellKind::Boolean;
    }
    CellKind::Text
}

fn column_kind<'a>(cells: impl Iterator<Item = &'a str>) -> CellKind {
    let mut kind: Option<CellKind> = None;
    for cell in cells.filter(|c| !c.is_empty()) {
        let k = cell_kind(cell);
        kind = Some(match (kind, k) {
            (None, k) => k,
            (Some(a), b) if a == b => a,
            (Some(CellKind::Integer), CellKind::Number)
            | (Some(CellKind::Number), CellKind::Integer) => CellKind::Number,
            _ => CellKind::Text,
        });
    }
    kind.unwrap_or(CellKind::Text)
}

fn typed(cell: &str, kind: CellKind) -> Value {
    match kind {
        CellKind::Integer => cell
            .parse()
            .map_or_else(|_| Value::Text(cell.to_owned()), Value::Integer),
        CellKind::Number => cell
            .parse()
            .map_or_else(|_| Value::Text(cell.to_owned()), Value::Number),
        CellKind::Boolean => Value::Boolean(cell == "true"),
        CellKind::Text => Value::Text(cell.to_owned()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    pub id: String,
    pub label: String,
    /// Index into [`PALETTE`] (modulo its length); `None`: neutral colour.
    pub color: Option<usize>,
}

/// Which result shape the network was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `source`, `target` (+ `weight` …).
    SourceTarget,
    /// `type_a`, `type_b`, `tasks` (cross-city partners).
    TypePairs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    pub shape: Shape,
    /// In order of first appearance in the rows.
    pub nodes: Vec<Node>,
    /// One per unordered pair (rows naming the same pair are summed), in row
    /// order.
    pub edges: Vec<Edge>,
    /// The families of the nodes that have one, in legend order.
    pub families: Vec<Family>,
    /// The column the weights came from (`tasks`, `weight`), if any.
    pub weight_column: Option<String>,
    /// Rows left out because their source or target was empty.
    pub skipped_rows: usize,
    /// The legend's title, when the shape's default does not fit.
    pub title: Option<String>,
    /// What the weights count, for the legend and tooltips ("shared
    /// tasks"), when the column name does not say it.
    pub weight_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NetworkError {
    /// The columns are not a network shape.
    NotANetwork { columns: Vec<String> },
    /// Nothing to draw (no rows, or none left after `min_weight`).
    Empty { reason: String },
    /// A weight cell that is not a non-negative number.
    BadWeight {
        row: usize,
        column: String,
        value: String,
    },
    /// The Graphviz program is not installed.
    GraphvizMissing { program: String },
    /// Graphviz exited with an error.
    GraphvizFailed {
        program: String,
        status: String,
        stderr: String,
    },
    /// Graphviz ran past the time limit and was stopped.
    Timeout { program: String, seconds: u64 },
    /// Running Graphviz failed otherwise.
    Io { program: String, message: String },
}

impl NetworkError {
    /// The HTTP status that suits the error: the request's fault (422) or
    /// the server's (500, 503 when Graphviz is missing, 504 on time-out).
    pub fn http_status(&self) -> u16 {
        match self {
            NetworkError::NotANetwork { .. }
            | NetworkError::Empty { .. }
            | NetworkError::BadWeight { .. } => 422,
            NetworkError::GraphvizMissing { .. } => 503,
            NetworkError::Timeout { .. } => 504,
            NetworkError::GraphvizFailed { .. } | NetworkError::Io { .. } => 500,
        }
    }
}

impl fmt::Display for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetworkError::NotANetwork { columns } => {
                let found = if columns.is_empty() {
                    "none".to_owned()
                } else {
                    columns.join(", ")
                };
                write!(
                    f,
                    "not a network: a network needs the columns source and target \
                     (optional: weight, source_label, target_label, source_group, \
                     target_group, edge_label) or type_a and type_b (optional: tasks, \
                     cities); the result has the columns: {found}"
                )
            }
            NetworkError::Empty { reason } => write!(f, "nothing to draw: {reason}"),
            NetworkError::BadWeight { row, column, value } => write!(
                f,
                "row {row}: the {column} column must be a non-negative number, not {value:?}"
            ),
            NetworkError::GraphvizMissing { program } => write!(
                f,
                "Graphviz program `{program}` not found: install graphviz \
                 (Debian/Ubuntu: apt-get install graphviz fonts-noto-cjk; \
                 scripts/bootstrap does it)"
            ),
            NetworkError::GraphvizFailed {
                program,
                status,
                stderr,
            } => write!(
                f,
                "Graphviz `{program}` failed ({status}): {}",
                stderr.trim()
            ),
            NetworkError::Timeout { program, seconds } => write!(
                f,
                "Graphviz `{program}` took longer than {seconds} s and was stopped; \
                 try fewer edges (min_weight) or the sfdp engine"
            ),
            NetworkError::Io { program, message } => {
                write!(f, "could not run Graphviz `{program}`: {message}")
            }
        }
    }
}

impl std::error::Error for NetworkError {}

/// The Graphviz layout program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// Spring model; the best pictures for up to a few hundred nodes.
    #[default]
    Neato,
    /// Multiscale force-directed; for large networks.
    Sfdp,
    /// Layered (hierarchical).
    Dot,
}

impl Engine {
    pub fn program(self) -> &'static str {
        match self {
            Engine::Neato => "neato",
            Engine::Sfdp => "sfdp",
            Engine::Dot => "dot",
        }
    }
}

impl FromStr for Engine {
    type Err = String;

    fn from_str(s: &str) -> Result<Engine, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "neato" => Ok(Engine::Neato),
            "sfdp" => Ok(Engine::Sfdp),
            "dot" => Ok(Engine::Dot),
            _ => Err(format!(
                "unknown layout engine {s:?}: use neato, sfdp or dot"
            )),
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.program())
    }
}

/// Everything [`render`] needs besides the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub lang: Lang,
    pub engine: Engine,
    /// Drop edges lighter than this (and nodes left without edges).
    pub min_weight: Option<f64>,
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lang: Lang::Zh,
            engine: Engine::Neato,
            min_weight: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// Rows → SVG in one call: [`from_rows`], [`Network::retain_min_weight`],
/// [`to_dot`], [`render_svg_with_timeout`].
pub fn render(
    header: &[String],
    rows: &[Vec<String>],
    kb: &Knowledge,
    options: &Options,
) -> Result<String, NetworkError> {
    let mut network = from_rows(header, rows, kb, options.lang)?;
    if let Some(min) = options.min_weight {
        network.retain_min_weight(min);
        if network.edges.is_empty() {
            return Err(NetworkError::Empty {
                reason: format!("no edge weighs {} or more", format_number(min)),
            });
        }
    }
    render_svg_with_timeout(
        &to_dot(&network, options.lang),
        options.engine,
        options.timeout,
    )
}

/// Whether a result with these columns can be drawn as a network.
pub fn is_network(header: &[String]) -> bool {
    columns_of(header).is_some()
}

/// The column indices of a network shape.
struct Columns {
    shape: Shape,
    source: usize,
    target: usize,
    weight: Option<usize>,
    source_label: Option<usize>,
    target_label: Option<usize>,
    source_group: Option<usize>,
    target_group: Option<usize>,
    edge_label: Option<usize>,
}

/// A variable name without its leading `?` or `$`.
fn variable_name(header: &str) -> &str {
    header.trim_start_matches(['?', '$'])
}

fn columns_of(header: &[String]) -> Option<Columns> {
    // Variable names as written, with or without the leading ?.
    let find = |name: &str| {
        header
            .iter()
            .position(|h| variable_name(h).eq_ignore_ascii_case(name))
    };
    if let (Some(source), Some(target)) = (find("source"), find("target")) {
        return Some(Columns {
            shape: Shape::SourceTarget,
            source,
            target,
            weight: find("weight"),
            source_label: find("source_label"),
            target_label: find("target_label"),
            source_group: find("source_group"),
            target_group: find("target_group"),
            edge_label: find("edge_label"),
        });
    }
    if let (Some(source), Some(target)) = (find("type_a"), find("type_b")) {
        return Some(Columns {
            shape: Shape::TypePairs,
            source,
            target,
            weight: find("tasks").or_else(|| find("weight")),
            source_label: None,
            target_label: None,
            source_group: None,
            target_group: None,
            edge_label: None,
        });
    }
    None
}

/// Reads a network from SELECT results: `header` are the variable names,
/// `rows` the values as strings (IRIs in full, literals by their lexical
/// form, unbound as empty strings; short rows are read as if padded).
pub fn from_rows(
    header: &[String],
    rows: &[Vec<String>],
    kb: &Knowledge,
    lang: Lang,
) -> Result<Network, NetworkError> {
    let columns = columns_of(header).ok_or_else(|| NetworkError::NotANetwork {
        columns: header.to_vec(),
    })?;
    let used: Vec<usize> = [
        Some(columns.source),
        Some(columns.target),
        columns.weight,
        columns.source_label,
        columns.target_label,
        columns.source_group,
        columns.target_group,
        columns.edge_label,
    ]
    .into_iter()
    .flatten()
    .collect();

    // Attribute columns are typed as a whole: a column of counts is integers.
    let kinds: Vec<CellKind> = (0..header.len())
        .map(|i| column_kind(rows.iter().map(|row| cell(row, i))))
        .collect();
    let mut builder = Builder::new(kb, lang);
    let mut skipped_rows = 0;
    for (n, row) in rows.iter().enumerate() {
        let (source, target) = (cell(row, columns.source), cell(row, columns.target));
        if source.is_empty() || target.is_empty() {
            skipped_rows += 1;
            continue;
        }
        let weight = match columns.weight.map(|i| (i, cell(row, i))) {
            None | Some((_, "")) => 1.0,
            Some((i, value)) => parse_weight(value).ok_or_else(|| NetworkError::BadWeight {
                row: n + 1,
                column: header[i].clone(),
                value: value.to_owned(),
            })?,
        };
        builder.node(
            source,
            cell_of(row, columns.source_label),
            cell_of(row, columns.source_group),
        );
        builder.node(
            target,
            cell_of(row, columns.target_label),
            cell_of(row, columns.target_group),
        );
        let label = Some(cell_of(row, columns.edge_label))
            .filter(|l| !l.is_empty())
            .map(str::to_owned);
        let attributes = header
            .iter()
            .enumerate()
            .filter(|(i, _)| !used.contains(i))
            .map(|(i, h)| (variable_name(h).to_owned(), cell(row, i), kinds[i]))
            .filter(|(_, v, _)| !v.is_empty())
            .map(|(h, v, kind)| (h, typed(v, kind)))
            .collect();
        builder.edge(source, target, weight, label, attributes);
    }
    if builder.edges.is_empty() {
        let reason = if rows.is_empty() {
            "the query returned no rows".to_owned()
        } else {
            format!("none of the {} rows has both ends of an edge", rows.len())
        };
        return Err(NetworkError::Empty { reason });
    }
    let weight_column = columns.weight.map(|i| header[i].clone());
    let mut network = builder.finish(columns.shape, weight_column);
    network.skipped_rows = skipped_rows;
    Ok(network)
}

fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map(|s| s.trim()).unwrap_or("")
}

fn cell_of(row: &[String], i: Option<usize>) -> &str {
    i.map(|i| cell(row, i)).unwrap_or("")
}

fn parse_weight(value: &str) -> Option<f64> {
    value
        .parse::<f64>()
        .ok()
        .filter(|w| w.is_finite() && *w >= 0.0)
}

/// Collects nodes and edges in row order.
struct Builder<'a> {
    kb: &'a Knowledge,
    lang: Lang,
    nodes: Vec<Node>,
    node_index: HashMap<String, usize>,
    edges: Vec<Edge>,
    edge_index: HashMap<(String, String), usize>,
}

impl<'a> Builder<'a> {
    fn new(kb: &'a Knowledge, lang: Lang) -> Builder<'a> {
        Builder {
            kb,
            lang,
            nodes: Vec::new(),
            node_index: HashMap::new(),
            edges: Vec::new(),
            edge_index: HashMap::new(),
        }
    }

    /// Adds the node the first time its id is seen; a label or group given
    /// in a later row fills in what earlier rows left empty.
    fn node(&mut self, id: &str, label: &str, group: &str) {
        let index = match self.node_index.get(id) {
            Some(&i) => i,
            None => {
                let code = department_code(self.kb, id);
                let node = Node {
                    id: id.to_owned(),
                    label: match code {
                        Some(c) => department_type_label(self.kb, c, self.lang)
                            .unwrap_or(c)
                            .to_owned(),
                        None => short_label(self.kb, id, self.lang),
                    },
                    family: code.map(|c| top_family(self.kb, c)),
                    degree: 0,
                    strength: 0.0,
                    attributes: Vec::new(),
                };
                self.nodes.push(node);
                self.node_index.insert(id.to_owned(), self.nodes.len() - 1);
                self.nodes.len() - 1
            }
        };
        let node = &mut self.nodes[index];
        if !label.is_empty() {
            node.label = label.to_owned();
        }
        if !group.is_empty() {
            node.family = Some(group.to_owned());
        }
    }

    /// Undirected: a–b and b–a are one edge, their weights summed.
    fn edge(
        &mut self,
        source: &str,
        target: &str,
        weight: f64,
        label: Option<String>,
        attributes: Vec<(String, Value)>,
    ) {
        let key = if source <= target {
            (source.to_owned(), target.to_owned())
        } else {
            (target.to_owned(), source.to_owned())
        };
        match self.edge_index.get(&key) {
            Some(&i) => {
                let edge = &mut self.edges[i];
                edge.weight += weight;
                if edge.label.is_none() {
                    edge.label = label;
                }
            }
            None => {
                self.edges.push(Edge {
                    source: source.to_owned(),
                    target: target.to_owned(),
                    weight,
                    label,
                    attributes,
                });
                self.edge_index.insert(key, self.edges.len() - 1);
            }
        }
    }

    fn finish(self, shape: Shape, weight_column: Option<String>) -> Network {
        Network::assemble(
            self.kb,
            self.lang,
            shape,
            self.nodes,
            self.edges,
            weight_column,
        )
    }
}

impl Network {
    /// A network from nodes and edges built elsewhere (the exports build
    /// them by SPARQL): degrees and strengths are computed, families found
    /// and coloured as in [`from_rows`]. Every edge end must be a node.
    pub fn assemble(
        kb: &Knowledge,
        lang: Lang,
        shape: Shape,
        nodes: Vec<Node>,
        edges: Vec<Edge>,
        weight_column: Option<String>,
    ) -> Network {
        let mut network = Network {
            shape,
            nodes,
            edges,
            families: Vec::new(),
            weight_column,
            skipped_rows: 0,
            title: None,
            weight_label: None,
        };
        network.update_degrees();
        network.families = families_of(kb, lang, &network.nodes);
        network
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// Fill and border colour of a node (its family's, else neutral).
    pub fn node_colors(&self, node: &Node) -> (&'static str, &'static str) {
        colors(node.family.as_deref().and_then(|f| self.family(f)))
    }

    /// Drops the edges lighter than `min`, then the nodes left without any.
    pub fn retain_min_weight(&mut self, min: f64) {
        self.edges.retain(|e| e.weight >= min);
        self.update_degrees();
        self.nodes.retain(|n| n.degree > 0);
        let present: Vec<&str> = self
            .nodes
            .iter()
            .filter_map(|n| n.family.as_deref())
            .collect();
        self.families.retain(|f| present.contains(&f.id.as_str()));
    }

    fn update_degrees(&mut self) {
        let index: HashMap<&str, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let mut degree = vec![(0usize, 0.0f64); self.nodes.len()];
        for e in &self.edges {
            let ends = [index.get(e.source.as_str()), index.get(e.target.as_str())];
            for i in ends.into_iter().flatten() {
                degree[*i].0 += 1;
                degree[*i].1 += e.weight;
            }
        }
        for (node, (d, s)) in self.nodes.iter_mut().zip(degree) {
            node.degree = d;
            node.strength = s;
        }
    }

    fn family(&self, id: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.id == id)
    }
}

/// The department-type code a cell names: the code itself or its concept IRI.
fn department_code<'a>(kb: &Knowledge, cell: &'a str) -> Option<&'a str> {
    let code = cell
        .strip_prefix(department_types::SCHEME_IRI)
        .unwrap_or(cell);
    (kb.department_types.get(code).is_some() || code == UNKNOWN_DEPARTMENT_TYPE.0).then_some(code)
}

/// The topmost broader type of a department type (itself when it has none).
pub fn top_family(kb: &Knowledge, code: &str) -> String {
    let mut current = code;
    // The scheme is checked to have no dangling broader; the bound guards
    // against a cycle.
    for _ in 0..16 {
        match kb
            .department_types
            .get(current)
            .and_then(|t| t.broader.as_deref())
        {
            Some(b) => current = b,
            None => break,
        }
    }
    current.to_owned()
}

/// Department types that are the top of a family of several types, in
/// scheme order: they own the first palette colours.
fn family_heads(kb: &Knowledge) -> Vec<String> {
    let mut heads: Vec<String> = Vec::new();
    for t in kb.department_types.all() {
        if t.broader.is_some() {
            let head = top_family(kb, &t.code);
            if !heads.contains(&head) {
                heads.push(head);
            }
        }
    }
    // Scheme order of the heads themselves, not of their first member.
    let position = |code: &str| {
        kb.department_types
            .all()
            .iter()
            .position(|t| t.code == code)
            .unwrap_or(usize::MAX)
    };
    heads.sort_by_key(|h| position(h));
    heads
}

/// The families of the nodes, coloured ones first (by colour), then the
/// neutral ones, each group by label.
fn families_of(kb: &Knowledge, lang: Lang, nodes: &[Node]) -> Vec<Family> {
    let heads = family_heads(kb);
    let mut families: Vec<Family> = Vec::new();
    for id in nodes.iter().filter_map(|n| n.family.as_deref()) {
        if families.iter().any(|f| f.id == id) {
            continue;
        }
        let is_department = department_code(kb, id).is_some();
        let color = match heads.iter().position(|h| h == id) {
            Some(i) => Some(i),
            // A type that is a family of one: neutral.
            None if is_department => None,
            // Other groups (tasks, a query's groups): a colour by hash,
            // never one of the department families'.
            None => {
                let free = PALETTE.len().saturating_sub(heads.len()).max(1);
                Some((heads.len() + (fnv1a(id) % free as u64) as usize) % PALETTE.len())
            }
        };
        let label = code_label(kb, id, lang)
            .map(str::to_owned)
            .unwrap_or_else(|| short_label(kb, id, lang));
        families.push(Family {
            id: id.to_owned(),
            label,
            color,
        });
    }
    families.sort_by(|a, b| {
        (a.color.is_none(), a.color, &a.label).cmp(&(b.color.is_none(), b.color, &b.label))
    });
    families
}

/// FNV-1a: a hash that is the same in every build and run (unlike std's).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A label for a cell that is not a department type: a code's label, an
/// IRI shortened to the part people read, or the value itself.
pub fn short_label(kb: &Knowledge, value: &str, lang: Lang) -> String {
    for scheme in [indicators::SCHEME_IRI, funding_sources::SCHEME_IRI] {
        if let Some(code) = value.strip_prefix(scheme) {
            return code_label(kb, code, lang).unwrap_or(code).to_owned();
        }
    }
    if let Some(label) = code_label(kb, value, lang) {
        return label.to_owned();
    }
    if let Some(rest) = value.strip_prefix(CODE) {
        // Another code list (roles …): the code after the scheme name.
        let code = percent_decode(rest.rsplit('/').next().unwrap_or(rest));
        return code_label(kb, &code, lang).map_or(code.clone(), str::to_owned);
    }
    if let Some(rest) = value.strip_prefix(ID) {
        let parts: Vec<String> = rest.split('/').map(percent_decode).collect();
        return match parts.as_slice() {
            [kind, city, name] if kind == "department" => format!("{city} {name}"),
            [kind, name] if kind == "city" => name.clone(),
            [kind, doc, item, n] if kind == "document" => format!("{doc} {item} {n}"),
            _ => parts.last().cloned().unwrap_or_default(),
        };
    }
    if value.contains("://") || value.starts_with("urn:") {
        let tail = match value.rsplit_once('#') {
            Some((_, fragment)) if !fragment.is_empty() => fragment,
            _ => value
                .trim_end_matches('/')
                .rsplit(['/', ':'])
                .next()
                .unwrap_or(value),
        };
        if !tail.is_empty() {
            return percent_decode(tail);
        }
    }
    value.to_owned()
}

/// Decodes %XX escapes (UTF-8); malformed escapes are kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `x` in `[min, max]` → `[0, 1]` on a square-root scale, so that a few
/// heavy edges do not make all others hairlines; 0 when all are equal.
pub fn unit_sqrt(x: f64, min: f64, max: f64) -> f64 {
    let (lo, hi) = (min.max(0.0).sqrt(), max.max(0.0).sqrt());
    if hi - lo < 1e-9 {
        0.0
    } else {
        ((x.max(0.0).sqrt() - lo) / (hi - lo)).clamp(0.0, 1.0)
    }
}

pub fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// Edge pen width: 1 (lightest) to 8 (heaviest).
pub fn penwidth(weight: f64, min: f64, max: f64) -> f64 {
    1.0 + 7.0 * unit_sqrt(weight, min, max)
}

/// Node font size (the node grows with it): 10 to 22 points by strength.
pub fn node_fontsize(strength: f64, min: f64, max: f64) -> f64 {
    10.0 + 12.0 * unit_sqrt(strength, min, max)
}

/// A number as people write it: 72, 3.5, 0.25.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A DOT double-quoted string. Backslashes are doubled so that Graphviz's
/// label escapes (\N, \G, \l …) cannot be triggered by data; line breaks
/// become \n (a centred line break in labels).
pub fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text inside a Graphviz HTML-like label.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn colors(family: Option<&Family>) -> (&'static str, &'static str) {
    match family.and_then(|f| f.color) {
        Some(i) => PALETTE[i % PALETTE.len()],
        None => NEUTRAL,
    }
}

/// Words of the picture in each language.
struct Words {
    title_pairs: &'static str,
    title_generic: &'static str,
    other_types: &'static str,
    other: &'static str,
    edge_width: &'static str,
    colon: &'static str,
    comma: &'static str,
    dash: &'static str,
    tasks: &'static str,
    cities: &'static str,
    node_size: &'static str,
    in_total: &'static str,
    links: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Zh => Words {
            title_pairs: "部门类型合作网络：节点为部门类型，连线为共同承担的任务",
            title_generic: "网络：节点为 source / target，连线为结果行",
            other_types: "其他类型",
            other: "其他",
            edge_width: "线宽",
            colon: "：",
            comma: "，",
            dash: " — ",
            tasks: "共同任务",
            cities: "城市",
            node_size: "节点大小",
            in_total: "合计（加权度）",
            links: "连线数（度）",
        },
        Lang::En => Words {
            title_pairs: "Department types working on the same tasks",
            title_generic: "Network: source / target as nodes, rows as edges",
            other_types: "Other types",
            other: "Other",
            edge_width: "Edge width",
            colon: ": ",
            comma: ", ",
            dash: " — ",
            tasks: "shared tasks",
            cities: "cities",
            node_size: "Node size",
            in_total: " in total (weighted degree)",
            links: "number of links (degree)",
        },
    }
}

/// The network as a DOT undirected graph, ready for neato, sfdp or dot.
///
/// Nodes are rounded boxes filled with their family's colour, their font
/// size (and so their size) growing with their weighted degree; edges are
/// drawn lightest first with a pen width of 1–8 by weight; the graph label
/// is the legend (an HTML-like table: title, families, edge-width scale).
pub fn to_dot(network: &Network, lang: Lang) -> String {
    to_dot_with(network, lang, false)
}

/// Attribute names Graphviz gives a meaning to: a data attribute of that
/// name is written as `data_NAME` so that it cannot change the drawing.
const GRAPHVIZ_ATTRIBUTES: &[&str] = &[
    "area",
    "arrowhead",
    "arrowsize",
    "arrowtail",
    "bgcolor",
    "center",
    "class",
    "color",
    "colorscheme",
    "comment",
    "constraint",
    "decorate",
    "dir",
    "distortion",
    "fillcolor",
    "fixedsize",
    "fontcolor",
    "fontname",
    "fontsize",
    "gradientangle",
    "group",
    "head_lp",
    "headclip",
    "headhref",
    "headlabel",
    "headport",
    "headtarget",
    "headtooltip",
    "headurl",
    "height",
    "href",
    "id",
    "image",
    "imagepos",
    "imagescale",
    "label",
    "labelangle",
    "labeldistance",
    "labelfloat",
    "labelfontcolor",
    "labelfontname",
    "labelfontsize",
    "labelhref",
    "labeltarget",
    "labeltooltip",
    "labelurl",
    "layer",
    "len",
    "lhead",
    "lp",
    "ltail",
    "margin",
    "minlen",
    "nojustify",
    "ordering",
    "orientation",
    "penwidth",
    "peripheries",
    "pin",
    "pos",
    "rects",
    "regular",
    "root",
    "samehead",
    "sametail",
    "samplepoints",
    "shape",
    "shapefile",
    "showboxes",
    "sides",
    "skew",
    "sortv",
    "style",
    "tail_lp",
    "tailclip",
    "tailhref",
    "taillabel",
    "tailport",
    "tailtarget",
    "tailtooltip",
    "tailurl",
    "target",
    "tooltip",
    "url",
    "vertices",
    "weight",
    "width",
    "xlabel",
    "xlp",
    "z",
];

/// The DOT name of a data attribute: its own name, unless Graphviz uses it.
pub fn dot_data_name(name: &str) -> String {
    if GRAPHVIZ_ATTRIBUTES.contains(&name.to_ascii_lowercase().as_str()) {
        format!("data_{name}")
    } else {
        name.to_owned()
    }
}

/// ` name="value"` pairs of the data attributes (lists joined by `|`).
fn dot_data(attributes: &[(String, Value)]) -> String {
    attributes
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(name, value)| {
            format!(
                ", {}={}",
                dot_quote(&dot_data_name(name)),
                dot_quote(&value.joined(LIST_SEPARATOR))
            )
        })
        .collect()
}

/// [`to_dot`], and with `data` the nodes' and edges' attributes as well
/// (for tools that read DOT: `gvpr`, networkx, Gephi), and the edge weight
/// as Graphviz's `weight` (heavier edges are drawn shorter).
pub fn to_dot_with(network: &Network, lang: Lang, data: bool) -> String {
    let w = words(lang);
    let mut out = String::new();
    out.push_str("graph network {\n");
    out.push_str(&format!(
        "  graph [overlap=prism, splines=true, sep=\"+6\", \
         outputorder=edgesfirst, pad=0.3, bgcolor=\"white\", fontname={}, fontsize=12, \
         labelloc=b, labeljust=l];\n",
        dot_quote(FONT)
    ));
    out.push_str(&format!(
        "  node [shape=box, style=\"rounded,filled\", fontname={}, penwidth=1.2, \
         margin=\"0.12,0.05\"];\n",
        dot_quote(FONT)
    ));
    out.push_str(&format!(
        "  edge [color=\"{EDGE_COLOR}\", fontname={}, fontsize=9];\n",
        dot_quote(FONT)
    ));

    let (smin, smax) = min_max(network.nodes.iter().map(|n| n.strength));
    let (wmin, wmax) = min_max(network.edges.iter().map(|e| e.weight));
    let weight_name = weight_name(network, &w);

    for node in &network.nodes {
        let family = node.family.as_deref().and_then(|f| network.family(f));
        let (fill, border) = colors(family);
        let mut tooltip = match lang {
            Lang::Zh => format!("{}（{}）：{} 条连线", node.label, node.id, node.degree),
            Lang::En => format!("{} ({}): {} links", node.label, node.id, node.degree),
        };
        if network.weight_column.is_some() {
            let total = format_number(node.strength);
            tooltip.push_str(&match lang {
                Lang::Zh => format!("，{weight_name}合计 {total}"),
                Lang::En => format!(", {weight_name} in total {total}"),
            });
        }
        let extra = if data {
            dot_data(&node.attributes)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "  {} [label={}, tooltip={}, fillcolor=\"{fill}\", color=\"{border}\", fontsize={:.1}{extra}];\n",
            dot_quote(&node.id),
            dot_quote(&node.label),
            dot_quote(&tooltip),
            node_fontsize(node.strength, smin, smax)
        ));
    }

    // Lightest first, so that heavy edges are drawn on top.
    let mut edges: Vec<&Edge> = network.edges.iter().collect();
    edges.sort_by(|a, b| a.weight.total_cmp(&b.weight));
    let label_of = |id: &str| {
        network
            .nodes
            .iter()
            .find(|n| n.id == id)
            .map_or(id.to_owned(), |n| n.label.clone())
    };
    for edge in edges {
        let mut tooltip = format!(
            "{}{}{}{}{weight_name} {}",
            label_of(&edge.source),
            w.dash,
            label_of(&edge.target),
            w.colon,
            format_number(edge.weight)
        );
        for (name, value) in &edge.attributes {
            if network.weight_column.as_deref() == Some(name.as_str()) {
                // Already said: it is the weight.
                continue;
            }
            let name = match (network.shape, name.as_str()) {
                (Shape::TypePairs, "cities") => w.cities,
                _ => name.as_str(),
            };
            tooltip.push_str(&format!("{}{name} {value}", w.comma));
        }
        let mut attrs = format!(
            "penwidth={:.2}, tooltip={}",
            penwidth(edge.weight, wmin, wmax),
            dot_quote(&tooltip)
        );
        if let Some(label) = &edge.label {
            attrs.push_str(&format!(", label={}", dot_quote(label)));
        }
        if data {
            attrs.push_str(&format!(
                ", weight={}",
                dot_quote(&format_number_exact(edge.weight))
            ));
            attrs.push_str(&dot_data(&edge.attributes));
        }
        out.push_str(&format!(
            "  {} -- {} [{attrs}];\n",
            dot_quote(&edge.source),
            dot_quote(&edge.target)
        ));
    }

    out.push_str(&format!("  label=<{}>;\n", legend(network, &w, wmin, wmax)));
    out.push_str("}\n");
    out
}

/// The legend as an HTML-like table: title; swatches of the coloured
/// families, four to a row, then one for the neutral nodes (in a table of
/// their own, so that they stay left and close together); the edge-width
/// scale.
fn legend(network: &Network, w: &Words, wmin: f64, wmax: f64) -> String {
    let title = match (&network.title, network.shape) {
        (Some(title), _) => title.as_str(),
        (None, Shape::TypePairs) => w.title_pairs,
        (None, Shape::SourceTarget) => w.title_generic,
    };
    let mut entries: Vec<(&str, &str, String)> = network
        .families
        .iter()
        .filter(|f| f.color.is_some())
        .map(|f| {
            let (fill, border) = colors(Some(f));
            (fill, border, f.label.clone())
        })
        .collect();
    let neutral = network.nodes.iter().any(|n| {
        n.family
            .as_deref()
            .and_then(|f| network.family(f))
            .and_then(|f| f.color)
            .is_none()
    });
    if neutral && !entries.is_empty() {
        let other = match network.shape {
            Shape::TypePairs => w.other_types,
            Shape::SourceTarget => w.other,
        };
        entries.push((NEUTRAL.0, NEUTRAL.1, other.to_owned()));
    }
    let mut html =
        String::from("<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"2\">");
    html.push_str(&format!(
        "<tr><td align=\"left\"><b>{}</b></td></tr>",
        html_escape(title)
    ));
    if !entries.is_empty() {
        html.push_str(
            "<tr><td align=\"left\"><table border=\"0\" cellborder=\"0\" cellspacing=\"3\" cellpadding=\"1\">",
        );
        const PER_ROW: usize = 4;
        for row in entries.chunks(PER_ROW) {
            html.push_str("<tr>");
            for (fill, border, label) in row {
                html.push_str(&format!(
                    "<td bgcolor=\"{fill}\" color=\"{border}\" border=\"1\" width=\"14\" height=\"12\" fixedsize=\"true\"></td><td align=\"left\">{}</td>",
                    html_escape(label)
                ));
            }
            html.push_str("</tr>");
        }
        html.push_str("</table></td></tr>");
    }
    let range = if wmax > wmin {
        format!("{}–{}", format_number(wmin), format_number(wmax))
    } else {
        format_number(wmax)
    };
    // Unweighted edges are all alike: nothing to say about their width.
    if network.weight_column.is_some() || wmax > wmin {
        html.push_str(&format!(
            "<tr><td align=\"left\">{}{}{} {}</td></tr>",
            html_escape(w.edge_width),
            w.colon,
            html_escape(&weight_name(network, w)),
            html_escape(&range)
        ));
    }
    let size = if network.weight_column.is_some() {
        format!("{}{}", weight_name(network, w), w.in_total)
    } else {
        w.links.to_owned()
    };
    html.push_str(&format!(
        "<tr><td align=\"left\">{}{}{}</td></tr>",
        html_escape(w.node_size),
        w.colon,
        html_escape(&size)
    ));
    html.push_str("</table>");
    html
}

/// What the edge weights count: "shared tasks" for the partner network,
/// else the column's name.
fn weight_name(network: &Network, w: &Words) -> String {
    if let Some(label) = &network.weight_label {
        return label.clone();
    }
    match network.weight_column.as_deref() {
        Some("tasks") if network.shape == Shape::TypePairs => w.tasks.to_owned(),
        Some(column) => column.to_owned(),
        None => "weight".to_owned(),
    }
}

/// Lays out and draws DOT as SVG with Graphviz, within [`DEFAULT_TIMEOUT`].
pub fn render_svg(dot: &str, engine: Engine) -> Result<String, NetworkError> {
    render_svg_with_timeout(dot, engine, DEFAULT_TIMEOUT)
}

/// Lays out and draws DOT as SVG; the program is stopped after `timeout`.
/// The SVG starts at `<svg` (no XML prolog or DOCTYPE), so that it can be
/// placed inline in a page as well as served as `image/svg+xml`.
pub fn render_svg_with_timeout(
    dot: &str,
    engine: Engine,
    timeout: Duration,
) -> Result<String, NetworkError> {
    run_graphviz(engine.program(), dot, timeout)
}

/// A picture format Graphviz writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    /// The format of a file name's extension (`.svg`, `.png`).
    pub fn from_path(path: &std::path::Path) -> Option<ImageFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(ImageFormat::Svg),
            "png" => Some(ImageFormat::Png),
            _ => None,
        }
    }
}

/// Lays out and draws DOT as SVG or PNG; the program is stopped after
/// `timeout`. The SVG is the one of [`render_svg_with_timeout`].
pub fn render_image(
    dot: &str,
    engine: Engine,
    timeout: Duration,
    format: ImageFormat,
) -> Result<Vec<u8>, NetworkError> {
    match format {
        ImageFormat::Svg => render_svg_with_timeout(dot, engine, timeout).map(String::into_bytes),
        ImageFormat::Png => run_graphviz_as(engine.program(), "-Tpng", dot, timeout),
    }
}

/// Runs `program -Tsvg` on `dot` (the program is a parameter for tests).
fn run_graphviz(program: &str, dot: &str, timeout: Duration) -> Result<String, NetworkError> {
    let svg = run_graphviz_as(program, "-Tsvg", dot, timeout)?;
    let svg = String::from_utf8_lossy(&svg).into_owned();
    match svg.find("<svg") {
        Some(start) => Ok(svg[start..].to_owned()),
        None => Err(NetworkError::GraphvizFailed {
            program: program.to_owned(),
            status: "no <svg> in the output".to_owned(),
            stderr: String::new(),
        }),
    }
}

/// Runs `program FORMAT_FLAG` on `dot` and returns its output.
fn run_graphviz_as(
    program: &str,
    format_flag: &str,
    dot: &str,
    timeout: Duration,
) -> Result<Vec<u8>, NetworkError> {
    let io = |e: std::io::Error| NetworkError::Io {
        program: program.to_owned(),
        message: e.to_string(),
    };
    let mut child = Command::new(program)
        .arg(format_flag)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => NetworkError::GraphvizMissing {
                program: program.to_owned(),
            },
            _ => io(e),
        })?;

    // Feed stdin and drain stdout and stderr on threads of their own: a
    // large picture fills the pipe before Graphviz has read all its input.
    let stdin = child.stdin.take();
    let input = dot.as_bytes().to_vec();
    let writer = thread::spawn(move || -> std::io::Result<()> {
        if let Some(mut stdin) = stdin {
            stdin.write_all(&input)?;
        }
        Ok(())
    });
    let stdout = child.stdout.take();
    let reader = thread::spawn(move || read_all(stdout));
    let stderr = child.stderr.take();
    let err_reader = thread::spawn(move || read_all(stderr));

    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= timeout => {
                // Ignore errors: the child may have exited in between.
                let _ = child.kill();
                let _ = child.wait();
                return Err(NetworkError::Timeout {
                    program: program.to_owned(),
                    seconds: timeout.as_secs().max(1),
                });
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(io(e));
            }
        }
    };
    // A write error after Graphviz has exited (broken pipe) shows as a
    // failed status or missing output below; its own message adds nothing.
    let _ = writer.join();
    let svg = reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    if !status.success() {
        return Err(NetworkError::GraphvizFailed {
            program: program.to_owned(),
            status: status.to_string(),
            stderr,
        });
    }
    if svg.is_empty() {
        return Err(NetworkError::GraphvizFailed {
            program: program.to_owned(),
            status: "no output".to_owned(),
            stderr,
        });
    }
    Ok(svg)
}

fn read_all(source: Option<impl Read>) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Some(mut source) = source {
        // On a read error keep what was read; the exit status tells the rest.
        let _ = source.read_to_end(&mut buf);
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().expect("bundled knowledge")
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| (*s).to_owned()).collect()
    }

    fn node(id: &str, label: &str, family: Option<&str>, degree: usize, strength: f64) -> Node {
        Node {
            id: id.to_owned(),
            label: label.to_owned(),
            family: family.map(str::to_owned),
            degree,
            strength,
            attributes: Vec::new(),
        }
    }

    fn edge(source: &str, target: &str, weight: f64, attributes: &[(&str, &str)]) -> Edge {
        Edge {
            source: source.to_owned(),
            target: target.to_owned(),
            weight,
            label: None,
            attributes: attributes
                .iter()
                .map(|(k, v)| ((*k).to_owned(), Value::Text((*v).to_owned())))
                .collect(),
        }
    }

    /// Three nodes, one with a quote, a backslash and a line break in its
    /// label; two families, one coloured and one neutral.
    fn tiny() -> Network {
        Network {
            shape: Shape::TypePairs,
            nodes: vec![
                node("civil-affairs", "民政", Some("civil-affairs"), 2, 5.0),
                node(
                    "aging\"office",
                    "老龄\"办\"\\\n第二行",
                    Some("civil-affairs"),
                    1,
                    1.0,
                ),
                node("finance", "财政", Some("finance"), 1, 4.0),
            ],
            edges: vec![
                edge("civil-affairs", "finance", 4.0, &[("cities", "2")]),
                edge("civil-affairs", "aging\"office", 1.0, &[]),
            ],
            families: vec![
                Family {
                    id: "civil-affairs".into(),
                    label: "民政".into(),
                    color: Some(0),
                },
                Family {
                    id: "finance".into(),
                    label: "财政".into(),
                    color: None,
                },
            ],
            weight_column: Some("tasks".into()),
            skipped_rows: 0,
            title: None,
            weight_label: None,
        }
    }

    #[test]
    fn exact_dot_for_a_tiny_network() {
        let expected = r##"graph network {
  graph [overlap=prism, splines=true, sep="+6", outputorder=edgesfirst, pad=0.3, bgcolor="white", fontname="Noto Sans CJK SC", fontsize=12, labelloc=b, labeljust=l];
  node [shape=box, style="rounded,filled", fontname="Noto Sans CJK SC", penwidth=1.2, margin="0.12,0.05"];
  edge [color="#4a5a6b80", fontname="Noto Sans CJK SC", fontsize=9];
  "civil-affairs" [label="民政", tooltip="民政（civil-affairs）：2 条连线，共同任务合计 5", fillcolor="#f8c4a4", color="#b5541c", fontsize=22.0];
  "aging\"office" [label="老龄\"办\"\\\n第二行", tooltip="老龄\"办\"\\\n第二行（aging\"office）：1 条连线，共同任务合计 1", fillcolor="#f8c4a4", color="#b5541c", fontsize=10.0];
  "finance" [label="财政", tooltip="财政（finance）：1 条连线，共同任务合计 4", fillcolor="#eef1f5", color="#8a96a3", fontsize=19.7];
  "civil-affairs" -- "aging\"office" [penwidth=1.00, tooltip="民政 — 老龄\"办\"\\\n第二行：共同任务 1"];
  "civil-affairs" -- "finance" [penwidth=8.00, tooltip="民政 — 财政：共同任务 4，城市 2"];
  label=<<table border="0" cellborder="0" cellspacing="0" cellpadding="2"><tr><td align="left"><b>部门类型合作网络：节点为部门类型，连线为共同承担的任务</b></td></tr><tr><td align="left"><table border="0" cellborder="0" cellspacing="3" cellpadding="1"><tr><td bgcolor="#f8c4a4" color="#b5541c" border="1" width="14" height="12" fixedsize="true"></td><td align="left">民政</td><td bgcolor="#eef1f5" color="#8a96a3" border="1" width="14" height="12" fixedsize="true"></td><td align="left">其他类型</td></tr></table></td></tr><tr><td align="left">线宽：共同任务 1–4</td></tr><tr><td align="left">节点大小：共同任务合计（加权度）</td></tr></table>>;
}
"##;
        assert_eq!(to_dot(&tiny(), Lang::Zh), expected);
    }

    #[test]
    fn english_legend_and_tooltips() {
        let dot = to_dot(&tiny(), Lang::En);
        assert!(
            dot.contains(r#"tooltip="民政 — 财政: shared tasks 4, cities 2""#),
            "{dot}"
        );
        assert!(dot.contains(r#"tooltip="财政 (finance): 1 links, shared tasks in total 4""#));
        assert!(dot.contains("<b>Department types working on the same tasks</b>"));
        assert!(dot.contains(">Other types</td>"));
        assert!(dot.contains("Edge width: shared tasks 1–4"));
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(dot_quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(dot_quote("one\r\ntwo\nthree"), r#""one\ntwo\nthree""#);
        assert_eq!(dot_quote(r"trailing\"), r#""trailing\\""#);
        assert_eq!(dot_quote(r"\N \G"), r#""\\N \\G""#);
        assert_eq!(
            html_escape("<b>R&D</b> \"x\"\nnext"),
            "&lt;b&gt;R&amp;D&lt;/b&gt; &quot;x&quot;<br/>next"
        );
        // A family label with markup stays text in the legend.
        let mut net = tiny();
        net.families[0].label = "<民政 & 老龄>".into();
        assert!(to_dot(&net, Lang::Zh).contains(">&lt;民政 &amp; 老龄&gt;</td>"));
    }

    #[test]
    fn penwidth_and_node_size_scale_by_square_root() {
        assert_eq!(penwidth(1.0, 1.0, 100.0), 1.0);
        assert_eq!(penwidth(100.0, 1.0, 100.0), 8.0);
        // √25 = 5 is 4/9 of the way from √1 to √100.
        assert!((penwidth(25.0, 1.0, 100.0) - (1.0 + 7.0 * 4.0 / 9.0)).abs() < 1e-9);
        assert_eq!(penwidth(3.0, 3.0, 3.0), 1.0);
        assert_eq!(node_fontsize(0.0, 0.0, 16.0), 10.0);
        assert_eq!(node_fontsize(16.0, 0.0, 16.0), 22.0);
        assert_eq!(node_fontsize(4.0, 0.0, 16.0), 16.0);
        let dot = to_dot(&tiny(), Lang::Zh);
        assert!(dot.contains("penwidth=1.00, tooltip=\"民政 — 老龄"));
        assert!(dot.contains("penwidth=8.00, tooltip=\"民政 — 财政"));
    }

    #[test]
    fn dot_with_data_carries_attributes_and_weight() {
        let mut net = tiny();
        net.nodes[0].attributes = vec![
            ("code".into(), Value::Text("civil-affairs".into())),
            ("tasks_led".into(), Value::Integer(7)),
            ("label".into(), Value::Text("民政".into())),
            ("empty".into(), Value::Text(String::new())),
        ];
        net.edges[0].attributes = vec![
            ("tasks".into(), Value::Integer(4)),
            (
                "city_list".into(),
                Value::List(vec!["南通市".into(), "常州市".into()]),
            ),
        ];
        let dot = to_dot_with(&net, Lang::En, true);
        assert!(
            dot.contains(
                r#"fontsize=22.0, "code"="civil-affairs", "tasks_led"="7", "data_label"="民政"];"#
            ),
            "{dot}"
        );
        assert!(!dot.contains("\"empty\""));
        assert!(
            dot.contains(r#", weight="4", "tasks"="4", "city_list"="南通市|常州市"];"#),
            "{dot}"
        );
        // The tooltip does not repeat the weight column.
        assert!(dot.contains(r#"tooltip="民政 — 财政: shared tasks 4, city_list 南通市, 常州市""#));
        // Without data: the picture's DOT, unchanged.
        assert!(!to_dot(&net, Lang::En).contains("tasks_led"));
        assert_eq!(dot_data_name("weight"), "data_weight");
        assert_eq!(dot_data_name("cities"), "cities");
    }

    #[test]
    fn title_and_weight_label_can_be_given() {
        let mut net = tiny();
        net.title = Some("各市部门合作网络".into());
        net.weight_label = Some("共同任务数".into());
        let dot = to_dot(&net, Lang::Zh);
        assert!(dot.contains("<b>各市部门合作网络</b>"), "{dot}");
        assert!(dot.contains("线宽：共同任务数 1–4"));
        assert!(dot.contains("节点大小：共同任务数合计（加权度）"));
        net.weight_column = None;
        assert!(to_dot(&net, Lang::En).contains("Node size: number of links (degree)"));
    }

    #[test]
    fn result_columns_are_typed_as_a_whole() {
        let header = strings(&["source", "target", "n", "share", "flag", "code", "mixed"]);
        let rows = vec![
            strings(&["a", "b", "3", "0.5", "true", "007", "1"]),
            strings(&["b", "c", "12", "2", "false", "12", "x"]),
            strings(&["c", "d", "", "", "", "", ""]),
        ];
        let net = from_rows(&header, &rows, kb(), Lang::Zh).expect("a network");
        assert_eq!(
            net.edges[0].attributes,
            [
                ("n".to_owned(), Value::Integer(3)),
                ("share".to_owned(), Value::Number(0.5)),
                ("flag".to_owned(), Value::Boolean(true)),
                ("code".to_owned(), Value::Text("007".into())),
                ("mixed".to_owned(), Value::Text("1".into())),
            ]
        );
        assert_eq!(
            net.edges[1].attributes[1],
            ("share".to_owned(), Value::Number(2.0))
        );
        assert!(net.edges[2].attributes.is_empty());
        assert_eq!(Value::Number(2.0).joined("|"), "2");
        assert_eq!(Value::Number(0.125).joined("|"), "0.125");
        assert_eq!(
            Value::List(vec!["a".into(), "b".into()]).to_string(),
            "a, b"
        );
        assert_eq!(cell_kind("NaN"), CellKind::Text);
        assert_eq!(cell_kind("1e3"), CellKind::Number);
    }

    #[test]
    fn assembles_networks_built_elsewhere() {
        let mut a = node("civil-affairs", "民政", Some("civil-affairs"), 0, 0.0);
        a.attributes
            .push(("code".into(), Value::Text("civil-affairs".into())));
        let b = node("aging-office", "老龄工作", Some("civil-affairs"), 0, 0.0);
        let net = Network::assemble(
            kb(),
            Lang::Zh,
            Shape::TypePairs,
            vec![a, b],
            vec![edge("civil-affairs", "aging-office", 3.0, &[])],
            Some("tasks".into()),
        );
        assert_eq!(net.node("civil-affairs").map(|n| n.degree), Some(1));
        assert_eq!(net.node("aging-office").map(|n| n.strength), Some(3.0));
        assert_eq!(net.families.len(), 1);
        assert_eq!(net.node_colors(&net.nodes[0]), PALETTE[0]);
    }

    #[test]
    fn formats_numbers_as_people_write_them() {
        assert_eq!(format_number(72.0), "72");
        assert_eq!(format_number(3.5), "3.5");
        assert_eq!(format_number(0.125), "0.125");
        assert_eq!(format_number(2.0 / 3.0), "0.667");
    }

    fn partner_rows() -> (Vec<String>, Vec<Vec<String>>) {
        let header = strings(&["type_a", "type_b", "cities", "tasks"]);
        let rows = vec![
            strings(&["civil-affairs", "finance", "4", "72"]),
            strings(&["aging-office", "civil-affairs", "3", "20"]),
            strings(&["industry-commerce", "quality-supervision", "1", "2"]),
            strings(&["finance", "pricing", "2", "5"]),
        ];
        (header, rows)
    }

    #[test]
    fn reads_the_cross_city_partner_shape() {
        let (header, rows) = partner_rows();
        assert!(is_network(&header));
        let net = from_rows(&header, &rows, kb(), Lang::Zh).expect("a network");
        assert_eq!(net.shape, Shape::TypePairs);
        assert_eq!(net.weight_column.as_deref(), Some("tasks"));
        let ids: Vec<&str> = net.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "civil-affairs",
                "finance",
                "aging-office",
                "industry-commerce",
                "quality-supervision",
                "pricing"
            ]
        );
        let find = |id: &str| net.nodes.iter().find(|n| n.id == id).expect(id);
        assert_eq!(find("civil-affairs").label, "民政");
        assert_eq!(find("aging-office").label, "老龄工作");
        assert_eq!(
            find("aging-office").family.as_deref(),
            Some("civil-affairs")
        );
        assert_eq!(
            find("industry-commerce").family.as_deref(),
            Some("market-regulation")
        );
        assert_eq!(
            find("pricing").family.as_deref(),
            Some("development-reform")
        );
        assert_eq!(find("finance").family.as_deref(), Some("finance"));
        assert_eq!(find("civil-affairs").degree, 2);
        assert_eq!(find("civil-affairs").strength, 92.0);
        assert_eq!(net.edges[0].weight, 72.0);
        assert_eq!(
            net.edges[0].attributes,
            [("cities".to_owned(), Value::Integer(4))]
        );
        // Coloured families in scheme order, then the neutral one.
        let families: Vec<(&str, &str, Option<usize>)> = net
            .families
            .iter()
            .map(|f| (f.id.as_str(), f.label.as_str(), f.color))
            .collect();
        assert_eq!(
            families,
            [
                ("civil-affairs", "民政", Some(0)),
                ("development-reform", "发展改革", Some(1)),
                ("market-regulation", "市场监管", Some(2)),
                ("finance", "财政", None),
            ]
        );

        let en = from_rows(&header, &rows, kb(), Lang::En).expect("a network");
        assert_eq!(en.nodes[0].label, "Civil Affairs");
        assert_eq!(en.families[2].label, "Market Regulation");
    }

    #[test]
    fn a_family_has_the_same_colour_in_every_network() {
        let header = strings(&["type_a", "type_b", "tasks"]);
        let alone = vec![strings(&["food-drug", "health", "3"])];
        let net = from_rows(&header, &alone, kb(), Lang::Zh).expect("a network");
        // market-regulation is the third family of the scheme, whatever else
        // the result holds.
        assert_eq!(net.families[0].id, "market-regulation");
        assert_eq!(net.families[0].color, Some(2));
        let dot = to_dot(&net, Lang::Zh);
        assert!(dot.contains(&format!(
            "\"food-drug\" [label=\"食品药品监管\", tooltip=\"食品药品监管（food-drug）：1 条连线，共同任务合计 3\", fillcolor=\"{}\"",
            PALETTE[2].0
        )));
        assert!(dot.contains(&format!("\"health\" [label=\"卫生健康\", tooltip=\"卫生健康（health）：1 条连线，共同任务合计 3\", fillcolor=\"{}\"", NEUTRAL.0)));
        // Groups named by a column: a stable hash, the same in every run,
        // and never the colour of a department family.
        assert_eq!(fnv1a("城市"), fnv1a("城市"));
        let heads = family_heads(kb()).len();
        let header = strings(&["source", "target", "source_group", "target_group"]);
        let groups: Vec<Vec<String>> = ["task", "城市", "a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|g| strings(&["x", "y", g, g]))
            .collect();
        for row in groups {
            let net =
                from_rows(&header, std::slice::from_ref(&row), kb(), Lang::Zh).expect("a network");
            let color = net.families[0].color.expect("a colour");
            assert!(
                color >= heads && color < PALETTE.len(),
                "{}: {color}",
                row[2]
            );
        }
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn reads_the_source_target_shape() {
        let header = strings(&[
            "?source",
            "target",
            "weight",
            "target_label",
            "source_group",
            "note",
        ]);
        let dep = "https://w3id.org/eldergraph/id/department/%E5%8D%97%E9%80%9A%E5%B8%82/市民政局";
        let rows = vec![
            strings(&[
                "https://w3id.org/eldergraph/code/department-type/health",
                dep,
                "2",
                "",
                "",
                "a",
            ]),
            strings(&[
                dep,
                "https://w3id.org/eldergraph/code/department-type/health",
                "3.5",
                "",
                "",
                "b",
            ]),
            strings(&[
                "x",
                "https://example.org/ns#thing",
                "",
                "一个\"东西\"",
                "组",
                "",
            ]),
            strings(&["", "x", "9", "", "", ""]),
            strings(&["y"]),
        ];
        let net = from_rows(&header, &rows, kb(), Lang::Zh).expect("a network");
        assert_eq!(net.shape, Shape::SourceTarget);
        assert_eq!(net.skipped_rows, 2);
        let labels: Vec<(&str, Option<&str>)> = net
            .nodes
            .iter()
            .map(|n| (n.label.as_str(), n.family.as_deref()))
            .collect();
        assert_eq!(
            labels,
            [
                ("卫生健康", Some("health")),
                ("南通市 市民政局", None),
                ("x", Some("组")),
                ("一个\"东西\"", None),
            ]
        );
        // health–民政局 twice, in both directions: one edge, weights summed.
        assert_eq!(net.edges.len(), 2);
        assert_eq!(net.edges[0].weight, 5.5);
        assert_eq!(
            net.edges[0].attributes,
            [("note".to_owned(), Value::Text("a".to_owned()))]
        );
        assert_eq!(net.edges[1].weight, 1.0);
        assert_eq!(net.nodes[1].degree, 1);
        assert_eq!(net.nodes[1].strength, 5.5);
        let dot = to_dot(&net, Lang::En);
        assert!(dot.contains(r#"[label="一个\"东西\"""#), "{dot}");
        assert!(dot.contains("<b>Network: source / target as nodes, rows as edges</b>"));
        assert!(dot.contains(">Other</td>"), "{dot}");
    }

    #[test]
    fn shortens_iris_for_labels() {
        let kb = kb();
        let short = |v: &str| short_label(kb, v, Lang::En);
        assert_eq!(
            short("https://w3id.org/eldergraph/id/city/%E5%B8%B8%E5%B7%9E%E5%B8%82"),
            "常州市"
        );
        assert_eq!(
            short("https://w3id.org/eldergraph/id/document/000_abc/task/12"),
            "000_abc task 12"
        );
        assert_eq!(short("https://w3id.org/eldergraph/code/role/lead"), "Lead");
        assert_eq!(short("https://w3id.org/eldergraph/code/other/x-y"), "x-y");
        assert_eq!(
            short("http://www.w3.org/ns/org#Organization"),
            "Organization"
        );
        assert_eq!(short("http://example.org/a/b/"), "b");
        assert_eq!(short("urn:isbn:123"), "123");
        assert_eq!(short("plain text"), "plain text");
        assert_eq!(short("100%"), "100%");
        let ind = &kb.indicators.all()[0];
        assert_eq!(short(&ind.iri), ind.en);
        assert_eq!(percent_decode("%E6%B0%91%2"), "民%2");
    }

    #[test]
    fn says_which_columns_it_found_when_not_a_network() {
        let header = strings(&["city", "department", "tasks_led"]);
        let err = from_rows(&header, &[], kb(), Lang::Zh).expect_err("not a network");
        assert_eq!(
            err,
            NetworkError::NotANetwork {
                columns: header.clone()
            }
        );
        let message = err.to_string();
        assert!(message.contains("source and target"), "{message}");
        assert!(message.contains("type_a and type_b"), "{message}");
        assert!(message.ends_with("the result has the columns: city, department, tasks_led"));
        assert_eq!(err.http_status(), 422);
        assert!(!is_network(&header));
    }

    #[test]
    fn empty_results_and_bad_weights_are_errors() {
        let header = strings(&["type_a", "type_b", "tasks"]);
        let err = from_rows(&header, &[], kb(), Lang::Zh).expect_err("empty");
        assert!(err.to_string().contains("no rows"), "{err}");
        let rows = vec![strings(&["health", "finance", "many"])];
        let err = from_rows(&header, &rows, kb(), Lang::Zh).expect_err("bad weight");
        assert_eq!(
            err.to_string(),
            "row 1: the tasks column must be a non-negative number, not \"many\""
        );
        let rows = vec![strings(&["health", "finance", "-1"])];
        assert!(from_rows(&header, &rows, kb(), Lang::Zh).is_err());
    }

    #[test]
    fn min_weight_drops_light_edges_and_lonely_nodes() {
        let (header, rows) = partner_rows();
        let mut net = from_rows(&header, &rows, kb(), Lang::Zh).expect("a network");
        net.retain_min_weight(5.0);
        let ids: Vec<&str> = net.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["civil-affairs", "finance", "aging-office", "pricing"]);
        assert_eq!(net.edges.len(), 3);
        assert!(net.families.iter().all(|f| f.id != "market-regulation"));
        assert_eq!(net.nodes[1].strength, 77.0);

        let options = Options {
            min_weight: Some(1000.0),
            ..Options::default()
        };
        let err = render(&header, &rows, kb(), &options).expect_err("nothing left");
        assert_eq!(
            err.to_string(),
            "nothing to draw: no edge weighs 1000 or more"
        );
    }

    #[test]
    fn parses_engines() {
        assert_eq!("NEATO".parse::<Engine>(), Ok(Engine::Neato));
        assert_eq!("sfdp".parse::<Engine>(), Ok(Engine::Sfdp));
        assert_eq!("dot".parse::<Engine>(), Ok(Engine::Dot));
        assert!("circo".parse::<Engine>().is_err());
        assert_eq!(Engine::default(), Engine::Neato);
    }

    fn graphviz_installed() -> bool {
        let found = Command::new("neato").arg("-V").output().is_ok();
        if !found {
            eprintln!("note: Graphviz is not installed; skipping the rendering test");
        }
        found
    }

    #[test]
    fn renders_svg_with_chinese_labels() {
        if !graphviz_installed() {
            return;
        }
        let (header, rows) = partner_rows();
        let svg = render(&header, &rows, kb(), &Options::default()).expect("an SVG");
        assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
        assert!(svg.trim_end().ends_with("</svg>"));
        for text in ["民政", "老龄工作", "工商行政管理", "部门类型合作网络"] {
            assert!(svg.contains(text), "{text} not in the SVG");
        }
        assert!(svg.contains("Noto Sans CJK SC"));
        // PNG as well.
        let png = render_image(
            &to_dot(&tiny(), Lang::Zh),
            Engine::Neato,
            DEFAULT_TIMEOUT,
            ImageFormat::Png,
        )
        .expect("a PNG");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(
            ImageFormat::from_path(std::path::Path::new("x/net.PNG")),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            ImageFormat::from_path(std::path::Path::new("net.pdf")),
            None
        );
        // Every engine draws it.
        let dot = to_dot(&tiny(), Lang::En);
        for engine in [Engine::Sfdp, Engine::Dot] {
            let svg = render_svg(&dot, engine).expect("an SVG");
            assert!(svg.contains("<svg") && svg.contains("民政"), "{engine}");
        }
    }

    #[test]
    fn graphviz_errors_are_reported() {
        let missing = run_graphviz("eldergraph-no-such-graphviz", "graph {}", DEFAULT_TIMEOUT)
            .expect_err("missing");
        assert!(matches!(missing, NetworkError::GraphvizMissing { .. }));
        assert!(
            missing.to_string().contains("install graphviz"),
            "{missing}"
        );
        assert_eq!(missing.http_status(), 503);
        if !graphviz_installed() {
            return;
        }
        let failed = render_svg("graph { a -- ", Engine::Neato).expect_err("syntax error");
        match &failed {
            NetworkError::GraphvizFailed { stderr, .. } => {
                assert!(stderr.contains("syntax error"), "{stderr}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn graphviz_is_stopped_after_the_time_limit() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let script = dir.path().join("slow-graphviz");
        // Written by a child shell, not by this process: a test on another
        // thread that forks while our write handle is open would keep it
        // open in its child, and exec would then fail with ETXTBSY.
        let written = std::process::Command::new("sh")
            .args([
                "-c",
                "printf '#!/bin/sh\\nsleep 5\\n' > \"$1\" && chmod 755 \"$1\"",
            ])
            .arg("sh")
            .arg(&script)
            .status()
            .expect("run sh");
        assert!(written.success());
        let start = Instant::now();
        let program = script.to_string_lossy();
        let err =
            run_graphviz(&program, "graph {}", Duration::from_millis(200)).expect_err("time-out");
        assert!(matches!(err, NetworkError::Timeout { .. }), "{err:?}");
        assert!(start.elapsed() < Duration::from_secs(3));
    }
}
