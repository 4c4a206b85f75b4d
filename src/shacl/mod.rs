//! SHACL validation of the store, for the subset of SHACL the bundled shapes
//! (`ontology/shapes.ttl`) use: node shapes with `sh:targetClass`; property
//! shapes with an IRI `sh:path` and `sh:minCount`, `sh:maxCount`,
//! `sh:datatype`, `sh:class`, `sh:nodeKind`, `sh:in`, `sh:minInclusive`,
//! `sh:lessThanOrEquals`; SHACL-SPARQL `sh:sparql` SELECT constraints with
//! `$this` (and `sh:prefixes`); `sh:severity`, `sh:message`, `sh:name`,
//! `sh:description`.
//!
//! `shapes` reads the Turtle and refuses any other SHACL term, so the shapes
//! cannot silently use a feature this engine would ignore. `engine` turns each
//! constraint into a SPARQL query on the union default graph. `report` writes
//! the results as a table, as JSON and as a standard `sh:ValidationReport`.

mod engine;
mod report;
mod shapes;
#[cfg(test)]
mod tests;

pub use engine::validate;
pub use report::{term_text, Report, ShapeSummary, ValidationResult, SHAPES_NS};
pub use shapes::{
    sh, Constraint, NodeKind, NodeShape, PropertyShape, Severity, Shapes, SparqlConstraint, SH,
};
