//! A query's answer as a network (`--query FILE`):
//! - a SELECT with `?source ?target` (optional `?weight`, `?source_label`,
//!   `?target_label`, `?source_group`, `?target_group`; other columns become
//!   edge attributes, typed), or the `?type_a ?type_b` shape of
//!   `cross-city-partners.rq`: read by [`network::from_rows`];
//! - a CONSTRUCT (or DESCRIBE): every triple whose object is a resource is
//!   an edge (triples between the same two resources are one edge, its
//!   weight their number, its `predicates` their properties); `rdf:type`
//!   and literal objects are attributes of the subject, `rdfs:label` and
//!   `skos:prefLabel` in the language chosen its label.

use std::collections::HashMap;

use anyhow::{anyhow, bail, Result};
use oxigraph::model::{Literal, NamedOrBlankNode, Term};
use oxigraph::sparql::QueryResults;

use crate::knowledge::department_types::SCHEME_IRI;
use crate::knowledge::Knowledge;
use crate::labels::Lang;
use crate::network::{self, short_label, top_family, Edge, Network, Node, Shape, Value};
use crate::query::{solutions_as_text, with_prefixes};
use crate::rdf::vocab::{RDF, RDFS, SKOS, XSD};
use crate::store::GraphStore;

/// Runs the query (the project's prefixes predeclared, `bindings`
/// substituted) and reads its answer as a network.
pub fn build(
    store: &GraphStore,
    kb: &Knowledge,
    text: &str,
    bindings: &[(String, Term)],
    lang: Lang,
) -> Result<Network> {
    let bindings: Vec<(&str, Term)> = bindings
        .iter()
        .map(|(n, t)| (n.as_str(), t.clone()))
        .collect();
    match store.query_with(&with_prefixes(text), &bindings)? {
        results @ QueryResults::Solutions(_) => {
            let (header, rows) = solutions_as_text(results)?;
            let mut network = network::from_rows(&header, &rows, kb, lang)
                .map_err(|e| anyhow!("the query's answer is {e}"))?;
            // The group a column gave (or a type's family) is an attribute too.
            for node in &mut network.nodes {
                if let Some(family) = &node.family {
                    node.attributes
                        .push(("family".to_owned(), Value::Text(family.clone())));
                }
            }
            Ok(network)
        }
        QueryResults::Graph(triples) => {
            let mut graph = GraphBuilder::default();
            for triple in triples {
                let triple = triple?;
                graph.add(
                    &subject_id(&triple.subject),
                    triple.predicate.as_str(),
                    &triple.object,
                    lang,
                );
            }
            graph.finish(kb, lang)
        }
        QueryResults::Boolean(_) => bail!(
            "an ASK query answers true or false, not a network: use a SELECT with \
             ?source and ?target columns, or a CONSTRUCT"
        ),
    }
}

fn subject_id(subject: &NamedOrBlankNode) -> String {
    match subject {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => b.to_string(),
    }
}

/// A literal typed as the export formats declare values.
fn literal_value(literal: &Literal) -> Value {
    let datatype = literal.datatype().as_str();
    let local = datatype.strip_prefix(XSD).unwrap_or("");
    let value = literal.value();
    let parsed = match local {
        "integer" | "int" | "long" | "short" | "byte" | "nonNegativeInteger"
        | "positiveInteger" | "unsignedInt" | "unsignedLong" | "unsignedShort"
        | "negativeInteger" | "nonPositiveInteger" => value.parse().ok().map(Value::Integer),
        "decimal" | "double" | "float" => value
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Value::Number),
        "boolean" => match value {
            "true" | "1" => Some(Value::Boolean(true)),
            "false" | "0" => Some(Value::Boolean(false)),
            _ => None,
        },
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::Text(value.to_owned()))
}

