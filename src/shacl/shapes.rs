//! Reading SHACL shapes from Turtle into the subset `shacl` evaluates, and
//! refusing everything outside it: a shape that uses a feature the engine
//! does not implement is an error, never silently ignored.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use anyhow::{anyhow, bail, Context, Result};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Graph, Literal, NamedNode, NamedOrBlankNode, Term, TermRef};
use spargebra::algebra::GraphPattern;
use spargebra::{Query, SparqlParser};

/// The SHACL namespace.
pub const SH: &str = "http://www.w3.org/ns/shacl#";

const RDFS_CLASS: &str = "http://www.w3.org/2000/01/rdf-schema#Class";
const OWL_CLASS: &str = "http://www.w3.org/2002/07/owl#Class";

/// A term of the SHACL vocabulary.
pub fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// What a node of the shapes graph is, and so which `sh:` predicates it may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    NodeShape,
    PropertyShape,
    SparqlConstraint,
    Prefixes,
    PrefixDeclaration,
}

impl Role {
    /// The `sh:` predicates of the subset, by role.
    fn allowed(self) -> &'static [&'static str] {
        const ANNOTATIONS: [&str; 2] = ["name", "description"];
        match self {
            Role::NodeShape => &[
                "targetClass",
                "property",
                "sparql",
                "severity",
                "message",
                ANNOTATIONS[0],
                ANNOTATIONS[1],
            ],
            Role::PropertyShape => &[
                "path",
                "minCount",
                "maxCount",
                "datatype",
                "class",
                "nodeKind",
                "in",
                "minInclusive",
                "lessThanOrEquals",
                "severity",
                "message",
                ANNOTATIONS[0],
                ANNOTATIONS[1],
            ],
            Role::SparqlConstraint => &[
                "select",
                "prefixes",
                "message",
                ANNOTATIONS[0],
                ANNOTATIONS[1],
            ],
            Role::Prefixes => &["declare"],
            Role::PrefixDeclaration => &["prefix", "namespace"],
        }
    }

    fn class(self) -> Option<&'static str> {
        match self {
            Role::NodeShape => Some("NodeShape"),
            Role::PropertyShape => Some("PropertyShape"),
            Role::SparqlConstraint => Some("SPARQLConstraint"),
            Role::Prefixes | Role::PrefixDeclaration => None,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Role::NodeShape => "a node shape",
            Role::PropertyShape => "a property shape",
            Role::SparqlConstraint => "a SPARQL constraint",
            Role::Prefixes => "a prefix set (sh:prefixes)",
            Role::PrefixDeclaration => "a prefix declaration (sh:declare)",
        }
    }
}

/// `sh:severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Violation,
    Warning,
    Info,
}

impl Severity {
    pub fn iri(self) -> NamedNode {
        sh(self.name())
    }

    pub fn name(self) -> &'static str {
        match self {
            Severity::Violation => "Violation",
            Severity::Warning => "Warning",
            Severity::Info => "Info",
        }
    }
}

/// `sh:nodeKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

impl NodeKind {
    const ALL: [(NodeKind, &'static str); 6] = [
        (NodeKind::Iri, "IRI"),
        (NodeKind::BlankNode, "BlankNode"),
        (NodeKind::Literal, "Literal"),
        (NodeKind::BlankNodeOrIri, "BlankNodeOrIRI"),
        (NodeKind::BlankNodeOrLiteral, "BlankNodeOrLiteral"),
        (NodeKind::IriOrLiteral, "IRIOrLiteral"),
    ];

    pub fn name(self) -> &'static str {
        NodeKind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, n)| *n)
            .unwrap_or("IRI")
    }

    fn from_iri(iri: &str) -> Option<NodeKind> {
        let local = iri.strip_prefix(SH)?;
        NodeKind::ALL
            .iter()
            .find(|(_, n)| *n == local)
            .map(|(k, _)| *k)
    }
}

/// One constraint of a property shape (SHACL Core).
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    MinCount(u64),
    MaxCount(u64),
    Datatype(NamedNode),
    Class(NamedNode),
    NodeKind(NodeKind),
    In(Vec<Term>),
    /// Every value is `>=` this literal (SPARQL comparison).
    MinInclusive(Literal),
    /// Every value is `<=` every value of this property of the focus node.
    LessThanOrEquals(NamedNode),
}

