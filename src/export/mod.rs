//! Networks of the store in the formats graph tools read: GraphML (yEd,
//! Gephi, Cytoscape, networkx), GEXF (Gephi), Cytoscape.js JSON (Cytoscape
//! desktop and web), D3 node-link JSON, and DOT (Graphviz).
//!
//! Building and writing are separate, one job per file:
//! - [`partners`], [`departments`], [`tasks`]: the named networks, built
//!   from the store by SPARQL, narrowed by [`Filters`];
//! - [`from_query`]: any CONSTRUCT, or a SELECT with `?source ?target`
//!   (optional `?weight`), as a network;
//! - [`schema`]: the attributes each format declares, with their types;
//! - [`graphml`], [`gexf`], [`cytoscape`], [`d3`], [`dot`]: one writer per
//!   format, all from the same [`Network`].
//!
//! Node ids are the IRIs of the department-type concepts, departments and
//! tasks (GraphML, whose schema types ids as `NMTOKEN`, gets a compact form
//! of the IRI as id and the IRI itself as the `iri` attribute).

pub mod cytoscape;
pub mod d3;
pub mod departments;
pub mod dot;
pub mod filters;
pub mod from_query;
pub mod gexf;
pub mod graphml;
pub mod partners;
pub mod schema;
mod sparql;
pub mod tasks;

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use anyhow::{bail, Result};
use clap::ValueEnum;
use oxigraph::model::Term;

pub use filters::Filters;

use crate::knowledge::Knowledge;
use crate::labels::Lang;
use crate::network::{format_number, Network};
use crate::store::GraphStore;

/// The networks `eldergraph export` builds by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkName {
    /// Department types; an edge where two types share a task.
    Partners,
    /// The departments of each city; co-task edges within a city.
    Departments,
    /// Tasks and departments (bipartite); an edge per role.
    Tasks,
}

impl NetworkName {
    pub const ALL: [NetworkName; 3] = [
        NetworkName::Partners,
        NetworkName::Departments,
        NetworkName::Tasks,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NetworkName::Partners => "partners",
            NetworkName::Departments => "departments",
            NetworkName::Tasks => "tasks",
        }
    }

    /// What the network shows, for the legend and the files' descriptions.
    pub fn title(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (NetworkName::Partners, Lang::Zh) => {
                "部门类型合作网络：节点为部门类型，连线为共同承担的任务"
            }
            (NetworkName::Partners, Lang::En) => "Department types working on the same tasks",
            (NetworkName::Departments, Lang::Zh) => {
                "各市部门合作网络：节点为部门，连线为同市共同承担的任务"
            }
            (NetworkName::Departments, Lang::En) => {
                "Departments of each city working on the same tasks"
            }
            (NetworkName::Tasks, Lang::Zh) => "任务与部门：连线为牵头、参与或提及",
            (NetworkName::Tasks, Lang::En) => {
                "Tasks and their departments: lead, participant or mentioned"
            }
        }
    }
}

impl FromStr for NetworkName {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<NetworkName> {
        let wanted = s.trim().to_ascii_lowercase();
        match NetworkName::ALL.iter().find(|n| n.as_str() == wanted) {
            Some(name) => Ok(*name),
            None => bail!(
                "unknown network {s:?}: use partners, departments or tasks, \
                 or --query FILE for a network of your own"
            ),
        }
    }
}

impl fmt::Display for NetworkName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a network comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Named(NetworkName),
    /// SPARQL text: a CONSTRUCT, or a SELECT with source and target
    /// columns; with values for its declared parameters.
    Query {
        text: String,
        bindings: Vec<(String, Term)>,
    },
}

/// Builds a network from the store. Filters narrow the named networks;
/// for a query only `min_weight` applies (put other conditions in the
/// query). Errors when nothing is left.
pub fn build(
    store: &GraphStore,
    kb: &Knowledge,
    source: &Source,
    filters: &Filters,
    lang: Lang,
) -> Result<Network> {
    let mut network = match source {
        Source::Named(name) => {
            let resolved = filters.resolve(store, kb)?;
            let mut network = match name {
                NetworkName::Partners => partners::build(store, kb, &resolved, lang)?,
                NetworkName::Departments => departments::build(store, kb, &resolved, lang)?,
                NetworkName::Tasks => tasks::build(store, kb, &resolved, lang)?,
            };
            network.title = Some(name.title(lang).to_owned());
            network
        }
        Source::Query { text, bindings } => {
            filters.check_query_filters()?;
            from_query::build(store, kb, text, bindings, lang)?
        }
    };
    if let Some(min) = filters.min_weight {
        network.retain_min_weight(min);
    }
    if network.edges.is_empty() {
        let mut reason = String::from("the network has no edges");
        if let Some(min) = filters.min_weight {
            reason.push_str(&format!(" weighing {} or more", format_number(min)));
        }
        let given = filters.describe();
        if !given.is_empty() {
            reason.push_str(&format!(" with {given}"));
        }
        let two_roles = matches!(
            source,
            Source::Named(NetworkName::Partners | NetworkName::Departments)
        );
        if two_roles && filters.roles.is_empty() {
            reason.push_str(" (lead and participant count; --role mentioned adds mentions)");
        }
        bail!("nothing to export: {reason}");
    }
    Ok(network)
}

