//! A small read-only view of a Turtle file, for code lists: parsed with
//! Oxigraph's own Turtle parser, then looked up by subject and predicate.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedOrBlankNode, Term};

/// Triples grouped by subject IRI, then predicate IRI, in file order.
#[derive(Debug, Default)]
pub struct TurtleIndex {
    subjects: BTreeMap<String, BTreeMap<String, Vec<Term>>>,
    order: Vec<String>,
}

impl TurtleIndex {
    pub fn parse(turtle: &str) -> Result<TurtleIndex> {
        let mut index = TurtleIndex::default();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
            let quad = quad.context("Turtle syntax error")?;
            let NamedOrBlankNode::NamedNode(subject) = quad.subject else {
                continue;
            };
            let subject = subject.into_string();
            if !index.subjects.contains_key(&subject) {
                index.order.push(subject.clone());
            }
            index
                .subjects
                .entry(subject)
                .or_default()
                .entry(quad.predicate.into_string())
                .or_default()
                .push(quad.object);
        }
        Ok(index)
    }

    /// Subjects with `rdf:type` `class`, in file order.
    pub fn instances_of<'a>(&'a self, class: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.order.iter().map(String::as_str).filter(move |s| {
            self.objects(s, RDF_TYPE)
                .any(|o| matches!(o, Term::NamedNode(n) if n.as_str() == class))
        })
    }

    pub fn objects<'a>(&'a self, subject: &str, predicate: &str) -> impl Iterator<Item = &'a Term> {
        self.subjects
            .get(subject)
            .and_then(|p| p.get(predicate))
            .into_iter()
            .flatten()
    }

    /// Literal values of `predicate`, optionally restricted to a language tag.
    pub fn literals<'a>(
        &'a self,
        subject: &str,
        predicate: &str,
        lang: Option<&'a str>,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.objects(subject, predicate)
            .filter_map(move |o| match o {
                Term::Literal(l) if lang_matches(l, lang) => Some(l.value()),
                _ => None,
            })
    }

    pub fn literal(&self, subject: &str, predicate: &str, lang: Option<&str>) -> Option<String> {
        self.literals(subject, predicate, lang)
            .next()
            .map(str::to_owned)
    }

    /// IRIs that `subject` points to with `predicate`.
    pub fn iris<'a>(&'a self, subject: &str, predicate: &str) -> impl Iterator<Item = &'a str> {
        self.objects(subject, predicate).filter_map(|o| match o {
            Term::NamedNode(n) => Some(n.as_str()),
            _ => None,
        })
    }
}

fn lang_matches(literal: &Literal, lang: Option<&str>) -> bool {
    match lang {
        None => true,
        Some(tag) => literal.language() == Some(tag),
    }
}

pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const SKOS_CONCEPT: &str = "http://www.w3.org/2004/02/skos/core#Concept";
pub const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
pub const SKOS_HIDDEN_LABEL: &str = "http://www.w3.org/2004/02/skos/core#hiddenLabel";
pub const SKOS_ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
pub const SKOS_NOTATION: &str = "http://www.w3.org/2004/02/skos/core#notation";
pub const SKOS_BROADER: &str = "http://www.w3.org/2004/02/skos/core#broader";
pub const SKOS_IN_SCHEME: &str = "http://www.w3.org/2004/02/skos/core#inScheme";
