//! Quantitative targets: indicator, value, unit, comparator and year, from
//! task text and goal sections.
//!
//! How a sentence is read:
//!
//! * **Numbers** are those of [`numbers::quantities`] with a unit, plus
//!   "全覆盖", which states a coverage of 100 %. A bare number ("6000/床") is
//!   no target.
//! * **Indicator**: the sentence is cut into clauses at ，；。：! ? (not at 、,
//!   so lists stay together). The indicator is named by the keyword of
//!   `ontology/indicators.ttl` nearest before the number, between the clause
//!   start (or the previous number of the clause) and the number, among the
//!   indicators whose written units include the number's unit and for which
//!   the value is plausible. When there is none before, the first keyword
//!   after the number up to the next number or the clause end
//!   ("50%以上的行政村建立农村幸福院", "7万个以上就业岗位"); a number before
//!   its subject ("90%以上的城市社区和60%以上的农村社区建立…设施") takes a
//!   keyword that starts before the next number and may end past it; then the nearest
//!   earlier clause of the sentence that holds no number of its own
//!   ("社区老年助餐服务场所总量实现“翻番”，达到 1600 家"), where a keyword may
//!   also begin in the clause right before and end in the number's own
//!   ("推进社区养老服务中心建设，实现城市社区全覆盖"). A number that follows
//!   another with only 、/和/及 between takes its indicator ("30‰、40‰").
//!   A clause that names nothing, holding before its number only years,
//!   verbs and comparators (`ellipsis-word` of `ontology/lexicon.csv`),
//!   restates the indicator of the number before it ("…占比2020年达到30%，
//!   2025年达到50%"); with a place word (`ellipsis-scope`) it restates that
//!   number's subject moved to its place ("城市社区…覆盖率达到100%，农村达到
//!   60%以上": 城市 read as 农村); with a share word (`share-word`) it
//!   restates that number's subject with the word after it ("护理型床位达到
//!   1.2万张，占比达到60%": 护理型床位占比).
//!   A keyword naming two indicators (城乡…) gives both, or with 分别 shares
//!   them out over the numbers that follow, in order ("城乡…建成率分别达到80%、40%").
//! * **Value**: written out by `numbers`; % for an indicator counted per 1000
//!   is multiplied by 10 ("不低于户籍老年人口3%" → 30); ‰ is taken as is;
//!   全覆盖 is 100. A range gives two targets, the lower bound `>=` and the
//!   upper one `<=`. A ratio a︰b is b per a ("1︰3" → 3): a bound on the
//!   ratio a︰b ("不低于1︰3") is the opposite bound on b per a (at most 3).
//! * **Comparator**: 以上/及以上 after the number, or 不低于/不少于/至少/超过/
//!   突破/高于/多于 shortly before it, give `>=` (超过 "more than" has no strict
//!   comparator of its own); 以下/以内/不超过/不高于/控制在 `<=`; 左右/上下 after or
//!   约 right before `~`; otherwise `=`. A number in brackets restating the
//!   one before it ("3%(17.5 万张)") shares its comparator.
//! * **Year**: the last due year named before the number, in the sentence or
//!   carried over from the passage's earlier sentences ("2015年，…。养老护理员
//!   岗前培训率达到60%" is 2015). A year that starts something ("自2015年开始",
//!   "从2015年起", "2015年以来") or closes the past ("截至2015年") is no due
//!   year and clears the carried one; what the sentence states after one that
//!   closes the past, up to a due year, reports it. A list of years pairs with a list of
//!   numbers ("到2015年、2020年…30‰、40‰": 30 by 2015, 40 by 2020). A
//!   five-year plan is due at its end ("到“十四五”末" is 2025). A year a change
//!   is measured from ("较2015年", "比“十二五”末") is no year of the sentence.
//!   (A target due before the document was issued is an achievement: the
//!   caller drops it, as it drops what a review section (发展基础) states.)
//! * **Not targets**: numbers of a clause that reports the past (已达到, 已建成,
//!   目前, 截至, "十二五"; but 已建成的住宅区 only describes); where a change starts
//!   ("由45%提高到60%": 45, and the year of "由2020年的45%"); amounts in 元 in a clause about a
//!   subsidy or reward (补助, 补贴, 奖励, 每张, 每人 …), while 授信规模不低于30亿元
//!   and 产值达到100亿元 are targets; 全覆盖 "on the basis of" an existing state
//!   ("在街镇全覆盖的基础上", unless 确保) or of a subset ("千人以上行政村全覆盖").
//!   Each of these word lists is a kind of `ontology/lexicon.csv` (past-marker,
//!   past-adjectival, change-from/-verb/-to, subsidy-marker, baseline-marker,
//!   baseline-commitment, subset-marker).

use std::collections::HashMap;

use super::numbers::{self, YearMention, RATIO};
use super::passages::{Passage, Sentence};
use crate::knowledge::indicators::{Indicators, KeywordHit, Occurrence, FULL_COVERAGE};
use crate::knowledge::lexicon::{kind, Lexicon};
use crate::knowledge::Knowledge;
use crate::model::{Comparator, Decimal, Source, Target};

/// The targets stated in a passage, in order.
pub fn targets(passage: &Passage, kb: &Knowledge) -> Vec<Target> {
    let mut out = Vec::new();
    let mut year = None;
    for sentence in passage.sentences() {
        out.extend(sentence_targets(&sentence, passage.task, kb, &mut year));
    }
    out
}

/// The targets of one sentence. `year` is the due year carried from the
/// sentences before; it is updated with the years this sentence names.
pub fn sentence_targets(
    sentence: &Sentence<'_>,
    task: Option<usize>,
    kb: &Knowledge,
    year: &mut Option<i32>,
) -> Vec<Target> {
    let indicators = &kb.indicators;
    let reader = Reader::new(sentence.text, kb, *year);
    *year = reader.year_after();
    let source = Source {
        sentence: sentence.text.to_owned(),
        line: sentence.line,
        task,
    };
    let mut out: Vec<Target> = Vec::new();
    for t in reader.read() {
        let target = Target {
            indicator: indicators.all()[t.indicator].code.clone(),
            unit: indicators.all()[t.indicator].unit.clone(),
            value: t.value.normalize(),
            comparator: t.comparator,
            year: t.year,
            source: source.clone(),
        };
        let dup = out.iter().any(|o| {
            o.indicator == target.indicator
                && o.value == target.value
                && o.comparator == target.comparator
                && o.year == target.year
        });
        if !dup {
            out.push(target);
        }
    }
    out
}

/// A target before it is dressed with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    indicator: usize,
    value: Decimal,
    comparator: Comparator,
    year: Option<i32>,
}

/// A number of the sentence: a quantity with a unit, or 全覆盖.
#[derive(Debug, Clone)]
struct Item {
    value: Decimal,
    upper: Option<Decimal>,
    /// The written unit; [`FULL_COVERAGE`] for 全覆盖.
    unit: String,
    start: usize,
    end: usize,
}

impl Item {
    fn full(&self) -> bool {
        self.unit == FULL_COVERAGE
    }
}

