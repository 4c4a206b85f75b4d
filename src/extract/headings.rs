//! The heading grammar of Chinese official documents ("一、", "（一）",
//! "1.", "1)") and the repair of headings damaged at page breaks.

use std::sync::OnceLock;

use regex::Regex;

use super::numbers;

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

impl Numbered<'_> {
    /// The number's value: 3, 十二 → 12, ⑤ → 5.
    pub fn value(&self) -> Option<u32> {
        number_value(self.number)
    }
}

/// The value of a heading number as printed: digits, a Chinese numeral up
/// to 九十九, or a circled number.
pub fn number_value(number: &str) -> Option<u32> {
    if let Ok(n) = number.parse() {
        return Some(n);
    }
    let mut chars = number.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if ('①'..='⑳').contains(&c) => Some(c as u32 - '①' as u32 + 1),
        _ => numbers::small_chinese_number(number),
    }
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

/// How a document's headings nest. Most use 一、 / （一） / 1. / （1）; a plan
/// written in chapters (第三章 主要任务, 第一节 …) puts 第X章 (or 第X部分) and
/// 第X节 above them: those are its parts and sections, its 一、 paragraphs
/// are items and its （一） ones sub-items, and deeper numbers are text.
/// Without 第X节, its 一、 paragraphs are the sections under a chapter, and
/// its （一） ones items, 1. ones sub-items.
///
/// A document of measures (若干措施) has no part above its 一、 paragraphs:
/// read with `parts_as_sections`, they are sections of the whole document
/// as they are under a chapter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Outline {
    chaptered: bool,
    /// Whether a chaptered document has 第X节 sections.
    chapter_sections: bool,
    /// Whether 一、 paragraphs are read as sections with no part above them.
    parts_as_sections: bool,
}

impl Outline {
    /// The outline of a document: in chapters when two lines or more open one.
    pub fn of(lines: &[&str]) -> Outline {
        let levels: Vec<Level> = lines
            .iter()
            .filter_map(|l| chapter(l.trim()).map(|n| n.level))
            .collect();
        Outline {
            chaptered: levels.iter().filter(|l| **l == Level::Part).count() >= 2,
            chapter_sections: levels.contains(&Level::Section),
            parts_as_sections: false,
        }
    }

    /// The same outline one level down, 一、 paragraphs read as sections,
    /// as under a chapter without 第X节; none for a chaptered one, whose
    /// 一、 paragraphs are already below a part.
    pub fn parts_as_sections(self) -> Option<Outline> {
        (!self.chaptered).then_some(Outline {
            parts_as_sections: true,
            ..self
        })
    }

    /// Classifies a trimmed line by its leading number, at the level it
    /// stands at in this document.
    pub fn numbered<'a>(&self, line: &'a str) -> Option<Numbered<'a>> {
        if let Some(n) = chapter(line) {
            return Some(n);
        }
        let n = numbered(line)?;
        if !self.chaptered && !self.parts_as_sections {
            return Some(n);
        }
        let level = match (n.level, self.chapter_sections) {
            (Level::Part, true) => Level::Item,
            (Level::Section, true) => Level::SubItem,
            (Level::Part, false) => Level::Section,
            (Level::Section, false) => Level::Item,
            (Level::Item, false) => Level::SubItem,
            _ => return None,
        };
        Some(Numbered { level, ..n })
    }
}

/// "第三章 主要任务" (a part) or "第一节 发展目标" (a section).
fn chapter(line: &str) -> Option<Numbered<'_>> {
    static CHAPTER: OnceLock<Option<Regex>> = OnceLock::new();
    let re = CHAPTER
        .get_or_init(|| {
            Regex::new(r"^(?P<m>第(?P<n>[一二三四五六七八九十]+)(?P<k>章|部分|节))").ok()
        })
        .as_ref()?;
    let caps = re.captures(line)?;
    let marker = caps.name("m")?;
    let level = if caps.name("k")?.as_str() == "节" {
        Level::Section
    } else {
        Level::Part
    };
    Some(Numbered {
        level,
        number: caps.name("n")?.as_str(),
        marker: marker.as_str(),
        rest: line[marker.end()..].trim_start(),
    })
}

