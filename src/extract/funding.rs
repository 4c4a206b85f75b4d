//! Funding mentions: which source pays, how much, on what basis.
//!
//! A sentence gives a mention for every source it names (the code list's
//! keywords and shapes, `ontology/funding-sources.ttl`); a sentence naming
//! none gives nothing, even when it states an amount ("每人每月300元" with no
//! payer is a subsidy, not a funding mention; it is left for the unplaced
//! report). Sentences are read one by one, with two exceptions, each read
//! as one statement whose mentions carry both sentences as their text and
//! the first one's line:
//! - a sentence that names a payer and no amount ("…由市财政从市级福利彩票公益金
//!   中予以补助。") followed by one that names no source but a subsidy standard
//!   ("对…给予一次性建设补助20-50万元…。");
//! - a sentence that names no source but amounts ("…每床每年给予1200元运营补贴；
//!   …每床每年给予2400元。", its parts cut by ； included) followed by one that
//!   points back at the money and names payers and no amount ("资金由市、县两级
//!   财政各承担50%。"; the opening words are the lexicon's money-back-reference).
//!
//! How an amount (a quantity in 元, or "6000/床") is tied to a source:
//!
//! 1. Sources next to each other form a group: joined by 和/与/及/、 they are
//!    co-payers (市财政和市辖区, 市县两级财政); joined by 从 (市财政从市级福利彩票
//!    公益金中) or named by one phrase they are the same money.
//! 2. In a clause (text between ，：；。, a bracket being a clause of its own),
//!    an amount belongs to the nearest group before it, else to the first one
//!    after it: "市财政承担4000元，市辖区承担2000元" → 4000 and 2000;
//!    "（含自治区补助6000元）" → provincial 6000, while the 1.2万元 outside the
//!    bracket has no source of its own and is dropped.
//! 3. A group with no amount of its own in a payer clause (由…, or followed by
//!    承担/负担/分担/解决/购买/筹集…) pays the amounts of the clauses just before
//!    it, skipping sibling payer clauses: "…3万元，由市级福彩公益金负担" gives
//!    the fund 30000 too (the same money as 市财政's); "每床50元的标准，由…同级
//!    财政筹集资金购买" gives 50.
//! 4. An amount still without a source continues the most recent group that
//!    has amounts of its own, or that is a payer with none yet: "由市财政分别
//!    给予…6000/床、改扩建3000/床…，给予…其他养老机构3000/床、1500/床…" are
//!    four municipal amounts; "运营补助由…同级财政负担，补助标准…分别为每人每年
//!    1200元、1800元和2400元" are three. A source only mentioned (社会力量投资)
//!    takes nothing this way.
//! 5. An amount of a clause that opens by arranging money (安排, 投入 …, after
//!    the time it starts or recurs) and names no source is its topic's: the
//!    source that opens the clause before, with at most a level before it
//!    ("市级福利彩票公益金…，2021年起每年安排不少于2000万元"; not "鼓励社会资本…").
//! 6. Co-payers split an amount by a stated share: "按照1∶1比例分担" (two
//!    payers), "各承担50%", "各半", "区财政承担60%"; "各给予" gives each the whole
//!    amount. Co-payers without a stated split get no amount (unknown shares).
//!
//! Several amounts for several categories ("分别给予1万元、7000元、5000元") give
//! one mention per amount. A range (20-50万元) gives `amount` 200000 and
//! `amount_max` 500000. Identical mentions of one sentence are reported once,
//! and a source with an amount in a sentence is not reported again there
//! without one.
//!
//! The basis of an amount: the words written after it (元/床, /人/月), else
//! the 每-words of its clause before it (每张床位, 每年每床, 每人每月, 每个组织,
//! 每个项目), else a total word in its clause (规模不低于, 额度, 总额), else the
//! nearest 每-words earlier in the sentence (其中市财政承担4000元 after 每张床位
//! …), else the nearest recipient before it (…的项目 → per-project, 日间照料中心,
//! 企业, 机构 → per-organization, 人员, 毕业生, 从业 → per-person; with 每年 or
//! 每月 in its clause per-person-year/-month), else `total`. A bare 每月 is
//! read as per person (monthly subsidies in these documents are per person).
//!
//! The words are lexicon kinds (`ontology/lexicon.csv`): payer-verb, arrange-verb,
//! standard-word, earned-word, total-word, per-year-word, per-month-word and
//! funding-recipient; the 每-shapes and the links between sources are grammar
//! and stay here.

use std::sync::OnceLock;

use regex::Regex;

use super::numbers::{quantities, ratio_parts, Quantity, RATIO};
use super::passages::{Passage, Sentence};
use crate::knowledge::funding_sources::SourceMention;
use crate::knowledge::lexicon::{kind, Lexicon};
use crate::knowledge::Knowledge;
use crate::model::{Basis, Decimal, FundingMention, Source};
use crate::text::{fold_width, squash};

/// The funding mentions of a passage, in order.
pub fn funding(passage: &Passage, kb: &Knowledge) -> Vec<FundingMention> {
    let sentences = passage.sentences();
    let mut out = Vec::new();
    let mut push = |rows: Vec<SentenceFunding>, text: &str, line: usize| {
        for f in rows {
            out.push(FundingMention {
                source_code: f.source_code,
                amount: f.amount,
                amount_max: f.amount_max,
                basis: f.basis,
                source: Source {
                    sentence: text.to_owned(),
                    line,
                    task: passage.task,
                },
            });
        }
    };
    let mut i = 0;
    // Where the sentences just before, which named no source, start.
    let mut unread_from: Option<usize> = None;
    while i < sentences.len() {
        let s = sentences[i];
        let Some(reading) = Reading::new(s.text, kb) else {
            unread_from.get_or_insert(i);
            i += 1;
            continue;
        };
        // The amounts stated, the payer named after them: one statement.
        if let Some(from) = unread_from.take() {
            let before = last_full_sentence(&sentences[from..i]);
            let start = before.first().map_or(s.offset, |b| b.offset);
            let before_text = passage.text.get(start..s.offset).unwrap_or_default();
            if let Some(rows) = reading.paying_for(before_text) {
                let end = s.offset + s.text.len();
                let text = passage.text.get(start..end).unwrap_or(s.text);
                push(rows, text, before.first().map_or(s.line, |b| b.line));
                i += 1;
                continue;
            }
        }
        // The payer named, the amounts in the next sentence: one statement.
        if let Some(next) = sentences.get(i + 1) {
            if let Some(rows) = reading.with_standard_of(next.text, kb) {
                let end = next.offset + next.text.len();
                let text = passage.text.get(s.offset..end).unwrap_or(s.text);
                push(rows, text, s.line);
                i += 2;
                continue;
            }
        }
        push(reading.mentions(&[]), s.text, s.line);
        i += 1;
    }
    out
}

/// The last of `sentences` that 。 ends, with the parts ； cut off before it
/// ("…每床每年给予1200元运营补贴；收住失能老年人的，每床每年给予2400元。").
fn last_full_sentence<'s, 'a>(sentences: &'s [Sentence<'a>]) -> &'s [Sentence<'a>] {
    let cut_by_semicolon = |s: &Sentence| s.text.trim_end().ends_with(['；', ';']);
    let mut start = sentences.len().saturating_sub(1);
    while start > 0 && cut_by_semicolon(&sentences[start - 1]) {
        start -= 1;
    }
    &sentences[start..]
}

/// A funding mention of one sentence, before it is placed in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceFunding {
    pub source_code: String,
    pub amount: Option<Decimal>,
    pub amount_max: Option<Decimal>,
    pub basis: Option<Basis>,
}

/// An amount of money a sentence states, with its basis, whether or not a
/// source is named for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// In yuan; the lower bound of a range.
    pub value: Decimal,
    pub upper: Option<Decimal>,
    pub basis: Basis,
    /// Byte range in the sentence.
    pub start: usize,
    pub end: usize,
}

/// The amounts of money in a sentence (元, 万元, "6000/床"), in order.
pub fn money(sentence: &str, lexicon: &Lexicon) -> Vec<Money> {
    let clauses = Clauses::new(sentence);
    money_items(sentence, &clauses, lexicon)
}

