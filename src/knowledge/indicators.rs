//! The indicator code list (SKOS, `ontology/indicators.ttl`) and the keyword
//! matcher that finds which indicator a number in a clause belongs to.
//!
//! All matching knowledge is in the Turtle file: keywords (`skos:hiddenLabel`,
//! "…" for a gap inside the clause), the units a number of the indicator is
//! written with (`eg:writtenUnit`) and its largest plausible value
//! (`eg:maxValue`).

use std::ops::Deref;
use std::str::FromStr;

use anyhow::{bail, Context, Result};

use super::scheme::{fold_label, read_concepts, Concept, FoldedText};
use super::turtle::{TurtleIndex, SKOS_HIDDEN_LABEL};
use crate::model::Decimal;

/// The IRI of the scheme; concept IRIs are this plus the code.
pub const SCHEME_IRI: &str = "https://w3id.org/eldergraph/code/indicator/";
/// The unit as the contract writes it.
pub const UNIT_LABEL: &str = "https://w3id.org/eldergraph/ns#unitLabel";
/// The unit as people read it on a chart's axis, @zh and @en.
pub const UNIT_NAME: &str = "https://w3id.org/eldergraph/ns#unitName";
/// A unit numbers of the indicator are written with (张, %, ‰, 元, ratio, 全覆盖).
pub const WRITTEN_UNIT: &str = "https://w3id.org/eldergraph/ns#writtenUnit";
/// The largest plausible value, in the indicator's unit.
pub const MAX_VALUE: &str = "https://w3id.org/eldergraph/ns#maxValue";
/// The standard (QUDT) unit.
pub const QUDT_UNIT: &str = "http://qudt.org/schema/qudt/unit";
/// The written unit of a coverage that "全覆盖" states (100 %).
pub const FULL_COVERAGE: &str = "全覆盖";
/// The largest gap, in characters, that "…" in a keyword spans.
pub const MAX_GAP: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub concept: Concept,
    /// The unit as `indicators.csv` gives it ("%", "beds per 1000 older people").
    pub unit: String,
    /// The unit in Chinese for people (张/千名老年人), if the list gives one.
    pub unit_zh: Option<String>,
    /// The QUDT unit IRI, where one fits.
    pub standard_unit: Option<String>,
    /// Units its numbers are written with in the documents.
    pub written_units: Vec<String>,
    pub max_value: Option<Decimal>,
}

/// An indicator is a concept with units: `i.code`, `i.zh` read as before.
impl Deref for Indicator {
    type Target = Concept;

    fn deref(&self) -> &Concept {
        &self.concept
    }
}

impl Indicator {
    /// Whether a number written with `unit` can be a value of this indicator.
    pub fn accepts(&self, unit: &str) -> bool {
        self.written_units.iter().any(|u| u == unit)
    }

    /// The unit for people in `lang`: the Chinese name, else the unit.
    pub fn unit_label(&self, lang: crate::labels::Lang) -> &str {
        match lang {
            crate::labels::Lang::Zh => self.unit_zh.as_deref().unwrap_or(&self.unit),
            crate::labels::Lang::En => &self.unit,
        }
    }

    /// Counted per 1000 people: a share written in % is multiplied by 10.
    pub fn per_thousand(&self) -> bool {
        self.unit.contains("per 1000")
    }

    /// Whether `value` (in the indicator's unit) is plausible.
    pub fn plausible(&self, value: Decimal) -> bool {
        value >= Decimal::ZERO && self.max_value.is_none_or(|max| value <= max)
    }
}

/// A keyword found in a text: its byte range and the indicators it names
/// (indices into [`Indicators::all`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordHit {
    pub start: usize,
    pub end: usize,
    /// Characters the keyword's parts cover (gaps excluded): the more
    /// specific keyword wins a tie.
    pub weight: usize,
    pub indicators: Vec<usize>,
}

