//! Numbers as policy documents write them: Arabic or Chinese numerals,
//! 万/亿 multipliers, fractions (三分之一), percentages (％), per-mille (‰),
//! ranges (15至20, 20-50万元) and ratios (1︰3).
//!
//! What [`quantities`] reports, and how:
//!
//! * Values are written out: `7万` → 70000, `17.5 万张` → 175000 张,
//!   `30亿元` → 3000000000 元, `两百` → 200. Full-width digits are read as
//!   digits, and blanks between a number, its multiplier and its unit are
//!   skipped.
//! * Fractions are shares in percent: `三分之一` → 33.33 %, `二分之一` → 50 %,
//!   `百分之六十` → 60 %, `八成` → 80 %; `千分之五` → 5 ‰.
//! * Ranges give the lower bound as `value` and the upper one as `upper`:
//!   `15至20平方米`, `20-50万元` (the multiplier of the upper bound applies to
//!   a lower bound written without one: 200000 to 500000 元), `20～50`, `1—2名`.
//! * Ratios `a︰b` (also `a:b`, `a：b`, `a∶b`) give `b / a` with unit
//!   [`RATIO`]: `1︰3` → 3, `1:10` → 10 (so many of the second per one of the
//!   first).
//! * The unit is the word written right after the number, from a fixed list
//!   (张, 个, 家, 所, %, ‰, 元, 平方米, 名 …); empty when none follows. A
//!   Chinese numeral counts only when a unit follows it (so 统一, 一助一,
//!   十二五, 五保 are not numbers); an Arabic one counts with or without.
//! * Not quantities: years (`2015年`, bare `2022`, `2015－2020年`), dates
//!   (`2016-05-27`, `9月`, `28日`), document numbers (`〔2019〕26号`,
//!   `[2013] 35号`), section numbers (`1.`, `(2)`, `3)` at the start),
//!   ordinals (`第3次`), per-denominators (`每千名`, `每百户`: they belong to
//!   the indicator, not the value) and numbers glued to Latin letters (`O2O`).

use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;

use crate::model::Decimal;
use crate::text::{fold_char, is_blank_char};

/// The unit of a ratio (`1︰3` is 3 [`RATIO`]).
pub const RATIO: &str = "ratio";

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

impl Quantity {
    pub fn is_range(&self) -> bool {
        self.upper.is_some()
    }

    pub fn is_ratio(&self) -> bool {
        self.unit == RATIO
    }
}

/// The two numbers of a ratio's text as written ("3:7" → 3 and 7), for
/// shares that must add up exactly: a ratio's value is rounded (7/3 →
/// 2.3333).
pub fn ratio_parts(text: &str) -> Option<(Decimal, Decimal)> {
    let s = Scanner::new(text);
    let first = s.read_numeral(s.skip_blanks(0))?;
    let after = s.skip_blanks(first.end);
    if !s.ratio_separator(after) {
        return None;
    }
    let second = s.read_numeral(s.skip_blanks(after + 1))?;
    Some((first.value, second.value))
}

/// A year named in a sentence ("2015年", "到 2022 年"), with its byte range
/// (the 年 included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMention {
    pub year: i32,
    pub start: usize,
    pub end: usize,
}

/// Every quantity in a sentence, in order.
pub fn quantities(sentence: &str) -> Vec<Quantity> {
    let s = Scanner::new(sentence);
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if !s.starts_numeral(i) {
            i += 1;
            continue;
        }
        match s.read_quantity(i) {
            Some((q, next)) => {
                if let Some(q) = q {
                    out.push(q);
                }
                i = next.max(i + 1);
            }
            None => i = s.run_end(i),
        }
    }
    out
}

/// Years a sentence names as years: "2015年", "到 2022 年", "二〇二〇年";
/// in a span "2015－2020年" both. Years of dates count ("2015年9月底前").
pub fn years(sentence: &str) -> Vec<YearMention> {
    let s = Scanner::new(sentence);
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if !s.starts_numeral(i) {
            i += 1;
            continue;
        }
        let Some(n) = s.read_numeral(i) else {
            i = s.run_end(i);
            continue;
        };
        let mut next = n.end;
        if let Some(year) = n.year_like() {
            let after = s.skip_blanks(n.end);
            if s.at(after) == Some('年') {
                out.push(YearMention {
                    year,
                    start: s.byte_start(n.start),
                    end: s.byte_end(after),
                });
                next = after + 1;
            } else if let Some(sep) = s.range_separator(s.skip_blanks(n.end)) {
                // 2015－2020年: the first year of a span of years.
                let j = s.skip_blanks(sep);
                if let Some(m) = s.read_numeral(j).filter(|m| m.year_like().is_some()) {
                    if s.at(s.skip_blanks(m.end)) == Some('年') {
                        out.push(YearMention {
                            year,
                            start: s.byte_start(n.start),
                            end: s.byte_end(n.end - 1),
                        });
                        next = j;
                    }
                }
            }
        }
        i = next.max(i + 1);
    }
    out
}

