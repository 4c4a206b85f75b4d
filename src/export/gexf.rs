//! GEXF 1.2 (<https://gexf.net/>), Gephi's own format, written with
//! quick-xml.
//!
//! Attributes are declared in `<attributes class="node">` and
//! `<attributes class="edge">` with their types (`long`, `double`,
//! `boolean`, `string`); node ids are the IRIs; labels and weights are the
//! elements' own. Each node carries `viz:color` (its family's colour, as in
//! `eldergraph render`) and `viz:size` (by weighted degree), so that Gephi
//! opens it coloured and sized.

use std::io::Write;

use anyhow::Result;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::schema::{xml_safe, xml_text, Attribute, Schema};
use super::{generator, Description};
use crate::network::{format_number_exact, min_max, unit_sqrt, Network, Value};

pub const NAMESPACE: &str = "http://www.gexf.net/1.2draft";
pub const VIZ_NAMESPACE: &str = "http://www.gexf.net/1.2draft/viz";
const SCHEMA_LOCATION: &str = "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd";

/// Smallest and largest `viz:size`.
const SIZES: (f64, f64) = (10.0, 50.0);

pub fn write(network: &Network, description: &Description, out: &mut dyn Write) -> Result<()> {
    let schema = Schema::of(network);
    let (smin, smax) = min_max(network.nodes.iter().map(|n| n.strength));
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("gexf")
        .with_attributes([
            ("xmlns", NAMESPACE),
            ("xmlns:viz", VIZ_NAMESPACE),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", SCHEMA_LOCATION),
            ("version", "1.2"),
        ])
        .write_inner_content(|w| {
            w.create_element("meta").write_inner_content(|w| {
                w.create_element("creator")
                    .write_text_content(BytesText::new(&generator()))?;
                w.create_element("description")
                    .write_text_content(BytesText::new(&xml_safe(&description.title)))?;
                Ok(())
            })?;
            w.create_element("graph")
                .with_attributes([("defaultedgetype", "undirected"), ("mode", "static")])
                .write_inner_content(|w| {
                    declare(w, "node", &schema.node)?;
                    declare(w, "edge", &schema.edge)?;
                    w.create_element("nodes").write_inner_content(|w| {
                        for node in &network.nodes {
                            w.create_element("node")
                                .with_attributes([
                                    ("id", xml_safe(&node.id).as_ref()),
                                    ("label", xml_safe(&node.label).as_ref()),
                                ])
                                .write_inner_content(|w| {
                                    attvalues(w, &schema.node, &node.attributes)?;
                                    let (_, color) = network.node_colors(node);
                                    let (r, g, b) = rgb(color);
                                    w.create_element("viz:color")
                                        .with_attributes([
                                            ("r", r.to_string().as_str()),
                                            ("g", g.to_string().as_str()),
                                            ("b", b.to_string().as_str()),
                                        ])
                                        .write_empty()?;
                                    let size = SIZES.0
                                        + (SIZES.1 - SIZES.0)
                                            * unit_sqrt(node.strength, smin, smax);
                                    w.create_element("viz:size")
                                        .with_attribute(("value", format!("{size:.1}").as_str()))
                                        .write_empty()?;
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                    w.create_element("edges").write_inner_content(|w| {
                        for (i, edge) in network.edges.iter().enumerate() {
                            let id = format!("e{i}");
                            let weight = format_number_exact(edge.weight);
                            let mut element = w.create_element("edge").with_attributes([
                                ("id", id.as_str()),
                                ("source", xml_safe(&edge.source).as_ref()),
                                ("target", xml_safe(&edge.target).as_ref()),
                                ("weight", weight.as_str()),
                            ]);
                            if let Some(label) = &edge.label {
                                element =
                                    element.with_attribute(("label", xml_safe(label).as_ref()));
                            }
                            if edge.attributes.iter().any(|(_, v)| !v.is_empty()) {
                                element.write_inner_content(|w| {
                                    attvalues(w, &schema.edge, &edge.attributes)
                                })?;
                            } else {
                                element.write_empty()?;
                            }
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    w.into_inner().write_all(b"\n")?;
    Ok(())
}

fn declare(
    w: &mut Writer<&mut dyn Write>,
    class: &str,
    attributes: &[Attribute],
) -> std::io::Result<()> {
    if attributes.is_empty() {
        return Ok(());
    }
    w.create_element("attributes")
        .with_attributes([("class", class), ("mode", "static")])
        .write_inner_content(|w| {
            for a in attributes {
                w.create_element("attribute")
                    .with_attributes([
                        ("id", a.name.as_str()),
                        ("title", a.name.as_str()),
                        ("type", a.kind.gexf()),
                    ])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

fn attvalues(
    w: &mut Writer<&mut dyn Write>,
    declared: &[Attribute],
    values: &[(String, Value)],
) -> std::io::Result<()> {
    let present: Vec<(&Attribute, &Value)> = declared
        .iter()
        .filter_map(|a| {
            values
                .iter()
                .find(|(n, v)| n == &a.source && !v.is_empty())
                .map(|(_, v)| (a, v))
        })
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    w.create_element("attvalues").write_inner_content(|w| {
        for (a, v) in present {
            let text = xml_text(v, a.kind);
            w.create_element("attvalue")
                .with_attributes([
                    ("for", a.name.as_str()),
                    ("value", xml_safe(&text).as_ref()),
                ])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// `#rrggbb` (an alpha suffix ignored) → (r, g, b); grey when malformed.
pub fn rgb(hex: &str) -> (u8, u8, u8) {
    let hex = hex.trim_start_matches('#');
    let part = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
    };
    match (part(0), part(2), part(4)) {
        (Some(r), Some(g), Some(b)) => (r, g, b),
        _ => (128, 128, 128),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tiny;

    #[test]
    fn exact_gexf_for_a_tiny_network() {
        let expected = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">
  <meta>
    <creator>{}</creator>
    <description>部门类型合作网络</description>
  </meta>
  <graph defaultedgetype="undirected" mode="static">
    <attributes class="node" mode="static">
      <attribute id="code" title="code" type="string"/>
      <attribute id="tasks_led" title="tasks_led" type="long"/>
      <attribute id="share" title="share" type="double"/>
      <attribute id="top" title="top" type="boolean"/>
    </attributes>
    <attributes class="edge" mode="static">
      <attribute id="tasks" title="tasks" type="long"/>
      <attribute id="city_list" title="city_list" type="string"/>
    </attributes>
    <nodes>
      <node id="https://w3id.org/eldergraph/code/department-type/civil-affairs" label="民政">
        <attvalues>
          <attvalue for="code" value="civil-affairs"/>
          <attvalue for="tasks_led" value="3"/>
          <attvalue for="share" value="0.5"/>
          <attvalue for="top" value="true"/>
        </attvalues>
        <viz:color r="181" g="84" b="28"/>
        <viz:size value="50.0"/>
      </node>
      <node id="https://w3id.org/eldergraph/code/department-type/finance" label="财政">
        <attvalues>
          <attvalue for="code" value="finance"/>
          <attvalue for="tasks_led" value="0"/>
        </attvalues>
        <viz:color r="138" g="150" b="163"/>
        <viz:size value="37.7"/>
      </node>
      <node id="urn:x:aging/1" label="老龄 &quot;办&quot; &amp; &lt;co&gt;">
        <attvalues>
          <attvalue for="code" value="aging-office"/>
        </attvalues>
        <viz:color r="181" g="84" b="28"/>
        <viz:size value="10.0"/>
      </node>
    </nodes>
    <edges>
      <edge id="e0" source="https://w3id.org/eldergraph/code/department-type/civil-affairs" target="https://w3id.org/eldergraph/code/department-type/finance" weight="4">
        <attvalues>
          <attvalue for="tasks" value="4"/>
          <attvalue for="city_list" value="南通市|常州市"/>
        </attvalues>
      </edge>
      <edge id="e1" source="https://w3id.org/eldergraph/code/department-type/civil-affairs" target="urn:x:aging/1" weight="1.5">
        <attvalues>
          <attvalue for="tasks" value="1"/>
        </attvalues>
      </edge>
    </edges>
  </graph>
</gexf>
"#,
            generator()
        );
        assert_eq!(tiny::written(write), expected);
    }

    #[test]
    fn colours_as_rgb() {
        assert_eq!(rgb("#f8c4a4"), (248, 196, 164));
        assert_eq!(rgb("#4a5a6b80"), (74, 90, 107));
        assert_eq!(rgb("red"), (128, 128, 128));
    }
}
