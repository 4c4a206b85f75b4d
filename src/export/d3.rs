//! D3 node-link JSON: `{"nodes": [...], "links": [...]}`, links naming
//! their ends by node id, as `d3.forceLink().id(d => d.id)` expects;
//! networkx reads it with `node_link_graph(data, edges="links")`. Written
//! with serde_json.
//!
//! Nodes: `id` (the IRI), `label`, `group` (the family, for a colour
//! scale), `color` (the colour `eldergraph render` gives it), then the
//! attributes. Links: `source`, `target`, `weight`, then the attributes.

use std::io::Write;

use anyhow::Result;
use serde_json::{json, Map, Value as Json};

use super::cytoscape::{add_attributes, edge_data, write_json};
use super::schema::Schema;
use super::Description;
use crate::network::Network;

pub fn write(network: &Network, description: &Description, out: &mut dyn Write) -> Result<()> {
    write_json(&document(network, description), out)
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
            data.insert("label".into(), json!(node.label));
            if let Some(family) = &node.family {
                data.insert("group".into(), json!(family));
            }
            data.insert("color".into(), json!(network.node_colors(node).0));
            add_attributes(&mut data, &schema.node, &node.attributes);
            Json::Object(data)
        })
        .collect();
    let links: Vec<Json> = network
        .edges
        .iter()
        .map(|edge| Json::Object(edge_data(edge, &schema.edge)))
        .collect();
    json!({
        "directed": false,
        "multigraph": false,
        "graph": {
            "name": description.title,
            "network": description.name,
            "lang": description.lang.as_str(),
            "weight": network.weight_column,
        },
        "nodes": nodes,
        "links": links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tiny;
    use crate::network::{NEUTRAL, PALETTE};

    #[test]
    fn exact_d3_json_for_a_tiny_network() {
        let written: Json = serde_json::from_str(&tiny::written(write)).expect("JSON");
        let dt = "https://w3id.org/eldergraph/code/department-type/";
        assert_eq!(
            written,
            json!({
                "directed": false,
                "multigraph": false,
                "graph": { "name": "部门类型合作网络", "network": "partners", "lang": "zh", "weight": "tasks" },
                "nodes": [
                    { "id": format!("{dt}civil-affairs"), "label": "民政", "group": "civil-affairs",
                      "color": PALETTE[0].0, "code": "civil-affairs", "tasks_led": 3, "share": 0.5, "top": true },
                    { "id": format!("{dt}finance"), "label": "财政", "group": "finance",
                      "color": NEUTRAL.0, "code": "finance", "tasks_led": 0 },
                    { "id": "urn:x:aging/1", "label": "老龄 \"办\" & <co>", "group": "civil-affairs",
                      "color": PALETTE[0].0, "code": "aging-office" },
                ],
                "links": [
                    { "source": format!("{dt}civil-affairs"), "target": format!("{dt}finance"),
                      "weight": 4.0, "tasks": 4, "city_list": ["南通市", "常州市"] },
                    { "source": format!("{dt}civil-affairs"), "target": "urn:x:aging/1",
                      "weight": 1.5, "tasks": 1 },
                ],
            })
        );
    }
}