/// The five-year plans a sentence names ("十四五", "“十三五”末"), each as the
/// year it ends: 1955 + 5N (十一五: 2010, 十四五: 2025). The range covers a
/// closing quote, so the words after it can be read.
pub fn plan_periods(sentence: &str) -> Vec<YearMention> {
    const DIGITS: &str = "一二三四五六七八九";
    let mut out = Vec::new();
    for (start, _) in sentence.match_indices('十') {
        let mut rest = sentence[start + '十'.len_utf8()..].chars();
        let (Some(digit), Some('五')) = (rest.next(), rest.next()) else {
            continue;
        };
        let Some(n) = DIGITS.chars().position(|d| d == digit) else {
            continue;
        };
        let mut end = start + '十'.len_utf8() + digit.len_utf8() + '五'.len_utf8();
        if let Some(quote) = sentence[end..]
            .chars()
            .next()
            .filter(|c| matches!(c, '”' | '"' | '」' | '’'))
        {
            end += quote.len_utf8();
        }
        out.push(YearMention {
            year: 1955 + 5 * (11 + n as i32),
            start,
            end,
        });
    }
    out
}

/// Parses one number: "21688", "1.2万", "三", "两百", "30亿", "17.5 万",
/// "２０", "21,688"; a fraction gives its share in percent ("三分之一" →
/// 33.33). `None` for anything else, units included ("5%" is not a number).
pub fn parse_number(text: &str) -> Option<Decimal> {
    let s = Scanner::new(text.trim_matches(is_blank_char));
    if s.len() == 0 {
        return None;
    }
    let n = s.read_numeral(0)?;
    if s.looks_like_fraction(n.end) {
        let (frac, next) = s.read_fraction(&n)?;
        return (next == s.len()).then_some(frac.0);
    }
    (n.end == s.len()).then_some(n.value)
}

/// Units recognised after a number, longest first where one is a prefix of
/// another. Compared with the width-folded text.
const UNITS: &[&str] = &[
    "平方公里",
    "平方米",
    "个百分点",
    "百分点",
    "公顷",
    "公里",
    "千米",
    "米",
    "亩",
    "%",
    "‰",
    "个月",
    "个",
    "周岁",
    "岁",
    "人次",
    "人",
    "张",
    "家",
    "所",
    "名",
    "户",
    "元",
    "年",
    "月",
    "日",
    "号",
    "天",
    "小时",
    "分钟",
    "次",
    "项",
    "处",
    "座",
    "床",
    "间",
    "套",
    "台",
    "辆",
    "件",
    "倍",
    "成",
];

/// Units that mark a date or a document number, never a quantity.
const SKIPPED_UNITS: &[&str] = &["月", "日", "号"];

/// A numeral as read: its value with multipliers applied, where it lies
/// (char indices), and facts the filters need.
#[derive(Debug, Clone, Copy)]
struct Numeral {
    value: Decimal,
    /// 万, 亿 … applied (1 when none was written).
    multiplier: Decimal,
    start: usize,
    end: usize,
    arabic: bool,
    /// Digits before the decimal point (Arabic), or digits of an all-digit
    /// Chinese numeral (二〇一五); 0 otherwise.
    int_digits: usize,
    integer: bool,
}

impl Numeral {
    /// The year, when the numeral could be one (four digits, 1900–2100, no multiplier).
    fn year_like(&self) -> Option<i32> {
        if !self.integer || self.int_digits != 4 || self.multiplier != Decimal::ONE {
            return None;
        }
        let y = self.value.to_i32()?;
        (1900..=2100).contains(&y).then_some(y)
    }
}

