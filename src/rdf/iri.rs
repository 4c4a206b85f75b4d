//! Minting IRIs for resources. Names stay readable (IRIs may hold Chinese);
//! only characters an IRI cannot hold are percent-encoded.

use oxigraph::model::NamedNode;

use super::vocab::{CODE, GRAPH, ID};

/// Encodes one path segment of an IRI.
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let keep = c.is_ascii_alphanumeric()
            || "-._~!$&'()*+,;=:@".contains(c)
            || (is_ucschar(c) && !c.is_whitespace() && c != '\u{feff}');
        if keep {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The non-ASCII characters an IRI path may hold (RFC 3987 `ucschar`): not
/// controls, surrogates, private use, U+FFF0–FFFF (U+FFFD, U+FFFC …) or the
/// noncharacters at the end of each plane.
fn is_ucschar(c: char) -> bool {
    let c = u32::from(c);
    let in_plane = c & 0xffff <= 0xfffd;
    matches!(c, 0xa0..=0xd7ff | 0xf900..=0xfdcf | 0xfdf0..=0xffef)
        || (matches!(c, 0x1_0000..=0xd_ffff | 0xe_1000..=0xe_ffff) && in_plane)
}

fn node(iri: String) -> NamedNode {
    // Every part was encoded by `segment`, so the IRI is valid.
    NamedNode::new_unchecked(iri)
}

pub fn city(name: &str) -> NamedNode {
    node(format!("{ID}city/{}", segment(name)))
}

/// The graph holding what is true of a city and its departments.
pub fn city_graph(name: &str) -> NamedNode {
    node(format!("{GRAPH}city/{}", segment(name)))
}

pub fn department(city: &str, name: &str) -> NamedNode {
    node(format!(
        "{ID}department/{}/{}",
        segment(city),
        segment(name)
    ))
}

/// A document's IRI, which also names the graph that holds what it says.
pub fn document(file_name: &str) -> NamedNode {
    node(format!("{ID}document/{}", segment(document_key(file_name))))
}

pub fn task(file_name: &str, position: usize) -> NamedNode {
    node(format!(
        "{ID}document/{}/task/{position}",
        segment(document_key(file_name))
    ))
}

/// The n-th (1-based) target or funding mention of a document: `kind` is
/// "target" or "funding".
pub fn statement(file_name: &str, kind: &str, n: usize) -> NamedNode {
    node(format!(
        "{ID}document/{}/{kind}/{n}",
        segment(document_key(file_name))
    ))
}

pub fn source_span(file_name: &str, position: usize) -> NamedNode {
    node(format!(
        "{ID}document/{}/task/{position}/source",
        segment(document_key(file_name))
    ))
}

pub fn code(scheme: &str, code: &str) -> NamedNode {
    node(format!("{CODE}{scheme}/{}", segment(code)))
}

/// The file name without its extension: `000_3484524b0a9dfb8d.txt` → `000_3484524b0a9dfb8d`.
fn document_key(file_name: &str) -> &str {
    match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_chinese_and_encodes_what_an_iri_cannot_hold() {
        assert_eq!(segment("市民政局"), "市民政局");
        assert_eq!(segment("县（市、区）政府"), "县（市、区）政府");
        assert_eq!(segment("a b<c>\"{}|"), "a%20b%3Cc%3E%22%7B%7D%7C");
        assert_eq!(segment("x/y"), "x%2Fy");
        assert_eq!(segment("全角\u{3000}空格"), "全角%E3%80%80空格");
        // Found by tests/fuzz_extract.rs: U+FFFD and U+FFFC in a department name.
        assert_eq!(segment("市\u{fffd}局"), "市%EF%BF%BD局");
        assert_eq!(segment("至\u{fffc}"), "至%EF%BF%BC");
    }

    #[test]
    fn every_character_makes_a_valid_iri() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let iri = city(&format!("a{c}b"));
            assert!(
                NamedNode::new(iri.as_str()).is_ok(),
                "U+{:04X}: {iri}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn mints_valid_iris() {
        for iri in [
            city("南通市"),
            department("南通市", "县（市、区）政府（管委会）"),
            document("000_3484524b0a9dfb8d.txt"),
            task("my file [v2].txt", 3),
        ] {
            assert!(NamedNode::new(iri.as_str()).is_ok(), "{iri}");
        }
        assert_eq!(
            document("000_3484524b0a9dfb8d.txt").as_str(),
            "https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d"
        );
    }
}