/// The keyword that names a number's indicators, and where it stands.
#[derive(Debug, Clone)]
struct Choice {
    start: usize,
    end: usize,
    indicators: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearKind {
    Due,
    /// Starts something: no due year.
    NotDue,
    /// Closes the past ("截至2020年底，…"): no due year, and what the
    /// sentence states after it, up to a due year, is a report.
    Past,
}

/// Where an item's indicators were named: the subject (from the start of
/// the keyword's clause to the keyword's end) that an elliptical clause
/// after it restates.
#[derive(Debug, Clone)]
struct Named {
    subject: (usize, usize),
    indicators: Vec<usize>,
}

/// What the reader has found of each item so far, by item index.
struct SoFar {
    /// The indicators and comparator each item got.
    given: Vec<Option<(Vec<usize>, Comparator)>>,
    /// Where the text an item used ends (past a keyword after it).
    consumed: Vec<usize>,
    /// The subject each item's indicators were named by.
    named: Vec<Option<Named>>,
    /// Indicators shared out to later items by 分别.
    shared: HashMap<usize, usize>,
}

impl SoFar {
    fn new(items: usize, ends: impl Iterator<Item = usize>) -> SoFar {
        SoFar {
            given: vec![None; items],
            consumed: ends.collect(),
            named: vec![None; items],
            shared: HashMap::new(),
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    indicators: &'a Indicators,
    lexicon: &'a Lexicon,
    carried: Option<i32>,
    items: Vec<Item>,
    /// Byte ranges of the clauses, in order.
    clauses: Vec<(usize, usize)>,
    years: Vec<(YearMention, YearKind)>,
}

const SEPARATORS: &[char] = &['、', '和', '及', '与', '或', ' ', '\u{3000}'];

/// How far (in bytes) before a number a comparator word may stand.
const COMPARATOR_REACH: usize = 3 * 14;

impl<'a> Reader<'a> {
    fn new(text: &'a str, kb: &'a Knowledge, carried: Option<i32>) -> Reader<'a> {
        // An age (60岁以上老人) qualifies a subject: no number of a target.
        let qualifiers = kb.lexicon.words(kind::QUALIFIER_UNIT);
        let mut items: Vec<Item> = numbers::quantities(text)
            .into_iter()
            .filter(|q| !q.unit.is_empty() && !qualifiers.contains(&q.unit))
            .map(|q| Item {
                value: q.value,
                upper: q.upper,
                unit: q.unit,
                start: q.start,
                end: q.end,
            })
            .collect();
        for (start, _) in text.match_indices(FULL_COVERAGE) {
            items.push(Item {
                value: Decimal::ONE_HUNDRED,
                upper: None,
                unit: FULL_COVERAGE.to_owned(),
                start,
                end: start + FULL_COVERAGE.len(),
            });
        }
        items.sort_by_key(|i| i.start);
        let mut years: Vec<(YearMention, YearKind)> = numbers::years(text)
            .into_iter()
            .chain(numbers::plan_periods(text))
            .filter(|y| !is_reference_point(text, y))
            .map(|y| (y, year_kind(text, &y)))
            .collect();
        years.sort_by_key(|(y, _)| y.start);
        Reader {
            text,
            indicators: &kb.indicators,
            lexicon: &kb.lexicon,
            carried,
            clauses: clauses(text),
            items,
            years,
        }
    }

    /// The due year after the whole sentence.
    fn year_after(&self) -> Option<i32> {
        match self.years.last() {
            Some((y, YearKind::Due)) => Some(y.year),
            Some((_, YearKind::NotDue | YearKind::Past)) => None,
            None => self.carried,
        }
    }

    fn clause_of(&self, at: usize) -> usize {
        self.clauses
            .iter()
            .position(|(s, e)| (*s..*e).contains(&at))
            .unwrap_or(self.clauses.len().saturating_sub(1))
    }

    fn read(&self) -> Vec<Found> {
        let mut out = Vec::new();
        let mut so_far = SoFar::new(self.items.len(), self.items.iter().map(|i| i.end));
        for (k, item) in self.items.iter().enumerate() {
            let clause = self.clause_of(item.start);
            let (cs, ce) = self
                .clauses
                .get(clause)
                .copied()
                .unwrap_or((0, self.text.len()));
            let (before, after) = (&self.text[cs..item.start], &self.text[item.end.min(ce)..ce]);
            if self.skipped(item, &self.text[cs..ce], before) {
                continue;
            }
            let prev = k
                .checked_sub(1)
                .filter(|p| self.clause_of(self.items[*p].start) == clause);
            let window_start = prev
                .map_or(cs, |p| so_far.consumed[p].max(cs))
                .min(item.start);
            let Some(chosen) = self.indicators_of(k, item, clause, window_start, prev, &mut so_far)
            else {
                continue;
            };
            let mut comparator = self.comparator(item, window_start);
            if let Some(p) = prev.filter(|p| self.restates(*p, item)) {
                if let Some((_, c)) = &so_far.given[p] {
                    comparator = *c;
                }
            }
            so_far.given[k] = Some((chosen.clone(), comparator));
            // A report or a change's start names indicators that an
            // elliptical clause after it may go on with; it is no target.
            if self.after_closing_year(item) || is_start_of_change(before, after, self.lexicon) {
                continue;
            }
            let year = self.year_at(k);
            for ind in chosen {
                out.extend(self.found(ind, item, comparator, year));
            }
        }
        out
    }

    /// The indicators of item `k`, in this order: shared out by 分别 before;
    /// continuing a list ("30‰、40‰"); a place word restating the subject
    /// before ("…覆盖率城市达到90%、农村达到60%"); a keyword ([`Self::choose`]);
    /// a place word qualifying a subject without one; an elliptical clause.
    /// Records what it used in `so_far`.
    fn indicators_of(
        &self,
        k: usize,
        item: &Item,
        clause: usize,
        window_start: usize,
        prev: Option<usize>,
        so_far: &mut SoFar,
    ) -> Option<Vec<usize>> {
        if let Some(i) = so_far.shared.get(&k) {
            return Some(vec![*i]);
        }
        let before = &self.text[window_start..item.start];
        if let Some(inherited) = self.continued(prev, &so_far.given, before, item) {
            so_far.named[k] = prev.and_then(|p| so_far.named[p].clone());
            return Some(inherited);
        }
        if let Some(moved) = self.elliptical(k, item, so_far, true) {
            so_far.named[k] = so_far.named[k - 1].clone();
            return Some(moved);
        }
        if let Some(choice) = self.choose(k, item, window_start, clause) {
            return Some(self.chosen(k, item, choice, so_far));
        }
        if let Some(found) = self.placed(item, window_start) {
            let indicators = found.indicators.clone();
            so_far.named[k] = Some(found);
            return Some(indicators);
        }
        let restated = self.elliptical(k, item, so_far, false)?;
        so_far.named[k] = so_far.named[k - 1].clone();
        Some(restated)
    }

    /// The indicators of a keyword chosen for item `k`: all it names, or
    /// with 分别 one per number of the list that follows ("城乡…分别达到
    /// 80%、40%"), the others kept in `so_far` for the numbers after.
    fn chosen(&self, k: usize, item: &Item, choice: Choice, so_far: &mut SoFar) -> Vec<usize> {
        let (subject_start, _) = self.clauses[self.clause_of(choice.start)];
        so_far.named[k] = Some(Named {
            subject: (subject_start.min(choice.start), choice.end),
            indicators: choice.indicators.clone(),
        });
        if choice.start >= item.end {
            so_far.consumed[k] = choice.end;
        }
        let found = choice.indicators;
        let between = &self.text[choice.start.min(item.start)..item.start];
        if found.len() < 2 || !between.contains("分别") {
            return found;
        }
        let run = self.run_from(k);
        if run.len() != found.len() {
            return found;
        }
        for (j, other) in run.iter().enumerate().skip(1) {
            so_far.shared.insert(*other, found[j]);
        }
        vec![found[0]]
    }

    /// The targets one item gives for one indicator (two for a range).
    fn found(
        &self,
        ind: usize,
        item: &Item,
        comparator: Comparator,
        year: Option<i32>,
    ) -> Vec<Found> {
        let indicator = &self.indicators.all()[ind];
        let convert = |v: Decimal| {
            if item.full() {
                Some(Decimal::ONE_HUNDRED)
            } else if indicator.per_thousand() && item.unit == "%" {
                v.checked_mul(Decimal::TEN)
            } else {
                Some(v)
            }
        };
        let Some(value) = convert(item.value) else {
            return Vec::new();
        };
        let comparator = if item.unit == RATIO {
            flip(comparator)
        } else {
            comparator
        };
        match item.upper.and_then(convert) {
            Some(upper) => vec![
                Found {
                    indicator: ind,
                    value,
                    comparator: Comparator::AtLeast,
                    year,
                },
                Found {
                    indicator: ind,
                    value: upper,
                    comparator: Comparator::AtMost,
                    year,
                },
            ],
            None => vec![Found {
                indicator: ind,
                value,
                comparator,
                year,
            }],
        }
    }

    /// Whether the last year before the item closes the past ("截至2020年底，
    /// 全市养老床位达到3万张"): the item reports it.
    fn after_closing_year(&self, item: &Item) -> bool {
        self.years
            .iter()
            .rfind(|(y, _)| y.end <= item.start)
            .is_some_and(|(_, kind)| *kind == YearKind::Past)
    }

    /// Whether the item is no target at all: past, subsidy, a baseline or a
    /// qualified 全覆盖. `clause_before` is the clause's text before the item.
    fn skipped(&self, item: &Item, clause: &str, clause_before: &str) -> bool {
        if reports_past(clause, self.lexicon) {
            return true;
        }
        if item.unit == "元" && self.lexicon.mentions(kind::SUBSIDY_MARKER, clause) {
            return true;
        }
        if item.full() {
            let lexicon = self.lexicon;
            if lexicon.mentions(kind::BASELINE_MARKER, clause)
                && !lexicon.mentions(kind::BASELINE_COMMITMENT, clause)
            {
                return true;
            }
            if lexicon.mentions(kind::SUBSET_MARKER, clause_before) {
                return true;
            }
        }
        false
    }

    /// The indicators of the previous item of the clause, when only a
    /// separator stands between them ("30‰、40‰").
    fn continued(
        &self,
        prev: Option<usize>,
        given: &[Option<(Vec<usize>, Comparator)>],
        before: &str,
        item: &Item,
    ) -> Option<Vec<usize>> {
        let p = prev?;
        if !before.chars().all(|c| SEPARATORS.contains(&c)) || before.is_empty() {
            return None;
        }
        if self.items[p].unit != item.unit {
            return None;
        }
        let (inds, _) = given[p].as_ref()?;
        let ok: Vec<usize> = inds
            .iter()
            .copied()
            .filter(|i| self.fits(*i, item))
            .collect();
        (!ok.is_empty()).then_some(ok)
    }

    /// The indices of the items from `k` on that form a list with it: same
    /// clause and unit, only separators between.
    fn run_from(&self, k: usize) -> Vec<usize> {
        let mut run = vec![k];
        let clause = self.clause_of(self.items[k].start);
        for j in k + 1..self.items.len() {
            let (a, b) = (&self.items[j - 1], &self.items[j]);
            let between = &self.text[a.end.min(b.start)..b.start];
            if self.clause_of(b.start) != clause
                || b.unit != self.items[k].unit
                || !between.chars().all(|c| SEPARATORS.contains(&c))
            {
                break;
            }
            run.push(j);
        }
        run
    }

    /// Whether the item is in brackets right after item `p`, restating it.
    fn restates(&self, p: usize, item: &Item) -> bool {
        let between = &self.text[self.items[p].end.min(item.start)..item.start];
        matches!(between.trim(), "(" | "（")
    }

    fn fits(&self, ind: usize, item: &Item) -> bool {
        let indicator = &self.indicators.all()[ind];
        if !indicator.accepts(&item.unit) {
            return false;
        }
        let scale = if indicator.per_thousand() && item.unit == "%" {
            Decimal::TEN
        } else {
            Decimal::ONE
        };
        let value = if item.full() {
            Decimal::ONE_HUNDRED
        } else {
            item.value.checked_mul(scale).unwrap_or(Decimal::MAX)
        };
        let upper = item
            .upper
            .map(|u| u.checked_mul(scale).unwrap_or(Decimal::MAX));
        indicator.plausible(value) && upper.is_none_or(|u| indicator.plausible(u))
    }

    /// Whether the number stands before its subject: "90%以上的城市社区".
    fn leads_its_subject(&self, item: &Item) -> bool {
        let after = &self.text[item.end..];
        let after = [kind::AT_LEAST_AFTER, kind::AT_MOST_AFTER, kind::ABOUT_AFTER]
            .iter()
            .flat_map(|k| self.lexicon.words(k))
            .find_map(|w| after.strip_prefix(w.as_str()))
            .unwrap_or(after);
        after.starts_with('的')
    }

    /// The compatible indicators of the best hit: before the number (back to
    /// the previous number), then after it (up to the next number), then
    /// anywhere in the clause before the next number, then in an earlier
    /// clause without numbers.
    fn choose(&self, k: usize, item: &Item, window_start: usize, clause: usize) -> Option<Choice> {
        let compatible = |hit: &KeywordHit| -> Vec<usize> {
            hit.indicators
                .iter()
                .copied()
                .filter(|i| self.fits(*i, item))
                .collect()
        };
        let best_last = |from: usize, to: usize| {
            self.best_hit(&self.text[from..to], item, |_| true)
                .map(|(start, end, indicators)| Choice {
                    start: from + start,
                    end: from + end,
                    indicators,
                })
        };
        if let Some(found) = best_last(window_start, item.start) {
            return Some(found);
        }
        let (clause_start, clause_end) = self.clauses.get(clause).copied()?;
        let next_start = self
            .items
            .get(k + 1)
            .map_or(clause_end, |n| n.start.max(item.end));
        let after_end = clause_end.min(next_start).max(item.end);
        // "90%以上的城市社区和60%以上的农村社区建立…设施": a number before its
        // subject, and subjects joined before the predicate they share. The
        // keyword may run on past the next number, but must start before it.
        let (search_end, start_before) = if self.leads_its_subject(item) {
            (clause_end.max(item.end), after_end)
        } else {
            (after_end, after_end)
        };
        let first = self
            .indicators
            .keyword_hits(&self.text[item.end..search_end], Occurrence::First)
            .into_iter()
            .filter(|h| item.end + h.start < start_before)
            .filter_map(|h| {
                let inds = compatible(&h);
                (!inds.is_empty()).then_some((h.start, std::cmp::Reverse(h.weight), h.end, inds))
            })
            .min_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        if let Some((start, _, end, indicators)) = first {
            return Some(Choice {
                start: item.end + start,
                end: item.end + end,
                indicators,
            });
        }
        // The clause around the number, up to the next number
        // ("新增200个以上床位养老机构不少于40家", "养老服务设施覆盖80%的城市社区").
        if let Some(found) = best_last(clause_start, after_end) {
            return Some(found);
        }
        for c in (0..clause).rev() {
            let (s, e) = self.clauses[c];
            if self
                .items
                .iter()
                .any(|i| !i.full() && (s..e).contains(&i.start))
            {
                return None;
            }
            // A keyword may begin in the clause right before and end in the
            // number's own ("推进社区养老服务中心建设，实现城市社区全覆盖"),
            // unless a number of its own clause stands between.
            let e = if c + 1 == clause && window_start == clause_start {
                item.start
            } else {
                e
            };
            if let Some(found) = best_last(s, e) {
                return Some(found);
            }
        }
        None
    }

    /// The indicators of item `k` when the text since the number before it
    /// (since that number's clause, if another) names none but restates
    /// that number's indicator: the same indicator when only years, verbs
    /// and comparators stand there ("…占比2020年达到30%，2025年达到50%"), or
    /// the subject of that number moved to another kind of place when a
    /// place word stands there too ("城市社区…覆盖率达到100%，农村达到60%以上");
    /// with `place_only`, only the latter.
    fn elliptical(
        &self,
        k: usize,
        item: &Item,
        so_far: &SoFar,
        place_only: bool,
    ) -> Option<Vec<usize>> {
        let p = k.checked_sub(1)?;
        let (before, _) = so_far.given[p].as_ref()?;
        let antecedent = so_far.named[p].as_ref()?;
        let prev_clause = self.clause_of(self.items[p].start);
        let from = if prev_clause == self.clause_of(item.start) {
            so_far.consumed[p]
        } else {
            self.clauses[prev_clause].1
        };
        let between = self.text.get(from..item.start)?;
        if !place_only {
            if let Some(share) = self.share_of(antecedent, between, item) {
                return Some(share);
            }
        }
        let restated: Vec<usize> = match self.ellipsis_place(between)? {
            None if place_only => return None,
            None => before
                .iter()
                .copied()
                .filter(|i| self.fits(*i, item))
                .collect(),
            Some((place, kind)) => self.moved(antecedent, place, kind, item),
        };
        (!restated.is_empty()).then_some(restated)
    }

    /// A clause that names only a share of what the number before counted
    /// ("护理型床位达到1.2万张，占比达到60%"): that number's subject read with
    /// the share word (lexicon share-word) after it: 护理型床位占比.
    fn share_of(&self, antecedent: &Named, between: &str, item: &Item) -> Option<Vec<usize>> {
        let (at, word) = self
            .lexicon
            .words(kind::SHARE_WORD)
            .iter()
            .find_map(|w| between.find(w.as_str()).map(|at| (at, w.as_str())))?;
        let rest = format!("{}{}", &between[..at], &between[at + word.len()..]);
        if self.ellipsis_place(&rest)?.is_some() {
            return None;
        }
        let (start, end) = antecedent.subject;
        let restated = format!("{}{word}", self.text.get(start..end)?);
        self.best_hit(&restated, item, |i| !antecedent.indicators.contains(&i))
            .map(|(_, _, indicators)| indicators)
    }

    /// The indicators of a number whose subject is qualified by a place word
    /// written after it ("社区养老服务设施覆盖率城市达到100%"): the subject
    /// read with the place before it ("城市社区养老服务设施覆盖率"). The
    /// subject, without the place, is what the numbers after restate.
    fn placed(&self, item: &Item, window_start: usize) -> Option<Named> {
        let window = &self.text[window_start..item.start];
        // The last place word after which only ellipsis words stand.
        let (at, place) = self
            .lexicon
            .ellipsis_scopes()
            .iter()
            .flat_map(|(place, _)| window.match_indices(place.as_str()))
            .filter(|&(at, place)| {
                matches!(self.ellipsis_place(&window[at..]), Some(Some((p, _))) if p == place)
            })
            .max_by_key(|&(at, _)| at)?;
        let subject = &window[..at];
        let restated = format!("{place}{subject}");
        let (_, _, indicators) = self.best_hit(&restated, item, |_| true)?;
        Some(Named {
            subject: (window_start, window_start + at),
            indicators,
        })
    }

    /// `Some` when `text` holds nothing but years, the lexicon's ellipsis
    /// words, comparators, punctuation and at most one place word (given
    /// with its kind); `None` when anything else stands there.
    fn ellipsis_place(&self, text: &str) -> Option<Option<(&'a str, &'a str)>> {
        let years = numbers::years(text);
        let places = self.lexicon.ellipsis_scopes();
        let words = self.lexicon.words(kind::ELLIPSIS_WORD);
        let comparators = [
            kind::AT_LEAST_BEFORE,
            kind::AT_MOST_BEFORE,
            kind::ABOUT_BEFORE,
        ]
        .iter()
        .flat_map(|k| self.lexicon.words(k))
        .map(String::as_str);
        let mut place: Option<(&'a str, &'a str)> = None;
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            if let Some(y) = years.iter().find(|y| y.start == i) {
                i = y.end.max(i + 1);
            } else if let Some((w, kind)) =
                places.iter().find(|(w, _)| rest.starts_with(w.as_str()))
            {
                if place.is_some_and(|(other, _)| other != w) {
                    return None;
                }
                place = Some((w.as_str(), kind.as_str()));
                i += w.len();
            } else if let Some(w) = words
                .iter()
                .map(String::as_str)
                .chain(comparators.clone())
                .find(|w| rest.starts_with(w))
            {
                i += w.len();
            } else {
                let c = rest.chars().next()?;
                if !(c.is_whitespace() || c.is_ascii_punctuation() || "，；。：、".contains(c))
                {
                    return None;
                }
                i += c.len_utf8();
            }
        }
        Some(place)
    }

