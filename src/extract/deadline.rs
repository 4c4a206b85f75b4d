//! The time-progress cell: due date and ongoing flag.
//!
//! A year ("2015年", "２０１５年", "二〇一五年") is due at the end of the period
//! the words after it name, and at the end of the year otherwise:
//!
//! | after the year | due |
//! | --- | --- |
//! | 9月15日 | that day |
//! | 9月, 9月底, 9月末, 9月份 (前) | end of the month; 上旬 the 10th, 中旬 the 20th |
//! | 6月至12月, 6—12月 | end of the later month |
//! | 第一季度, 一季度(末), 1季度 | end of the quarter |
//! | 上半年, 年中 | 06-30 |
//! | 下半年, 年底, 底, 年末, 年内, (以)前, anything else | 12-31 |
//!
//! "2016年前" / "2016年以前" is read as "by (the end of) 2016": 2016-12-31,
//! the way such cells are meant in practice. A range ("2015—2017年",
//! "2015年至2017年") and several dates ("2015年启动，2016年完成") are due at
//! the latest; a clause without a year after one with a year is of that
//! year ("2024年上半年启动，年底前完成": 2024-12-31). Without a year, the
//! same wordings ("年内", "年底前", "6月底前", "一季度", "下半年", "明年"
//! (with "次年6月底前" the next year's June), and "即日起", a start as
//! "2015年开始实施" is; the words are lexicon kinds deadline-mid-year,
//! -next-year and -this-year) resolve against `reference_year`
//! and give no due date without one; "3年内" (relative to an unknown start)
//! gives none. A cell with a deadline-ongoing word of the lexicon (持续, 长期,
//! 每年 …) and no year is ongoing, and its year-less wordings ("每年年底前")
//! are not resolved: they recur. With a year, it is due then and ongoing when
//! the year starts the work ("2021年起持续推进") or a clause without a date
//! goes on with it ("2021年底前完成，长期坚持"). Anything else ("适时实施",
//! "先行试点") has no due date and is not ongoing.

use std::sync::OnceLock;

use regex::Regex;

use super::numbers;
use crate::knowledge::lexicon::{kind, Lexicon};
use crate::knowledge::Knowledge;
use crate::model::{Date, Deadline};
use crate::text;

/// What joins the two ends of a range: 2021—2025年, 2021年至2025年, 6-12月.
macro_rules! range_mark {
    () => {
        r"[—–\-~～至到]"
    };
}

/// Years outside this range are not read as years.
const YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

/// Interprets a time-progress text. `reference_year` (the year the document
/// was issued) resolves wordings without a year such as "年内" or "6月底前".
pub fn parse_deadline(text: &str, reference_year: Option<i32>, kb: &Knowledge) -> Deadline {
    let kept = text::trim(text).to_owned();
    let s = arabize(&text::fold_width(&text::squash(text)));
    let ongoing_word = kb.lexicon.names_time(&[kind::DEADLINE_ONGOING], &s);
    let dated = explicit_due(&s).max(undated_clauses_due(&s, &kb.lexicon));
    let due = dated.or_else(|| plan_end(&s)).or_else(|| {
        if ongoing_word {
            None
        } else {
            reference_year
                .filter(|y| YEARS.contains(y))
                .and_then(|year| latest_relative_due(&s, year, &kb.lexicon))
        }
    });
    Deadline {
        text: kept,
        ongoing: ongoing_word && (due.is_none() || goes_on_after_its_date(&s, kb)),
        due,
    }
}

/// Whether a dated cell says the work goes on past its date: an ongoing word
/// after a starting year ("2021年起持续推进", "2021年6月开始每年开展"), or in
/// a clause that names no date ("2020年底前完成，并持续推进", "…完成并长期
///坚持"). One inside a
/// dated clause is what is done, not when ("2021年底前建立定期评估制度").
fn goes_on_after_its_date(s: &str, kb: &Knowledge) -> bool {
    static START: OnceLock<Regex> = OnceLock::new();
    let start = re(&START, r"\d{4}年(?:\d{1,2}月份?)?(?:起|开始|以来|以后)");
    let goes_on = |text: &str| kb.lexicon.names_time(&[kind::DEADLINE_ONGOING], text);
    let after_start = start.find(s).is_some_and(|m| goes_on(&s[m.end()..]));
    let through_span = span_end(s).is_some_and(|end| goes_on(&s[end..]));
    let undated_clause = s.split(['，', '；', ',', ';', '。', '并']).any(|clause| {
        explicit_due(clause).is_none() && plan_end(clause).is_none() && goes_on(clause)
    });
    after_start || through_span || undated_clause
}

