//! The attributes a network's nodes and edges carry, with one type each,
//! as the formats declare them (GraphML `<key attr.type>`, GEXF
//! `<attribute type>`); JSON carries the types in its values.
//!
//! An attribute's type is the narrowest that holds all its values:
//! integers and numbers together are doubles, anything mixed with text is
//! text. Lists are text in XML (items joined by `|`) and arrays in JSON.
//! Names the formats use themselves (`id`, `label`, `weight` …) get an
//! `attr_` prefix.

use crate::network::{Network, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Boolean,
    Integer,
    Double,
    Text,
}

impl Kind {
    fn of(value: &Value) -> Kind {
        match value {
            Value::Boolean(_) => Kind::Boolean,
            Value::Integer(_) => Kind::Integer,
            Value::Number(_) => Kind::Double,
            Value::Text(_) | Value::List(_) => Kind::Text,
        }
    }

    fn merge(self, other: Kind) -> Kind {
        match (self, other) {
            (a, b) if a == b => a,
            (Kind::Integer, Kind::Double) | (Kind::Double, Kind::Integer) => Kind::Double,
            _ => Kind::Text,
        }
    }

    /// GraphML `attr.type`.
    pub fn graphml(self) -> &'static str {
        match self {
            Kind::Boolean => "boolean",
            Kind::Integer => "long",
            Kind::Double => "double",
            Kind::Text => "string",
        }
    }

    /// GEXF attribute `type`.
    pub fn gexf(self) -> &'static str {
        match self {
            Kind::Boolean => "boolean",
            Kind::Integer => "long",
            Kind::Double => "double",
            Kind::Text => "string",
        }
    }
}

/// One declared attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The name in the file.
    pub name: String,
    /// The name in the network.
    pub source: String,
    pub kind: Kind,
    /// Whether some value is a list.
    pub list: bool,
}

/// The node and edge attributes of a network, in order of first use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schema {
    pub node: Vec<Attribute>,
    pub edge: Vec<Attribute>,
}

/// Names the formats give a meaning of their own.
const NODE_RESERVED: &[&str] = &["id", "label", "iri", "name", "group", "color"];
const EDGE_RESERVED: &[&str] = &["id", "source", "target", "weight", "label", "name"];

impl Schema {
    pub fn of(network: &Network) -> Schema {
        Schema {
            node: declare(
                network.nodes.iter().map(|n| n.attributes.as_slice()),
                NODE_RESERVED,
            ),
            edge: declare(
                network.edges.iter().map(|e| e.attributes.as_slice()),
                EDGE_RESERVED,
            ),
        }
    }

    pub fn node_attribute(&self, source: &str) -> Option<&Attribute> {
        self.node.iter().find(|a| a.source == source)
    }

    pub fn edge_attribute(&self, source: &str) -> Option<&Attribute> {
        self.edge.iter().find(|a| a.source == source)
    }
}

fn declare<'a>(
    all: impl Iterator<Item = &'a [(String, Value)]>,
    reserved: &[&str],
) -> Vec<Attribute> {
    let mut declared: Vec<Attribute> = Vec::new();
    for attributes in all {
        for (name, value) in attributes {
            if value.is_empty() {
                continue;
            }
            let kind = Kind::of(value);
            let list = matches!(value, Value::List(_));
            match declared.iter_mut().find(|a| &a.source == name) {
                Some(a) => {
                    a.kind = a.kind.merge(kind);
                    a.list |= list;
                }
                None => {
                    let mut file_name = xml_name(name);
                    if reserved.contains(&file_name.to_ascii_lowercase().as_str()) {
                        file_name = format!("attr_{file_name}");
                    }
                    while declared.iter().any(|a| a.name == file_name) {
                        file_name.push('_');
                    }
                    declared.push(Attribute {
                        name: file_name,
                        source: name.clone(),
                        kind,
                        list,
                    });
                }
            }
        }
    }
    declared
}

