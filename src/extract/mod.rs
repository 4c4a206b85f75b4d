//! Extraction: text → layout → records → normalised [`Document`].
//! Pure: no I/O and no RDF.

pub mod city;
pub mod deadline;
pub mod departments;
pub mod metadata;
pub mod records;