/// Where a span of years ends: a range ("2021—2025年", "2021年至2025年") or a
/// five-year plan's period ("“十四五”期间", "十四五时期"). The work an
/// ongoing word after it names goes on through the span.
fn span_end(s: &str) -> Option<usize> {
    static RANGE: OnceLock<Regex> = OnceLock::new();
    let range = re(
        &RANGE,
        concat!(r"\d{4}年?\s*", range_mark!(), r"+\s*\d{4}年"),
    );
    let plan = numbers::plan_periods(s).into_iter().find_map(|plan| {
        let rest = &s[plan.end..];
        ["期间", "时期"]
            .iter()
            .find(|word| rest.starts_with(*word))
            .map(|word| plan.end + word.len())
    });
    range.find(s).map(|m| m.end()).or(plan)
}

/// Whether a clause says only by when, in a date and at most a word of
/// completion: "2022年底前完成", "于2023年底前建成投用", "2022年6月底前".
/// A clause that says what is done by then ("2022年底前建立定期评估制度") or
/// since when ("2021年以来") does not.
pub fn is_time_limit_alone(clause: &str) -> bool {
    static LIMIT: OnceLock<Regex> = OnceLock::new();
    let limit = re(
        &LIMIT,
        r"^(?:于|在)?\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?(?:份|底|末|上旬|中旬|下旬)?|[上下]半年|第?[1-4]季度末?|底|末|内)?(?:前|之前|以前)?(?P<rest>.*)$",
    );
    let s = arabize(&text::fold_width(&text::squash(clause)));
    limit
        .captures(&s)
        .and_then(|c| c.name("rest"))
        .is_some_and(|rest| {
            let rest = rest.as_str();
            rest.chars().count() <= DONE_WORD_MAX_CHARS && !rest.starts_with("以来")
        })
}

/// The longest word after a date that only says the work is done (完成,
/// 建成投用, 全面完成).
const DONE_WORD_MAX_CHARS: usize = 4;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

/// The latest date named with an explicit year, in words or in figures.
fn explicit_due(s: &str) -> Option<Date> {
    let in_words = years_in(s).filter_map(|(y, end)| period_end(y, &s[end..], true));
    in_words.chain(dates_in_figures(s)).max()
}

/// The years written in words ("2015年", "2015年度"), each with the byte
/// offset after it.
fn years_in(s: &str) -> impl Iterator<Item = (i32, usize)> + '_ {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    re(&YEAR, r"(\d+)年度?").captures_iter(s).filter_map(|c| {
        let digits = c.get(1)?.as_str();
        let y: i32 = digits.parse().ok().filter(|_| digits.len() == 4)?;
        YEARS.contains(&y).then_some((y, c.get(0)?.end()))
    })
}

/// Dates written in figures, as tables often give them: "2021.12",
/// "2021-06-30", "2021/6" (a month is due at its end). A second group of
/// four digits is a year range ("2015-2017年"), read in words.
fn dates_in_figures(s: &str) -> impl Iterator<Item = Date> + '_ {
    static FIGURES: OnceLock<Regex> = OnceLock::new();
    let figures = re(&FIGURES, r"\d+(?:[./-]\d+)+");
    figures.find_iter(s).filter_map(|m| {
        let parts: Vec<&str> = m.as_str().split(['.', '/', '-']).collect();
        let (year, rest) = parts.split_first()?;
        if year.len() != 4 || rest.len() > 2 || rest.iter().any(|p| p.len() > 2) {
            return None;
        }
        let y: i32 = year.parse().ok()?;
        let m: u32 = rest.first()?.parse().ok()?;
        if !YEARS.contains(&y) {
            return None;
        }
        match rest.get(1) {
            Some(d) => Date::new(y, m, d.parse().ok()?),
            None => Date::end_of_month(y, m),
        }
    })
}

/// Clauses without a year after one with a year resolve against it:
/// "2024年上半年启动，年底前完成" is due at the end of 2024, "2023年12月完成，
/// 次年6月底前验收" in June 2024.
fn undated_clauses_due(s: &str, lexicon: &Lexicon) -> Option<Date> {
    let mut year = None;
    let mut latest = None;
    for clause in s.split(CLAUSE_ENDS) {
        match (years_in(clause).last().map(|(y, _)| y), year) {
            (Some(y), _) => year = Some(y),
            (None, Some(y)) => latest = latest.max(relative_due(clause, y, lexicon)),
            (None, None) => {}
        }
    }
    latest
}

