//! An external triple store (Fuseki, GraphDB, Virtuoso, Neptune, Oxigraph's
//! own server …) written through the SPARQL 1.1 Graph Store HTTP Protocol:
//! `eldergraph ingest --remote URL`.
//!
//! The local store replaces a document in one transaction: its graph, and
//! the descriptions of the city and departments it names in the city's
//! graph. Over the protocol that becomes, per document:
//!
//! 1. `POST ?graph=<city graph>`: the descriptions are merged into the city's
//!    graph, which other documents share (a PUT would drop their
//!    departments). A description is a function of the city and the name
//!    (label, city, types from the bundled code list), so merging what is
//!    already there changes nothing, and any number of workers may post to
//!    one city at once.
//! 2. `PUT ?graph=<document graph>`: the document's graph replaced whole, so
//!    re-ingesting a file replaces it. It comes second: a reader never sees
//!    a document whose departments are not yet described.
//!
//! The ontology graphs are PUT once per run, before the documents.

use std::time::Duration;

use anyhow::{anyhow, bail, Result};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNodeRef, Quad, Triple};
use ureq::Agent;

use crate::rdf::mapping::DocumentQuads;
use crate::rdf::vocab::PREFIXES;
use crate::shards::by_graph;
use crate::store::ontology_graphs;

/// How long one request may take, connection to last byte.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// A Graph Store Protocol endpoint: `http://HOST:PORT/store` (Oxigraph),
/// `…/DATASET/data` (Fuseki), `…/repositories/REPO/rdf-graphs/service`
/// (GraphDB), `…/sparql/gsp/` (Neptune). `user:password@` in the URL is
/// sent as HTTP basic authentication.
pub struct RemoteStore {
    agent: Agent,
    endpoint: String,
    shown: String,
}

#[derive(Debug, Clone, Copy)]
enum Method {
    /// Replace the graph.
    Put,
    /// Merge into the graph.
    Post,
}

impl RemoteStore {
    pub fn new(endpoint: &str) -> Result<RemoteStore> {
        let lower = endpoint.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            bail!(
                "--remote {endpoint:?}: expected the http:// or https:// URL of a Graph Store \
                 Protocol endpoint (for Oxigraph's server http://HOST:PORT/store, for Fuseki \
                 http://HOST:3030/DATASET/data)"
            );
        }
        if endpoint.contains('#')
            || endpoint.contains("?graph=")
            || endpoint.contains("&graph=")
            || endpoint.ends_with("?default")
        {
            bail!(
                "--remote {}: give the endpoint without ?graph= or ?default (eldergraph \
                 names each graph itself)",
                redact(endpoint)
            );
        }
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .user_agent(concat!("eldergraph/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(RemoteStore {
            agent,
            endpoint: endpoint.to_owned(),
            shown: redact(endpoint),
        })
    }

    /// The endpoint, a password in it masked.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Puts the ontology, code lists and shapes, each in its graph.
    pub fn put_ontology(&self) -> Result<()> {
        for (graph, quads) in ontology_graphs()? {
            self.send(Method::Put, graph.as_ref(), &triples(&quads))?;
        }
        Ok(())
    }

    /// Writes one document: its city descriptions merged (POST), then its
    /// graph replaced (PUT).
    pub fn push_document(&self, graph: NamedNodeRef<'_>, quads: &DocumentQuads) -> Result<()> {
        for (city_graph, city_triples) in by_graph(&quads.city) {
            let GraphName::NamedNode(city_graph) = city_graph else {
                bail!("a city description outside a named graph");
            };
            self.send(Method::Post, city_graph.as_ref(), &city_triples)?;
        }
        self.send(Method::Put, graph, &triples(&quads.document))
    }

    fn url(&self, graph: NamedNodeRef<'_>) -> String {
        let separator = if self.endpoint.ends_with(['?', '&']) {
            ""
        } else if self.endpoint.contains('?') {
            "&"
        } else {
            "?"
        };
        let graph: String = form_urlencoded::byte_serialize(graph.as_str().as_bytes()).collect();
        format!("{}{separator}graph={graph}", self.endpoint)
    }

    fn send(&self, method: Method, graph: NamedNodeRef<'_>, triples: &[Triple]) -> Result<()> {
        let mut body = Vec::new();
        let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
        for (prefix, iri) in PREFIXES {
            serializer = serializer.with_prefix(*prefix, *iri)?;
        }
        let mut writer = serializer.for_writer(&mut body);
        for triple in triples {
            writer.serialize_triple(triple)?;
        }
        writer.finish()?;

        let url = self.url(graph);
        let (verb, request) = match method {
            Method::Put => ("PUT", self.agent.put(&url)),
            Method::Post => ("POST", self.agent.post(&url)),
        };
        let what = || format!("{verb} graph {graph} to {}", self.shown);
        let mut response = request
            .content_type("text/turtle")
            .send(&body[..])
            .map_err(|e| anyhow!("{}: {}", what(), transport_error(&e)))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let text = response.body_mut().read_to_string().unwrap_or_default();
        let text = text.trim();
        let mut excerpt: String = text.chars().take(400).collect();
        if excerpt.len() < text.len() {
            excerpt.push('…');
        }
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(|l| format!(" (redirected to {l}: give that URL)"))
            .unwrap_or_default();
        Err(anyhow!(
            "{}: HTTP {} {}{location}{}{excerpt}",
            what(),
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            if excerpt.is_empty() { "" } else { ": " },
        ))
    }
}