/// A value as its declared kind writes it in XML: numbers in full, lists
/// joined by `|`.
pub fn xml_text(value: &Value, kind: Kind) -> String {
    match (value, kind) {
        (Value::Integer(n), Kind::Double) => format!("{n}.0"),
        (v, _) => v.joined(crate::network::LIST_SEPARATOR),
    }
}

/// Whether `c` may appear in an XML name for every XML 1.0 parser and
/// schema validator: ASCII letters, digits, `.`, `-`, `_`, `:` and the CJK
/// ideographs that both the fourth and fifth editions count as letters.
/// (The fifth edition allows far more; validators built on the fourth
/// reject the rest, such as full-width brackets.)
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '\u{4E00}'..='\u{9FA5}')
}

/// A name made of XML name characters (others become `_`), never empty.
pub fn xml_name(name: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| if is_name_char(c) { c } else { '_' })
        .collect();
    if name.is_empty() {
        "_".to_owned()
    } else {
        name
    }
}

/// Whether XML 1.0 allows the character in a document at all.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Text without the characters XML cannot hold (control characters),
/// which no parser would read back.
pub fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().filter(|c| is_xml_char(*c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tiny;

    #[test]
    fn declares_attributes_with_their_types() {
        let schema = Schema::of(&tiny::network());
        let node: Vec<(&str, Kind)> = schema
            .node
            .iter()
            .map(|a| (a.name.as_str(), a.kind))
            .collect();
        assert_eq!(
            node,
            [
                ("code", Kind::Text),
                ("tasks_led", Kind::Integer),
                ("share", Kind::Double),
                ("top", Kind::Boolean),
            ]
        );
        let edge: Vec<(&str, Kind, bool)> = schema
            .edge
            .iter()
            .map(|a| (a.name.as_str(), a.kind, a.list))
            .collect();
        assert_eq!(
            edge,
            [
                ("tasks", Kind::Integer, false),
                ("city_list", Kind::Text, true)
            ]
        );
    }

    #[test]
    fn mixed_values_widen_and_reserved_names_are_renamed() {
        let mut net = tiny::network();
        net.nodes[1]
            .attributes
            .push(("share".into(), Value::Integer(2)));
        net.nodes[2]
            .attributes
            .push(("tasks_led".into(), Value::Text("many".into())));
        net.nodes[2]
            .attributes
            .push(("label".into(), Value::Text("x".into())));
        net.nodes[2]
            .attributes
            .push(("a b".into(), Value::Text("y".into())));
        net.nodes[2]
            .attributes
            .push(("a_b".into(), Value::Text("z".into())));
        let schema = Schema::of(&net);
        assert_eq!(
            schema.node_attribute("share").map(|a| a.kind),
            Some(Kind::Double)
        );
        assert_eq!(
            schema.node_attribute("tasks_led").map(|a| a.kind),
            Some(Kind::Text)
        );
        assert_eq!(
            schema.node_attribute("label").map(|a| a.name.as_str()),
            Some("attr_label")
        );
        assert_eq!(
            schema.node_attribute("a b").map(|a| a.name.as_str()),
            Some("a_b")
        );
        assert_eq!(
            schema.node_attribute("a_b").map(|a| a.name.as_str()),
            Some("a_b_")
        );
        assert_eq!(xml_text(&Value::Integer(2), Kind::Double), "2.0");
        assert_eq!(xml_text(&Value::Number(2.5), Kind::Double), "2.5");
    }

    #[test]
    fn xml_names_and_characters() {
        assert_eq!(xml_name("城市"), "城市");
        assert_eq!(xml_name("a/b c"), "a_b_c");
        assert_eq!(xml_name(""), "_");
        assert_eq!(xml_safe("a\u{1}b\u{FFFE}c"), "abc");
        assert_eq!(xml_safe("第一行\n第二行"), "第一行\n第二行");
    }
}