/// The funding mentions of one sentence, in text order.
pub fn sentence_funding(sentence: &str, kb: &Knowledge) -> Vec<SentenceFunding> {
    Reading::new(sentence, kb).map_or_else(Vec::new, |r| r.mentions(&[]))
}

/// A sentence that names sources, with its amounts tied to them.
struct Reading<'a> {
    sentence: &'a str,
    lexicon: &'a Lexicon,
    clauses: Clauses,
    amounts: Vec<Money>,
    quantities: Vec<Quantity>,
    groups: Vec<Group>,
}

impl<'a> Reading<'a> {
    /// `None` when the sentence names no source.
    fn new(sentence: &'a str, kb: &'a Knowledge) -> Option<Reading<'a>> {
        let lexicon = &kb.lexicon;
        let mentions = kb.funding_sources.find(sentence);
        if mentions.is_empty() {
            return None;
        }
        let clauses = Clauses::new(sentence);
        let amounts = money_items(sentence, &clauses, lexicon);
        let all_quantities = quantities(sentence);
        let mut groups = make_groups(sentence, &clauses, mentions);
        // Which group holds each amount (by index), and in what role.
        let mut owner: Vec<Option<usize>> = vec![None; amounts.len()];

        // 2. Within a clause: the nearest group before, else the first after.
        for (a, m) in amounts.iter().enumerate() {
            let c = clauses.of(m.start);
            let before = groups
                .iter()
                .enumerate()
                .filter(|(_, g)| g.clause == c && g.end <= m.start)
                .max_by_key(|(_, g)| g.end)
                .map(|(i, _)| i);
            let after = || {
                groups
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| g.clause == c && g.start >= m.end)
                    .min_by_key(|(_, g)| g.start)
                    .map(|(i, _)| i)
            };
            if let Some(g) = before.or_else(after) {
                owner[a] = Some(g);
                groups[g].amounts.push(a);
                groups[g].own_amounts = true;
            }
        }

        // 3. Payer clauses pay the amounts just before them.
        let clause_has_money = |c: usize| amounts.iter().any(|m| clauses.of(m.start) == c);
        for g in 0..groups.len() {
            if groups[g].own_amounts || clause_has_money(groups[g].clause) {
                continue;
            }
            if !is_payer(sentence, &clauses, &groups[g], lexicon) {
                continue;
            }
            groups[g].payer = true;
            let order = clauses.order();
            let Some(pos) = order.iter().position(|&c| c == groups[g].clause) else {
                continue;
            };
            let mut taken = Vec::new();
            for &c in order[..pos].iter().rev() {
                let in_clause: Vec<usize> = amounts
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| clauses.of(m.start) == c && m.end <= groups[g].start)
                    .map(|(i, _)| i)
                    .collect();
                if !in_clause.is_empty() {
                    taken.extend(in_clause);
                    continue;
                }
                let sibling_payer = groups.iter().any(|h| {
                    h.clause == c && !h.own_amounts && is_payer(sentence, &clauses, h, lexicon)
                });
                if !taken.is_empty() || !sibling_payer {
                    break;
                }
            }
            taken.sort_unstable();
            for &a in &taken {
                owner[a].get_or_insert(g);
            }
            groups[g].amounts.extend(taken);
        }

        // 4. Amounts still without a source continue the most recent group.
        for (a, m) in amounts.iter().enumerate() {
            if owner[a].is_some() {
                continue;
            }
            let recent = most_recent(&groups, m.start);
            if let Some(g) = recent {
                let open = groups[g].own_amounts
                    || (groups[g].payer && groups[g].amounts.is_empty())
                    || groups[g].carried;
                if open {
                    owner[a] = Some(g);
                    groups[g].amounts.push(a);
                    groups[g].carried = true;
                }
            }
        }
        // 5. An amount of a clause that arranges money and names no source
        //    ("…，2021年起每年安排不少于2000万元") is the topic's: the source
        //    that opens the clause before.
        for (a, m) in amounts.iter().enumerate() {
            let c = clauses.of(m.start);
            if owner[a].is_some() || groups.iter().any(|g| g.clause == c) {
                continue;
            }
            if !arranges(&clauses.text_between(sentence, c, 0, m.start), lexicon) {
                continue;
            }
            let recent = most_recent(&groups, m.start);
            if let Some(g) = recent.filter(|&g| opens_its_clause(sentence, &clauses, &groups[g])) {
                owner[a] = Some(g);
                groups[g].amounts.push(a);
            }
        }
        Some(Reading {
            sentence,
            lexicon,
            clauses,
            amounts,
            quantities: all_quantities,
            groups,
        })
    }

    /// When this sentence names a payer and no amount ("…由市财政从市级福利彩票
    /// 公益金中予以补助。") and the next one names no source but a subsidy
    /// standard ("对…给予一次性建设补助20-50万元"), the payers pay those amounts.
    fn with_standard_of(&self, next: &str, kb: &Knowledge) -> Option<Vec<SentenceFunding>> {
        let open = self.groups.iter().any(|g| g.payer && g.amounts.is_empty());
        if !open || !self.amounts.is_empty() || !self.lexicon.mentions(kind::STANDARD_WORD, next) {
            return None;
        }
        if !kb.funding_sources.find(next).is_empty() {
            return None;
        }
        let more = money(next, self.lexicon);
        (!more.is_empty()).then(|| self.mentions(&more))
    }

    /// When this sentence opens by pointing back at money ("资金由…",
    /// "所需经费…") and names payers but no amount, and the sentence before
    /// named no source but amounts ("…每床每年给予1200元运营补贴。"), the
    /// payers pay those amounts.
    fn paying_for(&self, before: &str) -> Option<Vec<SentenceFunding>> {
        let open = self.groups.iter().any(|g| g.payer && g.amounts.is_empty());
        let opening = squash(self.sentence);
        let points_back = self
            .lexicon
            .words(kind::MONEY_BACK_REFERENCE)
            .iter()
            .any(|w| opening.starts_with(w.as_str()));
        if !open || !points_back || !self.amounts.is_empty() {
            return None;
        }
        let more = money(before, self.lexicon);
        (!more.is_empty()).then(|| self.mentions(&more))
    }

    /// The mentions; `more` are amounts of the next sentence for the payers
    /// that have none.
    fn mentions(&self, more: &[Money]) -> Vec<SentenceFunding> {
        let (sentence, clauses, amounts) = (self.sentence, &self.clauses, &self.amounts);
        let mut out: Vec<SentenceFunding> = Vec::new();
        for g in &self.groups {
            let held: Vec<&Money> = if g.payer && g.amounts.is_empty() && !more.is_empty() {
                more.iter().collect()
            } else {
                g.amounts.iter().map(|&a| &amounts[a]).collect()
            };
            let shares = shares(sentence, clauses, g, &self.quantities);
            for (p, part) in g.parts.iter().enumerate() {
                for code in part {
                    if held.is_empty() {
                        push_unique(&mut out, code, None, None, None);
                        continue;
                    }
                    for m in &held {
                        match &shares {
                            Share::Whole => {
                                push_unique(&mut out, code, Some(m.value), m.upper, Some(m.basis))
                            }
                            Share::Parts(s) => push_unique(
                                &mut out,
                                code,
                                Some(scale(m.value, s[p])),
                                m.upper.map(|u| scale(u, s[p])),
                                Some(m.basis),
                            ),
                            Share::Unknown => push_unique(&mut out, code, None, None, None),
                        }
                    }
                }
            }
        }
        let with_amount: Vec<String> = out
            .iter()
            .filter(|f| f.amount.is_some())
            .map(|f| f.source_code.clone())
            .collect();
        out.retain(|f| f.amount.is_some() || !with_amount.contains(&f.source_code));
        out
    }
}

fn push_unique(
    out: &mut Vec<SentenceFunding>,
    code: &str,
    amount: Option<Decimal>,
    amount_max: Option<Decimal>,
    basis: Option<Basis>,
) {
    let f = SentenceFunding {
        source_code: code.to_owned(),
        amount: amount.map(|v| v.normalize()),
        amount_max: amount_max.map(|v| v.normalize()),
        basis,
    };
    if !out.contains(&f) {
        out.push(f);
    }
}