    /// The indicators of `antecedent`'s subject moved to the place `place` of
    /// kind `kind`: its first place word of another kind replaced by `place`
    /// (or `place` put before it), read again for keywords, keeping the best
    /// hit that names an indicator the antecedent did not and fits `item`.
    fn moved(&self, antecedent: &Named, place: &str, kind: &str, item: &Item) -> Vec<usize> {
        let (start, end) = antecedent.subject;
        let subject = &self.text[start..end];
        let other = self
            .lexicon
            .ellipsis_scopes()
            .iter()
            .filter(|(_, k)| k != kind)
            .filter_map(|(w, _)| subject.find(w.as_str()).map(|at| (at, w.len())))
            .min();
        let restated = match other {
            Some((at, len)) => format!("{}{place}{}", &subject[..at], &subject[at + len..]),
            None => format!("{place}{subject}"),
        };
        self.best_hit(&restated, item, |i| !antecedent.indicators.contains(&i))
            .map(|(_, _, indicators)| indicators)
            .unwrap_or_default()
    }

    /// The keyword of `text` that ends last (on a tie the more specific, then
    /// the first listed) among those naming an indicator that fits `item`
    /// and that `keep` accepts: its byte range in `text` and those indicators.
    fn best_hit(
        &self,
        text: &str,
        item: &Item,
        keep: impl Fn(usize) -> bool,
    ) -> Option<(usize, usize, Vec<usize>)> {
        let mut best: Option<KeywordHit> = None;
        for mut hit in self.indicators.keyword_hits(text, Occurrence::Last) {
            hit.indicators.retain(|i| keep(*i) && self.fits(*i, item));
            if !hit.indicators.is_empty()
                && best
                    .as_ref()
                    .is_none_or(|b| (hit.end, hit.weight) > (b.end, b.weight))
            {
                best = Some(hit);
            }
        }
        best.map(|hit| (hit.start, hit.end, hit.indicators))
    }

