//! Prose documents: numbered task paragraphs ("1." … ) under a task section
//! ("四、具体任务"), grouped by "（一）" sections. Numbering may restart in each
//! section. A paragraph may close with its bodies in brackets:
//! "(市民政局、市卫生健康委按照职责分工负责，各区实施)".

use super::headings::{self, Level};
use super::records::{ResponsibilityText, TaskRecord};
use crate::knowledge::lexicon::kind;
use crate::knowledge::Knowledge;
use crate::model::LineRange;
use crate::text;

#[derive(Debug, Clone, PartialEq)]
pub struct ProseReading {
    pub records: Vec<TaskRecord>,
}

impl ProseReading {
    /// How many tasks close with a bracket of responsible bodies.
    pub fn bracketed(&self) -> usize {
        self.records
            .iter()
            .filter(|r| matches!(r.responsibility, ResponsibilityText::Bracketed(_)))
            .count()
    }
}

/// Reads the numbered tasks of a prose document.
pub fn read_prose(lines: &[&str], kb: &Knowledge) -> Option<ProseReading> {
    let named = read_items(lines, kb, |title| kb.lexicon.is_task_section(title));
    let records = if named.is_empty() {
        // No heading names the tasks: take every part that is not a preamble.
        read_items(lines, kb, |title| {
            !kb.lexicon.mentions("non-task-section", title)
        })
    } else {
        named
    };
    (!records.is_empty()).then_some(ProseReading { records })
}

/// A task being read: its first line and text so far.
struct Open {
    label: String,
    section: Vec<String>,
    text: String,
    text_lines: Vec<(usize, usize)>,
    first: usize,
    last: usize,
}

fn read_items(
    lines: &[&str],
    kb: &Knowledge,
    is_task_part: impl Fn(&str) -> bool,
) -> Vec<TaskRecord> {
    let mut records = Vec::new();
    let mut part: Option<String> = None;
    let mut section: Option<String> = None;
    let mut open: Option<Open> = None;
    for (i, raw) in lines.iter().enumerate() {
        let line = text::trim(raw);
        if line.is_empty() {
            continue;
        }
        let numbered = headings::numbered(line);
        match numbered.as_ref().map(|n| n.level) {
            Some(Level::Part) => {
                close(&mut open, &mut records, kb);
                let title = headings::heading_title(line);
                part = is_task_part(title).then(|| title.to_owned());
                section = None;
            }
            _ if part.is_none() => {}
            Some(Level::Section) => {
                close(&mut open, &mut records, kb);
                section = Some(headings::heading_title(line).to_owned());
            }
            Some(Level::Item) => {
                close(&mut open, &mut records, kb);
                let n = numbered.as_ref().map_or("", |n| n.number);
                open = Some(Open {
                    label: n.to_owned(),
                    section: part.iter().chain(section.iter()).cloned().collect(),
                    text: line[numbered.as_ref().map_or(0, |n| n.marker.len())..]
                        .trim()
                        .to_owned(),
                    text_lines: vec![(0, i + 1)],
                    first: i + 1,
                    last: i + 1,
                });
            }
            _ => {
                // A sub-item, another paragraph, or a line broken at a page break.
                if let Some(task) = open.as_mut() {
                    task.text_lines.push((task.text.len(), i + 1));
                    task.text.push_str(line);
                    task.last = i + 1;
                }
            }
        }
    }
    close(&mut open, &mut records, kb);
    records
}

fn close(open: &mut Option<Open>, records: &mut Vec<TaskRecord>, kb: &Knowledge) {
    let Some(task) = open.take() else { return };
    let responsibility = match closing_bracket(&task.text) {
        // Only a bracket that says who leads (负责, 牵头 …) lists responsible bodies.
        Some(inner)
            if kb.lexicon.mentions(kind::BRACKET_LEAD_VERB, inner)
                || kb.lexicon.mentions(kind::LEAD_VERB, inner) =>
        {
            ResponsibilityText::Bracketed(inner.to_owned())
        }
        _ => ResponsibilityText::InText,
    };
    records.push(TaskRecord {
        label: task.label,
        section: task.section,
        text: task.text,
        text_lines: task.text_lines,
        lines: LineRange {
            first: task.first,
            last: task.last,
        },
        responsibility,
        deadline: None,
    });
}