fn scale(value: Decimal, share: Decimal) -> Decimal {
    value
        .checked_mul(share)
        .map_or(value, |v| v.round_dp(2))
        .normalize()
}

/// Neighbouring source mentions of one clause.
#[derive(Debug)]
struct Group {
    /// Codes per mention; co-payers are different parts.
    parts: Vec<Vec<String>>,
    /// Parts joined by 和/与/及/、 (pay together), not by 从 (the same money).
    co_payers: bool,
    start: usize,
    end: usize,
    clause: usize,
    /// Indices of the amounts the group holds.
    amounts: Vec<usize>,
    /// It has an amount in its own clause.
    own_amounts: bool,
    /// It is named in a payer clause (由…, …承担).
    payer: bool,
    /// It took an amount of a later clause.
    carried: bool,
}

/// The group that ends last before byte `at`.
fn most_recent(groups: &[Group], at: usize) -> Option<usize> {
    groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.end <= at)
        .max_by_key(|(_, g)| g.end)
        .map(|(i, _)| i)
}

fn make_groups(sentence: &str, clauses: &Clauses, mentions: Vec<SourceMention>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for m in mentions {
        let clause = clauses.of(m.start);
        if let Some(g) = groups.last_mut() {
            if g.clause == clause {
                let gap = fold_width(&squash(sentence.get(g.end..m.start).unwrap_or("")));
                if let Some(co) = link(&gap) {
                    g.parts.push(m.codes);
                    g.co_payers |= co;
                    g.end = m.end;
                    continue;
                }
            }
        }
        groups.push(Group {
            parts: vec![m.codes],
            co_payers: false,
            start: m.start,
            end: m.end,
            clause,
            amounts: Vec::new(),
            own_amounts: false,
            payer: false,
            carried: false,
        });
    }
    groups
}

/// Whether the text between two sources joins them: `Some(true)` for
/// co-payers (和, 、), `Some(false)` for the same money (从).
fn link(gap: &str) -> Option<bool> {
    static CO: OnceLock<Regex> = OnceLock::new();
    static FROM: OnceLock<Regex> = OnceLock::new();
    let co = CO.get_or_init(|| {
        Regex::new(
            r"^(?:和|与|及|以及|、|或)?(?:市|省|县|区|市级|省级|县级|区级|各|各级|所在地?|本级)?$",
        )
        .expect("valid regex")
    });
    let from = FROM.get_or_init(|| {
        Regex::new(r"^从(?:市|省|县|区|市级|省级|县级|区级|上级|上级补助的|本级|同级)?$")
            .expect("valid regex")
    });
    if from.is_match(gap) {
        Some(false)
    } else if co.is_match(gap) {
        Some(true)
    } else {
        None
    }
}

/// A group pays what its clause says when 由 comes before it in the clause
/// or a paying verb soon after it ("按照1∶1比例分担", not "…制定政府购买服务目录").
fn is_payer(sentence: &str, clauses: &Clauses, g: &Group, lexicon: &Lexicon) -> bool {
    let before = clauses.text_between(sentence, g.clause, 0, g.start);
    let after = clauses.text_between(sentence, g.clause, g.end, sentence.len());
    let soon: String = squash(&after).chars().take(12).collect();
    before.contains('由') || lexicon.mentions(kind::PAYER_VERB, &soon)
}

/// Whether a clause opens with an arrange verb, after the time it starts
/// or recurs ("2021年起每年安排", "逐年投入").
fn arranges(clause_before_amount: &str, lexicon: &Lexicon) -> bool {
    static TIME: OnceLock<Regex> = OnceLock::new();
    let time = TIME.get_or_init(|| {
        Regex::new(r"^(?:\d{4}年(?:起|开始|以来)?)?(?:每年度?|年均|逐年|按年)?")
            .expect("valid regex")
    });
    let text = fold_width(&squash(clause_before_amount));
    let rest = time.find(&text).map_or(text.as_str(), |m| &text[m.end()..]);
    lexicon.starts_with(kind::ARRANGE_VERB, rest)
}

/// Whether a group is its clause's subject: nothing before it but a level
/// (市级, 市本级), not a verb (鼓励社会资本…).
fn opens_its_clause(sentence: &str, clauses: &Clauses, g: &Group) -> bool {
    let before = squash(&clauses.text_between(sentence, g.clause, 0, g.start));
    before.is_empty() || (before.ends_with('级') && before.chars().count() <= 3)
}

enum Share {
    Whole,
    Parts(Vec<Decimal>),
    Unknown,
}

/// How a group divides an amount among its parts.
fn shares(sentence: &str, clauses: &Clauses, g: &Group, qs: &[Quantity]) -> Share {
    let n = g.parts.len();
    let after = clauses.text_between(sentence, g.clause, g.end, sentence.len());
    let after = fold_width(&squash(&after));
    // The first quantity after the group in its clause, with the words before it.
    let next = qs
        .iter()
        .find(|q| q.start >= g.end && clauses.of(q.start) == g.clause);
    let lead = next.map(|q| fold_width(&squash(sentence.get(g.end..q.start).unwrap_or(""))));
    let pays = |s: &str| {
        ["承担", "负担", "分担", "出资", "配套", "补助"]
            .iter()
            .any(|v| s.contains(v))
    };
    let hundred = Decimal::ONE_HUNDRED;
    if let (Some(q), Some(lead)) = (next, &lead) {
        let near = lead.chars().count() <= 8;
        if q.unit == RATIO && n == 2 && near {
            let written = sentence.get(q.start..q.end).and_then(ratio_parts);
            let (a, b) = written.unwrap_or((Decimal::ONE, q.value));
            let total = a + b;
            if let (Some(a), Some(b)) = (a.checked_div(total), b.checked_div(total)) {
                return Share::Parts(vec![a, b]);
            }
        }
        if q.unit == "%" && near && q.upper.is_none() && q.value <= hundred {
            let share = q.value / hundred;
            if lead.starts_with('各') {
                return Share::Parts(vec![share; n]);
            }
            if n == 1 && pays(lead) {
                return Share::Parts(vec![share]);
            }
        }
    }
    if after.starts_with("各半")
        || after.starts_with("各承担一半")
        || after.starts_with("各负担一半")
    {
        return Share::Parts(vec![Decimal::new(5, 1); n]);
    }
    if !g.co_payers || after.starts_with('各') {
        Share::Whole
    } else {
        Share::Unknown
    }
}

/// Clause numbers per byte: clauses end at ，：；。 (not between digits), and a
/// bracket is a clause of its own, after which the outer clause resumes.
struct Clauses {
    of_byte: Vec<usize>,
}

impl Clauses {
    fn new(sentence: &str) -> Clauses {
        let mut of_byte = vec![0; sentence.len() + 1];
        let mut next_id = 1;
        let mut current = 0;
        let mut stack: Vec<usize> = Vec::new();
        let chars: Vec<(usize, char)> = sentence.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let digit_around = |k: usize| {
                k > 0
                    && chars[k - 1].1.is_ascii_digit()
                    && chars.get(k + 1).is_some_and(|(_, c)| c.is_ascii_digit())
            };
            let mut mine = current;
            match c {
                '（' | '(' => {
                    stack.push(current);
                    current = next_id;
                    next_id += 1;
                    mine = current;
                }
                '）' | ')' => {
                    current = stack.pop().unwrap_or_else(|| {
                        next_id += 1;
                        next_id - 1
                    });
                }
                '，' | '：' | '；' | '。' | ';' | '！' | '？' | '!' | '?' => {
                    current = next_id;
                    next_id += 1;
                }
                ',' | ':' if !digit_around(k) => {
                    current = next_id;
                    next_id += 1;
                }
                _ => {}
            }
            for b in &mut of_byte[i..i + c.len_utf8()] {
                *b = mine;
            }
        }
        if let Some(last) = of_byte.last_mut() {
            *last = current;
        }
        Clauses { of_byte }
    }

    fn of(&self, byte: usize) -> usize {
        self.of_byte
            .get(byte)
            .or(self.of_byte.last())
            .copied()
            .unwrap_or(0)
    }

    /// Clause numbers in the order they first appear.
    fn order(&self) -> Vec<usize> {
        let mut seen = Vec::new();
        for &c in &self.of_byte {
            if !seen.contains(&c) {
                seen.push(c);
            }
        }
        seen
    }

    /// The characters of clause `c` between two byte offsets.
    fn text_between(&self, sentence: &str, c: usize, from: usize, to: usize) -> String {
        sentence
            .char_indices()
            .filter(|(i, _)| *i >= from && *i < to && self.of(*i) == c)
            .map(|(_, ch)| ch)
            .collect()
    }
}