/// The longest text read as a bare title: an official page holds 28
/// characters a line (GB/T 9704), and a wrapped paragraph fills its first line.
const TITLE_MAX_CHARS: usize = 20;

/// Whether a heading's text (its number aside) is a bare title, with no
/// sentence after it: short and without punctuation ("扩大养老服务供给").
/// The text on the next line starts a sentence of its own.
pub fn is_bare_title(text: &str) -> bool {
    let is_clause_mark = |c: char| {
        matches!(
            c,
            '，' | '。' | '；' | '：' | '、' | ',' | ';' | ':' | '！' | '？' | '!' | '?'
        )
    };
    text.chars().count() <= TITLE_MAX_CHARS && !text.chars().any(is_clause_mark)
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
    fn a_plan_in_chapters_puts_its_numbers_one_level_down() {
        let levels = |outline: Outline, lines: &[&str]| -> Vec<Option<(Level, String)>> {
            lines
                .iter()
                .map(|l| outline.numbered(l).map(|n| (n.level, n.number.to_owned())))
                .collect()
        };
        let lines = [
            "第二章 总体要求",
            "第三章 主要任务",
            "第一节 完善居家社区养老服务网络",
            "一、推进设施建设。",
            "（一）新建小区配建。",
            "1.按标准配建。",
        ];
        let chaptered = Outline::of(&lines);
        let some = |level, n: &str| Some((level, n.to_owned()));
        assert_eq!(
            levels(chaptered, &lines),
            [
                some(Level::Part, "二"),
                some(Level::Part, "三"),
                some(Level::Section, "一"),
                some(Level::Item, "一"),
                some(Level::SubItem, "一"),
                None,
            ]
        );
        // Without 第X节, 一、 stands right under a chapter: a section.
        let lines = [
            "第二章 总体要求",
            "第三章 主要任务",
            "一、完善居家社区养老服务网络",
            "（一）推进设施建设。",
            "1.按标准配建。",
            "（1）新建小区。",
        ];
        assert_eq!(
            levels(Outline::of(&lines), &lines),
            [
                some(Level::Part, "二"),
                some(Level::Part, "三"),
                some(Level::Section, "一"),
                some(Level::Item, "一"),
                some(Level::SubItem, "1"),
                None,
            ]
        );
        // One chapter heading alone (a quoted title) changes nothing.
        let plain = ["第一章 总则", "一、总体要求", "（一）指导思想", "1.第一项"];
        assert_eq!(
            levels(Outline::of(&plain), &plain)[1..],
            [
                some(Level::Part, "一"),
                some(Level::Section, "一"),
                some(Level::Item, "1"),
            ]
        );
    }

    #[test]
    fn numbers_have_values() {
        let values: Vec<Option<u32>> = [
            "3",
            "12",
            "一",
            "十",
            "十二",
            "二十",
            "三十五",
            "⑤",
            "⑳",
            "百",
            "一二",
        ]
        .iter()
        .map(|n| number_value(n))
        .collect();
        assert_eq!(
            values,
            [
                Some(3),
                Some(12),
                Some(1),
                Some(10),
                Some(12),
                Some(20),
                Some(35),
                Some(5),
                Some(20),
                None,
                None
            ]
        );
    }

    #[test]
    fn bare_titles_are_short_and_unpunctuated() {
        assert!(is_bare_title("扩大居家社区养老服务供给"));
        assert!(!is_bare_title("加强设施建设。推进中心建设"));
        assert!(!is_bare_title(
            "推进居家社区养老服务中心建设和农村互助养老服务设施建设"
        ));
    }

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