/// Which match of a keyword to report when it occurs more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurrence {
    /// The match that ends last (for keywords before a number).
    Last,
    /// The match that starts first (for keywords after a number).
    First,
}

/// A keyword: its parts (width-folded, blanks removed), split at "…".
#[derive(Debug)]
struct Keyword {
    parts: Vec<Vec<char>>,
    indicators: Vec<usize>,
    /// Every char of the parts: a text that lacks one cannot hold the keyword.
    chars: CharSet,
}

#[derive(Debug, Default)]
pub struct Indicators {
    indicators: Vec<Indicator>,
    keywords: Vec<Keyword>,
}

impl Indicators {
    pub fn from_turtle(turtle: &str) -> Result<Indicators> {
        let index = TurtleIndex::parse(turtle)?;
        let mut list = Indicators {
            indicators: read_concepts(&index, SCHEME_IRI, |concept| {
                read_indicator(&index, concept)
            })?,
            keywords: Vec::new(),
        };
        for (n, ind) in list.indicators.iter().enumerate() {
            for label in index.literals(&ind.iri, SKOS_HIDDEN_LABEL, None) {
                add_keyword(&mut list.keywords, label, n)
                    .with_context(|| format!("keyword of {}: {label:?}", ind.code))?;
            }
        }
        Ok(list)
    }

    pub fn all(&self) -> &[Indicator] {
        &self.indicators
    }

    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.code == code)
    }

    /// Every keyword found in `text`, one match per keyword (the last or the
    /// first), in keyword order. Byte ranges index `text`.
    pub fn keyword_hits(&self, text: &str, occurrence: Occurrence) -> Vec<KeywordHit> {
        let folded = FoldedText::without_blanks(text);
        let present = CharSet::of(folded.chars().iter().copied());
        self.keywords
            .iter()
            .filter(|k| present.may_hold(&k.chars))
            .filter_map(|k| {
                let (s, e) = match occurrence {
                    Occurrence::Last => match_last(folded.chars(), &k.parts)?,
                    Occurrence::First => match_first(folded.chars(), &k.parts)?,
                };
                // The end is where the next char starts: blanks after the
                // keyword belong to it.
                Some(KeywordHit {
                    start: folded.source_start(s),
                    end: folded.source_start(e),
                    weight: k.parts.iter().map(Vec::len).sum(),
                    indicators: k.indicators.clone(),
                })
            })
            .collect()
    }
}

/// A set of chars that may answer "yes" wrongly, never "no" (a Bloom filter
/// of 1024 bits, one hash): most keywords are ruled out of a sentence by a
/// few word operations instead of a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CharSet([u64; 16]);

impl CharSet {
    fn of(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut bits = [0u64; 16];
        for c in chars {
            // Multiplicative hashing spreads consecutive code points.
            let h = (c as u32).wrapping_mul(0x9E37_79B9) >> 22;
            bits[(h / 64) as usize] |= 1 << (h % 64);
        }
        CharSet(bits)
    }

    /// Whether every char of `other` may be in this set.
    fn may_hold(&self, other: &CharSet) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| b & !a == 0)
    }
}

fn find_from(text: &[char], part: &[char], from: usize) -> Option<usize> {
    if part.is_empty() || part.len() > text.len() {
        return None;
    }
    (from..=text.len() - part.len()).find(|&i| starts_at(text, part, i))
}

/// The last start `i` with `i + part.len() <= until`.
fn rfind_until(text: &[char], part: &[char], until: usize) -> Option<usize> {
    let until = until.min(text.len());
    if part.is_empty() || part.len() > until {
        return None;
    }
    (0..=until - part.len())
        .rev()
        .find(|&i| starts_at(text, part, i))
}

/// Whether the non-empty `part` is at `i`: the first char is compared on its
/// own, since most places differ there and a slice comparison is a call.
fn starts_at(text: &[char], part: &[char], i: usize) -> bool {
    text.get(i) == part.first() && text[i..].starts_with(part)
}