/// Amounts of money: quantities in 元, and bare numbers written per bed or
/// per person ("6000/床"); not what is earned (产值达到100亿元, 收入低于…元),
/// which no source pays.
fn money_items(sentence: &str, clauses: &Clauses, lexicon: &Lexicon) -> Vec<Money> {
    quantities(sentence)
        .into_iter()
        .filter(|q| {
            q.unit == "元"
                || (q.unit.is_empty() && per_suffix(sentence.get(q.end..).unwrap_or("")).is_some())
        })
        .filter(|q| {
            let before = clauses.text_between(sentence, clauses.of(q.start), 0, q.start);
            !is_earned(&fold_width(&squash(&before)), lexicon)
        })
        .map(|q| Money {
            basis: basis(sentence, clauses, &q, lexicon),
            value: q.value.normalize(),
            upper: q.upper.map(|v| v.normalize()),
            start: q.start,
            end: q.end,
        })
        .collect()
}

/// Whether an amount after `before` (its clause) is earned: an earned word
/// at most six characters before it, with no clause mark between.
fn is_earned(before: &str, lexicon: &Lexicon) -> bool {
    lexicon
        .occurrences(kind::EARNED_WORD, before)
        .iter()
        .any(|o| {
            let gap = &before[o.end..];
            gap.chars().count() <= 6 && !gap.contains([',', '，', ':', '：'])
        })
}

/// What a basis is counted per, and whether by year or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Per {
    Bed,
    Person,
    Organization,
    Project,
}

#[derive(Debug, Clone, Copy, Default)]
struct Period {
    year: bool,
    month: bool,
    day: bool,
}

impl Period {
    fn or(self, other: Period) -> Period {
        Period {
            year: self.year || other.year,
            month: self.month || other.month,
            day: self.day || other.day,
        }
    }
}

fn combine(per: Per, period: Period) -> Basis {
    match per {
        Per::Bed if period.year => Basis::PerBedYear,
        Per::Bed if period.month => Basis::PerBedMonth,
        Per::Bed if period.day => Basis::PerBedDay,
        Per::Bed => Basis::PerBed,
        Per::Person if period.month => Basis::PerPersonMonth,
        Per::Person if period.year => Basis::PerPersonYear,
        Per::Person if period.day => Basis::PerPersonDay,
        Per::Person => Basis::PerPerson,
        Per::Organization => Basis::PerOrganization,
        Per::Project => Basis::PerProject,
    }
}

/// The per-words written right after an amount: "/床", "/人/月", "/年",
/// "/床日".
fn per_suffix(after: &str) -> Option<(Option<Per>, Period)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^/(?:(张)?(床)位?|(人|名)|(?:个|所|家)?(机构|组织|中心)|(?:个)?(项目))?(?:[/·.]?(年|月|日|天))?")
            .expect("valid regex")
    });
    let after = fold_width(&squash(after));
    let caps = re.captures(&after)?;
    let per = if caps.get(2).is_some() {
        Some(Per::Bed)
    } else if caps.get(3).is_some() {
        Some(Per::Person)
    } else if caps.get(4).is_some() {
        Some(Per::Organization)
    } else if caps.get(5).is_some() {
        Some(Per::Project)
    } else {
        None
    };
    let unit = caps.get(6).map(|m| m.as_str());
    let period = Period {
        year: unit == Some("年"),
        month: unit == Some("月"),
        day: matches!(unit, Some("日" | "天")),
    };
    (per.is_some() || unit.is_some()).then_some((per, period))
}

impl Per {
    /// The per of a funding-recipient row of the lexicon.
    fn of_recipient(value: &str) -> Option<Per> {
        match value {
            "person" => Some(Per::Person),
            "organization" => Some(Per::Organization),
            "project" => Some(Per::Project),
            _ => None,
        }
    }
}

/// The 每-words of a basis, by their shape (每张…床, 每个…中心).
struct Markers {
    per: Vec<(Regex, Per)>,
}

fn markers() -> &'static Markers {
    static M: OnceLock<Markers> = OnceLock::new();
    M.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("valid regex");
        Markers {
            per: vec![
                // 张 counts beds: "对新建床位给予每张10000元"; a bed-day is
                // a bed's ("按照床日60元的标准").
                (re(r"每(?:张|个)?[^,，。；;、0-9]{0,6}?床|每张|床日"), Per::Bed),
                (re(r"每(?:人|名|位)|人均"), Per::Person),
                (
                    re(r"每(?:个|所|家|处|座)[^,，。；;、0-9]{0,8}?(?:组织|机构|中心|站|点|院|餐桌|企业|单位)|每(?:所|家|处)"),
                    Per::Organization,
                ),
                (re(r"每(?:个)?[^,，。；;、0-9]{0,6}?项目|每项"), Per::Project),
            ],
        }
    })
}

/// The nearest per-word (by its end) in `text`.
fn nearest(text: &str, list: &[(Regex, Per)]) -> Option<(usize, Per)> {
    list.iter()
        .filter_map(|(re, per)| re.find_iter(text).last().map(|m| (m.end(), *per)))
        .max_by_key(|(end, _)| *end)
}

/// The recipients named in `text`, in order of their end.
fn recipients(text: &str, lexicon: &Lexicon) -> Vec<(usize, usize, Per)> {
    let mut found: Vec<(usize, usize, Per)> = lexicon
        .occurrences(kind::FUNDING_RECIPIENT, text)
        .into_iter()
        .filter_map(|o| Some((o.start, o.end, Per::of_recipient(o.value)?)))
        .collect();
    found.sort_by_key(|&(start, end, _)| (end, std::cmp::Reverse(start)));
    found
}

fn period_of(text: &str, lexicon: &Lexicon) -> Period {
    Period {
        year: lexicon.mentions(kind::PER_YEAR_WORD, text),
        month: lexicon.mentions(kind::PER_MONTH_WORD, text),
        day: lexicon.mentions(kind::PER_DAY_WORD, text),
    }
}

