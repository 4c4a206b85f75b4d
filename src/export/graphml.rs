//! GraphML (<http://graphml.graphdrawing.org/>), written with quick-xml.
//!
//! Every attribute is declared as a `<key>` with its `attr.type` (`long`,
//! `double`, `boolean`, `string`); the node label is the `label` key, the
//! edge weight the `weight` key (Gephi and Cytoscape read both), and the
//! graph's `network` and `lang` are graph keys.
//!
//! GraphML's schema types node ids as `NMTOKEN`, which cannot hold `/` or
//! `#`: the id is the IRI compacted (`dt:civil-affairs`,
//! `id:department:南通市:市民政局`, `id:document:000_…:task:12`), and the
//! IRI itself is the `iri` key.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::schema::{is_name_char, xml_safe, xml_text, Kind, Schema};
use super::Description;
use crate::knowledge::department_types::SCHEME_IRI;
use crate::network::{format_number_exact, Network};
use crate::rdf::vocab::{CODE, EG, ID};

pub const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";
const SCHEMA_LOCATION: &str =
    "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd";

/// IRI prefixes and their short forms in ids.
const PREFIXES: &[(&str, &str)] = &[
    (SCHEME_IRI, "dt:"),
    (CODE, "code:"),
    (ID, "id:"),
    (EG, "eg:"),
    ("https://", ""),
    ("http://", ""),
];

/// An id as an `NMTOKEN`: known prefixes shortened, `/` and `#` as `:`,
/// other characters a name cannot hold as `_XX` (their UTF-8 bytes).
pub fn nmtoken(id: &str) -> String {
    let (short, rest) = PREFIXES
        .iter()
        .find_map(|(iri, short)| id.strip_prefix(iri).map(|rest| (*short, rest)))
        .unwrap_or(("", id));
    let mut out = String::from(short);
    for c in rest.chars() {
        match c {
            '/' | '#' => out.push(':'),
            c if is_name_char(c) => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("_{b:02X}"));
                }
            }
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// The GraphML ids of the nodes, unique (a clash gets `.2`, `.3` …).
pub fn node_ids(network: &Network) -> HashMap<&str, String> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut ids = HashMap::new();
    for node in &network.nodes {
        let base = nmtoken(&node.id);
        let n = taken.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { base } else { format!("{base}.{n}") };
        ids.insert(node.id.as_str(), id);
    }
    ids
}

