//! eldergraph: Chinese municipal elderly-care policy documents as a
//! knowledge graph.
//!
//! Data flows one way, one module per stage:
//! `text` (bytes → lines; `html` for a web page's text) → `extract` (layout detection → records →
//! normalised `model`) → `rdf` (model → quads) → `store` (Oxigraph) →
//! `query` (SPARQL, result formats) → `cli`; `shacl` validates the store
//! against the shapes of `ontology/shapes.ttl`.
//! `knowledge` holds the data-driven parts (code lists, gazetteer, lexicon).
//! For the web workbench: `labels` (code labels in zh/en) and `network`
//! (query results drawn as a network with Graphviz). For analysts' tools:
//! `export` (networks of the store in GraphML, GEXF, Cytoscape and D3 JSON,
//! DOT) and `chart` (indicator targets as SVG bar charts).

pub mod canned;
pub mod chart;
pub mod cli;
pub mod export;
pub mod extract;
pub mod html;
pub mod ingest;
pub mod knowledge;
pub mod labels;
pub mod model;
pub mod network;
pub mod ordering;
pub mod query;
pub mod rdf;
pub mod remote;
pub mod server;
pub mod shacl;
pub mod shards;
pub mod store;
pub mod text;
