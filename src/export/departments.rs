//! The department network: the departments of each city (南通市民政局 …)
//! as nodes, with their city and types; an edge where two departments
//! work on the same task (lead or participant by default), weighted by
//! the number of such tasks. A task belongs to one city, so edges never
//! cross cities. Untyped departments are kept, with the type `unknown`.
//!
//! Filters: `--city` (departments of these cities), `--role` (the roles
//! that count), `--department-type` (edges with a department of a type
//! given at one end at least).

use std::collections::HashMap;

use anyhow::Result;

use super::filters::{role_values, Resolved};
use super::sparql::{fill, get, integer, list, select};
use crate::knowledge::Knowledge;
use crate::labels::{department_type_label, Lang, UNKNOWN_DEPARTMENT_TYPE};
use crate::model::Role;
use crate::network::{top_family, Edge, Network, Node, Shape, Value};
use crate::store::GraphStore;

/// Departments with their name, city and types.
const NODES: &str = r#"
SELECT ?dep ?name ?city_name (GROUP_CONCAT(DISTINCT STR(?type); separator="|") AS ?types)
WHERE {
  {{CITIES}}
  ?dep a eg:Department ;
       rdfs:label ?name ;
       eg:city/rdfs:label ?city_name .
  OPTIONAL { ?dep org:classification/skos:notation ?type }
}
GROUP BY ?dep ?name ?city_name
"#;

/// Tasks per department and role.
const ROLE_COUNTS: &str = r#"
SELECT ?dep ?role (COUNT(DISTINCT ?t) AS ?tasks)
WHERE {
  VALUES (?property ?role) {
    (eg:lead "lead") (eg:participant "participant") (eg:mentions "mentioned")
  }
  ?t a eg:Task ;
     ?property ?dep .
}
GROUP BY ?dep ?role
"#;

/// Pairs of departments with the tasks they share.
const EDGES: &str = r#"
SELECT ?dep_a ?dep_b (SAMPLE(STR(?city_name)) AS ?city) (COUNT(DISTINCT ?t) AS ?tasks)
WHERE {
  {{CITIES}}
  {{ROLES_A}}
  {{ROLES_B}}
  ?t a eg:Task ;
     eg:city ?c ;
     ?role_a ?dep_a ;
     ?role_b ?dep_b .
  ?c rdfs:label ?city_name .
  FILTER(STR(?dep_a) < STR(?dep_b))
  {{TYPES}}
}
GROUP BY ?dep_a ?dep_b
ORDER BY DESC(?tasks) ?dep_a ?dep_b
"#;