pub fn write(network: &Network, description: &Description, out: &mut dyn Write) -> Result<()> {
    let schema = Schema::of(network);
    let ids = node_ids(network);
    let has_edge_labels = network.edges.iter().any(|e| e.label.is_some());
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("graphml")
        .with_attributes([
            ("xmlns", NAMESPACE),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", SCHEMA_LOCATION),
        ])
        .write_inner_content(|w| {
            let key =
                |w: &mut Writer<&mut dyn Write>, id: &str, on: &str, name: &str, kind: Kind| {
                    w.create_element("key")
                        .with_attributes([
                            ("id", id),
                            ("for", on),
                            ("attr.name", name),
                            ("attr.type", kind.graphml()),
                        ])
                        .write_empty()
                        .map(|_| ())
                };
            key(w, "g_network", "graph", "network", Kind::Text)?;
            key(w, "g_lang", "graph", "lang", Kind::Text)?;
            key(w, "n_label", "node", "label", Kind::Text)?;
            key(w, "n_iri", "node", "iri", Kind::Text)?;
            for a in &schema.node {
                key(w, &format!("n_{}", a.name), "node", &a.name, a.kind)?;
            }
            key(w, "e_weight", "edge", "weight", Kind::Double)?;
            if has_edge_labels {
                key(w, "e_label", "edge", "label", Kind::Text)?;
            }
            for a in &schema.edge {
                key(w, &format!("e_{}", a.name), "edge", &a.name, a.kind)?;
            }
            w.create_element("graph")
                .with_attributes([
                    ("id", super::schema::xml_name(&description.name).as_str()),
                    ("edgedefault", "undirected"),
                ])
                .write_inner_content(|w| {
                    w.create_element("desc")
                        .write_text_content(BytesText::new(&xml_safe(&description.title)))?;
                    data(w, "g_network", &description.name)?;
                    data(w, "g_lang", description.lang.as_str())?;
                    for node in &network.nodes {
                        w.create_element("node")
                            .with_attribute(("id", ids[node.id.as_str()].as_str()))
                            .write_inner_content(|w| {
                                data(w, "n_label", &node.label)?;
                                data(w, "n_iri", &node.id)?;
                                for a in &schema.node {
                                    let value = node
                                        .attributes
                                        .iter()
                                        .find(|(n, v)| n == &a.source && !v.is_empty());
                                    if let Some((_, v)) = value {
                                        data(w, &format!("n_{}", a.name), &xml_text(v, a.kind))?;
                                    }
                                }
                                Ok(())
                            })?;
                    }
                    for (i, edge) in network.edges.iter().enumerate() {
                        w.create_element("edge")
                            .with_attributes([
                                ("id", format!("e{i}").as_str()),
                                ("source", ids[edge.source.as_str()].as_str()),
                                ("target", ids[edge.target.as_str()].as_str()),
                            ])
                            .write_inner_content(|w| {
                                data(w, "e_weight", &weight_text(edge.weight))?;
                                if let Some(label) = &edge.label {
                                    data(w, "e_label", label)?;
                                }
                                for a in &schema.edge {
                                    let value = edge
                                        .attributes
                                        .iter()
                                        .find(|(n, v)| n == &a.source && !v.is_empty());
                                    if let Some((_, v)) = value {
                                        data(w, &format!("e_{}", a.name), &xml_text(v, a.kind))?;
                                    }
                                }
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    w.into_inner().write_all(b"\n")?;
    Ok(())
}

/// A weight as a double: 72.0, 3.5.
pub fn weight_text(weight: f64) -> String {
    let text = format_number_exact(weight);
    if text.contains(['.', 'e', 'E']) {
        text
    } else {
        format!("{text}.0")
    }
}

fn data(w: &mut Writer<&mut dyn Write>, key: &str, value: &str) -> std::io::Result<()> {
    w.create_element("data")
        .with_attribute(("key", key))
        .write_text_content(BytesText::new(&xml_safe(value)))
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tiny;

    #[test]
    fn exact_graphml_for_a_tiny_network() {
        let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="g_network" for="graph" attr.name="network" attr.type="string"/>
  <key id="g_lang" for="graph" attr.name="lang" attr.type="string"/>
  <key id="n_label" for="node" attr.name="label" attr.type="string"/>
  <key id="n_iri" for="node" attr.name="iri" attr.type="string"/>
  <key id="n_code" for="node" attr.name="code" attr.type="string"/>
  <key id="n_tasks_led" for="node" attr.name="tasks_led" attr.type="long"/>
  <key id="n_share" for="node" attr.name="share" attr.type="double"/>
  <key id="n_top" for="node" attr.name="top" attr.type="boolean"/>
  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="e_tasks" for="edge" attr.name="tasks" attr.type="long"/>
  <key id="e_city_list" for="edge" attr.name="city_list" attr.type="string"/>
  <graph id="partners" edgedefault="undirected">
    <desc>部门类型合作网络</desc>
    <data key="g_network">partners</data>
    <data key="g_lang">zh</data>
    <node id="dt:civil-affairs">
      <data key="n_label">民政</data>
      <data key="n_iri">https://w3id.org/eldergraph/code/department-type/civil-affairs</data>
      <data key="n_code">civil-affairs</data>
      <data key="n_tasks_led">3</data>
      <data key="n_share">0.5</data>
      <data key="n_top">true</data>
    </node>
    <node id="dt:finance">
      <data key="n_label">财政</data>
      <data key="n_iri">https://w3id.org/eldergraph/code/department-type/finance</data>
      <data key="n_code">finance</data>
      <data key="n_tasks_led">0</data>
    </node>
    <node id="urn:x:aging:1">
      <data key="n_label">老龄 &quot;办&quot; &amp; &lt;co&gt;</data>
      <data key="n_iri">urn:x:aging/1</data>
      <data key="n_code">aging-office</data>
    </node>
    <edge id="e0" source="dt:civil-affairs" target="dt:finance">
      <data key="e_weight">4.0</data>
      <data key="e_tasks">4</data>
      <data key="e_city_list">南通市|常州市</data>
    </edge>
    <edge id="e1" source="dt:civil-affairs" target="urn:x:aging:1">
      <data key="e_weight">1.5</data>
      <data key="e_tasks">1</data>
    </edge>
  </graph>
</graphml>
"#;
        assert_eq!(tiny::written(write), expected);
    }

    #[test]
    fn ids_are_nmtokens_and_unique() {
        assert_eq!(
            nmtoken("https://w3id.org/eldergraph/id/department/南通市/市民政局"),
            "id:department:南通市:市民政局"
        );
        assert_eq!(
            nmtoken("https://w3id.org/eldergraph/id/document/000_ab/task/12"),
            "id:document:000_ab:task:12"
        );
        assert_eq!(
            nmtoken("https://w3id.org/eldergraph/code/role/lead"),
            "code:role:lead"
        );
        assert_eq!(nmtoken("http://example.org/a b%"), "example.org:a_20b_25");
        assert_eq!(nmtoken("各县（市）区"), "各县_EF_BC_88市_EF_BC_89区");
        assert_eq!(nmtoken(""), "_");
        let mut net = tiny::network();
        net.nodes[1].id = "urn:x:aging#1".into();
        let ids = node_ids(&net);
        assert_eq!(ids["urn:x:aging/1"], "urn:x:aging:1.2");
        assert_eq!(ids["urn:x:aging#1"], "urn:x:aging:1");
        assert_eq!(weight_text(72.0), "72.0");
        assert_eq!(weight_text(0.25), "0.25");
    }
}
