//! Quantitative targets: indicator, value, unit, comparator and year, from
//! task text and goal sections.
//! STUB: to be written (helper "targets").

use super::passages::Passage;
use crate::knowledge::Knowledge;
use crate::model::Target;

/// The targets stated in a passage, in order.
pub fn targets(_passage: &Passage, _kb: &Knowledge) -> Vec<Target> {
    Vec::new()
}
