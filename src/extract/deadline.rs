//! The time-progress cell: due date and ongoing flag.
//! STUB: to be written (helper "city-metadata-deadline").

use crate::knowledge::Knowledge;
use crate::model::Deadline;

/// Interprets a time-progress text. `reference_year` (the year the document
/// was issued) resolves wordings without a year such as "年内" or "6月底前".
pub fn parse_deadline(text: &str, _reference_year: Option<i32>, _kb: &Knowledge) -> Deadline {
    Deadline {
        text: text.trim().to_owned(),
        due: None,
        ongoing: false,
    }
}
