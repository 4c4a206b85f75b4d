//! The partner network: department types as nodes, an edge where
//! departments of two types work on the same task (lead or participant).
//!
//! The edges are those of `queries/cross-city-partners.rq`, by the same
//! rules: two different departments, unknown types left out, `cities` and
//! `tasks` counted alike (a test compares them). Filters narrow the tasks
//! (`--city`), the roles that count (`--role`, default lead and
//! participant) and the edges (`--department-type`: edges with a type given
//! at one end at least). A node's counts (tasks led and joined, cities
//! present) describe the type in the cities chosen, whatever the roles.

use std::collections::HashMap;

use anyhow::Result;

use super::filters::{role_values, Resolved};
use super::sparql::{fill, get, integer, list, select};
use crate::knowledge::department_types::SCHEME_IRI;
use crate::knowledge::Knowledge;
use crate::labels::{department_type_label, Lang};
use crate::model::Role;
use crate::network::{top_family, Edge, Network, Node, Shape, Value};
use crate::store::GraphStore;

/// Pairs of types with the cities and tasks they share.
const EDGES: &str = r#"
SELECT ?type_a ?type_b (COUNT(DISTINCT ?city) AS ?cities) (COUNT(DISTINCT ?t) AS ?tasks)
       (GROUP_CONCAT(DISTINCT STR(?city_name); separator="|") AS ?city_list)
WHERE {
  {{CITIES}}
  {{ROLES_A}}
  {{ROLES_B}}
  ?t a eg:Task ;
     eg:city ?city ;
     ?role_a ?dep_a ;
     ?role_b ?dep_b .
  ?city rdfs:label ?city_name .
  FILTER(?dep_a != ?dep_b)
  ?dep_a org:classification/skos:notation ?type_a .
  ?dep_b org:classification/skos:notation ?type_b .
  FILTER(?type_a < ?type_b && ?type_a != "unknown" && ?type_b != "unknown")
  {{TYPES}}
}
GROUP BY ?type_a ?type_b
ORDER BY DESC(?cities) DESC(?tasks) ?type_a ?type_b
"#;

/// Per type, role and city: the tasks its departments take part in.
const NODES: &str = r#"
SELECT ?type ?role ?city_name (COUNT(DISTINCT ?t) AS ?tasks)
WHERE {
  {{CITIES}}
  VALUES (?property ?role) { (eg:lead "lead") (eg:participant "participant") }
  ?t a eg:Task ;
     eg:city ?city ;
     ?property ?dep .
  ?city rdfs:label ?city_name .
  ?dep org:classification/skos:notation ?type .
  FILTER(?type != "unknown")
}
GROUP BY ?type ?role ?city_name
"#;

/// What a type does in the cities chosen.
#[derive(Debug, Default)]
struct TypeCounts {
    led: i64,
    joined: i64,
    cities: Vec<String>,
}

pub fn build(
    store: &GraphStore,
    kb: &Knowledge,
    filters: &Resolved,
    lang: Lang,
) -> Result<Network> {
    let roles = filters.roles_or(&[Role::Lead, Role::Participant]);
    let types = filters.type_condition(&["type_a", "type_b"]);
    let query = fill(
        EDGES,
        &[
            ("CITIES", &filters.city_values("city_name")),
            ("ROLES_A", &role_values("role_a", &roles)),
            ("ROLES_B", &role_values("role_b", &roles)),
            (
                "TYPES",
                &if types.is_empty() {
                    String::new()
                } else {
                    format!("FILTER({types})")
                },
            ),
        ],
    );
    let edge_rows = select(store, &query)?;

    let mut counts: HashMap<String, TypeCounts> = HashMap::new();
    let node_query = fill(NODES, &[("CITIES", &filters.city_values("city_name"))]);
    for row in select(store, &node_query)? {
        let entry = counts.entry(get(&row, "type")).or_default();
        let n = integer(&row, "tasks");
        match get(&row, "role").as_str() {
            "lead" => entry.led += n,
            _ => entry.joined += n,
        }
        let city = get(&row, "city_name");
        if !entry.cities.contains(&city) {
            entry.cities.push(city);
        }
    }

    let iri = |code: &str| format!("{SCHEME_IRI}{code}");
    let mut codes: Vec<String> = Vec::new();
    let mut edges = Vec::new();
    for row in &edge_rows {
        let (a, b) = (get(row, "type_a"), get(row, "type_b"));
        for code in [&a, &b] {
            if !codes.contains(code) {
                codes.push(code.clone());
            }
        }
        let tasks = integer(row, "tasks");
        edges.push(Edge {
            source: iri(&a),
            target: iri(&b),
            weight: tasks as f64,
            label: None,
            attributes: vec![
                ("tasks".into(), Value::Integer(tasks)),
                ("cities".into(), Value::Integer(integer(row, "cities"))),
                ("city_list".into(), Value::List(list(row, "city_list"))),
            ],
        });
    }
    codes.sort();

    let nodes = codes
        .iter()
        .map(|code| {
            let empty = TypeCounts::default();
            let c = counts.get(code).unwrap_or(&empty);
            let mut cities = c.cities.clone();
            cities.sort();
            type_node(kb, code, lang, c.led, c.joined, cities)
        })
        .collect();
    Ok(Network::assemble(
        kb,
        lang,
        Shape::TypePairs,
        nodes,
        edges,
        Some("tasks".into()),
    ))
}

/// A department-type node with its labels, family and counts.
fn type_node(
    kb: &Knowledge,
    code: &str,
    lang: Lang,
    led: i64,
    joined: i64,
    cities: Vec<String>,
) -> Node {
    let zh = department_type_label(kb, code, Lang::Zh).unwrap_or(code);
    let en = department_type_label(kb, code, Lang::En).unwrap_or(code);
    let family = top_family(kb, code);
    let mut attributes = vec![
        ("code".to_owned(), Value::Text(code.to_owned())),
        ("label_zh".to_owned(), Value::Text(zh.to_owned())),
        ("label_en".to_owned(), Value::Text(en.to_owned())),
    ];
    if let Some(broader) = kb
        .department_types
        .get(code)
        .and_then(|t| t.broader.clone())
    {
        attributes.push(("broader".to_owned(), Value::Text(broader)));
    }
    attributes.extend([
        ("family".to_owned(), Value::Text(family.clone())),
        ("tasks_led".to_owned(), Value::Integer(led)),
        ("tasks_joined".to_owned(), Value::Integer(joined)),
        ("cities".to_owned(), Value::Integer(cities.len() as i64)),
        ("city_list".to_owned(), Value::List(cities)),
    ]);
    Node {
        id: format!("{SCHEME_IRI}{code}"),
        label: lang.pick(zh, en).to_owned(),
        family: Some(family),
        degree: 0,
        strength: 0.0,
        attributes,
    }
}