/// The end of the five-year plan a text names ("“十四五”期间", "十三五末"):
/// the plans run in fives from the third (1966–1970), so the Nth ends in
/// 1955 + 5N (十一五: 2010, 十四五: 2025).
fn plan_end(s: &str) -> Option<Date> {
    numbers::plan_periods(s)
        .iter()
        .filter_map(|plan| Date::new(plan.year, 12, 31))
        .max()
}

/// The end of the period that `rest` (the words after a year, or the whole
/// cell when there is no year) names in `year`. With `after_year`, words that
/// name no period mean the whole year; otherwise they mean nothing.
fn period_end(year: i32, rest: &str, after_year: bool) -> Option<Date> {
    static DAY: OnceLock<Regex> = OnceLock::new();
    static MONTH: OnceLock<Regex> = OnceLock::new();
    static QUARTER: OnceLock<Regex> = OnceLock::new();
    static MONTHS: OnceLock<Regex> = OnceLock::new();
    // "6月至12月", "6—12月": the latest month.
    let months = re(
        &MONTHS,
        concat!(r"^\d{1,2}月?\s*", range_mark!(), r"\s*(\d{1,2})月"),
    );
    if let Some(c) = months.captures(rest) {
        return Date::end_of_month(year, c[1].parse().ok()?);
    }
    let day = re(&DAY, r"^(\d{1,2})月(\d{1,2})[日号]");
    let month = re(&MONTH, r"^(\d{1,2})月份?(上旬|中旬|下旬)?");
    let quarter = re(&QUARTER, r"^第?([1-4])季度");
    if let Some(c) = day.captures(rest) {
        return Date::new(year, c[1].parse().ok()?, c[2].parse().ok()?);
    }
    if let Some(c) = month.captures(rest) {
        let m: u32 = c[1].parse().ok()?;
        return match c.get(2).map(|g| g.as_str()) {
            Some("上旬") => Date::new(year, m, 10),
            Some("中旬") => Date::new(year, m, 20),
            _ => Date::end_of_month(year, m),
        };
    }
    if let Some(c) = quarter.captures(rest) {
        let q: u32 = c[1].parse().ok()?;
        return Date::end_of_month(year, q * 3);
    }
    let rest = rest.strip_prefix('年').unwrap_or(rest);
    if rest.starts_with("上半年") || (rest.starts_with('中') && !rest.starts_with("中央")) {
        return Date::new(year, 6, 30);
    }
    after_year.then(|| Date::new(year, 12, 31)).flatten()
}

/// A year-less cell resolved against `year`, clause by clause, at the
/// latest: "上半年启动，年底前完成" is due at the year's end.
fn latest_relative_due(s: &str, year: i32, lexicon: &Lexicon) -> Option<Date> {
    s.split(CLAUSE_ENDS)
        .filter_map(|clause| relative_due(clause, year, lexicon))
        .max()
        .or_else(|| relative_due(s, year, lexicon))
}

/// What ends a clause of a time-progress cell.
const CLAUSE_ENDS: [char; 5] = ['，', '；', ',', ';', '。'];

/// A year-less wording resolved against `year`.
fn relative_due(s: &str, year: i32, lexicon: &Lexicon) -> Option<Date> {
    // "次年6月底前", "明年上半年": the periods are the next year's.
    let next_year = lexicon.mentions(kind::DEADLINE_NEXT_YEAR, s);
    let year = if next_year { year + 1 } else { year };
    static DATE: OnceLock<Regex> = OnceLock::new();
    let date = re(&DATE, r"(\d+)(月|季度)");
    for c in date.captures_iter(s) {
        let m = c.get(0)?;
        let digits = c.get(1)?.as_str();
        let before = s[..m.start()].chars().next_back();
        // "2015年" was handled as a year; "12个月" is a span, not a month.
        if digits.len() > 2 || before.is_some_and(|b| b.is_ascii_digit()) {
            continue;
        }
        let from = if before == Some('第') {
            m.start() - '第'.len_utf8()
        } else {
            m.start()
        };
        if let Some(due) = period_end(year, &s[from..], false) {
            return Some(due);
        }
    }
    let standalone = |kind: &str| {
        lexicon.words(kind).iter().any(|word| {
            s.match_indices(word.as_str()).any(|(i, _)| {
                let before = s[..i].chars().next_back();
                // "3年内", "两年内", "每年年底" are not this year.
                !before.is_some_and(|b| b.is_ascii_digit() || "两几多每半".contains(b))
            })
        })
    };
    if standalone(kind::DEADLINE_MID_YEAR) {
        return Date::new(year, 6, 30);
    }
    if next_year {
        return Date::new(year, 12, 31);
    }
    if standalone(kind::DEADLINE_THIS_YEAR) {
        return Date::new(year, 12, 31);
    }
    None
}

