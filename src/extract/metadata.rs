//! Title, issuing body, document number and date of issue.
//! STUB: to be written (helper "city-metadata-deadline").

use crate::model::Metadata;

/// Metadata from the document's lines (already normalised, see `text`).
pub fn extract_metadata(_lines: &[&str]) -> Metadata {
    Metadata::default()
}