fn basis(sentence: &str, clauses: &Clauses, q: &Quantity, lexicon: &Lexicon) -> Basis {
    let m = markers();
    let c = clauses.of(q.start);
    let own_before = fold_width(&squash(&clauses.text_between(sentence, c, 0, q.start)));
    let own_after = fold_width(&squash(&clauses.text_between(
        sentence,
        c,
        q.end,
        sentence.len(),
    )));
    let mut period = period_of(&own_before, lexicon);
    // Written after the amount: 元/床, /人/月.
    if let Some((per, p)) = sentence.get(q.end..).and_then(per_suffix) {
        period = period.or(p);
        if let Some(per) = per {
            return combine(per, period);
        }
    }
    // 每-words of its own clause.
    if let Some((_, per)) = nearest(&own_before, &m.per) {
        return combine(per, period);
    }
    if lexicon.mentions(kind::TOTAL_WORD, &own_before) {
        return Basis::Total;
    }
    // 每-words earlier in the sentence, with their own clause's period.
    let before = sentence.get(..q.start).unwrap_or("");
    let folded_before = fold_width(&squash(before));
    if let Some((end, per)) = nearest(&folded_before, &m.per) {
        let earlier: String = folded_before.get(..end).unwrap_or("").to_owned();
        // Folded: the clause marks are ASCII here.
        let from = earlier.rfind([',', ':', '(', ')']).map_or(0, |i| i + 1);
        let theirs = period_of(earlier.get(from..).unwrap_or(""), lexicon);
        return combine(per, period.or(theirs));
    }
    // The recipient: the nearest one before, else the first after in the clause.
    let nearest_before = recipients(&folded_before, lexicon).last().copied();
    let cue = nearest_before
        .or_else(|| {
            recipients(&own_after, lexicon)
                .into_iter()
                .min_by_key(|&(start, _, _)| start)
        })
        .map(|(_, _, per)| per);
    match cue {
        Some(per) => combine(per, period),
        None if period.month => Basis::PerPersonMonth,
        None => Basis::Total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().unwrap()
    }

    /// The funding mentions of a one-line paragraph.
    fn paragraph_funding(text: &str) -> Vec<FundingMention> {
        funding(&Passage::single(text, 1, None), kb())
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// (code, amount, amount_max, basis) of a sentence, as strings.
    fn rows(sentence: &str) -> Vec<(String, String, String, String)> {
        sentence_funding(sentence, kb())
            .into_iter()
            .map(|f| {
                (
                    f.source_code,
                    f.amount.map(|a| a.to_string()).unwrap_or_default(),
                    f.amount_max.map(|a| a.to_string()).unwrap_or_default(),
                    f.basis.map(|b| b.code().to_owned()).unwrap_or_default(),
                )
            })
            .collect()
    }

    fn expect(sentence: &str, want: &[(&str, &str, &str)]) {
        let got: Vec<(String, String, String)> = rows(sentence)
            .into_iter()
            .map(|(c, a, max, b)| {
                let a = if max.is_empty() {
                    a
                } else {
                    format!("{a}-{max}")
                };
                (c, a, b)
            })
            .collect();
        let want: Vec<(String, String, String)> = want
            .iter()
            .map(|(c, a, b)| (c.to_string(), a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want, "{sentence}");
    }

    #[test]
    fn payers_with_their_own_amounts() {
        expect(
            "对按标准建设并取得《养老机构设立许可证》和《民办非企业单位证书》的非营利性民办养老服务机构，用房自建并投入使用的，经核定每张床位给予1.2万元（含自治区补助6000元）的一次性开办补助，其中市财政承担4000元，市辖区承担2000元。",
            &[
                ("provincial-finance", "6000", "per-bed"),
                ("municipal-finance", "4000", "per-bed"),
                ("county-finance", "2000", "per-bed"),
            ],
        );
    }

    #[test]
    fn each_level_s_budget_pays_its_own_amount() {
        expect(
            "市财政每年安排养老服务业发展专项资金500万元，县（区）财政按照每位老年人每年不低于10元的标准安排养老服务资金。",
            &[
                ("municipal-finance", "", ""),
                ("service-industry-fund", "5000000", "total"),
                ("county-finance", "10", "per-person-year"),
            ],
        );
    }

    #[test]
    fn bonds_and_donations_have_project_codes() {
        expect(
            "支持符合条件的养老项目申请地方政府专项债券。",
            &[("special-bonds", "", "")],
        );
        expect(
            "引导慈善组织、社会捐赠支持养老服务。",
            &[("charitable-donations", "", "")],
        );
    }

    #[test]
    fn amounts_by_the_month_or_the_day_of_a_bed_or_a_person() {
        expect(
            "市财政按每张床位每月100元给予运营补贴。",
            &[("municipal-finance", "100", "per-bed-month")],
        );
        expect(
            "长期护理保险基金按每床日50元支付机构护理费用。",
            &[("long-term-care-insurance", "50", "per-bed-day")],
        );
        // Without 每, after a recipient (保险机构): still a bed-day.
        expect(
            "鼓励保险机构开发产品，长期护理保险基金按照床日60元的标准支付。",
            &[("long-term-care-insurance", "60", "per-bed-day")],
        );
        expect(
            "长期护理保险基金按照每人每日30元支付护理费用。",
            &[("long-term-care-insurance", "30", "per-person-day")],
        );
        expect(
            "护理费用由长期护理保险基金按40元/人/天支付。",
            &[("long-term-care-insurance", "40", "per-person-day")],
        );
        // A year wins over the month of a bed, as it did before.
        expect(
            "市财政每年按每张床位600元给予补贴。",
            &[("municipal-finance", "600", "per-bed-year")],
        );
    }

    #[test]
    fn co_payers_split_by_ratio_or_share() {
        expect(
            "民办和公建民营的养老服务机构按入住满一个月以上的老年人实际占用床位数计算全年平均数，根据考核情况，每年每张床位给予2000元的运营补助，由市财政和市辖区按照1∶1比例分担，补助期限为5年。",
            &[
                ("municipal-finance", "1000", "per-bed-year"),
                ("county-finance", "1000", "per-bed-year"),
            ],
        );
        expect(
            "每张床位补助不低于3000元，由市县两级财政各承担50%。",
            &[
                ("municipal-finance", "1500", "per-bed"),
                ("county-finance", "1500", "per-bed"),
            ],
        );
        expect(
            "每床补助3000元，区财政承担60%，市福彩公益金承担40%。",
            &[
                ("county-finance", "1800", "per-bed"),
                ("welfare-lottery-fund", "1200", "per-bed"),
            ],
        );
        expect(
            "所需资金由区财政和市福彩公益金按1:1比例分担。",
            &[("county-finance", "", ""), ("welfare-lottery-fund", "", "")],
        );
        // Co-payers without a stated split: shares unknown.
        expect(
            "每人每月补贴100元，由市财政和市辖区共同承担。",
            &[("municipal-finance", "", ""), ("county-finance", "", "")],
        );
        expect(
            "对新建护理型床位给予每张10000元的一次性建设补贴，所需资金由市、县两级财政按1:1比例分担。",
            &[
                ("municipal-finance", "5000", "per-bed"),
                ("county-finance", "5000", "per-bed"),
            ],
        );
        // A ratio that does not divide evenly still adds up: 3:7 of 10000 is
        // 3000 and 7000, not 3000.03. An autonomous prefecture (州) pays as
        // a city does, its counties (县市) as counties.
        expect(
            "按照每张床位1万元给予一次性建设补贴，所需资金由州、县市两级财政按照3:7比例承担。",
            &[
                ("municipal-finance", "3000", "per-bed"),
                ("county-finance", "7000", "per-bed"),
            ],
        );
        expect(
            "每张床位补助1000元，由市财政和县级财政按2∶1比例分担。",
            &[
                ("municipal-finance", "666.67", "per-bed"),
                ("county-finance", "333.33", "per-bed"),
            ],
        );
        expect(
            "市、县财政各给予5000元补助。",
            &[
                ("municipal-finance", "5000", "total"),
                ("county-finance", "5000", "total"),
            ],
        );
    }

    #[test]
    fn nested_sources_are_the_same_money() {
        expect(
            "其建设资金除省财政给予适当补助外,由市财政从市级福利彩票公益金中予以补助。",
            &[
                ("provincial-finance", "", ""),
                ("municipal-finance", "", ""),
                ("welfare-lottery-fund", "", ""),
            ],
        );
        expect(
            "除中央、省建设补助外,市财政给予农村老年人日间照料中心一次性建设补助3万元,由市级福彩公益金负担。",
            &[
                ("central-finance", "", ""),
                ("provincial-finance", "", ""),
                ("municipal-finance", "30000", "per-organization"),
                ("welfare-lottery-fund", "30000", "per-organization"),
            ],
        );
        expect(
            "所需资金由县级财政从上级补助的就业资金中解决。",
            &[("county-finance", "", ""), ("employment-fund", "", "")],
        );
    }

    #[test]
    fn payer_clauses_take_the_amounts_before_them() {
        expect(
            "城乡社区老年人日间照料中心按照运营情况每年给予不低于2万元的运营补贴,由所在地县级财政负担。",
            &[("county-finance", "20000", "per-organization")],
        );
        expect(
            "养老服务机构保险金按机构养老床位数的70%测算,以每年每床50元的标准,由实施养老机构设立许可民政部门的同级财政筹集资金购买,居家养老服务组织所需保险金按每个组织补助5000元的标准,由所在县(区、市)财政购买。",
            &[
                ("same-level-finance", "50", "per-bed-year"),
                ("county-finance", "5000", "per-organization"),
            ],
        );
        expect(
            "积极开展养老护理员职业资格和技能培训,实行持证上岗制度,到2020年,养老护理员持证上岗率达到95%以上,对养老护理人员中持有初级《养老护理员职业资格证》的给予每人每月50元补贴,持有中级证书的给予每人每月100元补贴,持有高级证书的给予每人每月200元补贴,所需资金由实施养老机构设立许可民政部门的同级财政负担。",
            &[
                ("same-level-finance", "50", "per-person-month"),
                ("same-level-finance", "100", "per-person-month"),
                ("same-level-finance", "200", "per-person-month"),
            ],
        );
        expect(
            "从2016年起,对与符合资质的社会力量举办的养老机构签订3年以上劳动合同,缴齐“五险一金”,连续从业满1年以上的,分别给予2000元和1500元的一次性奖励,所需资金由实施养老机构设立许可民政部门的同级财政负担。",
            &[
                ("same-level-finance", "2000", "per-person"),
                ("same-level-finance", "1500", "per-person"),
            ],
        );
    }

    #[test]
    fn money_arranged_from_a_source_is_paid_by_it() {
        expect(
            "对社会力量新建的养老机构，按每张床位8000元给予一次性建设补助，所需资金从市级福彩公益金中安排。",
            &[("welfare-lottery-fund", "8000", "per-bed")],
        );
        expect(
            "对新建养老机构给予每张床位1万元补助，资金由市财政拨付。",
            &[("municipal-finance", "10000", "per-bed")],
        );
    }

    #[test]
    fn amounts_continue_their_source() {
        expect(
            "对社会力量投资新建、改扩建的非营利性养老机构,符合建设标准和资质条件、运营满一年的,在省财政给予一次性建设补助的基础上,由市财政分别给予新建的护理型养老机构6000/床、改扩建3000/床一次性建设补助,给予新建、改扩建的其他养老机构3000/床、1500/床一次性补助。",
            &[
                ("private-capital", "", ""),
                ("provincial-finance", "", ""),
                ("municipal-finance", "6000", "per-bed"),
                ("municipal-finance", "3000", "per-bed"),
                ("municipal-finance", "1500", "per-bed"),
            ],
        );
        expect(
            "运营补助由实施养老机构许可民政部门(榆次区、开发区范围内300张床位以上的养老机构由市民政局许可,300张床位〈含300张〉以下的养老机构分别由榆次区民政局、开发区社管处许可)的同级财政负担,补助标准按照收住的具有晋中市户籍的自理、半失能、失能老人分别为每人每年1200元、1800元和2400元。",
            &[
                ("same-level-finance", "1200", "per-person-year"),
                ("same-level-finance", "1800", "per-person-year"),
                ("same-level-finance", "2400", "per-person-year"),
            ],
        );
        expect(
            "对持有《国家职业资格证书》并在同一养老服务机构工作一年以上的服务人员，每月给予特殊公益性岗位补贴200元，就业困难人员每月给予400元补贴；",
            &[
                ("employment-fund", "200", "per-person-month"),
                ("employment-fund", "400", "per-person-month"),
            ],
        );
        // A source only mentioned takes no amount.
        expect(
            "对社会力量投资新建的养老机构，给予每床5000元补助。",
            &[("private-capital", "", "")],
        );
    }

    #[test]
    fn a_clause_that_arranges_money_continues_its_topic() {
        expect(
            "市级福利彩票公益金用于养老服务的比例不低于55%，2021年起每年安排不少于2000万元用于支持居家社区养老服务。",
            &[("welfare-lottery-fund", "20000000", "total")],
        );
        expect(
            "省级财政支持养老服务体系建设，逐年投入500万元。",
            &[("provincial-finance", "5000000", "total")],
        );
        // Not when the source is an object ("鼓励社会资本…"), when the clause
        // names a payer of its own, or when it does not arrange money.
        expect(
            "鼓励社会资本投资养老服务，每年安排2000万元。",
            &[("private-capital", "", "")],
        );
        expect(
            "福利彩票公益金重点支持居家养老，各级财政每年安排2000万元。",
            &[("welfare-lottery-fund", "", "")],
        );
        expect(
            "福利彩票公益金重点支持居家养老，对护理员给予每人500元奖励。",
            &[("welfare-lottery-fund", "", "")],
        );
    }

    #[test]
    fn several_amounts_give_several_mentions() {
        expect(
            "对社会力量投资分别在5000万元、1亿元、2亿元以上的养老服务机构,符合建设标准和资质条件、运营满一年以上的,除省级福利彩票公益金分别给予一次性300万元、500万元和1000万元的奖励外,市级福彩公益金再分别给予一次性100万元、150万元和300万元的奖励。",
            &[
                ("private-capital", "50000000", "per-organization"),
                ("private-capital", "100000000", "per-organization"),
                ("private-capital", "200000000", "per-organization"),
                ("welfare-lottery-fund", "3000000", "per-organization"),
                ("welfare-lottery-fund", "5000000", "per-organization"),
                ("welfare-lottery-fund", "10000000", "per-organization"),
                ("welfare-lottery-fund", "1000000", "per-organization"),
                ("welfare-lottery-fund", "1500000", "per-organization"),
            ],
        );
    }

    #[test]
    fn amounts_for_categories_and_what_is_not_paid() {
        expect(
            "对入职的高等院校、高职、中等职业技术学校毕业生，由市财政分别给予1万元、7000元、5000元的一次性奖励。",
            &[
                ("municipal-finance", "10000", "per-person"),
                ("municipal-finance", "7000", "per-person"),
                ("municipal-finance", "5000", "per-person"),
            ],
        );
        // An output value is no amount a source pays; 购买 far from the fund is no payer.
        expect(
            "通过设立养老产业专项基金、制定政府购买服务目录,争取到2020年,养老产业产值达到100亿元。",
            &[("investment-guidance-fund", "", "")],
        );
        expect(
            "对家庭人均收入低于800元的老人，由市财政给予补贴。",
            &[("municipal-finance", "", "")],
        );
    }

    #[test]
    fn a_standard_in_the_next_sentence_only_after_an_open_payer() {
        let read = |text: &str| {
            paragraph_funding(text)
                .into_iter()
                .map(|f| (f.source_code, f.amount.map(|a| a.to_string())))
                .collect::<Vec<_>>()
        };
        let code = |c: &str, a: Option<&str>| (c.to_owned(), a.map(str::to_owned));
        assert_eq!(
            read("所需资金由市财政予以补助。对日间照料中心给予一次性建设补助5万元。"),
            [code("municipal-finance", Some("50000"))]
        );
        // Not a payer clause, or a next sentence with a source of its own, or
        // with no subsidy: each sentence for itself.
        assert_eq!(
            read("鼓励社会资本参与。对日间照料中心给予一次性建设补助5万元。"),
            [code("private-capital", None)]
        );
        assert_eq!(
            read("由市财政予以补助。省财政给予补助5万元。"),
            [
                code("municipal-finance", None),
                code("provincial-finance", Some("50000"))
            ]
        );
        assert_eq!(
            read("由市财政予以保障。人均养老金达到3000元。"),
            [code("municipal-finance", None)]
        );
    }

    #[test]
    fn a_payer_pointing_back_pays_the_amounts_of_the_sentence_before() {
        let read = |text: &str| {
            paragraph_funding(text)
                .into_iter()
                .map(|f| {
                    let basis = f.basis.map_or("", |b| b.code());
                    format!(
                        "{} {:?} {basis}",
                        f.source_code,
                        f.amount.map(|a| a.to_string())
                    )
                })
                .collect::<Vec<_>>()
        };
        // Parts cut by ； are one sentence; a split by share halves each amount.
        assert_eq!(
            read("对养老机构每床每年给予1200元运营补贴；收住失能老年人的，每床每年给予2400元。资金由市、县两级财政各承担50%。"),
            [
                "municipal-finance Some(\"600\") per-bed-year",
                "municipal-finance Some(\"1200\") per-bed-year",
                "county-finance Some(\"600\") per-bed-year",
                "county-finance Some(\"1200\") per-bed-year",
            ]
        );
        assert_eq!(
            read("对经济困难的失能老年人给予每人每月100元护理补贴。所需资金从市级福利彩票公益金中列支。"),
            ["welfare-lottery-fund Some(\"100\") per-person-month"]
        );
        // Only the sentence just before, and only a sentence that points
        // back at money: each sentence for itself otherwise.
        assert_eq!(
            read("给予每人每月100元补贴。市财政安排专项资金。"),
            ["municipal-finance None "]
        );
        assert_eq!(
            read("给予每人每月100元补贴。鼓励社会资本参与。所需资金由市财政承担。"),
            ["private-capital None ", "municipal-finance None "]
        );
        // A payer with an amount of its own pays that one.
        assert_eq!(
            read("给予每人每月100元补贴。所需资金由市财政安排500万元。"),
            ["municipal-finance Some(\"5000000\") total"]
        );
    }
    #[test]
    fn bases_from_recipients_and_totals() {
        expect(
            "对列入国家和省级服务业标准化计划的项目，省级现代服务业发展专项引导资金给予20万元一次性奖励；",
            &[
                ("provincial-finance", "200000", "per-project"),
                ("service-industry-fund", "200000", "per-project"),
            ],
        );
        expect(
            "被评为省级“现代服务业创新示范企业”的，由省级现代服务业发展专项引导资金给予100万元一次性奖励",
            &[
                ("provincial-finance", "1000000", "per-organization"),
                ("service-industry-fund", "1000000", "per-organization"),
            ],
        );
        expect(
            "至2020年，全市银行业金融机构养老服务业授信规模不低于30亿元。",
            &[("bank-credit", "3000000000", "total")],
        );
        expect(
            "市区从2015年起，符合新增床位资助条件，以自建产权用房举办的护理院、护理型养老机构，每张护理型床位给予不低于省定1万元标准一次性建设补助；",
            &[("provincial-finance", "10000", "per-bed")],
        );
        expect(
            "市财政安排专项资金500万元。",
            &[("municipal-finance", "5000000", "total")],
        );
        // A level that arranges money is its budget.
        expect(
            "市级每年安排不少于500万元资金用于社区居家养老服务，县级每年安排不少于100万元。",
            &[
                ("municipal-finance", "5000000", "total"),
                ("county-finance", "1000000", "total"),
            ],
        );
        expect("市级养老服务指导中心每年组织培训。", &[]);
        expect(
            "市财政给予6000元/床的建设补助，每个项目补助20-50万元由市财政承担。",
            &[
                ("municipal-finance", "6000", "per-bed"),
                ("municipal-finance", "200000-500000", "per-project"),
            ],
        );
        expect(
            "由市财政按每人每年1200元给予补贴",
            &[("municipal-finance", "1200", "per-person-year")],
        );
        expect(
            "市财政给予每所学校10万元奖励",
            &[("municipal-finance", "100000", "per-organization")],
        );
    }

    #[test]
    fn sentences_without_a_source_give_nothing() {
        assert!(rows("专业医护人员中取得医师资格证的每人每月给予300元补贴。").is_empty());
        assert!(rows("对城市社区老年人日间照料中心按照规模给予一次性建设补助20-50万元").is_empty());
        let m = money(
            "对城市社区老年人日间照料中心按照规模给予一次性建设补助20-50万元",
            &kb().lexicon,
        );
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].value, m[0].upper), (d("200000"), Some(d("500000"))));
        assert_eq!(m[0].basis, Basis::PerOrganization);
    }

    #[test]
    fn mentions_know_their_sentence_line_and_task() {
        let mut p = Passage::default();
        p.push_line("由市财政承担4000元。体育彩票", 10);
        p.push_line("公益金要配备健身器材。", 11);
        p.task = Some(77);
        let got = funding(&p, kb());
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].source_code, "municipal-finance");
        assert_eq!(got[0].amount, Some(d("4000")));
        assert_eq!(got[0].basis, Some(Basis::Total));
        assert_eq!(
            got[0].source,
            Source {
                sentence: "由市财政承担4000元。".into(),
                line: 10,
                task: Some(77)
            }
        );
        assert_eq!(got[1].source_code, "sports-lottery-fund");
        assert_eq!(got[1].source.line, 10);
        assert_eq!(got[1].amount, None);
    }

    #[test]
    fn generated_inputs_never_panic() {
        let alphabet: Vec<char> = "市省县区财政承担负担分担由从和、各每张床位人月年个组织项目元万亿0123456789１２.%:∶（）()，,。；福彩公益金体育彩票中央辖补助给予规模-～/ \u{3000}🙂"
            .chars()
            .collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let kb = kb();
        for _ in 0..4000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            let mut s = String::new();
            let mut x = seed;
            for _ in 0..len {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(alphabet[(x >> 33) as usize % alphabet.len()]);
            }
            let p = Passage::single(&s, 1, None);
            for f in funding(&p, kb) {
                assert!(kb.funding_sources.get(&f.source_code).is_some());
                if let (Some(a), Some(m)) = (f.amount, f.amount_max) {
                    assert!(a <= m || m.is_zero() || a.is_zero(), "{s}");
                }
            }
            let _ = money(&s, &kb.lexicon);
        }
    }
}