impl Constraint {
    /// The constraint component, as `sh:sourceConstraintComponent` names it.
    pub fn component(&self) -> NamedNode {
        sh(match self {
            Constraint::MinCount(_) => "MinCountConstraintComponent",
            Constraint::MaxCount(_) => "MaxCountConstraintComponent",
            Constraint::Datatype(_) => "DatatypeConstraintComponent",
            Constraint::Class(_) => "ClassConstraintComponent",
            Constraint::NodeKind(_) => "NodeKindConstraintComponent",
            Constraint::In(_) => "InConstraintComponent",
            Constraint::MinInclusive(_) => "MinInclusiveConstraintComponent",
            Constraint::LessThanOrEquals(_) => "LessThanOrEqualsConstraintComponent",
        })
    }
}

/// A property shape: a path (an IRI) and constraints on its values.
#[derive(Debug, Clone)]
pub struct PropertyShape {
    pub id: NamedOrBlankNode,
    pub path: NamedNode,
    pub constraints: Vec<Constraint>,
    pub severity: Severity,
    pub message: Option<Literal>,
}

/// A SHACL-SPARQL constraint: a SELECT query with `$this` pre-bound to each focus node.
#[derive(Debug, Clone)]
pub struct SparqlConstraint {
    pub id: NamedOrBlankNode,
    /// Parsed with the prefixes of `sh:prefixes`.
    pub query: Query,
    pub message: Option<Literal>,
}

/// A node shape with class targets.
#[derive(Debug, Clone)]
pub struct NodeShape {
    pub id: NamedOrBlankNode,
    pub target_classes: Vec<NamedNode>,
    pub properties: Vec<PropertyShape>,
    pub sparql: Vec<SparqlConstraint>,
    pub severity: Severity,
    pub message: Option<Literal>,
}

/// The shapes of a shapes graph, in the order of their IRIs.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    pub node_shapes: Vec<NodeShape>,
}

impl Shapes {
    /// The shapes bundled with this build (`ontology/shapes.ttl`).
    pub fn bundled() -> Result<Shapes> {
        Shapes::from_turtle(include_str!("../../ontology/shapes.ttl"))
            .context("ontology/shapes.ttl")
    }

    pub fn from_turtle(turtle: &str) -> Result<Shapes> {
        let mut graph = Graph::new();
        for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
            graph.insert(&triple.context("Turtle syntax error")?.into());
        }
        Shapes::from_graph(&graph)
    }

    pub fn from_graph(graph: &Graph) -> Result<Shapes> {
        Reader {
            graph,
            roles: HashMap::new(),
        }
        .read()
    }

    /// Number of constraints, SPARQL constraints included.
    pub fn constraint_count(&self) -> usize {
        self.node_shapes
            .iter()
            .map(|n| {
                n.sparql.len()
                    + n.properties
                        .iter()
                        .map(|p| p.constraints.len())
                        .sum::<usize>()
            })
            .sum()
    }
}

struct Reader<'a> {
    graph: &'a Graph,
    roles: HashMap<NamedOrBlankNode, BTreeSet<Role>>,
}