fn triples(quads: &[Quad]) -> Vec<Triple> {
    quads
        .iter()
        .map(|q| Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone()))
        .collect()
}

fn transport_error(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            format!("cannot connect ({io}): is the store running?")
        }
        ureq::Error::Timeout(_) => {
            format!("no answer within {} s ({e})", REQUEST_TIMEOUT.as_secs())
        }
        e => e.to_string(),
    }
}

/// The URL with the password of `user:password@` masked, for messages.
pub fn redact(url: &str) -> String {
    let Some(start) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..end].rfind('@') {
        Some(at) => {
            let userinfo = &url[start..start + at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..start], &url[start + at..])
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            redact("https://ann:s3cret@db.example/ds/data"),
            "https://ann:***@db.example/ds/data"
        );
        assert_eq!(
            redact("http://127.0.0.1:7878/store"),
            "http://127.0.0.1:7878/store"
        );
        assert_eq!(
            redact("http://h/x?u=a@b"),
            "http://h/x?u=a@b",
            "an @ after the host is not userinfo"
        );
    }

    #[test]
    fn graph_parameter_is_appended_and_encoded() {
        let graph = NamedNode::new("https://w3id.org/eldergraph/graph/city/南通市").unwrap();
        let store = RemoteStore::new("http://h:1/store").unwrap();
        assert_eq!(
            store.url(graph.as_ref()),
            "http://h:1/store?graph=https%3A%2F%2Fw3id.org%2Feldergraph%2Fgraph%2Fcity%2F%E5%8D%97%E9%80%9A%E5%B8%82"
        );
        let store = RemoteStore::new("https://h/sparql/gsp/?").unwrap();
        assert!(store
            .url(graph.as_ref())
            .starts_with("https://h/sparql/gsp/?graph="));
        let store = RemoteStore::new("http://h/crud?key=1").unwrap();
        assert!(store
            .url(graph.as_ref())
            .starts_with("http://h/crud?key=1&graph="));
    }

    #[test]
    fn endpoints_are_checked() {
        assert!(RemoteStore::new("localhost:7878/store").is_err());
        assert!(RemoteStore::new("http://h/store?graph=x").is_err());
        assert!(RemoteStore::new("http://h/store?default").is_err());
        assert!(RemoteStore::new("HTTPS://h/store").is_ok());
    }
}