/// The seeds' money sentences, read as the passages of their tasks.
#[cfg(test)]
mod seeds {
    use super::*;

    const NANTONG: &str = include_str!("../../seeds/000_3484524b0a9dfb8d.txt");
    const CHANGZHOU: &str = include_str!("../../seeds/001_7accbb2d390ef01a.txt");
    const JINZHONG: &str = include_str!("../../seeds/002_137a1c981a567de9.txt");
    const YINCHUAN: &str = include_str!("../../seeds/003_73366ddd31f24b09.txt");

    /// A passage of the non-empty lines `first..=last` of a seed, trimmed.
    fn passage(seed: &str, first: usize, last: usize, task: Option<usize>) -> Passage {
        let lines = crate::text::lines(seed);
        let mut p = Passage {
            task,
            ..Passage::default()
        };
        for n in first..=last {
            let line = crate::text::trim(lines[n - 1]);
            if !line.is_empty() {
                p.push_line(line, n);
            }
        }
        p
    }

    /// "line task code amount[-max] basis" per mention.
    fn rows(p: &Passage) -> Vec<String> {
        let kb = Knowledge::bundled().unwrap();
        funding(p, kb)
            .into_iter()
            .map(|f| {
                let amount = match (f.amount, f.amount_max) {
                    (Some(a), Some(m)) => format!("{a}-{m}"),
                    (Some(a), None) => a.to_string(),
                    _ => "-".to_owned(),
                };
                let task = f.source.task.map_or("doc".to_owned(), |t| t.to_string());
                let basis = f.basis.map_or("-", Basis::code);
                format!(
                    "{} {task} {} {amount} {basis}",
                    f.source.line, f.source_code
                )
            })
            .collect()
    }

