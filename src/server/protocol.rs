//! The SPARQL 1.1 Protocol's request forms and content negotiation.

use mediatype::{names, MediaTypeList, ReadParams};
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;

/// What a request asks for: a query or an update, and the dataset.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Operation {
    pub query: Option<String>,
    pub update: Option<String>,
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
    /// `format=` overrides the Accept header: names (csv, tsv, json, xml,
    /// turtle, ntriples, nquads, jsonld, …) or media types. Clients such as
    /// SPARQLWrapper send it more than once (`format=json-ld&format=application/ld+json`):
    /// the values are kept in order, comma-separated, and the first one known wins.
    pub format: Option<String>,
    /// Every other parameter (the values of a canned query's parameters).
    pub others: Vec<(String, String)>,
}

impl Operation {
    /// Reads `application/x-www-form-urlencoded` pairs (a URL's query string or a form body).
    pub fn add_form(&mut self, encoded: &[u8]) {
        for (key, value) in form_urlencoded::parse(encoded) {
            let value = value.into_owned();
            match key.as_ref() {
                "query" => self.query = Some(value),
                "update" => self.update = Some(value),
                "default-graph-uri" => self.default_graphs.push(value),
                "named-graph-uri" => self.named_graphs.push(value),
                "format" => {
                    self.format = Some(match self.format.take() {
                        Some(earlier) => format!("{earlier},{value}"),
                        None => value,
                    })
                }
                other => self.others.push((other.to_owned(), value)),
            }
        }
    }
}

/// How solutions or a boolean are written.
pub fn results_format(accept: Option<&str>, format: Option<&str>) -> Option<QueryResultsFormat> {
    if let Some(f) = format {
        return first_known(f, |name| match name {
            "json" => Some(QueryResultsFormat::Json),
            "xml" => Some(QueryResultsFormat::Xml),
            "csv" => Some(QueryResultsFormat::Csv),
            "tsv" => Some(QueryResultsFormat::Tsv),
            other => QueryResultsFormat::from_media_type(other),
        });
    }
    negotiate(accept, QueryResultsFormat::Json, |m| {
        if m == "application/json" {
            return Some(QueryResultsFormat::Json);
        }
        QueryResultsFormat::from_media_type(m)
    })
}

/// How a graph (CONSTRUCT, DESCRIBE, the service description) is written.
pub fn graph_format(accept: Option<&str>, format: Option<&str>) -> Option<RdfFormat> {
    if let Some(f) = format {
        return first_known(f, |name| match name {
            // Turtle is N3 too; N3 proper is not written.
            "turtle" | "ttl" | "n3" | "text/n3" | "text/rdf+n3" => Some(RdfFormat::Turtle),
            "ntriples" | "nt" => Some(RdfFormat::NTriples),
            "nquads" | "nq" => Some(RdfFormat::NQuads),
            "jsonld" | "json-ld" | "json" => RdfFormat::from_media_type("application/ld+json"),
            "xml" | "rdfxml" | "rdf+xml" => Some(RdfFormat::RdfXml),
            other => RdfFormat::from_media_type(other),
        });
    }
    negotiate(accept, RdfFormat::Turtle, RdfFormat::from_media_type)
}

