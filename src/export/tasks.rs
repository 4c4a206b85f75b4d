//! The task network: tasks and departments (bipartite, `bipartite` 0 for
//! tasks and 1 for departments, as networkx's bipartite functions expect);
//! an edge from a task to each department named in it, carrying the role
//! (lead, participant or mentioned; all three unless `--role` says).
//! Task nodes carry their city, document, position, printed number,
//! section, deadline text, due date, ongoing flag and text.
//!
//! Filters: `--city` (tasks of these cities), `--role`,
//! `--department-type` (departments of these types, and their tasks).
//! Tasks without a department left are not nodes.

use anyhow::Result;

use super::departments::{department_nodes, type_filter};
use super::filters::{role_pairs, Resolved};
use super::sparql::{fill, get, integer, select, Row};
use crate::knowledge::Knowledge;
use crate::labels::Lang;
use crate::model::Role;
use crate::network::{Edge, Network, Node, Shape, Value};
use crate::store::GraphStore;

const TASKS: &str = r#"
SELECT ?t ?city_name ?document ?position ?number ?section ?text ?deadline ?due ?ongoing
WHERE {
  {{CITIES}}
  ?t a eg:Task ;
     eg:city/rdfs:label ?city_name ;
     eg:document/eg:fileName ?document ;
     eg:position ?position ;
     eg:text ?text .
  OPTIONAL { ?t eg:label ?number }
  OPTIONAL { ?t eg:sectionPath ?section }
  OPTIONAL { ?t eg:deadlineText ?deadline }
  OPTIONAL { ?t eg:due ?due }
  OPTIONAL { ?t eg:ongoing ?ongoing }
}
ORDER BY ?city_name ?document ?position
"#;

const EDGES: &str = r#"
SELECT ?t ?dep ?role
WHERE {
  {{CITIES}}
  {{ROLES}}
  ?t a eg:Task ;
     eg:city/rdfs:label ?city_name ;
     ?property ?dep .
  {{TYPES}}
}
"#;

/// The family of the task nodes (departments have their type's).
pub const TASK_FAMILY: &str = "task";

pub fn build(
    store: &GraphStore,
    kb: &Knowledge,
    filters: &Resolved,
    lang: Lang,
) -> Result<Network> {
    let roles = filters.roles_or(&[Role::Lead, Role::Participant, Role::Mentioned]);
    let cities = filters.city_values("city_name");
    let tasks: Vec<Node> = select(store, &fill(TASKS, &[("CITIES", &cities)]))?
        .iter()
        .map(|row| task_node(row, lang))
        .collect();
    let mut departments = department_nodes(store, kb, filters, lang)?;
    for node in departments.values_mut() {
        node.attributes.splice(
            0..0,
            [
                ("kind".to_owned(), Value::Text("department".to_owned())),
                ("bipartite".to_owned(), Value::Integer(1)),
            ],
        );
    }

    let query = fill(
        EDGES,
        &[
            ("CITIES", &cities),
            ("ROLES", &role_pairs("property", "role", &roles)),
            ("TYPES", &type_filter(filters, &["dep"])),
        ],
    );
    let order = |role: &str| roles.iter().position(|r| r.code() == role);
    let task_index = |id: &str| tasks.iter().position(|t| t.id == id);
    let mut rows: Vec<(usize, usize, String)> = select(store, &query)?
        .iter()
        .filter_map(|row| {
            let task = task_index(&get(row, "t"))?;
            let dep = get(row, "dep");
            departments.contains_key(&dep).then_some(())?;
            Some((task, order(&get(row, "role"))?, dep))
        })
        .collect();
    rows.sort();
    // One edge per task and department: the first role (lead before
    // participant before mentioned) if a document gives it two.
    let mut seen = std::collections::HashSet::new();
    rows.retain(|(task, _, dep)| seen.insert((*task, dep.clone())));

    let mut edges = Vec::new();
    let mut used_tasks = vec![false; tasks.len()];
    let mut used_departments: Vec<String> = Vec::new();
    for (task, role, dep) in rows {
        used_tasks[task] = true;
        if !used_departments.contains(&dep) {
            used_departments.push(dep.clone());
        }
        edges.push(Edge {
            source: tasks[task].id.clone(),
            target: dep,
            weight: 1.0,
            label: None,
            attributes: vec![(
                "role".to_owned(),
                Value::Text(roles[role].code().to_owned()),
            )],
        });
    }
    used_departments.sort();
    let mut nodes: Vec<Node> = tasks
        .into_iter()
        .zip(used_tasks)
        .filter(|(_, used)| *used)
        .map(|(node, _)| node)
        .collect();
    nodes.extend(
        used_departments
            .iter()
            .filter_map(|id| departments.remove(id)),
    );
    let mut network = Network::assemble(kb, lang, Shape::SourceTarget, nodes, edges, None);
    for family in &mut network.families {
        if family.id == TASK_FAMILY {
            family.label = lang.pick("任务", "Tasks").to_owned();
        }
    }
    Ok(network)
}

fn task_node(row: &Row, lang: Lang) -> Node {
    let city = get(row, "city_name");
    let position = integer(row, "position");
    let mut attributes = vec![
        ("kind".to_owned(), Value::Text("task".to_owned())),
        ("bipartite".to_owned(), Value::Integer(0)),
        ("city".to_owned(), Value::Text(city.clone())),
        ("document".to_owned(), Value::Text(get(row, "document"))),
        ("position".to_owned(), Value::Integer(position)),
    ];
    for (name, var) in [
        ("number", "number"),
        ("section", "section"),
        ("deadline", "deadline"),
        ("due", "due"),
    ] {
        let value = get(row, var);
        if !value.is_empty() {
            attributes.push((name.to_owned(), Value::Text(value)));
        }
    }
    match get(row, "ongoing").as_str() {
        "true" => attributes.push(("ongoing".to_owned(), Value::Boolean(true))),
        "false" => attributes.push(("ongoing".to_owned(), Value::Boolean(false))),
        _ => {}
    }
    attributes.push(("text".to_owned(), Value::Text(get(row, "text"))));
    Node {
        id: get(row, "t"),
        label: match lang {
            Lang::Zh => format!("{city} 任务{position}"),
            Lang::En => format!("{city} task {position}"),
        },
        family: Some(TASK_FAMILY.to_owned()),
        degree: 0,
        strength: 0.0,
        attributes,
    }
}