    fn comparator(&self, item: &Item, window_start: usize) -> Comparator {
        let after = self.text[item.end..].trim_start();
        for (words, c) in [
            (kind::AT_LEAST_AFTER, Comparator::AtLeast),
            (kind::AT_MOST_AFTER, Comparator::AtMost),
            (kind::ABOUT_AFTER, Comparator::About),
        ] {
            if self.lexicon.starts_with(words, after) {
                return c;
            }
        }
        let from = window_start.max(item.start.saturating_sub(COMPARATOR_REACH));
        let from = (from..=item.start)
            .find(|i| self.text.is_char_boundary(*i))
            .unwrap_or(item.start);
        let before = &self.text[from..item.start];
        let mut best: Option<(usize, usize, Comparator)> = None;
        for (words, c) in [
            (kind::AT_LEAST_BEFORE, Comparator::AtLeast),
            (kind::AT_MOST_BEFORE, Comparator::AtMost),
        ] {
            for w in self.lexicon.words(words) {
                if let Some(at) = before.rfind(w) {
                    let cand = (at + w.len(), w.len(), c);
                    if best.is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                        best = Some(cand);
                    }
                }
            }
        }
        if let Some((_, _, c)) = best {
            return c;
        }
        let before = before.trim_end();
        if self
            .lexicon
            .words(kind::ABOUT_BEFORE)
            .iter()
            .any(|w| before.ends_with(w.as_str()))
        {
            return Comparator::About;
        }
        Comparator::Equal
    }

    /// The due year of item `k`.
    fn year_at(&self, k: usize) -> Option<i32> {
        let item = &self.items[k];
        let before: Vec<usize> = (0..self.years.len())
            .filter(|i| self.years[*i].0.end <= item.start)
            .collect();
        let Some(&last) = before.last() else {
            return self.carried;
        };
        let (mention, kind) = self.years[last];
        if kind != YearKind::Due {
            return None;
        }
        // A list of years (2015年、2020年) pairs with a list of numbers.
        let mut group = vec![last];
        while let Some(&first) = group.first() {
            let Some(p) = first.checked_sub(1) else { break };
            let between = &self.text
                [self.years[p].0.end.min(self.years[first].0.start)..self.years[first].0.start];
            if self.years[p].1 == YearKind::Due
                && !between.is_empty()
                && between.chars().all(|c| SEPARATORS.contains(&c))
            {
                group.insert(0, p);
            } else {
                break;
            }
        }
        if group.len() > 1 {
            if let Some(first_item) =
                (0..self.items.len()).find(|j| self.items[*j].start >= mention.end)
            {
                let run = self.run_from(first_item);
                if run.len() == group.len() {
                    if let Some(pos) = run.iter().position(|j| *j == k) {
                        return Some(self.years[group[pos]].0.year);
                    }
                }
            }
        }
        Some(mention.year)
    }
}

fn flip(c: Comparator) -> Comparator {
    match c {
        Comparator::AtLeast => Comparator::AtMost,
        Comparator::AtMost => Comparator::AtLeast,
        c => c,
    }
}

fn reports_past(clause: &str, lexicon: &Lexicon) -> bool {
    // 已建成的住宅区 ("existing estates") describes, it does not report.
    let adjectival = |rest: &str| lexicon.starts_with(kind::PAST_ADJECTIVAL, rest);
    lexicon.words(kind::PAST_MARKER).iter().any(|m| {
        clause
            .match_indices(m.as_str())
            .any(|(at, _)| !adjectival(&clause[at + m.len()..]))
    })
}

/// Whether a number is where a change starts ("由45%提高到60%": 45): after a
/// change-from word and before its change verb and change-to word. The
/// number after them is the target, unless the clause reports the past.
fn is_start_of_change(before: &str, after: &str, lexicon: &Lexicon) -> bool {
    let verb_at = |text: &str| {
        lexicon
            .words(kind::CHANGE_VERB)
            .iter()
            .filter_map(|v| {
                text.find(v.as_str())
                    .filter(|&at| lexicon.starts_with(kind::CHANGE_TO, &text[at + v.len()..]))
            })
            .min()
    };
    let opened = lexicon
        .words(kind::CHANGE_FROM)
        .iter()
        .filter_map(|from| before.rfind(from.as_str()).map(|at| at + from.len()))
        .max()
        .is_some_and(|from| verb_at(&before[from..]).is_none());
    opened && verb_at(after).is_some()
}

/// Whether a year is the point a change is measured from ("较“十二五”末新增
/// 7000张", "比2015年翻一番"): no year of the sentence's own.
fn is_reference_point(text: &str, y: &YearMention) -> bool {
    let before = text[..y.start].trim_end_matches(['“', '"', '「', '‘', ' ']);
    before.ends_with(['较', '同', '由']) || before.ends_with('比') && !before.ends_with("占比")
}

/// Whether a year mention is a due year.
fn year_kind(text: &str, y: &YearMention) -> YearKind {
    let before = text[..y.start].trim_end();
    let after = text[y.end..].trim_start();
    if before.ends_with("截至") || before.ends_with("截止") {
        return YearKind::Past;
    }
    if before.ends_with('自') || before.ends_with('从') {
        return YearKind::NotDue;
    }
    if ["起", "开始", "以来"].iter().any(|w| after.starts_with(w)) {
        return YearKind::NotDue;
    }
    YearKind::Due
}