    fn check(p: Passage, want: &[&str]) {
        assert_eq!(rows(&p), want, "{}", p.text);
    }

    #[test]
    fn yinchuan_opening_and_operating_subsidies() {
        // 四、政策措施 (二)2, prose before the table: document-level here.
        check(
            passage(YINCHUAN, 102, 102, None),
            &[
                "102 doc provincial-finance 6000 per-bed",
                "102 doc municipal-finance 4000 per-bed",
                "102 doc county-finance 2000 per-bed",
                "102 doc provincial-finance 4000 per-bed",
                "102 doc municipal-finance 4000 per-bed",
                "102 doc county-finance 2000 per-bed",
                "102 doc municipal-finance 1000 per-bed-year",
                "102 doc county-finance 1000 per-bed-year",
            ],
        );
        check(
            passage(YINCHUAN, 108, 108, None),
            &[
                "108 doc municipal-finance - -",
                "108 doc county-finance - -",
            ],
        );
    }

    #[test]
    fn yinchuan_table_tasks() {
        check(
            passage(YINCHUAN, 351, 351, Some(28)),
            &["351 28 provincial-finance - -"],
        );
        check(
            passage(YINCHUAN, 409, 409, Some(36)),
            &["409 36 municipal-finance - -", "409 36 county-finance - -"],
        );
        check(
            passage(YINCHUAN, 416, 416, Some(37)),
            &["416 37 investment-guidance-fund - -"],
        );
        check(
            passage(YINCHUAN, 453, 453, Some(42)),
            &["453 42 employment-fund - -", "453 42 bank-credit - -"],
        );
    }