/// A sentence as width-folded characters that remember their byte offsets.
struct Scanner<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        let chars = text.char_indices().map(|(at, c)| (at, fold(c))).collect();
        Scanner { text, chars }
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|(_, c)| *c)
    }

    fn byte_start(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |(at, _)| *at)
    }

    /// The byte just after char `i`.
    fn byte_end(&self, i: usize) -> usize {
        self.byte_start(i + 1)
    }

    fn skip_blanks(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_blank_char) {
            i += 1;
        }
        i
    }

    fn starts_with(&self, i: usize, word: &str) -> bool {
        (i..).zip(word.chars()).all(|(j, w)| self.at(j) == Some(w))
    }

    fn starts_numeral(&self, i: usize) -> bool {
        let Some(c) = self.at(i) else { return false };
        let prev = i.checked_sub(1).and_then(|p| self.at(p));
        if c.is_ascii_digit() {
            // Not in the middle of a number already passed over.
            return !prev.is_some_and(|p| p.is_ascii_digit() || p == '.');
        }
        chinese_digit(c).is_some() || chinese_unit(c).is_some()
    }

    /// An Arabic or Chinese numeral with its multipliers, starting at `i`.
    fn read_numeral(&self, i: usize) -> Option<Numeral> {
        match self.at(i)? {
            c if c.is_ascii_digit() => self.read_arabic(i),
            _ => self.read_chinese(i),
        }
    }

    fn read_arabic(&self, i: usize) -> Option<Numeral> {
        let mut digits = String::new();
        let mut j = i;
        while let Some(c) = self.at(j).filter(char::is_ascii_digit) {
            digits.push(c);
            j += 1;
        }
        // Thousands separators: 21,688 (groups of exactly three digits).
        if (1..=3).contains(&digits.len()) {
            while self.at(j) == Some(',')
                && (1..=3).all(|k| self.at(j + k).is_some_and(|c| c.is_ascii_digit()))
                && !self.at(j + 4).is_some_and(|c| c.is_ascii_digit())
            {
                for k in 1..=3 {
                    digits.push(self.at(j + k)?);
                }
                j += 4;
            }
        }
        let int_digits = digits.len();
        let mut integer = true;
        if self.at(j) == Some('.') && self.at(j + 1).is_some_and(|c| c.is_ascii_digit()) {
            integer = false;
            digits.push('.');
            j += 1;
            while let Some(c) = self.at(j).filter(char::is_ascii_digit) {
                digits.push(c);
                j += 1;
            }
        }
        let value = Decimal::from_str(&digits).ok()?;
        let (multiplier, end) = self.read_multiplier(j);
        Some(Numeral {
            value: value.checked_mul(multiplier)?.normalize(),
            multiplier,
            start: i,
            end,
            arabic: true,
            int_digits,
            integer,
        })
    }

    /// 万, 亿, 千万, 百万 … after an Arabic number (blanks allowed before).
    fn read_multiplier(&self, j: usize) -> (Decimal, usize) {
        let k = self.skip_blanks(j);
        let mut m = Decimal::ONE;
        let mut end = j;
        let mut n = k;
        while let Some(u) = self.at(n).and_then(chinese_unit) {
            if u == Decimal::TEN {
                break;
            }
            match m.checked_mul(u) {
                Some(v) => m = v,
                None => break,
            }
            n += 1;
            end = n;
        }
        (m, end)
    }

    fn read_chinese(&self, i: usize) -> Option<Numeral> {
        let mut j = i;
        while self
            .at(j)
            .is_some_and(|c| chinese_digit(c).is_some() || chinese_unit(c).is_some())
        {
            j += 1;
        }
        let run: Vec<char> = (i..j).filter_map(|k| self.at(k)).collect();
        let (value, multiplier, all_digits) = parse_chinese(&run)?;
        Some(Numeral {
            value: value.normalize(),
            multiplier,
            start: i,
            end: j,
            arabic: false,
            int_digits: if all_digits { run.len() } else { 0 },
            integer: true,
        })
    }

    fn looks_like_fraction(&self, i: usize) -> bool {
        self.starts_with(i, "分之")
    }

    /// "三分之一": the denominator is read; returns the share and where it ends,
    /// with its unit (% or, for 千分之, ‰).
    fn read_fraction(&self, den: &Numeral) -> Option<((Decimal, &'static str), usize)> {
        let num = self.read_numeral(den.end + 2)?;
        if den.value.is_zero() {
            return None;
        }
        let (scale, unit) = if den.value == Decimal::ONE_THOUSAND && !den.arabic {
            (Decimal::ONE_THOUSAND, "‰")
        } else {
            (Decimal::ONE_HUNDRED, "%")
        };
        let share = num
            .value
            .checked_mul(scale)?
            .checked_div(den.value)?
            .round_dp(2)
            .normalize();
        Some(((share, unit), num.end))
    }

    /// The unit written at `i` (blanks skipped) and where it ends.
    fn read_unit(&self, i: usize) -> Option<(&'static str, usize)> {
        let k = self.skip_blanks(i);
        UNITS
            .iter()
            .find(|u| self.starts_with(k, u))
            .map(|u| (*u, k + u.chars().count()))
    }

    /// A range separator at `i`: 至, 到, -, ~, — …; returns the index after it.
    fn range_separator(&self, i: usize) -> Option<usize> {
        match self.at(i)? {
            '至' | '到' | '~' | '-' => Some(i + 1),
            // —— is one dash written twice.
            '—' | '–' | '―' | '‒' => Some(if self.at(i + 1) == Some('—') {
                i + 2
            } else {
                i + 1
            }),
            _ => None,
        }
    }

    fn ratio_separator(&self, i: usize) -> bool {
        self.at(i) == Some(':')
    }

    /// Reads the quantity starting at `i`: `None` when no numeral starts
    /// there; `Some((None, next))` when one does but is no quantity (a year,
    /// a section number …), with the index to continue from.
    fn read_quantity(&self, i: usize) -> Option<(Option<Quantity>, usize)> {
        let first = self.read_numeral(i)?;
        let skip = |next: usize| Some((None, next));

        // A date: 2016-05-27, 2019.5.27, 2016/5/27.
        if let Some(end) = self.date_end(&first) {
            return skip(end);
        }
        // A fraction: 三分之一.
        if self.looks_like_fraction(first.end) {
            let Some(((value, unit), end)) = self.read_fraction(&first) else {
                return skip(first.end);
            };
            return Some((Some(self.quantity(i, end, value, None, unit)), end));
        }
        // A ratio: 1︰3.
        let after = self.skip_blanks(first.end);
        if self.ratio_separator(after) && first.multiplier == Decimal::ONE {
            let j = self.skip_blanks(after + 1);
            if let Some(second) = self.at(j).and_then(|_| self.read_numeral(j)) {
                let end = second.end;
                if first.value.is_zero() || !first.arabic && !second.arabic {
                    return skip(end);
                }
                let value = second
                    .value
                    .checked_div(first.value)
                    .map(|v| v.round_dp(4).normalize());
                return match value {
                    Some(v) => Some((Some(self.quantity(i, end, v, None, RATIO)), end)),
                    None => skip(end),
                };
            }
        }
        // The unit of the first number (only kept for a range when the
        // second repeats it: 15%至20%).
        let first_unit = self.read_unit(first.end);
        let sep_at = self.skip_blanks(first_unit.map_or(first.end, |(_, e)| e));
        if let Some(sep) = self.range_separator(sep_at) {
            let j = self.skip_blanks(sep);
            if let Some(second) = self
                .starts_numeral_here(j)
                .then(|| self.read_numeral(j))
                .flatten()
                .filter(|s| s.arabic == first.arabic)
            {
                let second_unit = self.read_unit(second.end);
                let same_unit = match (first_unit, second_unit) {
                    (Some((a, _)), Some((b, _))) => a == b,
                    (Some(_), None) => false,
                    (None, _) => true,
                };
                let mut low = first.value;
                if first.multiplier == Decimal::ONE && second.multiplier != Decimal::ONE {
                    low = low
                        .checked_mul(second.multiplier)
                        .unwrap_or(low)
                        .normalize();
                }
                if same_unit && low <= second.value {
                    let (unit, end) = second_unit.unwrap_or(("", second.end));
                    if first.year_like().is_some() && second.year_like().is_some() {
                        return skip(end);
                    }
                    if self.rejected(&first, unit) {
                        return skip(end);
                    }
                    let q = self.quantity(i, end, low, Some(second.value), unit);
                    return Some((Some(q), end));
                }
            }
        }
        let (unit, end) = first_unit.unwrap_or(("", first.end));
        if first.year_like().is_some() && matches!(unit, "" | "年") {
            return skip(end);
        }
        if self.rejected(&first, unit) {
            return skip(end);
        }
        // 一次性 is "one-off", not a count of times.
        if unit == "次" && self.at(end) == Some('性') {
            return skip(end);
        }
        // 八成 is 80 %; 一成不变 is an idiom.
        if unit == "成" {
            if first.value > Decimal::TEN || self.starts_with(end, "不变") {
                return skip(end);
            }
            let value = (first.value * Decimal::TEN).normalize();
            return Some((Some(self.quantity(i, end, value, None, "%")), end));
        }
        Some((Some(self.quantity(i, end, first.value, None, unit)), end))
    }

    /// The index after the numeral run at `i` (digits or Chinese numerals),
    /// so that a run that is no number is passed over whole.
    fn run_end(&self, i: usize) -> usize {
        let arabic = self.at(i).is_some_and(|c| c.is_ascii_digit());
        let mut j = i + 1;
        while self.at(j).is_some_and(|c| {
            if arabic {
                c.is_ascii_digit() || c == '.' || c == ','
            } else {
                chinese_digit(c).is_some() || chinese_unit(c).is_some()
            }
        }) {
            j += 1;
        }
        j
    }

    fn starts_numeral_here(&self, j: usize) -> bool {
        self.at(j).is_some_and(|c| {
            c.is_ascii_digit() || chinese_digit(c).is_some() || chinese_unit(c).is_some()
        })
    }

    /// Filters shared by single numbers and ranges.
    fn rejected(&self, n: &Numeral, unit: &str) -> bool {
        let prev = n.start.checked_sub(1).and_then(|p| self.at(p));
        let next_raw = self.at(n.end);
        if !n.arabic && unit.is_empty() {
            return true;
        }
        if SKIPPED_UNITS.contains(&unit) {
            return true;
        }
        // Ordinals and per-denominators.
        if matches!(prev, Some('第' | '每')) {
            return true;
        }
        // Glued to Latin letters: O2O, 5G.
        if prev.is_some_and(|c| c.is_ascii_alphabetic())
            || (unit.is_empty() && next_raw.is_some_and(|c| c.is_ascii_alphabetic()))
        {
            return true;
        }
        // Inside document-number brackets: 〔2019〕, [2014].
        if matches!(prev, Some('〔' | '[' | '【'))
            && matches!(
                self.at(self.skip_blanks(n.end)),
                Some('〕' | ']' | '】') | None
            )
        {
            return true;
        }
        if matches!(prev, Some('〔' | '[' | '【')) && unit.is_empty() {
            return true;
        }
        if unit.is_empty() {
            // Section numbers: "1." "2、" "3)" at the start, "(1)" anywhere.
            let at_start = (0..n.start).all(|k| {
                self.at(k)
                    .is_some_and(|c| is_blank_char(c) || matches!(c, '(' | '（'))
            });
            let closes = matches!(next_raw, Some(')' | '）'));
            if at_start && matches!(next_raw, Some('.' | '、' | ')' | '）')) {
                return true;
            }
            if matches!(prev, Some('(' | '（')) && closes {
                return true;
            }
        }
        false
    }

    /// Where a date that starts with `n` ends, if it is one.
    fn date_end(&self, n: &Numeral) -> Option<usize> {
        let digits_after = |k: usize| {
            let mut j = k;
            while self.at(j).is_some_and(|c| c.is_ascii_digit()) {
                j += 1;
            }
            (j > k && j - k <= 2).then_some(j)
        };
        if !n.arabic || n.int_digits != 4 {
            return None;
        }
        // 2019.5.27 was read as the decimal 2019.5.
        let sep_at = if n.integer { n.end } else { n.start + 4 };
        let sep = self.at(sep_at)?;
        if !matches!(sep, '-' | '.' | '/') || n.multiplier != Decimal::ONE {
            return None;
        }
        let month_end = digits_after(sep_at + 1)?;
        if self.at(month_end) != Some(sep) {
            return None;
        }
        digits_after(month_end + 1)
    }

    fn quantity(
        &self,
        start: usize,
        end: usize,
        value: Decimal,
        upper: Option<Decimal>,
        unit: &str,
    ) -> Quantity {
        Quantity {
            value,
            upper,
            unit: unit.to_owned(),
            start: self.byte_start(start),
            end: self.byte_start(end),
        }
    }
}

