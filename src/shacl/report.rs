//! The validation report: results, a summary per shape, and the ways of
//! writing it (a table for people, JSON, a standard `sh:ValidationReport`).

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use serde_json::{json, Value};

use super::shapes::{sh, Severity, SH};
use crate::query::{display_term, write_table};
use crate::rdf::vocab::PREFIXES;

/// The namespace of the bundled shapes.
pub const SHAPES_NS: &str = "https://w3id.org/eldergraph/shapes#";

/// One `sh:ValidationResult`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationResult {
    pub focus: Term,
    pub path: Option<NamedNode>,
    pub value: Option<Term>,
    pub message: Literal,
    pub severity: Severity,
    /// The property shape of a core constraint, the node shape of a SPARQL one.
    pub source_shape: NamedOrBlankNode,
    pub component: NamedNode,
    /// The `sh:sparql` node of a SPARQL constraint.
    pub source_constraint: Option<NamedOrBlankNode>,
}

impl ValidationResult {
    /// A stable order: shape, focus node, path, value.
    pub fn sort_key(&self) -> (String, String, String, String, String) {
        (
            self.source_shape.to_string(),
            self.focus.to_string(),
            self.path
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            self.value
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            self.component.to_string(),
        )
    }
}

/// What was checked for one shape, and how many results it gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeSummary {
    pub shape: NamedOrBlankNode,
    /// The node shape of a property shape.
    pub parent: Option<NamedOrBlankNode>,
    pub target_classes: Vec<NamedNode>,
    pub focus_nodes: usize,
    /// Core constraints of a property shape; SPARQL constraints of a node shape.
    pub constraints: usize,
    pub results: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub results: Vec<ValidationResult>,
    /// Property shapes first, then their node shape, node shape by node shape.
    pub shapes: Vec<ShapeSummary>,
}

impl Report {
    /// SHACL: the data conforms when there is no result (of any severity).
    pub fn conforms(&self) -> bool {
        self.results.is_empty()
    }