pub fn build(
    store: &GraphStore,
    kb: &Knowledge,
    filters: &Resolved,
    lang: Lang,
) -> Result<Network> {
    let roles = filters.roles_or(&[Role::Lead, Role::Participant]);
    let query = fill(
        EDGES,
        &[
            ("CITIES", &filters.city_values("city_name")),
            ("ROLES_A", &role_values("role_a", &roles)),
            ("ROLES_B", &role_values("role_b", &roles)),
            ("TYPES", &type_filter(filters, &["dep_a", "dep_b"])),
        ],
    );
    let mut all = department_nodes(store, kb, filters, lang)?;
    let mut edges = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for row in select(store, &query)? {
        let (a, b) = (get(&row, "dep_a"), get(&row, "dep_b"));
        if !all.contains_key(&a) || !all.contains_key(&b) {
            // A department without label or city: not one the graph describes.
            continue;
        }
        for id in [&a, &b] {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        let tasks = integer(&row, "tasks");
        edges.push(Edge {
            source: a,
            target: b,
            weight: tasks as f64,
            label: None,
            attributes: vec![
                ("tasks".into(), Value::Integer(tasks)),
                ("city".into(), Value::Text(get(&row, "city"))),
            ],
        });
    }
    ids.sort();
    let nodes = ids.iter().filter_map(|id| all.remove(id)).collect();
    let mut network = Network::assemble(
        kb,
        lang,
        Shape::SourceTarget,
        nodes,
        edges,
        Some("tasks".into()),
    );
    network.weight_label = Some(lang.pick("共同任务", "shared tasks").to_owned());
    Ok(network)
}

/// `FILTER(EXISTS { ?dep_a has a type given } || …)`, or nothing.
pub(super) fn type_filter(filters: &Resolved, deps: &[&str]) -> String {
    if filters.department_types.is_empty() {
        return String::new();
    }
    let exists: Vec<String> = deps
        .iter()
        .map(|dep| {
            let var = format!("{dep}_type");
            format!(
                "EXISTS {{ ?{dep} org:classification/skos:notation ?{var} FILTER({}) }}",
                filters.type_condition(&[&var])
            )
        })
        .collect();
    format!("FILTER({})", exists.join(" || "))
}

/// Every department of the cities chosen, by IRI, as a node: its name and
/// city, its types (codes and labels), family, and tasks per role.
pub(super) fn department_nodes(
    store: &GraphStore,
    kb: &Knowledge,
    filters: &Resolved,
    lang: Lang,
) -> Result<HashMap<String, Node>> {
    let mut per_role: HashMap<(String, String), i64> = HashMap::new();
    for row in select(store, ROLE_COUNTS)? {
        per_role.insert(
            (get(&row, "dep"), get(&row, "role")),
            integer(&row, "tasks"),
        );
    }
    let query = fill(NODES, &[("CITIES", &filters.city_values("city_name"))]);
    let mut nodes = HashMap::new();
    for row in select(store, &query)? {
        let id = get(&row, "dep");
        let name = get(&row, "name");
        let city = get(&row, "city_name");
        let mut types = list(&row, "types");
        if types.is_empty() {
            types.push(UNKNOWN_DEPARTMENT_TYPE.0.to_owned());
        }
        // Scheme order: the first type names the family.
        let position = |code: &String| {
            kb.department_types
                .all()
                .iter()
                .position(|t| &t.code == code)
                .unwrap_or(usize::MAX)
        };
        types.sort_by_key(position);
        let labels = |lang: Lang| -> Vec<String> {
            types
                .iter()
                .map(|c| department_type_label(kb, c, lang).unwrap_or(c).to_owned())
                .collect()
        };
        let (types_zh, types_en) = (labels(Lang::Zh), labels(Lang::En));
        let family = top_family(kb, &types[0]);
        let full = full_name(&city, &name);
        let label = match lang {
            Lang::Zh => full.clone(),
            Lang::En => format!("{full} ({})", types_en.join(", ")),
        };
        let count = |role: &str| {
            per_role
                .get(&(id.clone(), role.to_owned()))
                .copied()
                .unwrap_or(0)
        };
        let attributes = vec![
            ("name".to_owned(), Value::Text(full)),
            ("city".to_owned(), Value::Text(city.clone())),
            ("types".to_owned(), Value::List(types.clone())),
            ("types_zh".to_owned(), Value::List(types_zh)),
            ("types_en".to_owned(), Value::List(types_en)),
            ("family".to_owned(), Value::Text(family.clone())),
            ("tasks_led".to_owned(), Value::Integer(count("lead"))),
            (
                "tasks_joined".to_owned(),
                Value::Integer(count("participant")),
            ),
            (
                "tasks_mentioned".to_owned(),
                Value::Integer(count("mentioned")),
            ),
        ];
        nodes.insert(
            id.clone(),
            Node {
                id,
                label,
                family: Some(family),
                degree: 0,
                strength: 0.0,
                attributes,
            },
        );
    }
    Ok(nodes)
}

/// The department's name with its city: 南通市 + 市民政局 → 南通市民政局,
/// 上海市 + 人民银行上海总部 → 上海市人民银行上海总部.
pub fn full_name(city: &str, name: &str) -> String {
    if name.starts_with(city) {
        return name.to_owned();
    }
    match (city.strip_suffix('市'), name.strip_prefix('市')) {
        (Some(stem), Some(_)) => format!("{stem}{name}"),
        _ => format!("{city}{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_their_city() {
        assert_eq!(full_name("南通市", "市民政局"), "南通市民政局");
        assert_eq!(full_name("上海市", "市教委"), "上海市教委");
        assert_eq!(
            full_name("上海市", "人民银行上海总部"),
            "上海市人民银行上海总部"
        );
        assert_eq!(full_name("南通市", "南通市财政局"), "南通市财政局");
        assert_eq!(
            full_name("南通市", "各县（市）区人民政府"),
            "南通市各县（市）区人民政府"
        );
    }

    #[test]
    fn type_filters_ask_for_a_type_at_either_end() {
        let filters = Resolved {
            department_types: vec!["finance".into()],
            ..Resolved::default()
        };
        assert_eq!(
            type_filter(&filters, &["a", "b"]),
            "FILTER(EXISTS { ?a org:classification/skos:notation ?a_type FILTER(STR(?a_type) IN (\"finance\")) } \
             || EXISTS { ?b org:classification/skos:notation ?b_type FILTER(STR(?b_type) IN (\"finance\")) })"
        );
        assert_eq!(type_filter(&Resolved::default(), &["a"]), "");
    }
}
