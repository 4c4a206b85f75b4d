//! Title, issuing body, document number and date of issue.
//!
//! - Web-page fields ("• 发文字号:…", "标  题:…", "成文日期:2016-05-27") win
//!   when present and well-formed.
//! - The title is otherwise the first lines of the document (after fields,
//!   "附件" labels and red-head lines such as "XX市人民政府文件"), joined
//!   without their line breaks until it is complete: it ends with a genre word
//!   (通知, 意见, 方案 …) with its 《》 closed, or the next line is blank, an
//!   addressee ("…："), a number or a date; a line of prose (with "。") is
//!   never part of a title.
//! - The issuer is the body before 关于 in the title ("晋中市人民政府",
//!   "市政府"), or the signature line before a standalone date.
//! - The number is the document's own: a field, or a line that is nothing but
//!   a number ("沪府规〔2019〕26号") among the opening lines. Numbers cited in
//!   the text ("国发[2013] 35号") and damaged ones ("市政发〔201628") are not.
//! - The date of issue is a field (成文日期 before 发布日期), or a line that is
//!   nothing but a date ("2019年5月27日", "二〇一五年一月十六日") in the opening
//!   or the closing lines; damaged dates ("2016年527") are not dates.

use std::sync::OnceLock;

use regex::Regex;

use crate::extract::deadline::arabize;
use crate::knowledge::lexicon::kind;
use crate::knowledge::Lexicon;
use crate::model::{Date, Metadata};
use crate::text;

/// Lines in which the title must start, fields stand, and the own number and
/// date of the opening are looked for.
const OPENING_LINES: usize = 40;
/// Lines at the end where a signature date is looked for.
const CLOSING_LINES: usize = 20;
/// A title is at most this many lines, and this many characters.
const MAX_TITLE_LINES: usize = 4;
const MAX_TITLE_CHARS: usize = 150;