/// Byte ranges of the clauses: cut after ，,；;。！？!? and ：: (a colon or a
/// comma between digits is part of a number: 1：10, 21,688).
fn clauses(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (n, (at, c)) in chars.iter().enumerate() {
        let digit = |m: Option<&(usize, char)>| {
            m.is_some_and(|(_, c)| crate::text::fold_char(*c).is_ascii_digit())
        };
        let between_digits = n > 0 && digit(chars.get(n - 1)) && digit(chars.get(n + 1));
        let cut = match c {
            '，' | '；' | ';' | '。' | '！' | '？' | '!' | '?' => true,
            ',' | '：' | ':' => !between_digits,
            _ => false,
        };
        if cut {
            let end = at + c.len_utf8();
            out.push((start, end));
            start = end;
        }
    }
    if start < text.len() || out.is_empty() {
        out.push((start, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().unwrap()
    }

    /// (indicator, value, comparator, year) of each target of a one-sentence
    /// (or one-line) passage.
    fn read(text: &str) -> Vec<(String, String, &'static str, Option<i32>)> {
        let t = targets(&Passage::single(text, 1, Some(1)), kb());
        t.into_iter()
            .map(|t| {
                (
                    t.indicator,
                    t.value.normalize().to_string(),
                    t.comparator.code(),
                    t.year,
                )
            })
            .collect()
    }

    fn t(
        code: &str,
        value: &str,
        cmp: &'static str,
        year: Option<i32>,
    ) -> (String, String, &'static str, Option<i32>) {
        (code.to_owned(), value.to_owned(), cmp, year)
    }

    #[test]
    fn shares_written_as_a_proportion_of_institutions_or_beds() {
        assert_eq!(
            read("社会力量运营的养老床位比例不低于70%"),
            vec![t("social-run-bed-share", "70", ">=", None)]
        );
        assert_eq!(
            read("具备医疗服务能力的养老机构比例达到100%"),
            vec![t("institution-medical-coverage", "100", "=", None)]
        );
    }

    #[test]
    fn clauses_cut_at_punctuation_but_not_inside_numbers() {
        let s = "甲，乙1:10,丙21,688；丁";
        let got: Vec<&str> = clauses(s).iter().map(|(a, b)| &s[*a..*b]).collect();
        assert_eq!(got, vec!["甲，", "乙1:10,", "丙21,688；", "丁"]);
        assert_eq!(clauses(""), vec![(0, 0)]);
    }

    #[test]
    fn the_citys_beds_are_its_total() {
        assert_eq!(
            read("到2022年，全市养老服务床位达到2万张，社会力量举办或经营的床位占比不低于70%。"),
            vec![
                t("total-elderly-care-beds", "20000", "=", Some(2022)),
                t("social-run-bed-share", "70", ">=", Some(2022)),
            ]
        );
        // The share of the city's beds stays a share; a rate per 1000 a rate.
        assert_eq!(
            read("全市每千名老年人拥有养老床位数达到40张，全市养老床位中护理型床位占比达到55%。"),
            vec![
                t("beds-per-1000-elderly", "40", "=", None),
                t("nursing-bed-share", "55", "=", None),
            ]
        );
    }

    #[test]
    fn a_rate_per_1000_of_a_kind_of_older_people() {
        for text in [
            "每千名户籍老年人拥有养老床位数达到40张以上",
            "每千名常住老年人拥有养老床位40张以上",
            "每千名60岁以上老人拥有养老床位不少于40张",
        ] {
            assert_eq!(
                read(text),
                vec![t("beds-per-1000-elderly", "40", ">=", None)],
                "{text}"
            );
        }
    }

    #[test]
    fn medical_services_of_institutions_in_their_usual_wordings() {
        let medical = |v: &str, cmp| vec![t("institution-medical-coverage", v, cmp, None)];
        assert_eq!(
            read("养老机构以不同形式为入住老年人提供医疗卫生服务比例达到100%。"),
            medical("100", "=")
        );
        assert_eq!(
            read("养老机构与医疗机构签约服务率达到100%。"),
            medical("100", "=")
        );
        assert_eq!(
            read("推动医疗卫生机构与养老机构开展多种形式的签约合作，签约率达到95%以上。"),
            medical("95", ">=")
        );
        // A family doctor's contract is another indicator, even after an
        // institutions' contract in the same sentence.
        let doctor = vec![t("family-doctor-contract-rate", "60", "=", None)];
        assert_eq!(read("65岁以上老年人家庭医生签约服务率达到60%。"), doctor);
        assert_eq!(
            read("推动医疗机构与养老机构签约合作，老年人家庭医生签约服务率达到60%。"),
            doctor
        );
    }

    #[test]
    fn reads_beds_and_nursing_share() {
        assert_eq!(
            read("2020年，养老床位总数达到每千名老年人40张左右。护理型床位占养老床位总数达到50%以上。"),
            vec![
                t("beds-per-1000-elderly", "40", "~", Some(2020)),
                t("nursing-bed-share", "50", ">=", Some(2020)),
            ]
        );
        assert_eq!(
            read("到2020年，护理型床位占养老床位总数达到60%以上"),
            vec![t("nursing-bed-share", "60", ">=", Some(2020))]
        );
        assert_eq!(
            read("2015年养老床位总数达到每千名老年人40张"),
            vec![t("beds-per-1000-elderly", "40", "=", Some(2015))]
        );
    }

    #[test]
    fn converts_shares_of_the_elderly_population_and_restatements() {
        assert_eq!(
            read("到 2022 年，养老机构床位数在确保不低于全市户籍老年人口 3%(17.5 万张)的基础上，护理型床位数达到总床位的 60%，标准化认知障碍照护床位数达到 8000 张。"),
            vec![
                t("beds-per-1000-elderly", "30", ">=", Some(2022)),
                t("total-elderly-care-beds", "175000", ">=", Some(2022)),
                t("nursing-bed-share", "60", "=", Some(2022)),
                t("dementia-care-beds", "8000", "=", Some(2022)),
            ]
        );
        assert_eq!(
            read("按照到2015年、2020年养老床位占老年人口总数30‰、40‰的目标，预留养老服务设施建设用地。"),
            vec![
                t("beds-per-1000-elderly", "30", "=", Some(2015)),
                t("beds-per-1000-elderly", "40", "=", Some(2020)),
            ]
        );
    }

    #[test]
    fn keywords_after_the_number_and_in_earlier_clauses() {
        assert_eq!(
            read("全市机构养老、社区和居家生活照料、护理康复及相关养老服务提供7万个以上就业岗位"),
            vec![t("elderly-care-jobs", "70000", ">=", None)]
        );
        assert_eq!(
            read("到2020年，50%的城市社区和有条件的农村社区要设立适合老年人的康复场所"),
            vec![t("community-rehab-site-coverage", "50", "=", Some(2020))]
        );
        assert_eq!(
            read("社区老年助餐服务场所总量实现“翻番”，达到 1600 家;"),
            vec![t("meal-service-sites", "1600", "=", None)]
        );
        assert_eq!(
            read("社区综合为老服务中心(分中心)在街镇全覆盖的基础上数量实现“翻番”，不少于 400 家;"),
            vec![t("community-service-centers", "400", ">=", None)]
        );
    }

    #[test]
    fn full_coverage_fractions_and_shared_out_lists() {
        assert_eq!(
            read("2015年，标准化乡镇（街道）居家养老服务中心及城市社区居家养老服务站实现全覆盖，三分之一的农村社区建成标准化居家养老服务站。2020年，农村社区标准化居家养老服务站建设实现全覆盖。"),
            vec![
                t("urban-community-facility-coverage", "100", "=", Some(2015)),
                t("rural-facility-coverage", "33.33", "=", Some(2015)),
                t("rural-facility-coverage", "100", "=", Some(2020)),
            ]
        );
        assert_eq!(
            read("到2015年，城乡社区居家养老服务中心实现全覆盖；到2020年，城乡标准化社区居家养老服务中心建成率分别达到80%、40%"),
            vec![
                t("urban-community-facility-coverage", "100", "=", Some(2015)),
                t("rural-facility-coverage", "100", "=", Some(2015)),
                t("urban-community-facility-coverage", "80", "=", Some(2020)),
                t("rural-facility-coverage", "40", "=", Some(2020)),
            ]
        );
        // 农村 without 社区: the clause's own keyword, not the city's before it.
        assert_eq!(
            read("城市社区养老服务设施实现全覆盖，农村养老服务设施覆盖率达到75%以上"),
            vec![
                t("urban-community-facility-coverage", "100", "=", None),
                t("rural-facility-coverage", "75", ">=", None),
            ]
        );
        // A keyword begun in the clause before.
        assert_eq!(
            read("推进社区居家养老服务中心建设，到2020年实现城市社区全覆盖。"),
            vec![t(
                "urban-community-facility-coverage",
                "100",
                "=",
                Some(2020)
            )]
        );
        assert_eq!(
            read("推动养老服务中心向农村延伸，2025年实现农村社区全覆盖"),
            vec![t("rural-facility-coverage", "100", "=", Some(2025))]
        );
        // Coverage of something else, and of a subset, is no target.
        assert!(read("加快养老服务信息系统建设，实现城市社区全覆盖").is_empty());
        assert!(read("到2020年，养老服务信息管理系统、老年人居家呼叫服务系统和应急救援服务网络基本实现城乡全覆盖").is_empty());
        assert_eq!(
            read("农村老年人日间照料中心实现千人以上行政村全覆盖,并力争覆盖40%以上行政村。"),
            vec![t("rural-facility-coverage", "40", ">=", None)]
        );
    }

    #[test]
    fn other_common_forms() {
        assert_eq!(
            read("到2025年，全市养老床位总数达到3万张，新增养老床位5000张，护理型床位比例不低于55%。"),
            vec![
                t("total-elderly-care-beds", "30000", "=", Some(2025)),
                t("new-elderly-care-beds", "5000", "=", Some(2025)),
                t("nursing-bed-share", "55", ">=", Some(2025)),
            ]
        );
        assert_eq!(
            read("城市社区日间照料中心覆盖率达到100%，农村社区覆盖率超过60%"),
            vec![
                t("urban-community-facility-coverage", "100", "=", None),
                t("rural-facility-coverage", "60", ">=", None),
            ]
        );
        assert_eq!(
            read("养老护理员持证上岗率不低于百分之九十"),
            vec![t("caregiver-certification-rate", "90", ">=", None)]
        );
        assert_eq!(
            read("每千名老年人拥有养老床位约35张"),
            vec![t("beds-per-1000-elderly", "35", "~", None)]
        );
        assert_eq!(
            read("社会力量举办或经营的养老床位占比不超过八成"),
            vec![t("social-run-bed-share", "80", "<=", None)]
        );
    }

    #[test]
    fn elliptical_clauses_restate_the_indicator_before() {
        assert_eq!(
            read("到2025年，城市社区居家养老服务中心覆盖率达到100%，农村达到60%以上"),
            vec![
                t("urban-community-facility-coverage", "100", "=", Some(2025)),
                t("rural-facility-coverage", "60", ">=", Some(2025)),
            ]
        );
        assert_eq!(
            read("社区日间照料中心覆盖率达到90%，农村社区力争达到50%"),
            vec![
                t("urban-community-facility-coverage", "90", "=", None),
                t("rural-facility-coverage", "50", "=", None),
            ]
        );
        // Full coverage later: the same indicator, at 100.
        assert_eq!(
            read("到2017年，城市社区居家养老服务站覆盖率达到80%，2020年实现全覆盖。"),
            vec![
                t("urban-community-facility-coverage", "80", "=", Some(2017)),
                t("urban-community-facility-coverage", "100", "=", Some(2020)),
            ]
        );
        assert_eq!(
            read("养老机构护理型床位占比2022年达到50%，2025年底前不低于60%。"),
            vec![
                t("nursing-bed-share", "50", "=", Some(2022)),
                t("nursing-bed-share", "60", ">=", Some(2025)),
            ]
        );
        assert_eq!(
            read("每千名老年人拥有养老床位数达到40张，到2025年，提高到45张"),
            vec![
                t("beds-per-1000-elderly", "40", "=", None),
                t("beds-per-1000-elderly", "45", "=", Some(2025)),
            ]
        );
        // Place words after the indicator, in one clause.
        assert_eq!(
            read("社区日间照料中心覆盖率城市达到90%、农村达到60%。"),
            vec![
                t("urban-community-facility-coverage", "90", "=", None),
                t("rural-facility-coverage", "60", "=", None),
            ]
        );
        // Place words after a subject that names no place.
        assert_eq!(
            read("社区养老服务设施覆盖率城市达到100%、农村达到75%。"),
            vec![
                t("urban-community-facility-coverage", "100", "=", None),
                t("rural-facility-coverage", "75", "=", None),
            ]
        );
        // A clause that says something of its own restates nothing, nor does
        // a number the indicator cannot take, nor a place no keyword names.
        assert_eq!(
            read("护理型床位占比达到60%，新建小区配套率100%"),
            vec![t("nursing-bed-share", "60", "=", None)]
        );
        assert_eq!(
            read("护理型床位占比达到60%，2025年达到3000张"),
            vec![t("nursing-bed-share", "60", "=", None)]
        );
        assert_eq!(
            read("养老护理员持证上岗率达到90%，农村达到70%"),
            vec![t("caregiver-certification-rate", "90", "=", None)]
        );
    }

    #[test]
    fn ranges_give_two_targets() {
        assert_eq!(
            read("老城区和已建成的住宅区无居家养老服务设施或现有设施不足的，通过购买、置换、租赁等方式，按每百户15至20平方米的标准调剂解决。"),
            vec![
                t("facility-area-per-100-households", "15", ">=", None),
                t("facility-area-per-100-households", "20", "<=", None),
            ]
        );
        assert_eq!(
            read("打造3-5家知名养老服务品牌"),
            vec![
                t("elderly-care-brands", "3", ">=", None),
                t("elderly-care-brands", "5", "<=", None),
            ]
        );
    }

    #[test]
    fn ratios_bound_older_people_per_care_worker() {
        assert_eq!(
            read("养老服务机构要按比例配备护理人员，护理员与失能失智老人的比例不低于1︰3，与自理老人的比例不低于1:10。"),
            vec![
                t("elders-per-caregiver-disabled", "3", "<=", None),
                t("elders-per-caregiver-independent", "10", "<=", None),
            ]
        );
        assert!(read("由市财政和市辖区按照1∶1比例分担").is_empty());
    }

    #[test]
    fn money_targets_but_not_subsidies() {
        assert_eq!(
            read("至2020年，全市银行业金融机构养老服务业授信规模不低于30亿元。每年组织1-2次金融机构与养老机构融资供求对接会。"),
            vec![t("bank-credit-line", "3000000000", ">=", Some(2020))]
        );
        assert_eq!(
            read("争取到2020年,晋中市养老产业产值达到100亿元,提供养老相关就业岗位20000个,培养养老专业技术人才3000人。"),
            vec![
                t("industry-output", "10000000000", "=", Some(2020)),
                t("elderly-care-jobs", "20000", "=", Some(2020)),
                t("trained-professionals", "3000", "=", Some(2020)),
            ]
        );
        assert!(read(
            "用房自建并投入使用的，经核定每张床位给予1.2万元（含自治区补助6000元）的一次性开办补助"
        )
        .is_empty());
        assert!(read("省级现代服务业发展专项引导资金给予100万元一次性奖励").is_empty());
    }

    #[test]
    fn a_community_facility_coverage_without_a_place_is_urban() {
        let urban = |v| vec![t("urban-community-facility-coverage", v, ">=", None)];
        let rural = |v| vec![t("rural-facility-coverage", v, ">=", None)];
        assert_eq!(read("社区养老服务设施覆盖率达到90%以上"), urban("90"));
        assert_eq!(read("社区居家养老服务设施覆盖率达到90%以上"), urban("90"));
        assert_eq!(read("农村社区养老服务设施覆盖率达到60%以上"), rural("60"));
        assert_eq!(
            read("农村地区社区居家养老服务设施覆盖率达到60%以上"),
            rural("60")
        );
        assert_eq!(read("行政村养老服务设施覆盖率达到60%以上"), rural("60"));
        assert_eq!(
            read("城乡社区养老服务设施覆盖率达到70%以上"),
            vec![
                t("urban-community-facility-coverage", "70", ">=", None),
                t("rural-facility-coverage", "70", ">=", None),
            ]
        );
    }

    #[test]
    fn more_wordings_of_the_contract_indicators() {
        assert_eq!(
            read("新建居住区按照每千人不低于30平方米的标准配建养老服务设施"),
            vec![t("facility-area-per-1000-people", "30", ">=", None)]
        );
        assert_eq!(
            read("养老机构中失能、半失能老年人入住比例不低于50%"),
            vec![t("disabled-resident-share", "50", ">=", None)]
        );
        assert_eq!(
            read("全市养老产业产值突破200亿元"),
            vec![t("industry-output", "20000000000", ">=", None)]
        );
    }

    #[test]
    fn numbers_before_their_subjects_share_the_predicate() {
        assert_eq!(
            read(
                "90%以上的城市社区和60%以上的农村社区建立包括养老服务在内的社区综合服务设施和站点"
            ),
            vec![
                t("urban-community-facility-coverage", "90", ">=", None),
                t("rural-facility-coverage", "60", ">=", None),
            ]
        );
        assert_eq!(
            read("80%以上的城市社区建有日间照料中心"),
            vec![t("urban-community-facility-coverage", "80", ">=", None)]
        );
    }

    #[test]
    fn a_five_year_plan_is_due_at_its_end() {
        assert_eq!(
            read("到“十四五”末，全市养老机构护理型床位占比达到55%以上"),
            vec![t("nursing-bed-share", "55", ">=", Some(2025))]
        );
        assert_eq!(
            read("十五五期间，每千名老年人拥有养老床位数达到45张"),
            vec![t("beds-per-1000-elderly", "45", "=", Some(2030))]
        );
        // "Since the plan" starts something; "than at its end" measures from it.
        assert_eq!(
            read("“十三五”以来，护理型床位占比达到50%"),
            vec![t("nursing-bed-share", "50", "=", None)]
        );
        assert_eq!(
            read("到2020年，护理型床位占比较2015年末提高到40%"),
            vec![t("nursing-bed-share", "40", "=", Some(2020))]
        );
    }

    #[test]
    fn beds_counted_by_kind() {
        assert_eq!(
            read("全市养老床位总数达到2.5万张，其中护理型床位1.2万张"),
            vec![
                t("total-elderly-care-beds", "25000", "=", None),
                t("nursing-care-beds", "12000", "=", None),
            ]
        );
        assert_eq!(
            read("护理型床位占比达到60%"),
            vec![t("nursing-bed-share", "60", "=", None)]
        );
        assert_eq!(
            read("建设养老床位500张"),
            vec![t("new-elderly-care-beds", "500", "=", None)]
        );
        // A bare count of beds is the city's; a kind of bed keeps its own.
        assert_eq!(
            read("养老床位达到2万张，其中护理型养老床位1.2万张，家庭养老床位1000张，新增养老床位3000张"),
            vec![
                t("total-elderly-care-beds", "20000", "=", None),
                t("nursing-care-beds", "12000", "=", None),
                t("home-care-beds", "1000", "=", None),
                t("new-elderly-care-beds", "3000", "=", None),
            ]
        );
        assert_eq!(
            read("每千名老年人拥有养老床位数达到40张"),
            vec![t("beds-per-1000-elderly", "40", "=", None)]
        );
        // A share of what the number before counted: its subject's share.
        assert_eq!(
            read("护理型床位达到1.2万张，占比达到60%"),
            vec![
                t("nursing-care-beds", "12000", "=", None),
                t("nursing-bed-share", "60", "=", None),
            ]
        );
        // A count whose share has no indicator gives no share.
        assert_eq!(
            read("认知障碍照护床位300张，占比达到5%"),
            vec![t("dementia-care-beds", "300", "=", None)]
        );
    }

    #[test]
    fn the_national_plans_main_indicators_as_cities_copy_them() {
        assert_eq!(
            read("到2025年，特殊困难老年人月探访率达到100%，新建居住区配套建设养老服务设施达标率达到100%，二级及以上综合性医院设立老年医学科的比例达到60%以上。"),
            vec![
                t("vulnerable-elderly-visit-rate", "100", "=", Some(2025)),
                t("new-residential-facility-compliance-rate", "100", "=", Some(2025)),
                t("geriatrics-department-hospital-share", "60", ">=", Some(2025)),
            ]
        );
        assert_eq!(
            read("老年志愿者注册人数占老年人口比例达到15%"),
            vec![t("elderly-volunteer-share", "15", "=", None)]
        );
        assert_eq!(
            read("完成2000户特殊困难老年人家庭适老化改造，居家社区养老服务覆盖率达到90%，建成医养结合机构30家。"),
            vec![
                t("home-adaptation-households", "2000", "=", None),
                t("home-community-service-coverage", "90", "=", None),
                t("integrated-care-institutions", "30", "=", None),
            ]
        );
        // The longer keyword wins the tie: 中医药健康管理率 is not 健康管理率.
        assert_eq!(
            read("65岁及以上老年人中医药健康管理率达到75%，老年人健康管理率达到70%。"),
            vec![
                t("elderly-tcm-health-management-rate", "75", "=", None),
                t("elderly-health-management-rate", "70", "=", None),
            ]
        );
        // Training is counted in person-times, in the clause of the keyword
        // or in an elliptical one after it.
        for text in [
            "每年培训养老护理员1000人次以上。",
            "开展养老护理员培训，每年培训不少于1000人次。",
        ] {
            assert_eq!(
                read(text),
                vec![t("caregivers-trained", "1000", ">=", None)],
                "{text}"
            );
        }
    }
    #[test]
    fn a_part_of_the_beds_is_not_all_of_them() {
        // Public institutions' nursing share and inclusive beds are targets
        // of their own beside the city's share and total.
        assert_eq!(
            read("养老机构护理型床位占比达到58%，公办养老机构护理型床位占比不低于70%。"),
            vec![
                t("nursing-bed-share", "58", "=", None),
                t("public-institution-nursing-bed-share", "70", ">=", None),
            ]
        );
        assert_eq!(
            read("特困人员供养服务机构护理型床位占比达到60%"),
            vec![t("public-institution-nursing-bed-share", "60", "=", None)]
        );
        assert_eq!(
            read("养老床位总量达到1.5万张，其中普惠型养老床位达到5000张。"),
            vec![
                t("total-elderly-care-beds", "15000", "=", None),
                t("inclusive-care-beds", "5000", "=", None),
            ]
        );
    }

    #[test]
    fn the_past_and_start_years_are_not_targets() {
        assert!(read("全市养老床位总数已达到每千名老年人22张").is_empty());
        // A change: where it starts is no target, where it ends is one,
        // unless the clause reports the past.
        assert_eq!(
            read("每千名老年人拥有养老床位数由22张上升到40张"),
            vec![t("beds-per-1000-elderly", "40", "=", None)]
        );
        assert_eq!(
            read("护理型床位占比由2020年的45%提高到2025年的60%"),
            vec![t("nursing-bed-share", "60", "=", Some(2025))]
        );
        assert_eq!(
            read("到2025年，护理型床位占比从45%提高至60%以上"),
            vec![t("nursing-bed-share", "60", ">=", Some(2025))]
        );
        assert!(read("截至2020年底，每千名老年人拥有养老床位数由22张上升到40张").is_empty());
        // What follows a closing year reports, up to a due year.
        assert!(read("截至2020年底，全市养老床位达到3万张").is_empty());
        assert_eq!(
            read("截至2020年底，全市养老床位达到3万张，到2025年达到4万张"),
            vec![t("total-elderly-care-beds", "40000", "=", Some(2025))]
        );
        assert!(read("全市各类养老服务机构床位总数较“十二五”末新增7000张").is_empty());
        assert!(read("目前全市护理型床位占比为25%").is_empty());
        // 已建成的 describes an estate; it reports nothing.
        assert_eq!(
            read("已建成的住宅区按每百户15至20平方米的标准调剂解决"),
            vec![
                t("facility-area-per-100-households", "15", ">=", None),
                t("facility-area-per-100-households", "20", "<=", None),
            ]
        );
        // So do 已建成居住区, 已建小区, 已有住宅: estates that exist.
        assert_eq!(
            read("老城区和已建成居住区按每百户不低于15平方米的标准调剂解决"),
            vec![t("facility-area-per-100-households", "15", ">=", None)]
        );
        assert_eq!(
            read("已建小区按每百户不低于15平方米配置"),
            vec![t("facility-area-per-100-households", "15", ">=", None)]
        );
        assert!(read("全市已建成社区日间照料中心200个").is_empty());
        // A start year is no due year.
        assert_eq!(
            read("自2015年开始，护理型床位占比达到50%"),
            vec![t("nursing-bed-share", "50", "=", None)]
        );
        assert_eq!(
            read("到2015年，护理型床位占比达到30%；从2016年起，护理型床位占比达到50%"),
            vec![
                t("nursing-bed-share", "30", "=", Some(2015)),
                t("nursing-bed-share", "50", "=", None)
            ]
        );
    }

    #[test]
    fn the_year_carries_over_sentences_of_a_passage() {
        let mut p = Passage::default();
        p.push_line("2015年，全市80%以上的城镇社区建有居家养老服务设施,50%以上的行政村建立农村幸福院，每千名老年人拥有机构养老床位数30张以上。养老护理员岗前培训率达到60%、持证上岗率达到40%以上。", 21);
        p.push_line("到2017年，居家养老服务设施建设实现城镇社区全覆盖，60%以上行政村建立农村幸福院，每千名老年人拥有机构养老床位数32张以上。", 22);
        let got: Vec<_> = targets(&p, kb())
            .into_iter()
            .map(|t| {
                (
                    t.indicator,
                    t.value.to_string(),
                    t.comparator.code(),
                    t.year,
                    t.source.line,
                    t.source.task,
                )
            })
            .collect();
        let row = |c: &str, v: &str, cmp: &'static str, y: i32, line: usize| {
            (c.to_owned(), v.to_owned(), cmp, Some(y), line, None)
        };
        assert_eq!(
            got,
            vec![
                row("urban-community-facility-coverage", "80", ">=", 2015, 21),
                row("rural-facility-coverage", "50", ">=", 2015, 21),
                row("beds-per-1000-elderly", "30", ">=", 2015, 21),
                row("caregiver-prejob-training-rate", "60", "=", 2015, 21),
                row("caregiver-certification-rate", "40", ">=", 2015, 21),
                row("urban-community-facility-coverage", "100", "=", 2017, 22),
                row("rural-facility-coverage", "60", ">=", 2017, 22),
                row("beds-per-1000-elderly", "32", ">=", 2017, 22),
            ]
        );
    }

    #[test]
    fn sources_carry_sentence_line_and_task() {
        let mut p = Passage::default();
        p.push_line("二级以上综合医院应当开设老年病科，", 490);
        p.push_line("设置不少于50张老年病床。", 491);
        p.task = Some(59);
        let got = targets(&p, kb());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].indicator, "geriatric-beds-per-hospital");
        assert_eq!(got[0].unit, "beds per hospital");
        assert_eq!(got[0].value, Decimal::from_str("50").unwrap());
        assert_eq!(
            got[0].source,
            Source {
                sentence: "二级以上综合医院应当开设老年病科，设置不少于50张老年病床。".to_owned(),
                line: 490,
                task: Some(59)
            }
        );
    }

    #[test]
    fn never_panics_on_generated_input() {
        let alphabet: Vec<char> = "0123456789１２.,，。；;:：︰%％‰万亿千百十一二三两分之至到-~—年月号第每自从起以上以下左右不低于约全覆盖护理型床位占比每千名老年人张个元补助由上升已达城乡分别、()（） "
            .chars()
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5_000 {
            let len = (next() % 40) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            for t in targets(&Passage::single(&s, 1, None), kb()) {
                assert!(kb().indicators.get(&t.indicator).is_some(), "{s:?}");
                assert!(!t.unit.is_empty());
            }
        }
    }
}

