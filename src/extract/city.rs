//! Which city a document belongs to: named in the title or opening lines, or
//! inferred from the districts and places it mentions (gazetteer).
//! STUB: to be written (helper "city-metadata-deadline").

use crate::knowledge::Knowledge;
use crate::model::CitySource;

/// The city (full name, 南通市) and how it was found; `None` when neither the
/// title nor the places mentioned tell.
pub fn detect_city(
    _title: Option<&str>,
    _text: &str,
    _kb: &Knowledge,
) -> Option<(String, CitySource)> {
    None
}