/// Metadata from the document's lines (already normalised, see `text`); the
/// words it goes by (genres, issuers' endings, page fields) are `lexicon`'s.
pub fn extract_metadata(lines: &[&str], lexicon: &Lexicon) -> Metadata {
    let opening: Vec<&str> = lines.iter().take(OPENING_LINES).copied().collect();
    let fields = fields(&opening, lexicon);
    // The first field of `kind`, in the order the lexicon lists its keys.
    let field = |kind: &str| {
        lexicon.words(kind).iter().find_map(|k| {
            fields
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    };

    // The imprint at the foot: issuer and date when nothing else gives them.
    let imprint = closing_imprint(lines, lexicon);
    let title = field(kind::PAGE_FIELD_TITLE)
        .filter(|t| !t.is_empty())
        .or_else(|| title_from_lines(&opening, lexicon));
    let issuer = field(kind::PAGE_FIELD_ISSUER)
        .filter(|v| !v.is_empty())
        .or_else(|| title.as_deref().and_then(|t| issuer_of_title(t, lexicon)))
        .or_else(|| signature_issuer(lines, lexicon))
        .or_else(|| red_head_issuer(&opening, lexicon))
        .or_else(|| imprint.as_ref().map(|(body, _)| body.clone()));
    let number = field(kind::PAGE_FIELD_NUMBER)
        .filter(|v| is_document_number(v))
        .or_else(|| {
            opening
                .iter()
                .map(|l| text::squash(l))
                .find(|l| is_document_number(l))
        });
    let issued = field(kind::PAGE_FIELD_DATE)
        .and_then(|v| parse_date(&v))
        .or_else(|| standalone_date(&opening))
        .or_else(|| standalone_date(&lines[lines.len().saturating_sub(CLOSING_LINES)..]))
        .or_else(|| imprint.map(|(_, date)| date));
    Metadata {
        title,
        issuer,
        number,
        issued,
    }
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

/// A line stripped of blanks, list bullets and Markdown's marks of a
/// heading or bold text ("# 黄石市…", "**黄石市…**").
fn clean(line: &str) -> String {
    text::squash(line)
        .trim_start_matches(['•', '·', '●', '■', '◆', '-', '*', '#'])
        .trim_end_matches('*')
        .to_owned()
}

/// The kinds of a page's field keys.
const PAGE_FIELDS: [&str; 5] = [
    kind::PAGE_FIELD_TITLE,
    kind::PAGE_FIELD_ISSUER,
    kind::PAGE_FIELD_NUMBER,
    kind::PAGE_FIELD_DATE,
    kind::PAGE_FIELD_OTHER,
];

/// The fields a line states: ("标题", "…") for "• 标  题:…"; a page's
/// information bar may hold several ("发文字号：滁政〔2020〕5号　发布日期：
/// 2020-04-10"). Empty unless the line opens with a field's key.
fn fields_of(line: &str, lexicon: &Lexicon) -> Vec<(String, String)> {
    let line = clean(line);
    let mut out = Vec::new();
    let Some((key, mut rest)) = line.split_once([':', '：']) else {
        return out;
    };
    if !is_field_key(key, lexicon) {
        return out;
    }
    let mut key = key.to_owned();
    loop {
        let value_end = |end: usize| rest[..end].trim_end_matches(['•', '·', '●', '|', '｜']);
        match next_field(rest, lexicon) {
            Some((at, next_key, after)) => {
                out.push((key, value_end(at).to_owned()));
                key = next_key.to_owned();
                rest = after;
            }
            None => {
                out.push((key, value_end(rest.len()).to_owned()));
                return out;
            }
        }
    }
}

fn is_field_key(key: &str, lexicon: &Lexicon) -> bool {
    PAGE_FIELDS
        .iter()
        .any(|k| lexicon.words(k).iter().any(|w| w == key))
}

/// The next "key：" in a field's value: where the key starts, the key, and
/// the text after its colon.
fn next_field<'a>(value: &'a str, lexicon: &'a Lexicon) -> Option<(usize, &'a str, &'a str)> {
    value.match_indices([':', '：']).find_map(|(colon, mark)| {
        let before = &value[..colon];
        let key = PAGE_FIELDS
            .iter()
            .flat_map(|k| lexicon.words(k))
            .filter(|w| before.ends_with(w.as_str()))
            .max_by_key(|w| w.len())?;
        Some((
            colon - key.len(),
            key.as_str(),
            &value[colon + mark.len()..],
        ))
    })
}

fn fields(lines: &[&str], lexicon: &Lexicon) -> Vec<(String, String)> {
    lines.iter().flat_map(|l| fields_of(l, lexicon)).collect()
}

/// True for "沪府规〔2019〕26号", "银政发[2015]8号", "国发［2013］35号".
pub fn is_document_number(s: &str) -> bool {
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let number = regex(
        &NUMBER,
        r"^\p{Han}{1,12}[〔\[［(（【]\d{4}[〕\]］)）】]第?\d{1,5}号$",
    );
    number.is_match(&text::fold_width(&text::squash(s)))
}

/// A date written out in full: "2019年5月27日", "二〇一五年一月十六日",
/// "2016-05-27", "2016/5/27", "2016.05.27"; `None` for anything else,
/// damaged dates ("2016年527") and impossible ones.
pub fn parse_date(s: &str) -> Option<Date> {
    static DATE: OnceLock<Regex> = OnceLock::new();
    let date = regex(
        &DATE,
        r"^(\d{4})(?:年(\d{1,2})月(\d{1,2})日|-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2})|\.(\d{1,2})\.(\d{1,2}))$",
    );
    let s = arabize(&text::fold_width(&text::squash(s)));
    let c = date.captures(&s)?;
    let year = c[1].parse().ok()?;
    let (month, day) = (1..=4)
        .map(|k| (c.get(2 * k), c.get(2 * k + 1)))
        .find_map(|(m, d)| Some((m?.as_str(), d?.as_str())))?;
    Date::new(year, month.parse().ok()?, day.parse().ok()?)
}

/// A line that is nothing but a date, possibly in brackets.
fn date_line(line: &str) -> Option<Date> {
    let line = text::squash(line);
    let inner = line
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）']);
    // The imprint's date: "2020年5月8日印发".
    parse_date(inner.strip_suffix("印发").unwrap_or(inner))
}

fn standalone_date(lines: &[&str]) -> Option<Date> {
    lines.iter().find_map(|l| date_line(l))
}

/// True for lines the title never starts with: fields, 附件 labels, red
/// heads ("上海市人民政府文件"), numbers, dates.
fn is_preamble(line: &str, lexicon: &Lexicon) -> bool {
    static ATTACHMENT: OnceLock<Regex> = OnceLock::new();
    let attachment = regex(&ATTACHMENT, r"^附件\d*[:：]?$");
    is_furniture(line, lexicon)
        || attachment.is_match(line)
        || ends_with_any(line, lexicon.words(kind::RED_HEAD_ENDING))
}

/// True when a title needs nothing more: it ends with a genre word and its
/// 《》 are balanced.
fn is_complete(title: &str, lexicon: &Lexicon) -> bool {
    let opened = title.matches('《').count();
    let closed = title.matches('》').count();
    opened <= closed && ends_with_any(title, lexicon.words(kind::TITLE_GENRE))
}

fn ends_with_any(text: &str, endings: &[String]) -> bool {
    endings.iter().any(|e| text.ends_with(e.as_str()))
}

/// True when a line cannot continue a title: an addressee, a number, a date.
fn ends_title(line: &str) -> bool {
    line.ends_with([':', '：']) || is_document_number(line) || date_line(line).is_some()
}

fn title_from_lines(lines: &[&str], lexicon: &Lexicon) -> Option<String> {
    let cleaned: Vec<String> = lines.iter().map(|l| clean(l)).collect();
    let start = cleaned
        .iter()
        .position(|l| !l.is_empty() && !is_preamble(l, lexicon))?;
    let mut title = String::new();
    for (raw, line) in lines[start..]
        .iter()
        .zip(&cleaned[start..])
        .take(MAX_TITLE_LINES)
    {
        // Prose (a full stop) is never part of a title: a document that opens
        // with its body has none; nor is a table's row.
        if line.is_empty()
            || line.contains('。')
            || text::trim(raw).contains('\t')
            || (!title.is_empty() && ends_title(line))
        {
            break;
        }
        if title.chars().count() + line.chars().count() > MAX_TITLE_CHARS {
            break;
        }
        title.push_str(line);
        if is_complete(&title, lexicon) {
            break;
        }
    }
    (!title.is_empty() && title.chars().count() <= MAX_TITLE_CHARS).then_some(title)
}

/// Most characters of an issuer's name before the ending of a body.
const MAX_ISSUER_PREFIX_CHARS: usize = 40;

/// "晋中市人民政府关于印发…" → 晋中市人民政府; "《市政府关于…》…" → 市政府: the
/// shortest opening that ends like a body (issuer-ending) right before an
/// issuer verb (关于, 印发 …).
fn issuer_of_title(title: &str, lexicon: &Lexicon) -> Option<String> {
    let title = title.trim_start_matches(['《', '“', '"']);
    let endings = lexicon.words(kind::ISSUER_ENDING);
    let body = title
        .char_indices()
        .map(|(at, _)| &title[..at])
        .filter(|head| lexicon.starts_with(kind::ISSUER_VERB, &title[head.len()..]))
        .find(|head| {
            endings.iter().any(|e| {
                head.strip_suffix(e.as_str()).is_some_and(|name| {
                    (1..=MAX_ISSUER_PREFIX_CHARS).contains(&name.chars().count())
                })
            })
        })?;
    (!body.contains(['《', '》', '，', '。', '、'])).then(|| body.to_owned())
}

/// The signature line above a standalone date: "银川市人民政府".
fn signature_issuer(lines: &[&str], lexicon: &Lexicon) -> Option<String> {
    let opening = 0..lines.len().min(OPENING_LINES);
    let closing = lines.len().saturating_sub(CLOSING_LINES)..lines.len();
    opening.chain(closing).find_map(|i| {
        date_line(lines[i])?;
        let above = lines[..i]
            .iter()
            .rev()
            .take(3)
            .map(|l| clean(l))
            .find(|l| !l.is_empty())?;
        looks_like_signature(&above, lexicon).then_some(above)
    })
}

/// The body a red head names above the title ("孝昌县人民政府办公室文件").
fn red_head_issuer(opening: &[&str], lexicon: &Lexicon) -> Option<String> {
    opening.iter().find_map(|line| {
        let line = clean(line);
        let body = lexicon
            .words(kind::RED_HEAD_ENDING)
            .iter()
            .find_map(|ending| line.strip_suffix(ending.as_str()))?;
        looks_like_signature(body, lexicon).then(|| body.to_owned())
    })
}

/// A line of page or document furniture, which states no goal: a web page's
/// field ("发布机构：…", "当前位置：…") or breadcrumbs ("首页 > 政务公开"), a
/// document number, a date alone.
pub fn is_furniture(line: &str, lexicon: &Lexicon) -> bool {
    // Asked of every line outside the tasks: cheap tests first.
    (line.contains([':', '：']) && !fields_of(line, lexicon).is_empty())
        || (line.len() <= MAX_FURNITURE_BYTES
            && (is_document_number(line) || is_date_line(line) || is_breadcrumbs(line, lexicon)))
}

/// A web page's trail of links: a home word of the lexicon, then a
/// separator ("首页 > 政务公开 > 政策文件", "网站首页 | 信息公开").
fn is_breadcrumbs(line: &str, lexicon: &Lexicon) -> bool {
    if !lexicon.mentions(kind::PAGE_HOME, line) {
        return false;
    }
    let line = clean(line);
    lexicon.words(kind::PAGE_HOME).iter().any(|home| {
        line.strip_prefix(home.as_str())
            .is_some_and(|rest| rest.starts_with(['>', '＞', '|', '｜', '›', '»', '/', '→', '-']))
    })
}

/// A document number or a date alone is short: 40 characters at most.
const MAX_FURNITURE_BYTES: usize = 120;

/// A line that is nothing but a date ("2014年9月1日"), as under a signature.
pub fn is_date_line(line: &str) -> bool {
    date_line(line).is_some()
}

/// A short line naming a body without punctuation ("绍兴市人民政府"), as a
/// signature stands above the date.
pub fn looks_like_signature(line: &str, lexicon: &Lexicon) -> bool {
    let line = clean(line);
    line.chars().count() <= 30
        && ends_with_any(&line, lexicon.words(kind::ISSUER_ENDING))
        && !line.contains(['，', '。', '：', ':', ',', '；'])
}

/// The imprint at a document's foot, on one line: the body, blanks, the
/// date ("淮南市人民政府办公室　　2020年5月8日印发").
pub fn is_imprint(line: &str, lexicon: &Lexicon) -> bool {
    imprint(line, lexicon).is_some()
}

/// An imprint's body and date.
fn imprint(line: &str, lexicon: &Lexicon) -> Option<(String, Date)> {
    let (body, date) = line.trim().rsplit_once(text::is_blank_char)?;
    let date = date_line(date)?;
    let body = clean(body);
    looks_like_signature(&body, lexicon).then_some((body, date))
}

/// The last imprint among the closing lines.
fn closing_imprint(lines: &[&str], lexicon: &Lexicon) -> Option<(String, Date)> {
    let closing = &lines[lines.len().saturating_sub(CLOSING_LINES)..];
    closing.iter().rev().find_map(|l| imprint(l, lexicon))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(name: &str) -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let path = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
            .unwrap();
        std::fs::read_to_string(path).unwrap()
    }

    fn lexicon() -> &'static Lexicon {
        &crate::knowledge::Knowledge::bundled().unwrap().lexicon
    }

    fn of_seed(name: &str) -> Metadata {
        let text = seed(name);
        extract_metadata(&text::lines(&text), lexicon())
    }

    fn of(text: &str) -> Metadata {
        extract_metadata(&text::lines(text), lexicon())
    }

    fn date(y: i32, m: u32, d: u32) -> Option<Date> {
        Date::new(y, m, d)
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn seed_000() {
        assert_eq!(
            of_seed("000"),
            Metadata {
                title: some("《市政府关于进一步推进社会养老服务体系建设加快养老服务业发展的实施意见》责任分解方案"),
                issuer: some("市政府"),
                number: None,
                issued: None,
            }
        );
    }

    #[test]
    fn seed_001() {
        assert_eq!(
            of_seed("001"),
            Metadata {
                title: some("常州市进一步完善养老服务体系加快发展养老服务业实施意见的责任分解方案"),
                issuer: None,
                number: None,
                issued: None,
            }
        );
    }

    #[test]
    fn seed_002() {
        assert_eq!(
            of_seed("002"),
            Metadata {
                title: some(
                    "晋中市人民政府关于印发加快发展养老服务业推进社会养老服务体系建设的实施意见"
                ),
                issuer: some("晋中市人民政府"),
                number: some("市政发〔2016〕28号"),
                issued: date(2016, 5, 27),
            }
        );
    }

    #[test]
    fn seed_003() {
        assert_eq!(
            of_seed("003"),
            Metadata {
                title: some("银川市人民政府关于印发银川市加快推进养老服务业发展实施意见的通知"),
                issuer: some("银川市人民政府"),
                number: None,
                issued: date(2015, 1, 16),
            }
        );
    }

    #[test]
    fn seed_004() {
        assert_eq!(
            of_seed("004"),
            Metadata {
                title: some(
                    "上海市人民政府关于印发《上海市深化养老服务实施方案(2019-2022年)》的通知"
                ),
                issuer: some("上海市人民政府"),
                number: some("沪府规〔2019〕26号"),
                issued: date(2019, 5, 27),
            }
        );
    }

    #[test]
    fn damaged_fields_are_not_taken() {
        let m = of("• 发文字号:市政发〔201628\n• 成文日期:2016年527\n• 标  题:晋中市人民政府关于印发实施意见\n正文");
        assert_eq!(m.title.as_deref(), Some("晋中市人民政府关于印发实施意见"));
        assert_eq!((m.number, m.issued), (None, None));
        let m =
            of("晋中市人民政府关于印发实施意见\n\n市政发〔201628\n\n晋中市人民政府\n\n2016年527\n");
        assert_eq!((m.number, m.issued), (None, None));
    }

    #[test]
    fn titles_from_lines() {
        // Broken after 的: joined up to 通知.
        let m = of("苏州市人民政府关于印发《苏州市养老服务实施方案》的\n通知\n苏府〔2020〕3号\n各市、区人民政府：\n");
        assert_eq!(
            m.title.as_deref(),
            Some("苏州市人民政府关于印发《苏州市养老服务实施方案》的通知")
        );
        assert_eq!(m.issuer.as_deref(), Some("苏州市人民政府"));
        assert_eq!(m.number.as_deref(), Some("苏府〔2020〕3号"));
        // 方案 inside an open 《 does not end the title.
        let m = of("关于印发《无锡市养老服务实施方案\n(2019-2022年)》的通知\n");
        assert_eq!(
            m.title.as_deref(),
            Some("关于印发《无锡市养老服务实施方案(2019-2022年)》的通知")
        );
        assert_eq!(m.issuer, None);
        // A blank line ends an incomplete title; an addressee line too.
        let m = of("南京市养老服务业发展\n\n正文第一段。");
        assert_eq!(m.title.as_deref(), Some("南京市养老服务业发展"));
        let m = of("南京市养老服务业发展\n各区人民政府：\n");
        assert_eq!(m.title.as_deref(), Some("南京市养老服务业发展"));
        // A table's header row under the title is no part of it.
        let m = of("南京市养老服务重点工作\n序号\t工作任务\t责任单位\n1\t建立制度\t市民政局\n");
        assert_eq!(m.title.as_deref(), Some("南京市养老服务重点工作"));
        let m = of("南京市养老服务任务分工表\n序号\n工作任务\n");
        assert_eq!(m.title.as_deref(), Some("南京市养老服务任务分工表"));
        // A table copied with a tab before every cell: the title's own tab
        // leads its line.
        let m = of("\t南京市养老服务任务分解表\n\t序号\n\t工作任务\n");
        assert_eq!(m.title.as_deref(), Some("南京市养老服务任务分解表"));
        // Red heads and attachment labels come before the title.
        let m = of("杭州市人民政府文件\n杭政函〔2018〕12号\n附件1\n杭州市人民政府办公厅关于加快养老服务的若干意见\n");
        assert_eq!(
            m.title.as_deref(),
            Some("杭州市人民政府办公厅关于加快养老服务的若干意见")
        );
        assert_eq!(m.issuer.as_deref(), Some("杭州市人民政府办公厅"));
        assert_eq!(m.number.as_deref(), Some("杭政函〔2018〕12号"));
        // A title that names no issuer: the red head does.
        let m = of("孝昌县人民政府办公室文件\n孝政办发〔2023〕5号\n关于印发养老服务体系建设实施方案的通知\n");
        assert_eq!(
            m.title.as_deref(),
            Some("关于印发养老服务体系建设实施方案的通知")
        );
        assert_eq!(m.issuer.as_deref(), Some("孝昌县人民政府办公室"));
        // A body line right after the title is not joined to it.
        let m = of("南京市养老服务业发展\n为加快发展养老服务业，现提出如下意见。\n");
        assert_eq!(m.title.as_deref(), Some("南京市养老服务业发展"));
        // A document that opens with prose has no title.
        assert_eq!(
            of("为加快发展养老服务业，现提出如下意见。\n一、总体要求\n").title,
            None
        );
        // Markdown's heading and bold marks are no part of it.
        let m = of("# 黄石市养老服务体系建设任务分工\n\n| 序号 | 主要任务 |\n");
        assert_eq!(m.title.as_deref(), Some("黄石市养老服务体系建设任务分工"));
        let m = of("**黄石市养老服务体系建设任务分工**\n");
        assert_eq!(m.title.as_deref(), Some("黄石市养老服务体系建设任务分工"));
        // Nothing at all.
        assert_eq!(of(""), Metadata::default());
        assert_eq!(of("\n\n  \n"), Metadata::default());
    }

    #[test]
    fn numbers_and_dates() {
        assert!(is_document_number("沪府规〔2019〕26号"));
        assert!(is_document_number("银政发[2015]8号"));
        assert!(is_document_number("国发［2013］35号"));
        assert!(is_document_number("苏政办发（２０１４）５号"));
        assert!(!is_document_number("市政发〔201628"));
        assert!(!is_document_number("（国发[2013] 35号）和《意见》"));
        assert_eq!(parse_date("2019年5月27日"), date(2019, 5, 27));
        assert_eq!(parse_date("二〇一五年一月十六日"), date(2015, 1, 16));
        assert_eq!(parse_date("2016-05-27"), date(2016, 5, 27));
        assert_eq!(parse_date("2016/5/27"), date(2016, 5, 27));
        assert_eq!(parse_date("２０１６年５月２７日"), date(2016, 5, 27));
        assert_eq!(parse_date("2016年527"), None);
        assert_eq!(parse_date("2016年13月1日"), None);
        assert_eq!(parse_date("2016-05/27"), None);
        assert_eq!(parse_date("2016年5月27日印发"), None);
    }

    #[test]
    fn own_number_only() {
        // A number cited in the body is not the document's.
        let m = of("某市人民政府关于养老服务的通知\n各区：\n为贯彻《国务院关于加快发展养老服务业的若干意见》（国发[2013] 35号），现通知如下。\n");
        assert_eq!(m.number, None);
        assert_eq!(m.issuer.as_deref(), Some("某市人民政府"));
    }

    #[test]
    fn signature_and_closing_date() {
        let mut text = String::from("养老服务设施布局规划\n\n一、总则\n");
        for i in 0..60 {
            text.push_str(&format!("第{i}条 正文。\n"));
        }
        text.push_str("\n南通市民政局\n（二〇一六年三月一日）\n\n抄送：市委办公室。\n");
        let m = of(&text);
        assert_eq!(m.title.as_deref(), Some("养老服务设施布局规划"));
        assert_eq!(m.issuer.as_deref(), Some("南通市民政局"));
        assert_eq!(m.issued, date(2016, 3, 1));
    }

    #[test]
    fn breadcrumbs_are_furniture_and_no_title() {
        let m = of("首页 | 政务公开\n宣城市养老服务体系建设重点任务分解表\n序号\t工作任务\n");
        assert_eq!(
            m.title.as_deref(),
            Some("宣城市养老服务体系建设重点任务分解表")
        );
        for line in [
            "首页 > 政务公开 > 政策文件",
            "网站首页 | 信息公开",
            "首页»文件",
        ] {
            assert!(is_furniture(line, lexicon()), "{line}");
        }
        assert!(!is_furniture("首页设计要简洁", lexicon()));
    }

    #[test]
    fn an_information_bar_holds_several_fields() {
        let m = of("当前位置：首页 > 政策文件\n\
                    发文字号：滁政〔2020〕5号　发布日期：2020-04-10\n\
                    滁州市人民政府关于加快发展养老服务业的实施意见\n");
        assert_eq!(m.number.as_deref(), Some("滁政〔2020〕5号"));
        assert_eq!(m.issued, date(2020, 4, 10));
        assert_eq!(
            m.title.as_deref(),
            Some("滁州市人民政府关于加快发展养老服务业的实施意见")
        );
        assert_eq!(
            fields_of(
                "• 发文字号:市政发〔2016〕28号 • 成文日期:2016-05-27",
                lexicon()
            ),
            [
                ("发文字号".to_owned(), "市政发〔2016〕28号".to_owned()),
                ("成文日期".to_owned(), "2016-05-27".to_owned())
            ]
        );
        assert!(fields_of("到2020年：床位达到3万张", lexicon()).is_empty());
    }

    #[test]
    fn an_imprint_gives_the_issuer_and_date_last() {
        let lexicon = lexicon();
        assert!(is_imprint(
            "淮南市人民政府办公室　　　2020年5月8日印发",
            lexicon
        ));
        assert!(is_imprint("淮南市人民政府办公室 2020年5月8日", lexicon));
        assert!(!is_imprint("淮南市人民政府办公室", lexicon));
        assert!(!is_imprint("到2020年底，床位 2020年5月8日", lexicon));
        let mut text = String::from("养老服务工作任务分解表\n\n一、总则\n");
        for i in 0..30 {
            text.push_str(&format!("第{i}条 正文。\n"));
        }
        text.push_str("淮南市人民政府办公室　　2020年5月8日印发\n");
        let m = of(&text);
        assert_eq!(m.issuer.as_deref(), Some("淮南市人民政府办公室"));
        assert_eq!(m.issued, date(2020, 5, 8));
    }
}
