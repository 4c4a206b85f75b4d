//! The mapping of the domain model to RDF, in one place.

pub mod iri;
pub mod mapping;
pub mod vocab;

pub use mapping::{document_graph, document_quads, DocumentQuads};