/// The content of the bracket that closes `text`, if it closes with one.
pub fn closing_bracket(text: &str) -> Option<&str> {
    let trimmed = text.trim_end_matches(|c: char| text::is_blank_char(c) || c == '。');
    let close = trimmed.chars().last().filter(|c| matches!(c, ')' | '）'))?;
    let mut depth = 0usize;
    for (i, c) in trimmed.char_indices().rev() {
        match c {
            ')' | '）' => depth += 1,
            '(' | '（' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let inner = &trimmed[i + c.len_utf8()..trimmed.len() - close.len_utf8()];
                    return Some(inner);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_closing_bracket() {
        assert_eq!(
            closing_bracket("确保养老服务用途。(市规划资源局、市民政局按照职责分工负责，各区实施)"),
            Some("市规划资源局、市民政局按照职责分工负责，各区实施")
        );
        assert_eq!(
            closing_bracket("打造（一）品牌（市民政局负责）。"),
            Some("市民政局负责")
        );
        assert_eq!(closing_bracket("没有括号的任务。"), None);
        assert_eq!(closing_bracket("不配对)"), None);
        assert_eq!(closing_bracket(""), None);
    }
}

#[cfg(test)]
mod reading_tests {
    use super::*;
    use crate::text;

    fn read(src: &str) -> Option<ProseReading> {
        read_prose(&text::lines(src), Knowledge::bundled().unwrap())
    }

    #[test]
    fn numbered_tasks_restart_in_each_section_and_keep_their_paragraphs() {
        let src = "二、基本原则\n(一)市场主体。加强顶层设计。\n\n四、具体任务\n\n\
                   (一)逐步形成供给体系\n\n1.统筹规划设施。各县要编制规划\n\n标准,分区分级设置。\n\n\
                   2.扶持民办机构。\n1)依托榆次区。\n另起一段说明。\n\n(二)逐步形成保障体系\n\n1.促进医养结合。\n\n\
                   五、组织保障\n(一)加强组织领导。要重视。\n";
        let p = read(src).unwrap();
        let got: Vec<(&str, String, &str)> = p
            .records
            .iter()
            .map(|r| (r.label.as_str(), r.section.join(" / "), r.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "1",
                    "四、具体任务 / (一)逐步形成供给体系".into(),
                    "统筹规划设施。各县要编制规划标准,分区分级设置。"
                ),
                (
                    "2",
                    "四、具体任务 / (一)逐步形成供给体系".into(),
                    "扶持民办机构。1)依托榆次区。另起一段说明。"
                ),
                (
                    "1",
                    "四、具体任务 / (二)逐步形成保障体系".into(),
                    "促进医养结合。"
                ),
            ]
        );
        assert_eq!((p.records[0].lines.first, p.records[0].lines.last), (8, 10));
        assert_eq!(p.bracketed(), 0);
        assert_eq!(p.records[0].responsibility, ResponsibilityText::InText);
    }

    #[test]
    fn closing_brackets_give_the_responsible_bodies() {
        let src = "三、主要任务\n(一)设施提升计划。完善规划。\n\
                   1.落实规划。确保落地。(市规划资源局、市民政局按照职责分工负责，各区实施)\n\
                   2.完善保险。(市医保局负责)\n四、保障措施\n(一)强化保障。(市司法局负责)\n";
        let p = read(src).unwrap();
        assert_eq!(p.records.len(), 2);
        assert_eq!(p.records[0].section, ["三、主要任务", "(一)设施提升计划"]);
        assert_eq!(
            p.records[0].responsibility,
            ResponsibilityText::Bracketed(
                "市规划资源局、市民政局按照职责分工负责，各区实施".into()
            )
        );
        assert_eq!(p.bracketed(), 2);
    }

    #[test]
    fn a_bracket_naming_a_lead_with_qian_tou_lists_bodies_too() {
        let src = "三、主要任务\n1.落实规划。(市民政局牵头,各区实施)\n2.完善制度。(详见附件)\n";
        let p = read(src).unwrap();
        assert_eq!(
            p.records[0].responsibility,
            ResponsibilityText::Bracketed("市民政局牵头,各区实施".into())
        );
        assert_eq!(p.records[1].responsibility, ResponsibilityText::InText);
    }

    #[test]
    fn without_a_named_task_section_the_non_preamble_parts_hold_the_tasks() {
        let src = "一、指导思想\n1.坚持党的领导。\n二、加快养老设施建设\n1.新建一批机构。\n2.改造敬老院。\n三、保障措施\n1.加强领导。\n";
        let p = read(src).unwrap();
        let texts: Vec<&str> = p.records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["新建一批机构。", "改造敬老院。"]);
    }

    #[test]
    fn text_without_numbered_tasks_is_not_read() {
        assert!(read("这是一封信。\n没有任何任务。\n").is_none());
        assert!(read("").is_none());
    }
}
