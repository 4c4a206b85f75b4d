//! Funding mentions: which source pays, how much, on what basis.
//! STUB: to be written (helper "funding").

use super::passages::Passage;
use crate::knowledge::Knowledge;
use crate::model::FundingMention;

/// The funding mentions of a passage, in order.
pub fn funding(_passage: &Passage, _kb: &Knowledge) -> Vec<FundingMention> {
    Vec::new()
}
