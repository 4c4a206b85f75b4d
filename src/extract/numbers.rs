//! Numbers as policy documents write them: Arabic or Chinese numerals,
//! 万/亿 multipliers, fractions (三分之一), percentages (％), per-mille (‰),
//! ranges (15至20, 20-50万元) and ratios (1︰3).
//! STUB: to be written (helper "targets").

use crate::model::Decimal;

/// A number found in a sentence, with the unit written after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The value written out: 7万 → 70000, 三分之一 → 33.33 (a share in %).
    pub value: Decimal,
    /// The upper bound of a range ("15至20平方米": 15 with upper 20).
    pub upper: Option<Decimal>,
    /// What follows the number: "张", "%", "‰", "元", "平方米" … (万/亿 already applied).
    pub unit: String,
    /// Byte range of the quantity in the sentence.
    pub start: usize,
    pub end: usize,
}

/// Every quantity in a sentence, in order.
pub fn quantities(_sentence: &str) -> Vec<Quantity> {
    Vec::new()
}

/// Parses one number: "21688", "1.2万", "三", "两百", "30亿" …
pub fn parse_number(_text: &str) -> Option<Decimal> {
    None
}