/// The file formats of `eldergraph export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// GraphML: Gephi, Cytoscape, yEd, networkx (typed <key>s).
    Graphml,
    /// GEXF 1.2: Gephi (typed attributes, colours and sizes).
    Gexf,
    /// Cytoscape.js JSON (.cyjs): Cytoscape desktop and cytoscape.js.
    Cytoscape,
    /// D3 node-link JSON ({nodes, links}); networkx node_link_graph reads it.
    D3,
    /// Graphviz DOT, styled as `eldergraph render` draws it, with the attributes.
    Dot,
}

impl Format {
    /// The format a file name's extension says (.json is ambiguous).
    pub fn from_path(path: &std::path::Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        Ok(match ext.as_str() {
            "graphml" => Format::Graphml,
            "gexf" => Format::Gexf,
            "cyjs" => Format::Cytoscape,
            "dot" | "gv" => Format::Dot,
            _ => bail!(
                "{}: say which format with --format graphml|gexf|cytoscape|d3|dot                  (the extension .graphml, .gexf, .cyjs or .dot says it too)",
                path.display()
            ),
        })
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Cytoscape => "cyjs",
            Format::D3 => "json",
            Format::Dot => "dot",
        }
    }
}

/// What the files say about the network besides its nodes and edges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// `partners`, `departments`, `tasks` or `query`.
    pub name: String,
    /// What it shows, in `lang`.
    pub title: String,
    pub lang: Lang,
}

impl Description {
    pub fn of(source: &Source, lang: Lang) -> Description {
        match source {
            Source::Named(name) => Description {
                name: name.as_str().to_owned(),
                title: name.title(lang).to_owned(),
                lang,
            },
            Source::Query { .. } => Description {
                name: "query".to_owned(),
                title: match lang {
                    Lang::Zh => "查询结果网络".to_owned(),
                    Lang::En => "Network of a query's answer".to_owned(),
                },
                lang,
            },
        }
    }
}

/// Writes the network in `format`.
pub fn write(
    network: &Network,
    format: Format,
    description: &Description,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Graphml => graphml::write(network, description, out),
        Format::Gexf => gexf::write(network, description, out),
        Format::Cytoscape => cytoscape::write(network, description, out),
        Format::D3 => d3::write(network, description, out),
        Format::Dot => dot::write(network, description, out),
    }
}

/// The generator named in the files.
pub fn generator() -> String {
    format!("eldergraph {}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
pub(crate) mod tiny {
    //! A network of three nodes and two edges for the writers' tests.

    use crate::knowledge::Knowledge;
    use crate::labels::Lang;
    use crate::network::{Edge, Network, Node, Shape, Value};

    use super::Description;

    fn node(id: &str, label: &str, family: &str, attributes: Vec<(&str, Value)>) -> Node {
        Node {
            id: id.to_owned(),
            label: label.to_owned(),
            family: Some(family.to_owned()),
            degree: 0,
            strength: 0.0,
            attributes: attributes
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        }
    }

    /// 民政 — 财政 (4 tasks in 南通市 and 常州市), 民政 — 老龄 "办" & <co> (1).
    pub fn network() -> Network {
        let dt = "https://w3id.org/eldergraph/code/department-type/";
        let nodes = vec![
            node(
                &format!("{dt}civil-affairs"),
                "民政",
                "civil-affairs",
                vec![
                    ("code", Value::Text("civil-affairs".into())),
                    ("tasks_led", Value::Integer(3)),
                    ("share", Value::Number(0.5)),
                    ("top", Value::Boolean(true)),
                ],
            ),
            node(
                &format!("{dt}finance"),
                "财政",
                "finance",
                vec![
                    ("code", Value::Text("finance".into())),
                    ("tasks_led", Value::Integer(0)),
                ],
            ),
            node(
                "urn:x:aging/1",
                "老龄 \"办\" & <co>",
                "civil-affairs",
                vec![("code", Value::Text("aging-office".into()))],
            ),
        ];
        let edges = vec![
            Edge {
                source: format!("{dt}civil-affairs"),
                target: format!("{dt}finance"),
                weight: 4.0,
                label: None,
                attributes: vec![
                    ("tasks".into(), Value::Integer(4)),
                    (
                        "city_list".into(),
                        Value::List(vec!["南通市".into(), "常州市".into()]),
                    ),
                ],
            },
            Edge {
                source: format!("{dt}civil-affairs"),
                target: "urn:x:aging/1".into(),
                weight: 1.5,
                label: None,
                attributes: vec![("tasks".into(), Value::Integer(1))],
            },
        ];
        Network::assemble(
            Knowledge::bundled().expect("knowledge"),
            Lang::Zh,
            Shape::TypePairs,
            nodes,
            edges,
            Some("tasks".into()),
        )
    }

    pub fn description() -> Description {
        Description {
            name: "partners".into(),
            title: "部门类型合作网络".into(),
            lang: Lang::Zh,
        }
    }

    pub fn written(
        write: fn(&Network, &Description, &mut dyn std::io::Write) -> anyhow::Result<()>,
    ) -> String {
        let mut out = Vec::new();
        write(&network(), &description(), &mut out).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }
}
