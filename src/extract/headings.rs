//! The heading grammar of Chinese official documents ("一、", "（一）",
//! "1.", "1)") and the repair of headings damaged at page breaks.

use std::sync::OnceLock;

use regex::Regex;

/// A numbered line: its level, the number as printed and the text after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered<'a> {
    pub level: Level,
    /// The number as printed, without its punctuation: "四", "一", "3".
    pub number: &'a str,
    /// The marker as printed: "四、", "（一）", "3.".
    pub marker: &'a str,
    /// What follows the marker.
    pub rest: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// 一、
    Part,
    /// （一）
    Section,
    /// 1. 1、 1．
    Item,
    /// 1) （1） ①
    SubItem,
}

fn patterns() -> &'static [(Level, Regex)] {
    static PATTERNS: OnceLock<Vec<(Level, Regex)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let cn = "[一二三四五六七八九十]+";
        [
            (Level::Part, format!(r"^(?P<m>(?P<n>{cn})[、.．])")),
            (
                Level::Section,
                format!(r"^(?P<m>[（(](?P<n>{cn})[）)][、.．]?)"),
            ),
            // "1." but not "1.5万" or "2020年": the number is followed by its mark and no digit.
            (
                Level::Item,
                r"^(?P<m>(?P<n>\d{1,2})(?:[.．、]|\s))[^\d]".to_owned(),
            ),
            (
                Level::SubItem,
                r"^(?P<m>[（(]?(?P<n>\d{1,2})[)）])".to_owned(),
            ),
            (Level::SubItem, r"^(?P<m>(?P<n>[①-⑳]))".to_owned()),
        ]
        .into_iter()
        .filter_map(|(level, p)| Regex::new(&p).ok().map(|r| (level, r)))
        .collect()
    })
}

/// Classifies a trimmed line by its leading number, if it has one.
pub fn numbered(line: &str) -> Option<Numbered<'_>> {
    patterns().iter().find_map(|(level, re)| {
        let caps = re.captures(line)?;
        let marker = caps.name("m")?;
        Some(Numbered {
            level: *level,
            number: caps.name("n")?.as_str(),
            marker: marker.as_str(),
            rest: line[marker.end()..].trim_start(),
        })
    })
}

/// The heading part of a line that may run on into prose:
/// "(一)养老服务设施提升计划。完善规划…" → "(一)养老服务设施提升计划".
pub fn heading_title(line: &str) -> &str {
    let line = line.trim();
    let cut = line.find(['。', '；']).unwrap_or(line.len());
    line[..cut].trim_end_matches([':', '：'])
}

/// Repairs headings duplicated at page breaks ("推推进医疗…" → "推进医疗…"):
/// a heading whose first character is doubled is replaced by the undoubled
/// form when that form is also among `known` headings.
pub fn repair(heading: &str, known: &[&str]) -> String {
    let body_start = numbered(heading).map_or(0, |n| n.marker.len());
    let (marker, body) = heading.split_at(body_start);
    let mut chars = body.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a == b => {
            let undoubled = format!("{marker}{}", &body[a.len_utf8()..]);
            if known.contains(&undoubled.as_str()) {
                return undoubled;
            }
            heading.to_owned()
        }
        _ => heading.to_owned(),
    }
}

/// Repairs each heading of a list against all the others.
pub fn repair_all(headings: &[String]) -> Vec<String> {
    let known: Vec<&str> = headings.iter().map(String::as_str).collect();
    headings.iter().map(|h| repair(h, &known)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_levels() {
        let n = numbered("四、具体任务").unwrap();
        assert_eq!((n.level, n.number, n.rest), (Level::Part, "四", "具体任务"));
        let n = numbered("（二）完善家庭养老支持政策").unwrap();
        assert_eq!(
            (n.level, n.marker, n.rest),
            (Level::Section, "（二）", "完善家庭养老支持政策")
        );
        let n = numbered("(六)规划发展养老产业").unwrap();
        assert_eq!((n.level, n.number), (Level::Section, "六"));
        let n = numbered("12.建立养老服务行业综合监管制度。").unwrap();
        assert_eq!(
            (n.level, n.number, n.rest),
            (Level::Item, "12", "建立养老服务行业综合监管制度。")
        );
        let n = numbered("3、加快建设").unwrap();
        assert_eq!((n.level, n.number), (Level::Item, "3"));
        let n = numbered("1)依托榆次区打造").unwrap();
        assert_eq!((n.level, n.number), (Level::SubItem, "1"));
        let n = numbered("（2）鼓励").unwrap();
        assert_eq!(n.level, Level::SubItem);
    }

    #[test]
    fn numbers_inside_prose_are_not_items() {
        assert_eq!(numbered("2020年,基本建成"), None);
        assert_eq!(numbered("1.5万张床位"), None);
        assert_eq!(numbered("市民政局"), None);
    }

    #[test]
    fn heading_title_stops_at_the_first_sentence() {
        assert_eq!(
            heading_title("(一)养老服务设施提升计划。完善规划"),
            "(一)养老服务设施提升计划"
        );
        assert_eq!(
            heading_title("（一）统筹规划城镇养老服务设施建设。"),
            "（一）统筹规划城镇养老服务设施建设"
        );
        assert_eq!(heading_title("四、具体任务"), "四、具体任务");
    }

    #[test]
    fn repairs_page_break_doubling_only_against_known_headings() {
        let known = [
            "推进医疗卫生与养老服务相结合",
            "推推进医疗卫生与养老服务相结合",
            "扶持政策",
        ];
        assert_eq!(
            repair("推推进医疗卫生与养老服务相结合", &known),
            "推进医疗卫生与养老服务相结合"
        );
        assert_eq!(repair("扶扶持政策", &known), "扶持政策");
        let known_sub = ["（一）推进医养融合"];
        assert_eq!(
            repair("（一）推推进医养融合", &known_sub),
            "（一）推进医养融合"
        );
        // A real word with a doubled first character is left alone.
        assert_eq!(repair("常常见面", &known), "常常见面");
    }
}