    #[test]
    fn jinzhong_construction_and_operating_subsidies() {
        // (一)2: 市财政 per bed, lottery rewards per home, 同级财政 per person-year.
        check(
            passage(JINZHONG, 73, 73, Some(2)),
            &[
                "73 2 private-capital - -",
                "73 2 provincial-finance - -",
                "73 2 municipal-finance 6000 per-bed",
                "73 2 municipal-finance 3000 per-bed",
                "73 2 municipal-finance 1500 per-bed",
                "73 2 private-capital 50000000 per-organization",
                "73 2 private-capital 100000000 per-organization",
                "73 2 private-capital 200000000 per-organization",
                "73 2 welfare-lottery-fund 3000000 per-organization",
                "73 2 welfare-lottery-fund 5000000 per-organization",
                "73 2 welfare-lottery-fund 10000000 per-organization",
                "73 2 welfare-lottery-fund 1000000 per-organization",
                "73 2 welfare-lottery-fund 1500000 per-organization",
                "73 2 same-level-finance 1200 per-person-year",
                "73 2 same-level-finance 1800 per-person-year",
                "73 2 same-level-finance 2400 per-person-year",
            ],
        );
        // (一)4: day-care centres.
        check(
            passage(JINZHONG, 77, 77, Some(4)),
            &[
                "77 4 provincial-finance - -",
                "77 4 municipal-finance 200000-500000 per-organization",
                "77 4 municipal-finance 20000-50000 per-organization",
                "77 4 welfare-lottery-fund 200000-500000 per-organization",
                "77 4 welfare-lottery-fund 20000-50000 per-organization",
                "77 4 central-finance - -",
                "77 4 provincial-finance - -",
                "77 4 municipal-finance 30000 per-organization",
                "77 4 welfare-lottery-fund 30000 per-organization",
                "77 4 county-finance 20000 per-organization",
            ],
        );
    }

    #[test]
    fn amounts_of_the_next_sentence_keep_both_sentences_as_text() {
        let kb = Knowledge::bundled().unwrap();
        let got = funding(&passage(JINZHONG, 77, 77, Some(4)), kb);
        assert_eq!(
            got[1].source.sentence,
            "按照省民政厅《关于在全省开展城市社区老年人日间照料服务工作试点的通知》(晋民发〔201542号)要求,\
             全面推进城市社区日间照料中心和社区“老年餐桌”建设工作,\
             其建设资金除省财政给予适当补助外,由市财政从市级福利彩票公益金中予以补助。\
             对城市社区老年人日间照料中心按照规模给予一次性建设补助20-50万元,\
             对社区“老年餐桌”按照规模给予一次性建设补助2-5万元。"
        );
        assert_eq!(got[0].source.sentence, got[1].source.sentence);
        assert_eq!(got[5].source.sentence, "除中央、省建设补助外,市财政给予农村老年人日间照料中心一次性建设补助3万元,由市级福彩公益金负担。");
    }

    #[test]
    fn jinzhong_staff_insurance_and_credit() {
        // (二)2 over three paragraphs.
        check(
            passage(JINZHONG, 88, 92, Some(8)),
            &[
                "88 8 same-level-finance 50 per-person-month",
                "88 8 same-level-finance 100 per-person-month",
                "88 8 same-level-finance 200 per-person-month",
                "88 8 employment-fund - -",
                "88 8 county-finance - -",
                "90 8 same-level-finance 2000 per-person",
                "90 8 same-level-finance 1500 per-person",
            ],
        );
        // (二)3: insurance bought per bed-year and per organisation.
        check(
            passage(JINZHONG, 94, 94, Some(9)),
            &[
                "94 9 same-level-finance 50 per-bed-year",
                "94 9 county-finance 5000 per-organization",
            ],
        );
        // (三)2 and (三)5.
        check(
            passage(JINZHONG, 103, 103, Some(12)),
            &["103 12 municipal-finance - -", "103 12 county-finance - -"],
        );
        check(
            passage(JINZHONG, 111, 111, Some(15)),
            &[
                "111 15 bank-credit - -",
                "111 15 bank-credit - -",
                "111 15 investment-guidance-fund - -",
                "111 15 bank-credit - -",
            ],
        );
    }

    #[test]
    fn changzhou_table_tasks() {
        check(
            passage(CHANGZHOU, 166, 166, Some(27)),
            &[
                "166 27 service-industry-fund - -",
                "166 27 provincial-finance 200000 per-project",
                "166 27 service-industry-fund 200000 per-project",
                "166 27 provincial-finance 1000000 per-organization",
                "166 27 service-industry-fund 1000000 per-organization",
            ],
        );
        check(
            passage(CHANGZHOU, 226, 226, Some(37)),
            &[
                "226 37 welfare-lottery-fund - -",
                "226 37 sports-lottery-fund - -",
            ],
        );
        check(
            passage(CHANGZHOU, 148, 148, Some(24)),
            &["148 24 bank-credit - -", "148 24 bank-credit - -"],
        );
        check(
            passage(CHANGZHOU, 136, 136, Some(22)),
            &["136 22 long-term-care-insurance - -"],
        );
        // Subsidies with amounts but no payer named: no funding mention.
        for (line, task) in [(154, 25), (160, 26), (196, 32), (202, 33)] {
            check(passage(CHANGZHOU, line, line, Some(task)), &[]);
        }
    }

    #[test]
    fn nantong_table_tasks() {
        check(
            passage(NANTONG, 641, 641, Some(77)),
            &[
                "641 77 welfare-lottery-fund - -",
                "641 77 sports-lottery-fund - -",
            ],
        );
        check(
            passage(NANTONG, 649, 649, Some(78)),
            &["649 78 investment-guidance-fund - -"],
        );
        check(
            passage(NANTONG, 658, 658, Some(79)),
            &["658 79 bank-credit 3000000000 total"],
        );
        check(
            passage(NANTONG, 666, 666, Some(80)),
            &["666 80 bank-credit - -", "666 80 insurance-capital - -"],
        );
        check(
            passage(NANTONG, 674, 674, Some(81)),
            &[
                "674 81 provincial-finance 10000 per-bed",
                "674 81 provincial-finance 5000 per-bed",
            ],
        );
        check(
            passage(NANTONG, 715, 715, Some(86)),
            &["715 86 service-industry-fund - -"],
        );
        check(
            passage(NANTONG, 731, 731, Some(88)),
            &["731 88 welfare-lottery-fund - -"],
        );
        check(
            passage(NANTONG, 748, 748, Some(90)),
            &[
                "748 90 employment-fund 200 per-person-month",
                "748 90 employment-fund 400 per-person-month",
                "748 90 employment-fund 200 per-person-month",
            ],
        );
        check(
            passage(NANTONG, 764, 764, Some(92)),
            &["764 92 employment-fund - -", "764 92 employment-fund - -"],
        );
        // A purchase standard with no payer named.
        check(passage(NANTONG, 55, 55, Some(6)), &[]);
    }

    #[test]
    fn every_seed_line_reads_without_panic_and_with_known_codes() {
        let kb = Knowledge::bundled().unwrap();
        for seed in [NANTONG, CHANGZHOU, JINZHONG, YINCHUAN] {
            for (i, line) in crate::text::lines(seed).iter().enumerate() {
                let p = Passage::single(crate::text::trim(line), i + 1, None);
                for f in funding(&p, kb) {
                    assert!(kb.funding_sources.get(&f.source_code).is_some());
                    assert_eq!(f.amount.is_some(), f.basis.is_some(), "{}", p.text);
                }
            }
        }
    }
}