/// The seeds: passages built from their lines (one per task or goal
/// paragraph), and every target they state.
#[cfg(test)]
mod seeds {
    use super::*;
    use crate::model::TargetRow;

    const SEEDS: [&str; 5] = [
        include_str!("../../seeds/000_3484524b0a9dfb8d.txt"),
        include_str!("../../seeds/001_7accbb2d390ef01a.txt"),
        include_str!("../../seeds/002_137a1c981a567de9.txt"),
        include_str!("../../seeds/003_73366ddd31f24b09.txt"),
        include_str!("../../seeds/004_4835a2eaf0c18e86.txt"),
    ];

    /// (indicator, value, comparator, year, line)
    type Row = (&'static str, &'static str, &'static str, Option<i32>, usize);

    /// A passage of seed `seed` made of `lines` (1-based), trimmed and joined.
    fn passage(seed: usize, lines: &[usize], task: Option<usize>) -> Passage {
        let all = crate::text::lines(SEEDS[seed]);
        let mut p = Passage {
            task,
            ..Passage::default()
        };
        for &n in lines {
            p.push_line(crate::text::trim(all[n - 1]), n);
        }
        p
    }

    fn check(seed: usize, lines: &[usize], task: Option<usize>, want: &[Row]) {
        let p = passage(seed, lines, task);
        let got: Vec<TargetRow> = targets(&p, Knowledge::bundled().unwrap())
            .iter()
            .inspect(|t| assert_eq!(t.source.task, task))
            .map(Target::row)
            .collect();
        let want: Vec<(String, String, &str, Option<i32>, usize)> = want
            .iter()
            .map(|(c, v, cmp, y, l)| (c.to_string(), v.to_string(), *cmp, *y, *l))
            .collect();
        assert_eq!(got, want, "seed {seed}, lines {lines:?}");
    }

    const Y15: Option<i32> = Some(2015);
    const Y17: Option<i32> = Some(2017);
    const Y20: Option<i32> = Some(2020);
    const Y22: Option<i32> = Some(2022);

    #[test]
    fn nantong_000() {
        let cases: &[(usize, usize, &[Row])] = &[
            (
                15,
                129,
                &[("facility-area-per-100-households", "20", ">=", None, 129)],
            ),
            (
                16,
                137,
                &[
                    ("facility-area-per-100-households", "15", ">=", None, 137),
                    ("facility-area-per-100-households", "20", "<=", None, 137),
                ],
            ),
            (
                17,
                145,
                &[
                    ("urban-community-facility-coverage", "100", "=", Y15, 145),
                    ("rural-facility-coverage", "33.33", "=", Y15, 145),
                    ("rural-facility-coverage", "100", "=", Y20, 145),
                ],
            ),
            (
                22,
                185,
                &[("social-undertaken-station-share", "80", ">=", Y20, 185)],
            ),
            (
                25,
                210,
                &[
                    ("beds-per-1000-elderly", "40", "~", Y20, 210),
                    ("nursing-bed-share", "50", ">=", Y20, 210),
                ],
            ),
            (
                27,
                226,
                &[("disabled-resident-share", "50", ">=", Y20, 226)],
            ),
            (
                29,
                242,
                &[
                    ("social-run-bed-share", "70", ">=", Y20, 242),
                    ("new-large-institutions", "40", ">=", Y20, 242),
                ],
            ),
            (
                38,
                318,
                &[("rural-home-upgrade-share", "50", "=", Y20, 318)],
            ),
            (
                58,
                482,
                &[("institution-medical-coverage", "80", "=", Y20, 482)],
            ),
            (
                59,
                491,
                &[("geriatric-beds-per-hospital", "50", ">=", None, 491)],
            ),
            (
                60,
                499,
                &[("hospital-new-bed-nursing-share", "50", ">=", None, 499)],
            ),
            (
                69,
                572,
                &[("community-rehab-site-coverage", "50", "=", Y20, 572)],
            ),
            (
                71,
                592,
                &[
                    ("facility-land-per-capita", "0.2", ">=", None, 592),
                    ("beds-per-1000-elderly", "30", "=", Y15, 592),
                    ("beds-per-1000-elderly", "40", "=", Y20, 592),
                ],
            ),
            (77, 641, &[("lottery-fund-share", "50", ">=", None, 641)]),
            (
                79,
                658,
                &[("bank-credit-line", "3000000000", ">=", Y20, 658)],
            ),
            (
                90,
                748,
                &[
                    ("caregiver-prejob-training-rate", "100", "=", Y20, 748),
                    ("caregiver-certification-rate", "90", ">=", Y20, 748),
                ],
            ),
            // Qualifiers, subsidies, thresholds and a start year: no targets.
            (5, 47, &[]),
            (6, 55, &[]),
            (24, 202, &[]),
            (72, 600, &[]),
            (81, 674, &[]),
            (82, 682, &[]),
        ];
        for (task, line, want) in cases {
            check(0, &[*line], Some(*task), want);
        }
    }

    #[test]
    fn changzhou_001() {
        let cases: &[(usize, usize, &[Row])] = &[
            (3, 22, &[("elderly-care-jobs", "70000", ">=", None, 22)]),
            (4, 28, &[("social-run-bed-share", "70", ">=", Y20, 28)]),
            (
                6,
                40,
                &[
                    ("urban-community-facility-coverage", "100", "=", Y15, 40),
                    ("rural-facility-coverage", "100", "=", Y15, 40),
                    ("urban-community-facility-coverage", "80", "=", Y20, 40),
                    ("rural-facility-coverage", "40", "=", Y20, 40),
                ],
            ),
            (
                8,
                52,
                &[
                    ("facility-area-per-100-households", "20", ">=", None, 52),
                    ("facility-area-per-100-households", "30", "<=", None, 52),
                    ("facility-area-per-100-households", "15", ">=", None, 52),
                    ("facility-area-per-100-households", "20", "<=", None, 52),
                ],
            ),
            (
                9,
                58,
                &[
                    ("facility-land-per-capita", "0.3", ">=", Y15, 58),
                    ("facility-land-per-capita", "0.4", ">=", Y20, 58),
                ],
            ),
            (13, 82, &[("beds-per-1000-elderly", "40", "=", Y15, 82)]),
            (18, 112, &[("nursing-bed-share", "60", ">=", Y20, 112)]),
            (
                21,
                130,
                &[("community-rehab-site-coverage", "50", "=", Y20, 130)],
            ),
            (
                33,
                202,
                &[
                    ("caregiver-prejob-training-rate", "100", "=", Y20, 202),
                    ("caregiver-certification-rate", "95", ">=", Y20, 202),
                ],
            ),
            (37, 226, &[("lottery-fund-share", "50", ">=", None, 226)]),
            // Coverage of information systems, thresholds, subsidies, rewards.
            (7, 46, &[]),
            (23, 142, &[]),
            (25, 154, &[]),
            (26, 160, &[]),
            (27, 166, &[]),
            (32, 196, &[]),
        ];
        for (task, line, want) in cases {
            check(1, &[*line], Some(*task), want);
        }
    }

    #[test]
    fn jinzhong_002() {
        // 三、主要目标
        check(
            2,
            &[59],
            None,
            &[
                ("total-elderly-care-beds", "21688", "=", Y20, 59),
                ("nursing-bed-share", "35", ">=", Y20, 59),
                ("beds-per-1000-elderly", "40", "=", Y20, 59),
                ("urban-community-facility-coverage", "80", "=", Y20, 59),
            ],
        );
        check(
            2,
            &[77],
            Some(4),
            &[
                ("day-care-centers", "60", "=", Y20, 77),
                ("meal-service-sites", "120", "=", Y20, 77),
                ("rural-facility-coverage", "40", ">=", Y20, 77),
            ],
        );
        check(
            2,
            &[88],
            Some(8),
            &[("caregiver-certification-rate", "95", ">=", Y20, 88)],
        );
        check(
            2,
            &[111],
            Some(15),
            &[("loan-guarantee-amount", "100000000", ">=", None, 111)],
        );
        // The industry section's introduction.
        check(
            2,
            &[134],
            None,
            &[
                ("industry-output", "10000000000", "=", Y20, 134),
                ("elderly-care-jobs", "20000", "=", Y20, 134),
                ("trained-professionals", "3000", "=", Y20, 134),
                ("incubated-organizations", "150", "=", Y20, 134),
                ("elderly-care-brands", "3", ">=", Y20, 134),
                ("elderly-care-brands", "5", "<=", Y20, 134),
            ],
        );
        // Subsidies and rewards only.
        check(2, &[73], Some(2), &[]);
        check(2, &[90], Some(9), &[]);
    }

    #[test]
    fn yinchuan_003() {
        // 二、发展目标: three paragraphs, one passage.
        check(
            3,
            &[21, 22, 24],
            None,
            &[
                ("urban-community-facility-coverage", "80", ">=", Y15, 21),
                ("rural-facility-coverage", "50", ">=", Y15, 21),
                ("beds-per-1000-elderly", "30", ">=", Y15, 21),
                ("caregiver-prejob-training-rate", "60", "=", Y15, 21),
                ("caregiver-certification-rate", "40", ">=", Y15, 21),
                ("urban-community-facility-coverage", "100", "=", Y17, 22),
                ("rural-facility-coverage", "60", ">=", Y17, 22),
                ("beds-per-1000-elderly", "32", ">=", Y17, 22),
                ("caregiver-prejob-training-rate", "80", "=", Y17, 22),
                ("caregiver-certification-rate", "60", ">=", Y17, 22),
                ("urban-community-facility-coverage", "100", "=", Y20, 24),
                ("rural-facility-coverage", "80", ">=", Y20, 24),
                ("beds-per-1000-elderly", "35", ">=", Y20, 24),
                ("caregiver-prejob-training-rate", "100", "=", Y20, 24),
                ("caregiver-certification-rate", "80", ">=", Y20, 24),
            ],
        );
        check(
            3,
            &[176],
            Some(2),
            &[("facility-land-per-capita", "0.1", ">=", None, 176)],
        );
        check(
            3,
            &[197],
            Some(5),
            &[
                ("community-center-staff", "1", ">=", None, 197),
                ("community-center-staff", "2", "<=", None, 197),
            ],
        );
        check(
            3,
            &[337],
            Some(26),
            &[
                ("elders-per-caregiver-disabled", "3", "<=", None, 337),
                ("elders-per-caregiver-independent", "10", "<=", None, 337),
            ],
        );
        // Subsidies per bed and shares of 1∶1: no targets.
        check(3, &[102], None, &[]);
        check(3, &[108], None, &[]);
    }

    #[test]
    fn shanghai_004() {
        // 二、工作目标 and its "增量" bullet.
        check(
            4,
            &[26, 28],
            None,
            &[
                ("community-service-centers", "400", ">=", Y22, 28),
                ("meal-service-sites", "1600", "=", Y22, 28),
                ("beds-per-1000-elderly", "30", ">=", Y22, 28),
                ("total-elderly-care-beds", "175000", ">=", Y22, 28),
                ("nursing-bed-share", "60", "=", Y22, 28),
                ("dementia-care-beds", "8000", "=", Y22, 28),
            ],
        );
        check(
            4,
            &[40],
            Some(1),
            &[("facility-area-per-1000-people", "40", "=", None, 40)],
        );
        check(
            4,
            &[48],
            Some(4),
            &[("village-neighbourhood-points", "2500", ">=", Y22, 48)],
        );
        check(
            4,
            &[86],
            Some(17),
            &[
                ("social-workers-per-1000-elderly", "1", "=", Y22, 86),
                ("social-workers-per-100-beds", "1", ">=", Y22, 86),
            ],
        );
        // 四、保障措施 (二): a sentence broken over two lines.
        check(
            4,
            &[118, 120],
            None,
            &[("lottery-fund-share", "60", ">=", None, 118)],
        );
        // Coverage of advisers: no indicator.
        check(4, &[66], Some(11), &[]);
    }
}