impl Reader<'_> {
    fn read(mut self) -> Result<Shapes> {
        let mut shape_ids: Vec<NamedOrBlankNode> = Vec::new();
        for triple in self.graph.iter() {
            let p = triple.predicate.as_str();
            let typed_node_shape =
                p == rdf::TYPE.as_str() && triple.object == sh("NodeShape").as_ref().into();
            if typed_node_shape || p == sh("targetClass").as_str() {
                shape_ids.push(triple.subject.into_owned());
            }
        }
        shape_ids.sort_by_key(ToString::to_string);
        shape_ids.dedup();
        let mut node_shapes = Vec::new();
        for id in shape_ids {
            node_shapes.push(self.node_shape(&id)?);
        }
        self.check_vocabulary()?;
        Ok(Shapes { node_shapes })
    }

    fn assign(&mut self, node: &NamedOrBlankNode, role: Role) {
        self.roles.entry(node.clone()).or_default().insert(role);
    }

    fn objects(&self, node: &NamedOrBlankNode, local: &str) -> Vec<Term> {
        let predicate = sh(local);
        self.graph
            .objects_for_subject_predicate(node, &predicate)
            .map(TermRef::into_owned)
            .collect()
    }

    fn at_most_one(&self, node: &NamedOrBlankNode, local: &str) -> Result<Option<Term>> {
        let mut values = self.objects(node, local);
        if values.len() > 1 {
            bail!(
                "{node} has {} values of sh:{local}; at most one is allowed",
                values.len()
            );
        }
        Ok(values.pop())
    }

    fn node_shape(&mut self, id: &NamedOrBlankNode) -> Result<NodeShape> {
        self.assign(id, Role::NodeShape);
        for class in [RDFS_CLASS, OWL_CLASS] {
            if self.graph.contains(oxigraph::model::TripleRef::new(
                id,
                rdf::TYPE,
                NamedNode::new_unchecked(class).as_ref(),
            )) {
                bail!("node shape {id} is also a class: implicit class targets are not supported; use sh:targetClass");
            }
        }
        let mut target_classes = Vec::new();
        for class in self.objects(id, "targetClass") {
            match class {
                Term::NamedNode(n) => target_classes.push(n),
                other => bail!("sh:targetClass of {id} must be an IRI, not {other}"),
            }
        }
        target_classes.sort();
        if target_classes.is_empty() {
            bail!("node shape {id} has no sh:targetClass: it would validate nothing (sh:node and other targets are not supported)");
        }
        let mut properties = Vec::new();
        for property in self.objects(id, "property") {
            let node = as_node(&property)
                .ok_or_else(|| anyhow!("sh:property of {id} is a literal: {property}"))?;
            properties.push(self.property_shape(&node)?);
        }
        properties.sort_by_key(|p| p.id.to_string());
        let mut sparql = Vec::new();
        for constraint in self.objects(id, "sparql") {
            let node = as_node(&constraint)
                .ok_or_else(|| anyhow!("sh:sparql of {id} is a literal: {constraint}"))?;
            sparql.push(self.sparql_constraint(&node)?);
        }
        sparql.sort_by_key(|c| c.id.to_string());
        Ok(NodeShape {
            id: id.clone(),
            target_classes,
            properties,
            sparql,
            severity: self.severity(id)?,
            message: self.message(id)?,
        })
    }

    fn property_shape(&mut self, id: &NamedOrBlankNode) -> Result<PropertyShape> {
        self.assign(id, Role::PropertyShape);
        let path = match self.at_most_one(id, "path")? {
            Some(Term::NamedNode(n)) => n,
            Some(_) => bail!("property shape {id}: only IRI paths are supported (no sequence, inverse or other complex paths)"),
            None => bail!("property shape {id} has no sh:path"),
        };
        let mut constraints = Vec::new();
        for (local, make) in [
            ("minCount", Constraint::MinCount as fn(u64) -> Constraint),
            ("maxCount", Constraint::MaxCount),
        ] {
            if let Some(value) = self.at_most_one(id, local)? {
                constraints.push(make(count(id, local, &value)?));
            }
        }
        if let Some(datatype) = self.at_most_one(id, "datatype")? {
            let Term::NamedNode(datatype) = datatype else {
                bail!("sh:datatype of {id} must be an IRI, not {datatype}");
            };
            constraints.push(Constraint::Datatype(datatype));
        }
        let mut classes = self.objects(id, "class");
        classes.sort_by_key(ToString::to_string);
        for class in classes {
            let Term::NamedNode(class) = class else {
                bail!("sh:class of {id} must be an IRI, not {class}");
            };
            constraints.push(Constraint::Class(class));
        }
        if let Some(kind) = self.at_most_one(id, "nodeKind")? {
            let parsed = match &kind {
                Term::NamedNode(n) => NodeKind::from_iri(n.as_str()),
                _ => None,
            };
            constraints.push(Constraint::NodeKind(parsed.ok_or_else(|| {
                anyhow!("sh:nodeKind of {id} must be one of sh:IRI, sh:BlankNode, sh:Literal, sh:BlankNodeOrIRI, sh:BlankNodeOrLiteral, sh:IRIOrLiteral, not {kind}")
            })?));
        }
        if let Some(list) = self.at_most_one(id, "in")? {
            let members = self.list(id, &list)?;
            if let Some(blank) = members.iter().find(|m| matches!(m, Term::BlankNode(_))) {
                bail!("sh:in of {id} holds a blank node ({blank}): only IRIs and literals are supported");
            }
            constraints.push(Constraint::In(members));
        }
        if let Some(min) = self.at_most_one(id, "minInclusive")? {
            let Term::Literal(min) = min else {
                bail!("sh:minInclusive of {id} must be a literal, not {min}");
            };
            constraints.push(Constraint::MinInclusive(min));
        }
        let mut others = self.objects(id, "lessThanOrEquals");
        others.sort_by_key(ToString::to_string);
        for other in others {
            let Term::NamedNode(other) = other else {
                bail!("sh:lessThanOrEquals of {id} must be an IRI, not {other}");
            };
            constraints.push(Constraint::LessThanOrEquals(other));
        }
        if !self.objects(id, "sparql").is_empty() {
            bail!("property shape {id}: sh:sparql is supported on node shapes only");
        }
        Ok(PropertyShape {
            id: id.clone(),
            path,
            constraints,
            severity: self.severity(id)?,
            message: self.message(id)?,
        })
    }

    fn sparql_constraint(&mut self, id: &NamedOrBlankNode) -> Result<SparqlConstraint> {
        self.assign(id, Role::SparqlConstraint);
        let select = match self.at_most_one(id, "select")? {
            Some(Term::Literal(l)) => l.value().to_owned(),
            Some(other) => bail!("sh:select of {id} must be a string, not {other}"),
            None => bail!(
                "SPARQL constraint {id} has no sh:select (only SELECT constraints are supported)"
            ),
        };
        let mut parser = SparqlParser::new();
        let mut declared: BTreeMap<String, String> = BTreeMap::new();
        for prefixes in self.objects(id, "prefixes") {
            let node = as_node(&prefixes)
                .ok_or_else(|| anyhow!("sh:prefixes of {id} is a literal: {prefixes}"))?;
            for (prefix, namespace) in self.declarations(&node)? {
                if let Some(other) = declared.get(&prefix).filter(|n| **n != namespace) {
                    bail!("prefix {prefix}: is declared twice for {id}: {other} and {namespace}");
                }
                parser = parser
                    .with_prefix(prefix.clone(), namespace.clone())
                    .map_err(|e| anyhow!("prefix {prefix}: of {id}: {e}"))?;
                declared.insert(prefix, namespace);
            }
        }
        let query = parser
            .parse_query(&select)
            .map_err(|e| anyhow!("sh:select of {id}: {e}"))?;
        check_select(id, &query)?;
        Ok(SparqlConstraint {
            id: id.clone(),
            query,
            message: self.message(id)?,
        })
    }

    /// The `sh:declare` of a prefix set: (prefix, namespace) pairs.
    fn declarations(&mut self, node: &NamedOrBlankNode) -> Result<Vec<(String, String)>> {
        self.assign(node, Role::Prefixes);
        let mut out = Vec::new();
        for declaration in self.objects(node, "declare") {
            let declaration = as_node(&declaration)
                .ok_or_else(|| anyhow!("sh:declare of {node} is a literal: {declaration}"))?;
            self.assign(&declaration, Role::PrefixDeclaration);
            let prefix = match self.at_most_one(&declaration, "prefix")? {
                Some(Term::Literal(l)) => l.value().to_owned(),
                _ => bail!("prefix declaration {declaration} of {node} needs one sh:prefix string"),
            };
            let namespace = match self.at_most_one(&declaration, "namespace")? {
                Some(Term::Literal(l)) => l.value().to_owned(),
                _ => bail!("prefix declaration {prefix}: of {node} needs one sh:namespace literal"),
            };
            out.push((prefix, namespace));
        }
        Ok(out)
    }

    fn severity(&self, id: &NamedOrBlankNode) -> Result<Severity> {
        Ok(match self.at_most_one(id, "severity")? {
            None => Severity::Violation,
            Some(Term::NamedNode(n)) if n == sh("Violation") => Severity::Violation,
            Some(Term::NamedNode(n)) if n == sh("Warning") => Severity::Warning,
            Some(Term::NamedNode(n)) if n == sh("Info") => Severity::Info,
            Some(other) => {
                bail!(
                    "sh:severity of {id} must be sh:Violation, sh:Warning or sh:Info, not {other}"
                )
            }
        })
    }

    /// The English message, else one without a language, else any.
    fn message(&self, id: &NamedOrBlankNode) -> Result<Option<Literal>> {
        let mut messages = Vec::new();
        for m in self.objects(id, "message") {
            match m {
                Term::Literal(l) => messages.push(l),
                other => bail!("sh:message of {id} must be a literal, not {other}"),
            }
        }
        let rank = |l: &Literal| match l.language() {
            Some("en") => 0,
            None => 1,
            Some(_) => 2,
        };
        messages.sort_by_key(|l| (rank(l), l.value().to_owned()));
        Ok(messages.into_iter().next())
    }

    /// The members of an RDF list.
    fn list(&self, owner: &NamedOrBlankNode, head: &Term) -> Result<Vec<Term>> {
        let mut members = Vec::new();
        let mut node = head.clone();
        let mut seen = HashSet::new();
        loop {
            if node == rdf::NIL.into_owned().into() {
                return Ok(members);
            }
            let Some(cell) = as_node(&node).filter(|n| seen.insert(n.clone())) else {
                bail!("sh:in of {owner} is not a well-formed RDF list");
            };
            let first: Vec<_> = self
                .graph
                .objects_for_subject_predicate(&cell, rdf::FIRST)
                .collect();
            let rest: Vec<_> = self
                .graph
                .objects_for_subject_predicate(&cell, rdf::REST)
                .collect();
            let ([first], [rest]) = (first.as_slice(), rest.as_slice()) else {
                bail!("sh:in of {owner} is not a well-formed RDF list");
            };
            members.push(first.into_owned());
            node = rest.into_owned();
        }
    }

    /// Every `sh:` term in the graph must belong to a node read above, in a
    /// role that allows it: anything else is outside the subset.
    fn check_vocabulary(&self) -> Result<()> {
        for triple in self.graph.iter() {
            let subject = triple.subject.into_owned();
            let roles = self.roles.get(&subject);
            let predicate = triple.predicate.as_str();
            if predicate == rdf::TYPE.as_str() {
                let Term::NamedNode(class) = triple.object.into_owned() else {
                    continue;
                };
                let Some(local) = class.as_str().strip_prefix(SH) else {
                    continue;
                };
                let fits =
                    roles.is_some_and(|roles| roles.iter().any(|r| r.class() == Some(local)));
                if !fits {
                    bail!(
                        "{subject} is a sh:{local}, which is outside the SHACL subset eldergraph validates \
                         (node shapes with sh:targetClass, property shapes, SPARQL constraints) \
                         or is not reachable from a node shape"
                    );
                }
                continue;
            }
            let Some(local) = predicate.strip_prefix(SH) else {
                continue;
            };
            match roles {
                Some(roles) if roles.iter().any(|r| r.allowed().contains(&local)) => {}
                Some(roles) => {
                    let role = roles.iter().next().map_or("a node", |r| r.describe());
                    bail!(
                        "sh:{local} on {subject} ({role}) is outside the SHACL subset eldergraph validates; \
                         supported there: {}",
                        roles
                            .iter()
                            .flat_map(|r| r.allowed().iter())
                            .map(|l| format!("sh:{l}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                None => bail!(
                    "sh:{local} on {subject}: the node is not reachable from a node shape with \
                     sh:targetClass, or sh:{local} is outside the SHACL subset eldergraph validates"
                ),
            }
        }
        Ok(())
    }
}

fn as_node(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

fn count(id: &NamedOrBlankNode, local: &str, value: &Term) -> Result<u64> {
    match value {
        Term::Literal(l) if l.datatype() == xsd::INTEGER => l
            .value()
            .parse()
            .map_err(|_| anyhow!("sh:{local} of {id} must be a non-negative integer, not {l}")),
        other => bail!("sh:{local} of {id} must be an xsd:integer, not {other}"),
    }
}

/// A SHACL-SPARQL SELECT: projects `$this`, reads no dataset of its own, and
/// avoids what pre-binding cannot handle (MINUS, VALUES, SERVICE) and the
/// variables the engine does not bind ($currentShape, $shapesGraph).
fn check_select(id: &NamedOrBlankNode, query: &Query) -> Result<()> {
    let Query::Select {
        pattern, dataset, ..
    } = query
    else {
        bail!("sh:select of {id} must be a SELECT query");
    };
    if dataset.is_some() {
        bail!("sh:select of {id} must not have FROM or FROM NAMED: it runs on the data graph");
    }
    let mut top = pattern;
    let projected = loop {
        match top {
            GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner } => top = inner,
            GraphPattern::Project { variables, .. } => break variables,
            _ => bail!("sh:select of {id} has no projection"),
        }
    };
    if !projected.iter().any(|v| v.as_str() == "this") {
        bail!("sh:select of {id} must project $this (SELECT $this …)");
    }
    let sse = query.to_sse();
    for (needle, what) in [
        ("(minus ", "MINUS"),
        ("(table ", "VALUES"),
        ("(service ", "SERVICE"),
        ("?currentShape", "$currentShape"),
        ("?shapesGraph", "$shapesGraph"),
    ] {
        if sse.contains(needle) {
            bail!("sh:select of {id} uses {what}, which SHACL-SPARQL pre-binding (or eldergraph) does not support");
        }
    }
    Ok(())
}