/// Writes Chinese numerals before 年, 月, 日, 号 and 季度 as Arabic digits:
/// "二〇一五年一月十六日" → "2015年1月16日", "第一季度" → "第1季度".
/// Other text is kept as is.
pub fn arabize(s: &str) -> String {
    static NUMERAL: OnceLock<Regex> = OnceLock::new();
    let numeral = re(
        &NUMERAL,
        r"([〇零○一二三四五六七八九十]+)(年|月|日|号|季度)",
    );
    numeral
        .replace_all(s, |c: &regex::Captures| {
            let n = &c[1];
            let digits = if c[2] == *"年" && !n.contains('十') {
                n.chars().map(digit).collect::<Option<String>>()
            } else {
                numbers::small_chinese_number(n).map(|v| v.to_string())
            };
            match digits {
                Some(d) => format!("{d}{}", &c[2]),
                None => c[0].to_owned(),
            }
        })
        .into_owned()
}

fn digit(c: char) -> Option<char> {
    let d = match c {
        '〇' | '零' | '○' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    char::from_digit(d, 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().unwrap()
    }

    fn check(cases: &[(&str, Option<i32>, Option<&str>, bool)]) {
        for &(text, reference, due, ongoing) in cases {
            let d = parse_deadline(text, reference, kb());
            assert_eq!(
                (d.due.map(|d| d.to_string()), d.ongoing),
                (due.map(str::to_owned), ongoing),
                "{text:?} (reference {reference:?})"
            );
            assert_eq!(d.text, text::trim(text), "{text:?}");
        }
    }

    #[test]
    fn contract_table() {
        check(&[
            ("2015年下半年出台具体措施", None, Some("2015-12-31"), false),
            ("2015年上半年实施", None, Some("2015-06-30"), false),
            ("2015年年底前出台具体措施", None, Some("2015-12-31"), false),
            ("2015年底前出台具体措施", None, Some("2015-12-31"), false),
            ("2015年9月底前启动实施", None, Some("2015-09-30"), false),
            ("2015年开始实施", None, Some("2015-12-31"), false),
            ("2015年启动实施", None, Some("2015-12-31"), false),
            ("2015年出台具体措施", None, Some("2015-12-31"), false),
            ("2015年制定细则", None, Some("2015-12-31"), false),
            ("持续推进", None, None, true),
            ("持续实施", None, None, true),
            ("适时实施", None, None, false),
            ("先行试点", None, None, false),
        ]);
    }

    #[test]
    fn seed_wordings() {
        check(&[
            ("2015年3月底前出台具体措施", None, Some("2015-03-31"), false),
            ("2015年6月底前出台具体措施", None, Some("2015-06-30"), false),
            ("2015年启动编制", None, Some("2015-12-31"), false),
            ("2015年各地完成专项规划", None, Some("2015-12-31"), false),
            ("2016年开始实施", None, Some("2016-12-31"), false),
            ("2015年年底前实现全覆盖", None, Some("2015-12-31"), false),
            ("2015年下半年制定实施细则", None, Some("2015-12-31"), false),
            ("2015年上半年出台实施政策", None, Some("2015-06-30"), false),
            ("2015年出台方案", None, Some("2015-12-31"), false),
            ("2015年出台措施", None, Some("2015-12-31"), false),
            ("持续实施 ", None, None, true),
            ("\t持续推进\u{3000}", Some(2015), None, true),
            ("适时实施", Some(2015), None, false),
            ("先行试点", Some(2015), None, false),
        ]);
    }

    #[test]
    fn a_clause_without_a_year_is_of_the_year_before_it() {
        check(&[
            (
                "2024年上半年启动，年底前完成",
                None,
                Some("2024-12-31"),
                false,
            ),
            ("2024年3月起，6月底前完成", None, Some("2024-06-30"), false),
            (
                "2023年12月完成，次年6月底前验收",
                None,
                Some("2024-06-30"),
                false,
            ),
            // An earlier date in a later clause leaves the latest.
            (
                "2024年底前完成，6月底前启动",
                None,
                Some("2024-12-31"),
                false,
            ),
            // No year before it: the reference year, as ever.
            (
                "上半年启动，年底前完成",
                Some(2022),
                Some("2022-12-31"),
                false,
            ),
        ]);
    }

    #[test]
    fn other_wordings() {
        check(&[
            ("2015年第一季度", None, Some("2015-03-31"), false),
            ("2015年一季度末", None, Some("2015-03-31"), false),
            ("2015年1季度", None, Some("2015-03-31"), false),
            ("2015年二季度", None, Some("2015-06-30"), false),
            ("2015年第三季度完成", None, Some("2015-09-30"), false),
            ("2015年四季度", None, Some("2015-12-31"), false),
            ("2015年9月15日前", None, Some("2015-09-15"), false),
            ("2015年9月15号前", None, Some("2015-09-15"), false),
            ("2016年2月底前", None, Some("2016-02-29"), false),
            ("2015年6月前", None, Some("2015-06-30"), false),
            ("2015年6月份", None, Some("2015-06-30"), false),
            ("2015年6月上旬", None, Some("2015-06-10"), false),
            ("2015年6月中旬", None, Some("2015-06-20"), false),
            ("2015年6月下旬", None, Some("2015-06-30"), false),
            ("2015年年中", None, Some("2015-06-30"), false),
            ("2015年中", None, Some("2015-06-30"), false),
            ("2015年内", None, Some("2015-12-31"), false),
            ("2015年年内完成", None, Some("2015-12-31"), false),
            ("2015年度", None, Some("2015-12-31"), false),
            ("2016年前", None, Some("2016-12-31"), false),
            ("2016年以前", None, Some("2016-12-31"), false),
            ("2015—2017年", None, Some("2017-12-31"), false),
            ("2015-2017年", None, Some("2017-12-31"), false),
            ("2015年-2017年", None, Some("2017-12-31"), false),
            ("2015至2017年逐步完成", None, Some("2017-12-31"), false),
            (
                "2015年启动，2016年6月底前完成",
                None,
                Some("2016-06-30"),
                false,
            ),
            ("２０１５年９月底前", None, Some("2015-09-30"), false),
            ("二〇一五年六月底前", None, Some("2015-06-30"), false),
            // Dates in figures; a month is due at its end.
            ("2021.12", None, Some("2021-12-31"), false),
            ("2021.6前", None, Some("2021-06-30"), false),
            ("2022-06-30", None, Some("2022-06-30"), false),
            ("2022/6/30前完成", None, Some("2022-06-30"), false),
            ("2021.3—2021.12", None, Some("2021-12-31"), false),
            ("2021.13", None, None, false),
            ("2015-2017", None, None, false),
            ("2015年中央财政", None, Some("2015-12-31"), false),
            // A five-year plan is due at its end.
            ("“十四五”期间", None, Some("2025-12-31"), false),
            ("十三五末", None, Some("2020-12-31"), false),
            ("十三五末持续推进", None, Some("2020-12-31"), false),
            // The work goes on through a span an ongoing word follows.
            ("“十五五”时期持续推进", None, Some("2030-12-31"), true),
            ("“十四五”期间持续推进", None, Some("2025-12-31"), true),
            ("2021—2025年持续推进", None, Some("2025-12-31"), true),
            ("2021年至2025年，每年开展", None, Some("2025-12-31"), true),
            ("2021—2025年", None, Some("2025-12-31"), false),
            // An explicit year is a date, even with an ongoing word; the work
            // goes on when the year starts it or a clause of its own says so.
            ("2015年起持续推进", None, Some("2015-12-31"), true),
            ("2021年6月起每年开展", None, Some("2021-06-30"), true),
            ("从2021年开始，逐年推进", None, Some("2021-12-31"), true),
            ("2020年底前完成，并持续推进", None, Some("2020-12-31"), true),
            ("长期坚持；2022年底前见效", None, Some("2022-12-31"), true),
            (
                "2021年底前建立定期评估制度",
                None,
                Some("2021-12-31"),
                false,
            ),
            ("2021年底前完成并持续推进", None, Some("2021-12-31"), true),
            (
                "2022年底前完成，2023年起常态化运行",
                None,
                Some("2023-12-31"),
                true,
            ),
            (
                "2016年开展长期护理保险试点",
                None,
                Some("2016-12-31"),
                false,
            ),
        ]);
    }

    #[test]
    fn wordings_without_a_year() {
        check(&[
            ("年内", Some(2015), Some("2015-12-31"), false),
            ("年内", None, None, false),
            ("年底前完成", Some(2015), Some("2015-12-31"), false),
            ("年底前完成", None, None, false),
            ("年中", Some(2015), Some("2015-06-30"), false),
            ("上半年", Some(2015), Some("2015-06-30"), false),
            ("下半年", Some(2015), Some("2015-12-31"), false),
            ("6月底前", Some(2015), Some("2015-06-30"), false),
            ("6月底前", None, None, false),
            ("六月底前", Some(2015), Some("2015-06-30"), false),
            ("9月15日前", Some(2015), Some("2015-09-15"), false),
            ("一季度", Some(2015), Some("2015-03-31"), false),
            ("第二季度末", Some(2015), Some("2015-06-30"), false),
            ("2022年6月至12月", None, Some("2022-12-31"), false),
            ("2022年6-9月", None, Some("2022-09-30"), false),
            ("2022年6月至2023年3月", None, Some("2023-03-31"), false),
            ("分年度实施", None, None, true),
            ("明年出台", Some(2015), Some("2016-12-31"), false),
            ("次年6月底前", Some(2021), Some("2022-06-30"), false),
            ("明年上半年", Some(2021), Some("2022-06-30"), false),
            ("翌年一季度", Some(2021), Some("2022-03-31"), false),
            ("当年完成", Some(2019), Some("2019-12-31"), false),
            // From the day of issue: a start, due at that year's end.
            ("即日起实施", Some(2021), Some("2021-12-31"), false),
            (
                "自印发之日起，即日实施",
                Some(2021),
                Some("2021-12-31"),
                false,
            ),
            ("即日起", None, None, false),
            // Spans relative to an unknown start are no dates.
            ("3年内完成", Some(2015), None, false),
            ("两年内完成", Some(2015), None, false),
            ("12个月内完成", Some(2015), None, false),
            // Recurring: ongoing, not this year's end.
            ("每年年底前报送", Some(2015), None, true),
            ("长期坚持", Some(2015), None, true),
            ("常态化开展", None, None, true),
            ("逐年推进", None, None, true),
            ("每季度", Some(2021), None, true),
            ("每半年报送一次", Some(2021), None, true),
            ("每月调度", None, None, true),
            ("按季度报送", Some(2021), None, true),
            ("按月调度", Some(2021), None, true),
            ("按年度推进", None, None, true),
            ("定期开展", None, None, true),
            ("长效推进", None, None, true),
            // Gradual, not recurring.
            ("逐步推进", Some(2021), None, false),
        ]);
    }

    #[test]
    fn a_time_limit_alone_is_a_date_and_at_most_a_word_of_completion() {
        for clause in [
            "2022年底前完成",
            "2022年6月底前完成",
            "于2023年底前建成投用",
            "二〇二二年底前完成",
            "2022年第三季度",
        ] {
            assert!(is_time_limit_alone(clause), "{clause}");
        }
        for clause in [
            "2022年底前建立定期评估制度",
            "2021年以来已建成500张",
            "到2025年",
            "",
        ] {
            assert!(!is_time_limit_alone(clause), "{clause}");
        }
    }

    #[test]
    fn never_panics() {
        check(&[
            ("", None, None, false),
            ("   ", Some(2015), None, false),
            ("2015年13月底前", None, None, false),
            ("2015年2月30日前", None, None, false),
            ("2015年0季度", None, Some("2015-12-31"), false),
            ("99999年", None, None, false),
            ("99999999999999999999999年底前", Some(2015), None, false),
            ("0000年", None, None, false),
            ("13月底前", Some(2015), None, false),
            ("99月", Some(i32::MAX), None, false),
            ("明年", Some(i32::MAX), None, false),
            ("年内", Some(i32::MIN), None, false),
            ("十二十三月", Some(2015), None, false),
        ]);
    }

    #[test]
    fn arabizes_numerals() {
        assert_eq!(arabize("二〇一五年一月十六日"), "2015年1月16日");
        assert_eq!(arabize("二〇一九年五月二十七日"), "2019年5月27日");
        assert_eq!(arabize("第一季度、十二月、三十一日"), "第1季度、12月、31日");
        assert_eq!(arabize("十三五规划"), "十三五规划");
        assert_eq!(arabize("一百年"), "一百年");
    }
}