/// Width folding plus the colons and dashes of ranges and ratios.
fn fold(c: char) -> char {
    match c {
        '︰' | '∶' | '：' => ':',
        '～' | '〜' | '∼' => '~',
        '－' | '﹣' | '−' => '-',
        '．' => '.',
        c => fold_char(c),
    }
}

/// 一 … 九十九 written with 十, as months, days and headings count: "十" 10,
/// "十六" 16, "二十七" 27, "三十一" 31; `None` for anything else (百, 一二).
pub fn small_chinese_number(n: &str) -> Option<u32> {
    let chars: Vec<char> = n.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => chinese_digit(*d),
        ['十', u] => Some(10 + chinese_digit(*u)?),
        [t, '十'] => Some(chinese_digit(*t)? * 10),
        [t, '十', u] => Some(chinese_digit(*t)? * 10 + chinese_digit(*u)?),
        _ => None,
    }
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<Decimal> {
    Some(match c {
        '十' => Decimal::TEN,
        '百' => Decimal::ONE_HUNDRED,
        '千' => Decimal::ONE_THOUSAND,
        '万' => Decimal::from(10_000),
        '亿' => Decimal::from(100_000_000),
        _ => return None,
    })
}

/// A Chinese numeral: its value, the multiplier of a trailing 万/亿 (for
/// ranges: 二十至三十万), and whether it is written digit by digit (二〇一五).
fn parse_chinese(run: &[char]) -> Option<(Decimal, Decimal, bool)> {
    if run.is_empty() {
        return None;
    }
    if run.iter().all(|c| chinese_digit(*c).is_some()) {
        if run.len() == 1 {
            return Some((Decimal::from(chinese_digit(run[0])?), Decimal::ONE, false));
        }
        // 二〇一五: digit by digit (only as a year or a code).
        if run.len() == 4 {
            let mut v = 0u32;
            for c in run {
                v = v * 10 + chinese_digit(*c)?;
            }
            return Some((Decimal::from(v), Decimal::ONE, true));
        }
        return None;
    }
    let mut total = Decimal::ZERO;
    let mut section = Decimal::ZERO;
    let mut number: Option<Decimal> = None;
    let mut last_small = Decimal::MAX;
    let mut trailing_big = Decimal::ONE;
    for &c in run {
        if let Some(d) = chinese_digit(c) {
            if number.is_some() {
                return None;
            }
            if d == 0 {
                // 一百零五: a zero only marks a skipped place.
                continue;
            }
            number = Some(Decimal::from(d));
            trailing_big = Decimal::ONE;
            continue;
        }
        let unit = chinese_unit(c)?;
        if unit < Decimal::from(10_000) {
            if unit >= last_small {
                return None;
            }
            let n = number.take().unwrap_or(Decimal::ONE);
            section = section.checked_add(n.checked_mul(unit)?)?;
            last_small = unit;
            trailing_big = Decimal::ONE;
        } else {
            let n = number.take().unwrap_or(Decimal::ZERO);
            let part = section.checked_add(n)?;
            if unit == Decimal::from(100_000_000) {
                let base = total.checked_add(part)?;
                total = if base.is_zero() {
                    unit
                } else {
                    base.checked_mul(unit)?
                };
            } else {
                let part = if part.is_zero() && total.is_zero() {
                    Decimal::ONE
                } else {
                    part
                };
                total = total.checked_add(part.checked_mul(unit)?)?;
            }
            section = Decimal::ZERO;
            last_small = Decimal::MAX;
            trailing_big = trailing_big.checked_mul(unit)?;
        }
    }
    let value = total
        .checked_add(section)?
        .checked_add(number.unwrap_or(Decimal::ZERO))?;
    Some((value, trailing_big, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (value, upper, unit) of every quantity.
    fn got(sentence: &str) -> Vec<(String, Option<String>, String)> {
        quantities(sentence)
            .into_iter()
            .map(|q| {
                (
                    q.value.normalize().to_string(),
                    q.upper.map(|u| u.normalize().to_string()),
                    q.unit,
                )
            })
            .collect()
    }

    fn one(sentence: &str) -> (String, Option<String>, String) {
        let g = got(sentence);
        assert_eq!(g.len(), 1, "{sentence}: {g:?}");
        g.into_iter().next().unwrap()
    }

    #[test]
    fn parses_numbers() {
        let cases: &[(&str, Option<&str>)] = &[
            ("21688", Some("21688")),
            ("0", Some("0")),
            ("0.2", Some("0.2")),
            ("17.5", Some("17.5")),
            ("1.2万", Some("12000")),
            ("17.5 万", Some("175000")),
            ("30亿", Some("3000000000")),
            ("100亿", Some("10000000000")),
            ("5000万", Some("50000000")),
            ("7万", Some("70000")),
            ("21,688", Some("21688")),
            ("１２３", Some("123")),
            ("１.５万", Some("15000")),
            ("三", Some("3")),
            ("十", Some("10")),
            ("十二", Some("12")),
            ("二十", Some("20")),
            ("二十五", Some("25")),
            ("一百", Some("100")),
            ("两百", Some("200")),
            ("一百零五", Some("105")),
            ("三千五百", Some("3500")),
            ("一千零一", Some("1001")),
            ("七万", Some("70000")),
            ("十万", Some("100000")),
            ("三十万", Some("300000")),
            ("一亿", Some("100000000")),
            ("一亿五千万", Some("150000000")),
            ("两万三千", Some("23000")),
            ("千", Some("1000")),
            ("万", Some("10000")),
            ("二〇一五", Some("2015")),
            ("三分之一", Some("33.33")),
            ("二分之一", Some("50")),
            ("四分之三", Some("75")),
            ("百分之六十", Some("60")),
            ("  42 ", Some("42")),
            ("", None),
            ("abc", None),
            ("5%", None),
            ("十二五", None),
            ("十百", None),
            ("三三", None),
            ("1.2.3", None),
            ("零分之一", None),
            ("99999999999999999999999999999999999", None),
            ("9999999999999999999999999999亿", None),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse_number(text).map(|v| v.normalize().to_string()),
                want.map(str::to_owned),
                "{text}"
            );
        }
    }

    #[test]
    fn reads_units_and_multipliers() {
        let cases: &[(&str, &str, &str)] = &[
            ("提供7万个以上就业岗位", "70000", "个"),
            ("不低于全市户籍老年人口 3%", "3", "%"),
            ("(17.5 万张)", "175000", "张"),
            ("达到 8000 张", "8000", "张"),
            ("授信规模不低于30亿元", "3000000000", "元"),
            ("养老产业产值达到100亿元", "10000000000", "元"),
            ("每张床位给予1.2万元", "12000", "元"),
            ("每张护理型床位给予不低于省定5000元标准", "5000", "元"),
            ("按照人均用地不少于0.2平方米的标准", "0.2", "平方米"),
            ("养老床位占老年人口总数40‰", "40", "‰"),
            ("占养老床位总数达到50％以上", "50", "%"),
            ("覆盖率达到８０％", "80", "%"),
            ("每千名老年人拥有养老床位40张", "40", "张"),
            ("不少于 400 家", "400", "家"),
            ("全市建设60所城市社区老年人日间照料中心", "60", "所"),
            ("每千名老年人配备1名社会工作者", "1", "名"),
            ("年满60周岁本地老人", "60", "周岁"),
            ("80岁以上空巢", "80", "岁"),
            ("入住护理院3个月以上", "3", "个月"),
            ("年正常开放260天以上", "260", "天"),
            ("实现24小时安全自动值守", "24", "小时"),
            ("建设一所规模适当", "1", "所"),
            ("连续三年建设", "3", "年"),
            ("三个特色养老服务集群", "3", "个"),
            ("完成 26 项主要任务", "26", "项"),
            ("提高5个百分点", "5", "个百分点"),
            ("发展 6 个提升计划", "6", "个"),
            ("一千名", "1000", "名"),
            ("达到21688张,较", "21688", "张"),
        ];
        for (sentence, value, unit) in cases {
            let (v, upper, u) = one(sentence);
            assert_eq!((v.as_str(), u.as_str()), (*value, *unit), "{sentence}");
            assert_eq!(upper, None, "{sentence}");
        }
    }

    #[test]
    fn reads_fractions_as_shares() {
        assert_eq!(
            one("三分之一的农村社区建成标准化居家养老服务站"),
            ("33.33".into(), None, "%".into())
        );
        assert_eq!(one("二分之一的社区"), ("50".into(), None, "%".into()));
        assert_eq!(one("百分之六十"), ("60".into(), None, "%".into()));
        assert_eq!(one("千分之五"), ("5".into(), None, "‰".into()));
        assert_eq!(one("九成以上"), ("90".into(), None, "%".into()));
        assert_eq!(one("7.5成"), ("75".into(), None, "%".into()));
        assert!(quantities("一成不变").is_empty());
        assert!(quantities("建成").is_empty());
    }

    #[test]
    fn reads_ranges() {
        let cases: &[(&str, &str, &str, &str)] = &[
            ("按每百户15至20平方米的标准调剂解决", "15", "20", "平方米"),
            ("按每百户20至30平方米建筑面积", "20", "30", "平方米"),
            ("一次性建设补助20-50万元", "200000", "500000", "元"),
            ("一次性建设补助2-5万元", "20000", "50000", "元"),
            ("补助20～50万元", "200000", "500000", "元"),
            ("安排1—2名工作人员", "1", "2", "名"),
            ("安排1——2名工作人员", "1", "2", "名"),
            ("每年组织1-2次", "1", "2", "次"),
            ("兴建1-2所规模在", "1", "2", "所"),
            ("打造3-5家知名养老服务品牌", "3", "5", "家"),
            ("15%至20%", "15", "20", "%"),
            ("１５至２０平方米", "15", "20", "平方米"),
            ("15 至 20 平方米", "15", "20", "平方米"),
            ("二至三名", "2", "3", "名"),
        ];
        for (sentence, low, high, unit) in cases {
            let (v, upper, u) = one(sentence);
            assert_eq!(
                (v.as_str(), upper.as_deref(), u.as_str()),
                (*low, Some(*high), *unit),
                "{sentence}"
            );
        }
    }

    #[test]
    fn a_falling_pair_is_two_numbers_not_a_range() {
        assert_eq!(
            got("由40张到22张"),
            vec![
                ("40".into(), None, "张".into()),
                ("22".into(), None, "张".into())
            ]
        );
    }

    #[test]
    fn reads_ratios() {
        let cases: &[(&str, &str)] = &[
            ("护理员与失能失智老人的比例不低于1︰3", "3"),
            ("与自理老人的比例不低于1:10", "10"),
            ("与自理老人的比例不低于1：10", "10"),
            ("按照1∶1比例分担", "1"),
            ("2:3", "1.5"),
        ];
        for (sentence, value) in cases {
            assert_eq!(
                one(sentence),
                (value.to_string(), None, RATIO.into()),
                "{sentence}"
            );
        }
        assert!(quantities("0:3").is_empty());
        let parts = |t: &str| ratio_parts(t).map(|(a, b)| (a.to_string(), b.to_string()));
        assert_eq!(parts("3︰7"), Some(("3".into(), "7".into())));
        assert_eq!(parts(" 2 : 3 "), Some(("2".into(), "3".into())));
        assert_eq!(parts("37"), None);
    }

    #[test]
    fn several_quantities_in_order_with_byte_ranges() {
        let s = "2015年，每千名老年人拥有机构养老床位数30张以上，养老护理员岗前培训率达到60%、持证上岗率达到40%以上。";
        let qs = quantities(s);
        let texts: Vec<&str> = qs.iter().map(|q| &s[q.start..q.end]).collect();
        assert_eq!(texts, vec!["30张", "60%", "40%"]);
        let s = "分别给予每床5000元、5500元、6000元的一次性建设补贴";
        let texts: Vec<String> = quantities(s)
            .iter()
            .map(|q| s[q.start..q.end].to_owned())
            .collect();
        assert_eq!(texts, vec!["5000元", "5500元", "6000元"]);
        let s = "不低于全市户籍老年人口 3%(17.5 万张)的基础上";
        let texts: Vec<&str> = quantities(s).iter().map(|q| &s[q.start..q.end]).collect();
        assert_eq!(texts, vec!["3%", "17.5 万张"]);
    }

    #[test]
    fn skips_years_dates_document_and_section_numbers() {
        let none: &[&str] = &[
            "2015年",
            "到 2022 年",
            "二〇一五年",
            "2015年9月底前出台具体措施",
            "2019年12月底前",
            "2016年4月28日",
            "2016428日",
            "成文日期:2016-05-27",
            "2019.5.27",
            "沪府规〔2019〕26号",
            "国发[2013] 35号",
            "市政发〔201628",
            "（2015－2020年）",
            "(2018-2020)",
            "(2019-2022年)",
            "1.统筹规划和建设养老服务设施",
            "2、加强",
            "3)依托",
            "（1）加强",
            "(2)加强",
            "第3次常务会议",
            "第26次常务会议",
            "每千名老年人",
            "每百户",
            "每百张养老床位",
            "居家养老O2O模式",
            "“十二五”期间",
            "“十三五”期间",
            "十八届三中、四中全会",
            "统一规划",
            "一助一",
            "“五保”、“三无”老人",
            "五险一金",
            "一次性建设补助",
            "进一步",
            "两宜城市",
            "幸福9号",
            "“五位一体”",
            "“一条龙”服务",
            "一支专业人员队伍",
            "",
        ];
        for s in none {
            assert_eq!(got(s), vec![], "{s}");
        }
    }

    #[test]
    fn keeps_numbers_around_skipped_ones() {
        assert_eq!(
            got("到2020年，养老护理人员岗前培训率达到100%、持证上岗率达到95%以上"),
            vec![
                ("100".into(), None, "%".into()),
                ("95".into(), None, "%".into())
            ]
        );
        assert_eq!(
            got("按照到2015年、2020年养老床位占老年人口总数30‰、40‰的目标"),
            vec![
                ("30".into(), None, "‰".into()),
                ("40".into(), None, "‰".into())
            ]
        );
        assert_eq!(
            got("1.全市建设60所"),
            vec![("60".into(), None, "所".into())]
        );
        assert_eq!(got("a 2 b"), vec![("2".into(), None, "".into())]);
        assert_eq!(
            got("对社会力量提供的床位数在200张、500张和1000张以上的养老服务"),
            vec![
                ("200".into(), None, "张".into()),
                ("500".into(), None, "张".into()),
                ("1000".into(), None, "张".into())
            ]
        );
    }

    #[test]
    fn finds_years() {
        let ys = |s: &str| years(s).iter().map(|y| y.year).collect::<Vec<_>>();
        assert_eq!(
            ys("到2015年，城乡社区；到2020年，达到80%"),
            vec![2015, 2020]
        );
        assert_eq!(ys("到 2022 年，社区"), vec![2022]);
        assert_eq!(ys("按照到2015年、2020年养老床位"), vec![2015, 2020]);
        assert_eq!(ys("规划（2015－2020年）"), vec![2015, 2020]);
        assert_eq!(ys("二〇二〇年"), vec![2020]);
        assert_eq!(ys("〔2019〕26号"), Vec::<i32>::new());
        assert_eq!(ys("3年以上"), Vec::<i32>::new());
        assert_eq!(ys("1800年"), Vec::<i32>::new());
        let s = "到 2022 年，";
        let y = years(s)[0];
        assert_eq!(&s[y.start..y.end], "2022 年");
    }

    /// A small deterministic generator of awkward text: no input may panic,
    /// and every range must cut the text at character boundaries.
    #[test]
    fn never_panics_on_generated_input() {
        let alphabet: Vec<char> = "0123456789０１２３.．,，%％‰万亿千百十零〇一二两三四五六七八九分之至到-－~～—–:：︰∶年月日号第每（）()〔〕[]张个元平方米 \u{3000}Oa。；"
            .chars()
            .collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            for q in quantities(&s) {
                assert!(q.start < q.end && q.end <= s.len(), "{s:?}");
                assert!(
                    s.is_char_boundary(q.start) && s.is_char_boundary(q.end),
                    "{s:?}"
                );
                if let Some(u) = q.upper {
                    assert!(q.value <= u, "{s:?}");
                }
            }
            for y in years(&s) {
                assert!(
                    s.is_char_boundary(y.start) && s.is_char_boundary(y.end),
                    "{s:?}"
                );
            }
            let _ = parse_number(&s);
        }
        let long = "9".repeat(500) + "万亿亿亿亿亿亿亿";
        let _ = quantities(&long);
        let _ = parse_number(&long);
        let _ = quantities(&"亿".repeat(100));
        let _ = quantities(&"一".repeat(100));
    }
}