    /// Results per source shape, for shapes with results.
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for r in &self.results {
            *counts.entry(node_text(&r.source_shape)).or_insert(0) += 1;
        }
        counts
    }

    pub fn write_table(&self, out: &mut dyn Write) -> Result<()> {
        let node_shapes: Vec<&ShapeSummary> =
            self.shapes.iter().filter(|s| s.parent.is_none()).collect();
        let header = ["shape", "targets", "focus nodes", "results"].map(String::from);
        let rows: Vec<Vec<String>> = node_shapes
            .iter()
            .map(|s| {
                let results: usize = self
                    .shapes
                    .iter()
                    .filter(|p| p.shape == s.shape || p.parent.as_ref() == Some(&s.shape))
                    .map(|p| p.results)
                    .sum();
                vec![
                    short(&s.shape),
                    s.target_classes
                        .iter()
                        .map(|c| display_term(&c.clone().into()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    s.focus_nodes.to_string(),
                    results.to_string(),
                ]
            })
            .collect();
        write_table(&header, &rows, out)?;
        let focus: usize = node_shapes.iter().map(|s| s.focus_nodes).sum();
        if self.conforms() {
            writeln!(
                out,
                "conforms: {focus} focus nodes checked against {} node shapes, no results",
                node_shapes.len()
            )?;
            return Ok(());
        }
        writeln!(out)?;
        let header = ["focus", "path", "value", "severity", "message", "shape"].map(String::from);
        let rows: Vec<Vec<String>> = self
            .results
            .iter()
            .map(|r| {
                vec![
                    display_term(&r.focus),
                    r.path
                        .as_ref()
                        .map(|p| display_term(&p.clone().into()))
                        .unwrap_or_default(),
                    // A SPARQL result's value is often its focus node: not repeated.
                    r.value
                        .as_ref()
                        .filter(|v| **v != r.focus)
                        .map(value_text)
                        .unwrap_or_default(),
                    r.severity.name().to_owned(),
                    r.message.value().to_owned(),
                    short(&r.source_shape),
                ]
            })
            .collect();
        write_table(&header, &rows, out)?;
        writeln!(out)?;
        let header = ["shape", "results"].map(String::from);
        let rows: Vec<Vec<String>> = self
            .counts()
            .into_iter()
            .map(|(shape, n)| vec![short_text(&shape), n.to_string()])
            .collect();
        write_table(&header, &rows, out)?;
        writeln!(
            out,
            "does not conform: {} result(s) on {focus} focus nodes",
            self.results.len()
        )?;
        Ok(())
    }

    /// JSON: nodes as IRIs (blank nodes `_:id`, literals in N-Triples syntax).
    pub fn to_json(&self) -> Value {
        let results: Vec<Value> = self
            .results
            .iter()
            .map(|r| {
                json!({
                    "focusNode": term_text(&r.focus),
                    "resultPath": r.path.as_ref().map(|p| p.as_str().to_owned()),
                    "value": r.value.as_ref().map(term_text),
                    "resultMessage": r.message.value(),
                    "resultSeverity": r.severity.iri().as_str(),
                    "sourceShape": node_text(&r.source_shape),
                    "sourceConstraintComponent": r.component.as_str(),
                    "sourceConstraint": r.source_constraint.as_ref().map(node_text),
                })
            })
            .collect();
        let shapes: Vec<Value> = self
            .shapes
            .iter()
            .map(|s| {
                json!({
                    "shape": node_text(&s.shape),
                    "nodeShape": s.parent.as_ref().map(node_text),
                    "targetClass": s.target_classes.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                    "focusNodes": s.focus_nodes,
                    "constraints": s.constraints,
                    "results": s.results,
                })
            })
            .collect();
        json!({
            "conforms": self.conforms(),
            "results": results,
            "counts": self.counts(),
            "shapes": shapes,
        })
    }

    /// The report as RDF: one `sh:ValidationReport` and its `sh:result`s.
    pub fn to_triples(&self) -> Vec<Triple> {
        let mut triples = Vec::new();
        let report = BlankNode::default();
        let mut add = |s: &BlankNode, p: NamedNode, o: Term| {
            triples.push(Triple::new(s.clone(), p, o));
        };
        add(
            &report,
            rdf::TYPE.into_owned(),
            sh("ValidationReport").into(),
        );
        add(
            &report,
            sh("conforms"),
            Literal::from(self.conforms()).into(),
        );
        for r in &self.results {
            let result = BlankNode::default();
            add(&report, sh("result"), result.clone().into());
            add(
                &result,
                rdf::TYPE.into_owned(),
                sh("ValidationResult").into(),
            );
            add(&result, sh("focusNode"), r.focus.clone());
            if let Some(path) = &r.path {
                add(&result, sh("resultPath"), path.clone().into());
            }
            if let Some(value) = &r.value {
                add(&result, sh("value"), value.clone());
            }
            add(&result, sh("resultMessage"), r.message.clone().into());
            add(&result, sh("resultSeverity"), r.severity.iri().into());
            add(&result, sh("sourceShape"), r.source_shape.clone().into());
            add(
                &result,
                sh("sourceConstraintComponent"),
                r.component.clone().into(),
            );
            if let Some(constraint) = &r.source_constraint {
                add(&result, sh("sourceConstraint"), constraint.clone().into());
            }
        }
        triples
    }

    pub fn write_turtle(&self, out: &mut dyn Write) -> Result<()> {
        let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle)
            .with_prefix("sh", SH)?
            .with_prefix("egsh", SHAPES_NS)?;
        for (prefix, iri) in PREFIXES {
            serializer = serializer.with_prefix(*prefix, *iri)?;
        }
        let mut writer = serializer.for_writer(out);
        for triple in self.to_triples() {
            writer.serialize_triple(&triple)?;
        }
        writer.finish()?;
        Ok(())
    }
}

/// IRIs bare, blank nodes `_:id`, literals in N-Triples syntax.
pub fn term_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

fn node_text(node: &NamedOrBlankNode) -> String {
    match node {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

fn short(node: &NamedOrBlankNode) -> String {
    short_text(&node_text(node))
}

fn short_text(text: &str) -> String {
    match text.strip_prefix(SHAPES_NS) {
        Some(local) => format!("egsh:{local}"),
        None => match NamedNode::new(text) {
            Ok(n) => display_term(&n.into()),
            Err(_) => text.to_owned(),
        },
    }
}

/// A value for people: IRIs shortened, literals with their datatype or language.
fn value_text(term: &Term) -> String {
    match term {
        Term::Literal(l) => {
            if let Some(language) = l.language() {
                format!("\"{}\"@{language}", l.value())
            } else {
                format!(
                    "\"{}\"^^{}",
                    l.value(),
                    display_term(&l.datatype().into_owned().into())
                )
            }
        }
        other => display_term(other),
    }
}