/// The match that ends last: char range (start, end).
fn match_last(text: &[char], parts: &[Vec<char>]) -> Option<(usize, usize)> {
    let mut until = text.len();
    // Try each occurrence of the last part, latest first, until the earlier
    // parts fit within the gaps.
    loop {
        let last = parts.last()?;
        let s = rfind_until(text, last, until)?;
        let end = s + last.len();
        let mut start = s;
        let mut ok = true;
        for part in parts.iter().rev().skip(1) {
            match rfind_until(text, part, start) {
                Some(p) if start - (p + part.len()) <= MAX_GAP => start = p,
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return Some((start, end));
        }
        if s == 0 {
            return None;
        }
        until = end - 1;
    }
}

/// The match that starts first: char range (start, end).
fn match_first(text: &[char], parts: &[Vec<char>]) -> Option<(usize, usize)> {
    let mut from = 0;
    loop {
        let first = parts.first()?;
        let s = find_from(text, first, from)?;
        let mut end = s + first.len();
        let mut ok = true;
        for part in parts.iter().skip(1) {
            match find_from(text, part, end) {
                Some(p) if p - end <= MAX_GAP => end = p + part.len(),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return Some((s, end));
        }
        from = s + 1;
    }
}

/// One keyword may be listed on several concepts: it then names all of them.
fn add_keyword(keywords: &mut Vec<Keyword>, label: &str, index: usize) -> Result<()> {
    let parts: Vec<Vec<char>> = label.split(['…', '⋯']).map(fold_label).collect();
    if parts.iter().any(Vec::is_empty) {
        bail!("empty part");
    }
    match keywords.iter_mut().find(|k| k.parts == parts) {
        Some(k) if !k.indicators.contains(&index) => k.indicators.push(index),
        Some(_) => {}
        None => keywords.push(Keyword {
            chars: CharSet::of(parts.iter().flatten().copied()),
            parts,
            indicators: vec![index],
        }),
    }
    Ok(())
}

/// The indicator's own fields: units and the largest plausible value.
fn read_indicator(index: &TurtleIndex, concept: Concept) -> Result<Indicator> {
    let iri = concept.iri.as_str();
    let max_value = match index.literal(iri, MAX_VALUE, None) {
        Some(v) => Some(Decimal::from_str(&v).with_context(|| format!("eg:maxValue {v:?}"))?),
        None => None,
    };
    let standard_unit = index.iris(iri, QUDT_UNIT).next().map(str::to_owned);
    let written_units: Vec<String> = index
        .literals(iri, WRITTEN_UNIT, None)
        .map(str::to_owned)
        .collect();
    if written_units.is_empty() {
        bail!("no eg:writtenUnit");
    }
    Ok(Indicator {
        unit: index
            .literal(iri, UNIT_LABEL, None)
            .context("no eg:unitLabel")?,
        unit_zh: index.literal(iri, UNIT_NAME, Some("zh")),
        standard_unit,
        written_units,
        max_value,
        concept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Indicators {
        Indicators::from_turtle(include_str!("../../ontology/indicators.ttl")).unwrap()
    }

    const CONTRACT: &str = include_str!("../../tests/contract/indicators.csv");

    #[test]
    fn every_indicator_names_its_unit_in_chinese() {
        use crate::labels::Lang;
        let list = bundled();
        for i in list.all() {
            assert!(i.unit_zh.is_some(), "{}: no eg:unitName in Chinese", i.code);
        }
        let beds = list.get("beds-per-1000-elderly").unwrap();
        assert_eq!(beds.unit_label(Lang::Zh), "张/千名老年人");
        assert_eq!(beds.unit_label(Lang::En), "beds per 1000 older people");
    }

    #[test]
    fn carries_every_contract_row_unchanged_and_in_order() {
        let list = bundled();
        let mut reader = csv::Reader::from_reader(CONTRACT.as_bytes());
        let mut n = 0;
        for (i, row) in reader.records().enumerate() {
            let row = row.unwrap();
            let ind = &list.all()[i];
            assert_eq!(ind.code, &row[0]);
            assert_eq!(ind.zh, &row[1], "{}", &row[0]);
            assert_eq!(ind.en, &row[2], "{}", &row[0]);
            assert_eq!(ind.unit, &row[3], "{}", &row[0]);
            assert_eq!(ind.iri, format!("{SCHEME_IRI}{}", &row[0]));
            n += 1;
        }
        assert_eq!(n, 23);
        // Project codes follow, each with labels, a unit and a keyword.
        assert!(list.all().len() > n);
        for ind in list.all() {
            assert!(!ind.zh.is_empty() && !ind.en.is_empty() && !ind.unit.is_empty());
            assert!(
                list.keywords
                    .iter()
                    .any(|k| k.indicators.contains(&list.index_of(&ind.code).unwrap())),
                "{} has no keyword",
                ind.code
            );
        }
    }

    #[test]
    fn standard_units_where_they_fit() {
        let list = bundled();
        let unit = |code: &str| list.get(code).unwrap().standard_unit.clone();
        assert_eq!(
            unit("nursing-bed-share").as_deref(),
            Some("http://qudt.org/vocab/unit/PERCENT")
        );
        assert_eq!(
            unit("industry-output").as_deref(),
            Some("http://qudt.org/vocab/currency/CNY")
        );
        assert_eq!(
            unit("total-elderly-care-beds").as_deref(),
            Some("http://qudt.org/vocab/unit/NUM")
        );
        assert_eq!(unit("facility-land-per-capita"), None);
        for ind in list.all().iter().filter(|i| i.unit == "%") {
            assert_eq!(
                ind.standard_unit.as_deref(),
                Some("http://qudt.org/vocab/unit/PERCENT"),
                "{}",
                ind.code
            );
            assert!(ind.accepts("%"), "{}", ind.code);
            assert_eq!(ind.max_value, Some(Decimal::ONE_HUNDRED), "{}", ind.code);
        }
    }

    fn named(list: &Indicators, text: &str, occurrence: Occurrence) -> Vec<(String, &'static str)> {
        let mut hits = list.keyword_hits(text, occurrence);
        hits.sort_by_key(|h| (h.start, h.end));
        hits.iter()
            .flat_map(|h| {
                h.indicators
                    .iter()
                    .map(|i| (text[h.start..h.end].to_owned(), leak(&list.all()[*i].code)))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_owned().into_boxed_str())
    }

    #[test]
    fn a_char_set_rules_out_only_what_is_missing() {
        let text = CharSet::of("每千名老年人拥有养老床位数达到40张".chars());
        assert!(text.may_hold(&CharSet::of("养老床位".chars())));
        assert!(text.may_hold(&CharSet::of("千…床位".chars().filter(|c| *c != '…'))));
        assert!(text.may_hold(&CharSet::of([])));
        assert!(!text.may_hold(&CharSet::of("护理型".chars())));
        assert!(!CharSet::of([]).may_hold(&CharSet::of(['床'])));
    }

    #[test]
    fn finds_keywords_with_gaps_last_or_first() {
        let list = bundled();
        let got = named(
            &list,
            "到2020年，社会力量举办或经营的养老机构床位数占比达到",
            Occurrence::Last,
        );
        assert!(got.contains(&(
            "社会力量举办或经营的养老机构床位".to_owned(),
            "social-run-bed-share"
        )));
        let got = named(&list, "护理型床位占养老床位总数达到", Occurrence::Last);
        assert!(got.contains(&("护理型床位".to_owned(), "nursing-bed-share")));
        assert!(got.contains(&("床位总数".to_owned(), "total-elderly-care-beds")));
        // One keyword on two concepts names both.
        let got = named(
            &list,
            "城乡标准化社区居家养老服务中心建成率分别达到",
            Occurrence::Last,
        );
        assert!(got.contains(&(
            "城乡标准化社区居家养老服务中心".to_owned(),
            "urban-community-facility-coverage"
        )));
        assert!(got.contains(&(
            "城乡标准化社区居家养老服务中心".to_owned(),
            "rural-facility-coverage"
        )));
        // Blanks and width do not matter. The keyword names the share and the
        // count: the unit of the number chooses.
        let got = named(&list, "护理型 床位", Occurrence::First);
        assert_eq!(
            got,
            vec![
                ("护理型 床位".to_owned(), "nursing-bed-share"),
                ("护理型 床位".to_owned(), "nursing-care-beds")
            ]
        );
        // A gap longer than the limit is no match.
        let far = format!("社会力量举办或经营{}床位", "的".repeat(MAX_GAP + 1));
        assert!(named(&list, &far, Occurrence::Last)
            .iter()
            .all(|(_, c)| *c != "social-run-bed-share"));
    }

    #[test]
    fn last_and_first_occurrences() {
        let parts = vec![vec!['a'], vec!['b']];
        let text: Vec<char> = "ab xab b".chars().collect();
        assert_eq!(match_last(&text, &parts), Some((4, 8)));
        assert_eq!(match_first(&text, &parts), Some((0, 2)));
        let text: Vec<char> = "ba".chars().collect();
        assert_eq!(match_last(&text, &parts), None);
        assert_eq!(match_first(&text, &parts), None);
        assert_eq!(match_last(&[], &parts), None);
    }

    #[test]
    fn accepts_written_units_and_plausible_values() {
        let list = bundled();
        let beds = list.get("beds-per-1000-elderly").unwrap();
        assert!(beds.accepts("张") && beds.accepts("‰") && beds.accepts("%"));
        assert!(!beds.accepts("名"));
        assert!(beds.per_thousand());
        assert!(beds.plausible(Decimal::from(40)));
        assert!(!beds.plausible(Decimal::from(175_000)));
        let workers = list.get("social-workers-per-1000-elderly").unwrap();
        assert!(workers.accepts("名") && !workers.accepts("张"));
        let urban = list.get("urban-community-facility-coverage").unwrap();
        assert!(urban.accepts(FULL_COVERAGE));
        assert!(!list
            .get("nursing-bed-share")
            .unwrap()
            .accepts(FULL_COVERAGE));
    }

    #[test]
    fn rejects_broken_lists() {
        assert!(Indicators::from_turtle("not turtle").is_err());
        let head = r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            @prefix eg: <https://w3id.org/eldergraph/ns#> .
            @prefix ind: <https://w3id.org/eldergraph/code/indicator/> ."#;
        let no_unit = format!(
            r#"{head} ind:x a skos:Concept ; skos:notation "x" ;
              skos:prefLabel "x"@zh, "x"@en ; eg:writtenUnit "%" ."#
        );
        assert!(Indicators::from_turtle(&no_unit).is_err());
        let bad_max = format!(
            r#"{head} ind:x a skos:Concept ; skos:notation "x" ; eg:unitLabel "%" ;
              skos:prefLabel "x"@zh, "x"@en ; eg:writtenUnit "%" ; eg:maxValue "lots" ."#
        );
        assert!(Indicators::from_turtle(&bad_max).is_err());
        let empty_part = format!(
            r#"{head} ind:x a skos:Concept ; skos:notation "x" ; eg:unitLabel "%" ;
              skos:prefLabel "x"@zh, "x"@en ; eg:writtenUnit "%" ; skos:hiddenLabel "a……b" ."#
        );
        assert!(Indicators::from_turtle(&empty_part).is_err());
        let wrong_iri = format!(
            r#"{head} ind:x a skos:Concept ; skos:notation "y" ; eg:unitLabel "%" ;
              skos:prefLabel "x"@zh, "x"@en ; eg:writtenUnit "%" ."#
        );
        assert!(Indicators::from_turtle(&wrong_iri).is_err());
    }
}