/// The name of a property as an attribute: its local name.
fn local_name(iri: &str) -> String {
    iri.rsplit(['#', '/'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(iri)
        .to_owned()
}

#[derive(Default)]
struct GraphBuilder {
    /// Subjects and objects in order of first appearance.
    order: Vec<String>,
    seen: std::collections::HashSet<String>,
    labels: HashMap<String, (u8, String)>,
    attributes: HashMap<String, Vec<(String, Vec<Value>)>>,
    edges: Vec<(String, String, Vec<String>, usize)>,
    edge_index: HashMap<(String, String), usize>,
}

impl GraphBuilder {
    fn see(&mut self, id: &str) {
        if self.seen.insert(id.to_owned()) {
            self.order.push(id.to_owned());
        }
    }

    fn add(&mut self, subject: &str, predicate: &str, object: &Term, lang: Lang) {
        self.see(subject);
        let label_property =
            predicate == format!("{RDFS}label") || predicate == format!("{SKOS}prefLabel");
        match object {
            Term::Literal(l) if label_property => {
                // The label in the language chosen beats an untagged one,
                // which beats one in another language.
                let rank = match l.language() {
                    Some(tag) if tag.starts_with(lang.as_str()) => 3,
                    None => 2,
                    Some(_) => 1,
                };
                let better = self.labels.get(subject).is_none_or(|(r, _)| rank > *r);
                if better {
                    self.labels
                        .insert(subject.to_owned(), (rank, l.value().to_owned()));
                }
            }
            Term::Literal(l) => self.attribute(subject, &local_name(predicate), literal_value(l)),
            Term::NamedNode(n) if predicate == format!("{RDF}type") => {
                self.attribute(subject, "type", Value::Text(local_name(n.as_str())))
            }
            Term::NamedNode(_) | Term::BlankNode(_) => {
                let object = match object {
                    Term::NamedNode(n) => n.as_str().to_owned(),
                    other => other.to_string(),
                };
                self.see(&object);
                let key = if subject <= object.as_str() {
                    (subject.to_owned(), object.clone())
                } else {
                    (object.clone(), subject.to_owned())
                };
                let name = local_name(predicate);
                match self.edge_index.get(&key) {
                    Some(&i) => {
                        let edge = &mut self.edges[i];
                        if !edge.2.contains(&name) {
                            edge.2.push(name);
                        }
                        edge.3 += 1;
                    }
                    None => {
                        self.edge_index.insert(key, self.edges.len());
                        self.edges.push((subject.to_owned(), object, vec![name], 1));
                    }
                }
            }
            #[allow(unreachable_patterns)]
            _ => {}
        }
    }

    fn attribute(&mut self, subject: &str, name: &str, value: Value) {
        let attributes = self.attributes.entry(subject.to_owned()).or_default();
        match attributes.iter_mut().find(|(n, _)| n == name) {
            Some((_, values)) => {
                if !values.contains(&value) {
                    values.push(value)
                }
            }
            None => attributes.push((name.to_owned(), vec![value])),
        }
    }

    fn finish(mut self, kb: &Knowledge, lang: Lang) -> Result<Network> {
        if self.edges.is_empty() {
            bail!(
                "the query's graph has no triple linking two resources, so no edge: \
                 a CONSTRUCT network needs triples whose object is an IRI"
            );
        }
        let linked: std::collections::HashSet<&str> = self
            .edges
            .iter()
            .flat_map(|(s, o, _, _)| [s.as_str(), o.as_str()])
            .collect();
        // Oxigraph does not keep the template's order: sort, so that the
        // same answer always gives the same file.
        let mut order: Vec<&String> = self
            .order
            .iter()
            .filter(|id| linked.contains(id.as_str()))
            .collect();
        order.sort();
        let mut nodes = Vec::new();
        for id in order {
            let attributes: Vec<(String, Value)> = self
                .attributes
                .remove(id)
                .unwrap_or_default()
                .into_iter()
                .map(|(name, mut values)| {
                    let value = if values.len() == 1 {
                        values.remove(0)
                    } else {
                        let mut items: Vec<String> = values.iter().map(|v| v.joined("|")).collect();
                        items.sort();
                        Value::List(items)
                    };
                    (name, value)
                })
                .collect();
            let code = id
                .strip_prefix(SCHEME_IRI)
                .filter(|c| kb.department_types.get(c).is_some());
            let family = match code {
                Some(c) => Some(top_family(kb, c)),
                None => attributes
                    .iter()
                    .find(|(n, _)| n == "type")
                    .map(|(_, v)| v.joined("|")),
            };
            let label = match self.labels.remove(id) {
                Some((_, label)) => label,
                None => short_label(kb, id, lang),
            };
            nodes.push(Node {
                id: id.clone(),
                label,
                family,
                degree: 0,
                strength: 0.0,
                attributes,
            });
        }
        let mut edges: Vec<(String, String, Vec<String>, usize)> = self
            .edges
            .into_iter()
            .map(|(s, o, p, n)| if s <= o { (s, o, p, n) } else { (o, s, p, n) })
            .collect();
        edges.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let edges = edges
            .into_iter()
            .map(|(source, target, mut predicates, n)| {
                predicates.sort();
                Edge {
                    source,
                    target,
                    weight: n as f64,
                    label: None,
                    attributes: vec![
                        ("triples".to_owned(), Value::Integer(n as i64)),
                        ("predicates".to_owned(), Value::List(predicates)),
                    ],
                }
            })
            .collect();
        let mut network = Network::assemble(
            kb,
            lang,
            Shape::SourceTarget,
            nodes,
            edges,
            Some("triples".into()),
        );
        network.weight_label = Some(lang.pick("三元组", "triples").to_owned());
        Ok(network)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().expect("knowledge")
    }

    fn store() -> GraphStore {
        let store = GraphStore::in_memory().expect("store");
        store.load_ontology().expect("ontology");
        store
    }

    #[test]
    fn construct_triples_become_edges_and_attributes() {
        let store = store();
        let query = r#"
            CONSTRUCT {
              <urn:a> eg:p <urn:b> ; eg:q <urn:b> ; rdfs:label "甲"@zh, "A"@en ;
                      eg:n 3 ; eg:x 1.5 ; eg:flag true ; eg:tag "x", "y" ; a eg:Task .
              <urn:b> eg:p <urn:a> .
              <urn:c> rdfs:label "alone" .
              <urn:b> eg:p <https://w3id.org/eldergraph/code/department-type/aging-office> .
            } WHERE {}"#;
        let net = build(&store, kb(), query, &[], Lang::En).expect("a network");
        let ids: Vec<&str> = net.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "https://w3id.org/eldergraph/code/department-type/aging-office",
                "urn:a",
                "urn:b",
            ]
        );
        assert_eq!(net.nodes[1].label, "A");
        assert_eq!(net.nodes[2].label, "b");
        assert_eq!(net.nodes[0].family.as_deref(), Some("civil-affairs"));
        let a = &net.nodes[1].attributes;
        let get = |name: &str| a.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        assert_eq!(get("n"), Some(Value::Integer(3)));
        assert_eq!(get("x"), Some(Value::Number(1.5)));
        assert_eq!(get("flag"), Some(Value::Boolean(true)));
        assert_eq!(get("tag"), Some(Value::List(vec!["x".into(), "y".into()])));
        assert_eq!(get("type"), Some(Value::Text("Task".into())));
        assert_eq!(net.nodes[1].family.as_deref(), Some("Task"));
        assert_eq!(net.edges.len(), 2);
        assert_eq!(net.edges[1].source, "urn:a");
        assert_eq!(net.edges[1].weight, 3.0);
        assert_eq!(
            net.edges[1].attributes,
            [
                ("triples".to_owned(), Value::Integer(3)),
                (
                    "predicates".to_owned(),
                    Value::List(vec!["p".into(), "q".into()])
                )
            ]
        );
    }

    #[test]
    fn select_answers_need_source_and_target() {
        let store = store();
        let net = build(
            &store,
            kb(),
            r#"SELECT ?source ?target ?weight ?note WHERE {
                 VALUES (?source ?target ?weight ?note) { ("health" "finance" 2 "x") ("finance" "pricing" 3 "y") }
               }"#,
            &[],
            Lang::Zh,
        )
        .expect("a network");
        assert_eq!(net.edges.len(), 2);
        assert_eq!(net.nodes[0].label, "卫生健康");
        assert_eq!(
            net.nodes[0].attributes,
            [("family".to_owned(), Value::Text("health".into()))]
        );
        let err = build(
            &store,
            kb(),
            "SELECT ?city ?n WHERE { VALUES (?city ?n) { (\"a\" 1) } }",
            &[],
            Lang::Zh,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("the result has the columns: city, n"), "{err}");
        let err = build(&store, kb(), "ASK {}", &[], Lang::Zh)
            .unwrap_err()
            .to_string();
        assert!(err.contains("ASK"), "{err}");
        let err = build(
            &store,
            kb(),
            "CONSTRUCT { <urn:a> rdfs:label \"x\" } WHERE {}",
            &[],
            Lang::Zh,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("no triple linking two resources"), "{err}");
    }

    #[test]
    fn parameters_are_bound() {
        let store = store();
        let net = build(
            &store,
            kb(),
            "SELECT ?source ?target WHERE { BIND(\"finance\" AS ?target) }",
            &[(
                "source".to_owned(),
                Term::from(Literal::new_simple_literal("health")),
            )],
            Lang::Zh,
        )
        .expect("a network");
        assert_eq!(net.edges[0].source, "health");
    }
}
