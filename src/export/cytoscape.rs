//! Cytoscape.js JSON (`.cyjs`), which Cytoscape desktop imports (File →
//! Import → Network from File) and cytoscape.js loads as `elements`;
//! written with serde_json.
//!
//! Nodes: `data.id` (the IRI), `data.name` (the label, Cytoscape's display
//! column), then the attributes with JSON types (lists as arrays). Edges:
//! `data.id`, `source`, `target`, `weight`, then the attributes.

use std::io::Write;

use anyhow::Result;
use serde_json::{json, Map, Value as Json};

use super::schema::{Attribute, Schema};
use super::{generator, Description};
use crate::network::{Edge, Network, Value};

pub fn write(network: &Network, description: &Description, out: &mut dyn Write) -> Result<()> {
    write_json(&document(network, description), out)
}

/// Pretty JSON and a final newline.
pub fn write_json(document: &Json, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, document)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The document as a JSON value.
pub fn document(network: &Network, description: &Description) -> Json {
    let schema = Schema::of(network);
    let nodes: Vec<Json> = network
        .nodes
        .iter()
        .map(|node| {
            let mut data = Map::new();
            data.insert("id".into(), json!(node.id));
            data.insert("name".into(), json!(node.label));
            data.insert("label".into(), json!(node.label));
            add_attributes(&mut data, &schema.node, &node.attributes);
            json!({ "data": data })
        })
        .collect();
    let edges: Vec<Json> = network
        .edges
        .iter()
        .enumerate()
        .map(|(i, edge)| {
            let mut data = edge_data(edge, &schema.edge);
            data.insert("id".into(), json!(format!("e{i}")));
            json!({ "data": data })
        })
        .collect();
    json!({
        "format_version": "1.0",
        "generated_by": generator(),
        "target_cytoscapejs_version": "~2.1",
        "data": {
            "name": description.title,
            "network": description.name,
            "lang": description.lang.as_str(),
        },
        "elements": { "nodes": nodes, "edges": edges },
    })
}

/// An edge's ends, weight, label and declared attributes, as JSON fields.
pub fn edge_data(edge: &Edge, declared: &[Attribute]) -> Map<String, Json> {
    let mut data = Map::new();
    data.insert("source".into(), json!(edge.source));
    data.insert("target".into(), json!(edge.target));
    data.insert("weight".into(), json!(edge.weight));
    if let Some(label) = &edge.label {
        data.insert("label".into(), json!(label));
    }
    add_attributes(&mut data, declared, &edge.attributes);
    data
}

/// The declared attributes of an element, typed as JSON.
pub fn add_attributes(
    data: &mut Map<String, Json>,
    declared: &[Attribute],
    values: &[(String, Value)],
) {
    for a in declared {
        if let Some((_, v)) = values.iter().find(|(n, v)| n == &a.source && !v.is_empty()) {
            data.insert(a.name.clone(), json_value(v, a));
        }
    }
}

/// A value as JSON: numbers as numbers (an integer among doubles as a
/// double), lists as arrays (one item as an array of one when the
/// attribute is a list elsewhere).
pub fn json_value(value: &Value, declared: &Attribute) -> Json {
    use super::schema::Kind;
    match (value, declared.kind) {
        (Value::Integer(n), Kind::Double) => json!(*n as f64),
        (Value::Integer(n), Kind::Integer) => json!(n),
        (Value::Number(x), Kind::Double) => json!(x),
        (Value::Boolean(b), Kind::Boolean) => json!(b),
        (Value::List(items), _) => json!(items),
        (v, _) if declared.list => json!([v.joined(crate::network::LIST_SEPARATOR)]),
        (v, _) => json!(v.joined(crate::network::LIST_SEPARATOR)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tiny;

    #[test]
    fn exact_cytoscape_json_for_a_tiny_network() {
        let written: Json = serde_json::from_str(&tiny::written(write)).expect("JSON");
        let dt = "https://w3id.org/eldergraph/code/department-type/";
        assert_eq!(
            written,
            json!({
                "format_version": "1.0",
                "generated_by": generator(),
                "target_cytoscapejs_version": "~2.1",
                "data": { "name": "部门类型合作网络", "network": "partners", "lang": "zh" },
                "elements": {
                    "nodes": [
                        { "data": { "id": format!("{dt}civil-affairs"), "name": "民政", "label": "民政",
                                    "code": "civil-affairs", "tasks_led": 3, "share": 0.5, "top": true } },
                        { "data": { "id": format!("{dt}finance"), "name": "财政", "label": "财政",
                                    "code": "finance", "tasks_led": 0 } },
                        { "data": { "id": "urn:x:aging/1", "name": "老龄 \"办\" & <co>",
                                    "label": "老龄 \"办\" & <co>", "code": "aging-office" } },
                    ],
                    "edges": [
                        { "data": { "id": "e0", "source": format!("{dt}civil-affairs"),
                                    "target": format!("{dt}finance"), "weight": 4.0, "tasks": 4,
                                    "city_list": ["南通市", "常州市"] } },
                        { "data": { "id": "e1", "source": format!("{dt}civil-affairs"),
                                    "target": "urn:x:aging/1", "weight": 1.5, "tasks": 1 } },
                    ],
                },
            })
        );
    }

    #[test]
    fn values_follow_their_declared_type() {
        use crate::export::schema::Kind;
        let declared = |kind, list| Attribute {
            name: "x".into(),
            source: "x".into(),
            kind,
            list,
        };
        assert_eq!(
            json_value(&Value::Integer(2), &declared(Kind::Double, false)),
            json!(2.0)
        );
        assert_eq!(
            json_value(&Value::Text("a".into()), &declared(Kind::Text, true)),
            json!(["a"])
        );
        assert_eq!(
            json_value(&Value::Integer(2), &declared(Kind::Text, false)),
            json!("2")
        );
    }
}