/// The first of the comma-separated names or media types of `format=` that
/// `known` knows (media-type parameters such as q= are ignored).
fn first_known<F>(format: &str, known: impl Fn(&str) -> Option<F>) -> Option<F> {
    format
        .split(',')
        .map(|item| {
            item.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|item| !item.is_empty())
        .find_map(|item| known(&item))
}

/// The best format the client accepts, by q-value, then by order; the
/// default when the client accepts anything (or sends no Accept).
fn negotiate<F: Copy>(
    accept: Option<&str>,
    default: F,
    known: impl Fn(&str) -> Option<F>,
) -> Option<F> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(default);
    };
    let mut ranked: Vec<(f32, usize, Option<F>)> = Vec::new();
    for (order, media_type) in MediaTypeList::new(accept)
        .filter_map(Result::ok)
        .enumerate()
    {
        let q = media_type
            .get_param(names::Q)
            .and_then(|v| v.as_str().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q <= 0.0 {
            continue;
        }
        let essence = format!("{}/{}", media_type.ty, media_type.subty);
        let essence = match media_type.suffix {
            Some(suffix) => format!("{essence}+{suffix}"),
            None => essence,
        };
        let format = if essence == "*/*" || essence.ends_with("/*") {
            Some(default)
        } else {
            known(&essence)
        };
        if format.is_some() {
            ranked.push((q, order, format));
        }
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().next().and_then(|(_, _, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_results_by_q_value_and_order() {
        assert_eq!(results_format(None, None), Some(QueryResultsFormat::Json));
        assert_eq!(
            results_format(Some("*/*"), None),
            Some(QueryResultsFormat::Json)
        );
        assert_eq!(
            results_format(Some("text/csv"), None),
            Some(QueryResultsFormat::Csv)
        );
        assert_eq!(
            results_format(
                Some("application/sparql-results+xml;q=0.5, text/tab-separated-values"),
                None
            ),
            Some(QueryResultsFormat::Tsv)
        );
        assert_eq!(
            results_format(Some("application/sparql-results+json"), None),
            Some(QueryResultsFormat::Json)
        );
        assert_eq!(results_format(Some("image/png"), None), None);
        assert_eq!(
            results_format(Some("text/html"), Some("csv")),
            Some(QueryResultsFormat::Csv)
        );
    }

    #[test]
    fn negotiates_graphs() {
        assert_eq!(graph_format(None, None), Some(RdfFormat::Turtle));
        assert_eq!(
            graph_format(Some("application/n-triples"), None),
            Some(RdfFormat::NTriples)
        );
        assert_eq!(
            graph_format(Some("application/n-quads"), None),
            Some(RdfFormat::NQuads)
        );
        assert!(matches!(
            graph_format(Some("application/ld+json"), None),
            Some(RdfFormat::JsonLd { .. })
        ));
        // text/plain is N-Triples' historic media type.
        assert_eq!(
            graph_format(Some("text/plain"), None),
            Some(RdfFormat::NTriples)
        );
        assert_eq!(graph_format(Some("image/png"), None), None);
    }

    #[test]
    fn reads_format_as_sparqlwrapper_sends_it() {
        // SPARQLWrapper repeats format= with a name, then with its Accept list.
        let mut op = Operation::default();
        op.add_form(b"format=json-ld&output=json-ld&format=application%2Fld%2Bjson%2Capplication%2Fx-json%2Bld");
        assert_eq!(
            op.format.as_deref(),
            Some("json-ld,application/ld+json,application/x-json+ld")
        );
        assert!(matches!(
            graph_format(Some("text/html"), op.format.as_deref()),
            Some(RdfFormat::JsonLd { .. })
        ));
        assert_eq!(graph_format(None, Some("n3")), Some(RdfFormat::Turtle));
        assert_eq!(
            graph_format(None, Some("rdf+xml,application/rdf+xml")),
            Some(RdfFormat::RdfXml)
        );
        assert_eq!(
            results_format(None, Some("tsv,text/tab-separated-values")),
            Some(QueryResultsFormat::Tsv)
        );
        assert_eq!(
            results_format(None, Some("yaml, text/csv;q=0.5")),
            Some(QueryResultsFormat::Csv)
        );
        // Nothing known: refused, not silently replaced.
        assert_eq!(results_format(None, Some("yaml")), None);
        assert_eq!(graph_format(None, Some("yaml")), None);
    }

    #[test]
    fn reads_every_protocol_parameter() {
        let mut op = Operation::default();
        op.add_form(b"query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fa&named-graph-uri=http%3A%2F%2Fb&named-graph-uri=http%3A%2F%2Fc&format=csv&indicator=x");
        assert_eq!(op.query.as_deref(), Some("ASK {}"));
        assert_eq!(op.default_graphs, ["http://a"]);
        assert_eq!(op.named_graphs, ["http://b", "http://c"]);
        assert_eq!(op.format.as_deref(), Some("csv"));
        assert_eq!(op.others, [("indicator".to_owned(), "x".to_owned())]);
    }
}
