//! Prose documents: numbered task paragraphs ("1." … ) under a task section
//! ("四、具体任务"), grouped by "（一）" sections. Numbering may restart in each
//! section; a section without any holds its tasks as "（1）" or "①"
//! paragraphs, and a "（一）" section with no numbered paragraph under it is
//! itself a task ("（一）加强居家养老服务。推进……"). A task may close with its bodies
//! in brackets: "(市民政局、市卫生健康委按照职责分工负责，各区实施)",
//! "（责任单位：市民政局、市财政局）", or with sentences that say who does it
//! and by when: "市民政局牵头，市财政局配合。完成时限：2019年底。", or with
//! labelled lines, each a sentence of its own ("责任单位：…" / "完成时限：…");
//! labelled lines after a section's last item serve the whole section when
//! no other item of it names its bodies.
//! A short numbered line without punctuation is the task's title: its
//! sentence ends there.
//! A division of duties by department ("市民政局：负责…" / "市财政局：…", one
//! paragraph a body) holds a task per paragraph, led by the bodies before
//! its colon, numbered in order when the page numbers none.
//! A plan's box (专栏2 居家社区养老服务提升工程, with its projects or figures)
//! belongs to no task: its lines stay document-level text.

use super::deadline;
use super::departments;
use super::headings::{self, Level};
use super::metadata;
use super::passages;
use super::records::{ResponsibilityText, TaskRecord};
use super::table;
use crate::knowledge::lexicon::{kind, ColumnRole};
use crate::knowledge::Knowledge;
use crate::model::LineRange;
use crate::text;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub struct ProseReading {
    pub records: Vec<TaskRecord>,
}

impl ProseReading {
    /// How many tasks name their responsible bodies themselves (a bracket,
    /// a statement, labelled lines), not only mention bodies in their text.
    pub fn stating_bodies(&self) -> usize {
        self.records
            .iter()
            .filter(|r| !matches!(r.responsibility, ResponsibilityText::InText))
            .count()
    }

    /// How many tasks close with a bracket of responsible bodies.
    pub fn bracketed(&self) -> usize {
        self.records
            .iter()
            .filter(|r| matches!(r.responsibility, ResponsibilityText::Bracketed(_)))
            .count()
    }
}

/// Reads the numbered tasks of a prose document.
pub fn read_prose(
    lines: &[&str],
    outline: headings::Outline,
    kb: &Knowledge,
) -> Option<ProseReading> {
    let named = read_items(
        lines,
        outline,
        kb,
        |title| kb.lexicon.is_task_section(title),
        false,
    );
    let records = if named.is_empty() {
        without_a_task_section(lines, outline, kb)
    } else {
        named
    };
    (!records.is_empty()).then_some(ProseReading { records })
}

/// The tasks of a document where no heading names them: every part that is
/// not a preamble, or whose items go on with the tasks' numbering (5. under
/// 三、加强组织保障 after 4., in a work plan numbered throughout); or, where
/// that finds more, its parts read as measures, those that are paragraphs
/// of their own tasks too.
fn without_a_task_section(
    lines: &[&str],
    outline: headings::Outline,
    kb: &Knowledge,
) -> Vec<TaskRecord> {
    let all = read_items(
        lines,
        outline,
        kb,
        |title| !kb.lexicon.is_review_section(title),
        false,
    );
    let parts = continuing_the_numbering(all, |record| {
        record
            .section
            .first()
            .is_some_and(|part| is_preamble(part, kb))
    });
    match outline.parts_as_sections() {
        Some(measures) => {
            let as_measures = read_measures(lines, measures, kb);
            if as_measures.len() > parts.len() {
                as_measures
            } else {
                parts
            }
        }
        None => parts,
    }
}

/// A document of measures (若干措施), read with 一、 paragraphs as sections:
/// each is a task ("一、加大建设补助。对…（市民政局负责）"), or the section of
/// those under it. A preamble paragraph (总体要求) is none, and neither are
/// the items under one, unless they go on with the numbering; a paragraph
/// with a preamble word that names who does it is a measure
/// ("四、强化要素保障。…（市自然资源局负责）").
fn read_measures(lines: &[&str], outline: headings::Outline, kb: &Knowledge) -> Vec<TaskRecord> {
    let measures = read_items(lines, outline, kb, |_| true, true);
    continuing_the_numbering(measures, |record| match record.section.first() {
        Some(section) => is_preamble(section, kb),
        None => {
            is_preamble(headings::heading_title(&record.text), kb)
                && record.responsibility == ResponsibilityText::InText
        }
    })
}

fn is_preamble(title: &str, kb: &Knowledge) -> bool {
    kb.lexicon.mentions(kind::NON_TASK_SECTION, title)
}

/// `records` without those `set_apart` marks, unless a record's number
/// follows the one kept before it (4. then 5.).
fn continuing_the_numbering(
    records: Vec<TaskRecord>,
    set_apart: impl Fn(&TaskRecord) -> bool,
) -> Vec<TaskRecord> {
    let figure = |r: &TaskRecord| super::table::number_value_text(&r.label);
    let mut kept: Vec<TaskRecord> = Vec::with_capacity(records.len());
    for record in records {
        let follows = kept
            .last()
            .and_then(figure)
            .zip(figure(&record))
            .is_some_and(|(before, this)| this == before + 1);
        if follows || !set_apart(&record) {
            kept.push(record);
        }
    }
    kept
}

/// A task being read: its first line and text so far.
struct Open {
    label: String,
    section: Vec<String>,
    text: String,
    text_lines: Vec<(usize, usize)>,
    first: usize,
    last: usize,
    /// Whether labelled lines (责任单位：…) follow its text.
    has_field_lines: bool,
    /// The bodies its text opens with ("市民政局：负责…"): they lead it when
    /// no closing bracket or sentence says otherwise.
    opening_bodies: Option<String>,
    /// Whether it is a paragraph of a division of duties, without a number.
    unnumbered_duty: bool,
}

fn read_items(
    lines: &[&str],
    outline: headings::Outline,
    kb: &Knowledge,
    is_task_part: impl Fn(&str) -> bool,
    whole_document: bool,
) -> Vec<TaskRecord> {
    let mut records = Vec::new();
    // The path of the task part being read: its title, or nothing where the
    // whole document is one (`whole_document`: a document of measures).
    let mut part: Option<Vec<String>> = None;
    let mut section: Option<String> = None;
    let mut open: Option<Open> = None;
    // The current section as a task of its own, until a numbered paragraph
    // shows that it only groups tasks.
    let mut section_task: Option<Open> = None;
    // What the current section's heading states of the tasks under it.
    let mut heading_fields: Option<TaskRecord> = None;
    // The level of the current section's task paragraphs: 1. where there
    // are any, else the first (1) or ① (below a 1. they continue its text).
    let mut task_level: Option<Level> = None;
    // Where the current section's records start (see `close_section`).
    let mut section_start = 0;
    // Unnumbered paragraphs of duties read in the current section.
    let mut duties = 0;
    // A box of projects or figures (专栏) being passed over.
    let mut text_box: Option<TextBox> = None;
    for (i, raw) in lines.iter().enumerate() {
        let line = text::trim(raw);
        if line.is_empty() {
            continue;
        }
        let numbered = outline.numbered(line);
        if is_box_title(line, kb) {
            text_box = Some(TextBox::default());
            continue;
        }
        if let Some(b) = text_box.as_mut() {
            match &numbered {
                Some(n) if b.ends_at(n, line, task_level, open.as_ref()) => text_box = None,
                _ => continue,
            }
        }
        if whole_document
            && part.is_none()
            && numbered.as_ref().map(|n| n.level) == Some(Level::Section)
        {
            part = Some(Vec::new());
        }
        // The bodies of a paragraph of a division of duties, in a task part.
        let duty = part
            .as_ref()
            .and_then(|_| duty_bodies(line, open.as_ref(), section_task.as_ref(), kb));
        match numbered.as_ref().map(|n| n.level) {
            Some(Level::Part) => {
                close_section(
                    [&mut open, &mut section_task],
                    &mut records,
                    (&mut section_start, &mut heading_fields),
                    kb,
                );
                let title = headings::heading_title(line);
                part = is_task_part(title).then(|| vec![title.to_owned()]);
                section = None;
                task_level = None;
                duties = 0;
            }
            _ if part.is_none() => {}
            Some(Level::Section) => {
                close_section(
                    [&mut open, &mut section_task],
                    &mut records,
                    (&mut section_start, &mut heading_fields),
                    kb,
                );
                section = Some(headings::heading_title(line).to_owned());
                task_level = None;
                duties = 0;
                section_task = numbered.as_ref().map(|n| {
                    Open::new(n, line, part.clone().unwrap_or_default(), i + 1).with_bodies(kb)
                });
            }
            Some(level @ (Level::Item | Level::SubItem))
                if level == Level::Item || task_level.is_none_or(|l| l == level) =>
            {
                close(&mut open, &mut records, kb);
                heading_fields = heading_fields.or_else(|| stated_fields(section_task.take(), kb));
                task_level = Some(level);
                let path = part
                    .iter()
                    .flatten()
                    .chain(section.iter())
                    .cloned()
                    .collect();
                open = numbered
                    .as_ref()
                    .map(|n| Open::new(n, line, path, i + 1).with_bodies(kb));
            }
            _ if duty.is_some() => {
                close(&mut open, &mut records, kb);
                heading_fields = heading_fields.or_else(|| stated_fields(section_task.take(), kb));
                duties += 1;
                let path = part
                    .iter()
                    .flatten()
                    .chain(section.iter())
                    .cloned()
                    .collect();
                let bodies = duty.unwrap_or_default();
                open = Some(Open::duty(duties, line, bodies, path, i + 1));
            }
            _ if ends_tasks(line, open.as_ref().or(section_task.as_ref()), kb) => {
                // A distribution list, an attachment note, the date under a
                // signature: the tasks are over, and the signature belongs
                // to none of them.
                for task in [&mut open, &mut section_task].into_iter().flatten() {
                    task.drop_signature(kb);
                }
                close_section(
                    [&mut open, &mut section_task],
                    &mut records,
                    (&mut section_start, &mut heading_fields),
                    kb,
                );
                part = None;
            }
            _ => {
                // A sub-item, another paragraph, or a line broken at a page break.
                if let Some(task) = open.as_mut().or(section_task.as_mut()) {
                    let relabelled = labels_out_of_brackets(line, kb);
                    let line = relabelled.as_ref();
                    let field = is_field_line(line, kb);
                    if task.is_title_only() || field {
                        task.end_sentence();
                    }
                    task.has_field_lines |= field;
                    task.text_lines.push((task.text.len(), i + 1));
                    task.text.push_str(line);
                    task.last = i + 1;
                }
            }
        }
    }
    close_section(
        [&mut open, &mut section_task],
        &mut records,
        (&mut section_start, &mut heading_fields),
        kb,
    );
    records
}

/// Whether a line is the title of a box (专栏2 居家社区养老服务提升工程,
/// 【专栏1】主要指标): a word of the lexicon's box-title kind opening a short
/// line, followed by its number or a break, not by more of a sentence
/// (专栏目录按年更新。).
fn is_box_title(line: &str, kb: &Knowledge) -> bool {
    let rest = line.trim_start_matches(['【', '[', '〔']);
    let titled = kb.lexicon.words(kind::BOX_TITLE).iter().any(|word| {
        rest.strip_prefix(word.as_str()).is_some_and(|after| {
            after.is_empty()
                || after.starts_with(|c: char| {
                    c.is_ascii_digit()
                        || c.is_whitespace()
                        || "一二三四五六七八九十】]〕:：".contains(c)
                })
        })
    });
    titled && !rest.contains('。') && rest.chars().count() <= BOX_TITLE_MAX_CHARS
}

/// The longest line read as a box's title.
const BOX_TITLE_MAX_CHARS: usize = 40;

/// A box of a plan (专栏): projects or figures set apart from the running
/// text, in no task (its lines are document-level text). It ends at a
/// heading above its own numbered lines, or at the next task: the number
/// after the open task's, where the box's next item would not have it, or
/// where it would but the line closes as the open task does (with a
/// bracket of bodies), or the open task has no bracket to tell by.
#[derive(Debug, Default)]
struct TextBox {
    /// The level of its numbered lines, once one is seen.
    items: Option<Level>,
    /// How many it has had.
    count: u32,
}

impl TextBox {
    /// Whether the numbered line `n` ends the box, tasks being numbered at
    /// `task_level` and the open task `open`; else `n` is the box's.
    fn ends_at(
        &mut self,
        n: &headings::Numbered,
        line: &str,
        task_level: Option<Level>,
        open: Option<&Open>,
    ) -> bool {
        let task_level = task_level.unwrap_or(Level::Item);
        let value = n.value();
        let open_number = open.and_then(|o| headings::number_value(&o.label));
        let ends = match self.items {
            _ if n.level <= Level::Section => true,
            Some(items) if n.level < items => true,
            Some(items) if n.level == items => {
                let next_task = open_number.is_some_and(|o| value == Some(o + 1));
                let next_item = value == Some(self.count + 1);
                let closes_like_the_task = || {
                    open.is_none_or(|o| closing_bracket(&o.text).is_none())
                        || closing_bracket(line).is_some()
                };
                next_task && (!next_item || closes_like_the_task())
            }
            Some(_) => false,
            None if n.level < task_level => true,
            None if n.level > task_level => false,
            // At the tasks' level: the box's first item opens with 1.
            None => !(value == Some(1) && open_number.is_some()),
        };
        if !ends && self.items.is_none_or(|l| l == n.level) {
            self.items = Some(n.level);
            self.count += 1;
        }
        ends
    }
}

/// Closes the task being read (an item, or a section that is a task) and
/// the section: labelled lines after its last item may serve the others.
fn close_section(
    tasks: [&mut Option<Open>; 2],
    records: &mut Vec<TaskRecord>,
    (section_start, heading_fields): (&mut usize, &mut Option<TaskRecord>),
    kb: &Knowledge,
) {
    let mut fields_last = false;
    for task in tasks {
        fields_last |= close(task, records, kb);
    }
    let section = &mut records[*section_start..];
    share_section_fields(section, fields_last);
    if let Some(heading) = heading_fields.take() {
        for record in section.iter_mut() {
            take_unstated_fields(record, &heading);
        }
    }
    *section_start = records.len();
}

/// What a section's heading states of the tasks under it, its bodies and
/// time limit ("（一）完善居家养老服务。（责任单位：市民政局、市卫健委）"), read as a
/// task's; `None` where it states neither.
fn stated_fields(heading: Option<Open>, kb: &Knowledge) -> Option<TaskRecord> {
    let mut records = Vec::new();
    close(&mut Some(heading?), &mut records, kb);
    records
        .pop()
        .filter(|r| r.responsibility != ResponsibilityText::InText || r.deadline.is_some())
}

/// A task takes the bodies its section's heading states where it names
/// none of its own, and the heading's time limit where it has none.
fn take_unstated_fields(record: &mut TaskRecord, heading: &TaskRecord) {
    if record.responsibility == ResponsibilityText::InText {
        record.responsibility = heading.responsibility.clone();
    }
    if record.deadline.is_none() {
        record.deadline = heading.deadline.clone();
    }
}

/// Labelled lines after a section's last item ("（一）…\n1.…\n2.…\n责任单位：…")
/// serve the whole section when no other item names its bodies: each of
/// them gets the bodies, and the time limit where it has none.
fn share_section_fields(section: &mut [TaskRecord], fields_last: bool) {
    let Some((last, others)) = section.split_last_mut() else {
        return;
    };
    let shared = fields_last
        && !others.is_empty()
        && others
            .iter()
            .all(|r| r.responsibility == ResponsibilityText::InText);
    if !shared {
        return;
    }
    for record in others {
        record.responsibility = last.responsibility.clone();
        if record.deadline.is_none() {
            record.deadline = last.deadline.clone();
        }
    }
}

/// A line after which the body holds no more tasks: one that starts a
/// distribution list or an attachment note, an imprint, or a date under a
/// signature that ran into the `open` task. A date alone (a line wrapped at
/// a date) is text.
fn ends_tasks(line: &str, open: Option<&Open>, kb: &Knowledge) -> bool {
    kb.lexicon.starts_with(kind::TABLE_END, line)
        || open.is_some_and(|task| task.signature_at(kb).is_some()) && metadata::is_date_line(line)
        || metadata::is_imprint(line, &kb.lexicon)
}

/// The bodies of `line` when it opens a paragraph of a division of duties
/// ("市民政局：负责…") that is a task of its own: not inside a numbered
/// task's text, nor inside a section that is a task with text of its own.
fn duty_bodies<'a>(
    line: &'a str,
    open: Option<&Open>,
    section_task: Option<&Open>,
    kb: &Knowledge,
) -> Option<&'a str> {
    (open.is_none_or(|task| task.unnumbered_duty) && section_task.is_none_or(Open::is_title_only))
        .then(|| departments::opening_bodies(line, kb))
        .flatten()
}

/// Labels written in brackets rather than before a colon, each opening a
/// sentence of its own: a line's opening, "【责任单位】市民政局" →
/// "责任单位：市民政局", or inside a task's text, "…学员达到2万人。【牵头单位】
/// 市教育局【完成时限】2025年" → "…学员达到2万人。牵头单位：市教育局。完成时限：
/// 2025年". Field labels only (a role label, or a time limit's label such as
/// 完成时限): 【专栏1】 stays.
fn labels_out_of_brackets<'a>(text: &'a str, kb: &Knowledge) -> Cow<'a, str> {
    let mut out = String::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('【') {
        let Some((label, next)) = after.split_once('】') else {
            break;
        };
        let bare =
            !label.contains(['：', ':']) && label.chars().count() <= MAX_BRACKETED_LABEL_CHARS;
        out.push_str(before);
        if !bare || !is_field_line(&format!("{label}：…"), kb) {
            out.push('【');
            rest = after;
            continue;
        }
        let opens_sentence =
            out.trim_end().is_empty() || out.trim_end().ends_with(['。', '；', ';']);
        if !opens_sentence {
            out.push('。');
        }
        out.push_str(label);
        out.push('：');
        rest = next;
    }
    if out.is_empty() {
        return Cow::Borrowed(text);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Longest label read in brackets (【牵头单位】, 【完成时限】).
const MAX_BRACKETED_LABEL_CHARS: usize = 8;

/// A line that opens with a label, like a table's cell: "责任单位：…",
/// "牵头单位：…", "完成时限：…". It starts a sentence of its own, whatever the
/// line before it ends with.
fn is_field_line(line: &str, kb: &Knowledge) -> bool {
    labelled_deadline(line, kb).is_some() || departments::opens_with_role_label(line, kb)
}

impl Open {
    /// Whether the text so far is a title on the numbered line alone
    /// ("（一）扩大居家社区养老服务供给"): short and without punctuation, where a
    /// paragraph's first line wrapped on the page is a full line.
    fn is_title_only(&self) -> bool {
        self.text_lines.len() == 1 && headings::is_bare_title(&self.text)
    }

    /// Closes the text's last sentence, unless it is closed already.
    fn end_sentence(&mut self) {
        let closed = self
            .text
            .trim_end()
            .chars()
            .last()
            .is_none_or(passages::ends_sentence);
        if !closed {
            self.text.push('。');
        }
    }

    /// Where the last line starts in the text when it is a signature, not
    /// the task's text.
    fn signature_at(&self, kb: &Knowledge) -> Option<usize> {
        let &(offset, _) = self
            .text_lines
            .last()
            .filter(|_| self.text_lines.len() > 1)?;
        metadata::looks_like_signature(&self.text[offset..], &kb.lexicon).then_some(offset)
    }

    /// Drops the last line when it is a signature.
    fn drop_signature(&mut self, kb: &Knowledge) {
        if let Some(offset) = self.signature_at(kb) {
            self.text.truncate(offset);
            self.text_lines.pop();
            self.last = self.text_lines.last().map_or(self.first, |&(_, line)| line);
        }
    }

    /// A task labelled `label` whose text starts with `text`, on line `line_no`.
    fn at(label: String, text: &str, section: Vec<String>, line_no: usize) -> Open {
        Open {
            label,
            section,
            text: text.to_owned(),
            text_lines: vec![(0, line_no)],
            first: line_no,
            last: line_no,
            has_field_lines: false,
            opening_bodies: None,
            unnumbered_duty: false,
        }
    }

    /// A task opened by its numbered line (number `n`, line number `line_no`).
    fn new(n: &headings::Numbered, line: &str, section: Vec<String>, line_no: usize) -> Open {
        let text = line[n.marker.len()..].trim();
        Open::at(n.number.to_owned(), text, section, line_no)
    }

    /// The `n`th unnumbered paragraph of a division of duties, opened by
    /// `line` ("市民政局：负责…"), led by `bodies`.
    fn duty(n: usize, line: &str, bodies: &str, section: Vec<String>, line_no: usize) -> Open {
        Open {
            opening_bodies: Some(bodies.to_owned()),
            unnumbered_duty: true,
            ..Open::at(n.to_string(), line, section, line_no)
        }
    }

    /// Notes the bodies its text opens with, if it does.
    fn with_bodies(mut self, kb: &Knowledge) -> Open {
        self.opening_bodies = departments::opening_bodies(&self.text, kb).map(str::to_owned);
        self
    }
}

/// Closes the task being read into a record. Returns whether it had
/// labelled lines of its own whose bodies it states.
fn close(open: &mut Option<Open>, records: &mut Vec<TaskRecord>, kb: &Knowledge) -> bool {
    let Some(task) = open.take() else {
        return false;
    };
    let closing = closing_statements(&task.text, kb);
    let bracket = closing_bracket(&task.text).map(|inner| without_time_limit(inner, kb));
    let bracket_limit = bracket.and_then(|(_, limit)| limit);
    let responsibility = match (closing.bodies, bracket) {
        (Some(stated), _) => ResponsibilityText::Stated(stated),
        // Only a bracket that says who leads (负责, 牵头 …) or names roles
        // (责任单位：…) lists responsible bodies.
        (None, Some((inner, _)))
            if names_a_lead(inner, kb) || kb.lexicon.mentions(kind::ROLE_LABEL, inner) =>
        {
            ResponsibilityText::Bracketed(inner.to_owned())
        }
        _ => match task.opening_bodies {
            Some(bodies) => ResponsibilityText::Stated(bodies),
            None => match opening_clauses_of_bodies(&task.text, kb) {
                Some(bodies) => ResponsibilityText::Stated(bodies.to_owned()),
                None => ResponsibilityText::InText,
            },
        },
    };
    let deadline = closing
        .deadline
        .or(bracket_limit.map(str::to_owned))
        .or_else(|| closing_time_limit(&task.text).map(str::to_owned));
    let states_fields =
        task.has_field_lines && matches!(responsibility, ResponsibilityText::Stated(_));
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
        deadline,
    });
    states_fields
}

/// The task's closing clause, before its bracket, when it only says by
/// when: "…制度，2022年底前完成。", "…工作。2022年6月底前完成。", "于2023年底前
/// 建成投用" (`deadline::is_time_limit_alone`).
fn closing_time_limit(text: &str) -> Option<&str> {
    let body = match closing_bracket_at(text) {
        Some((at, _)) => &text[..at],
        None => text,
    };
    let body = body.trim_end_matches(|c: char| text::is_blank_char(c) || c == '。');
    let clause = body
        .rsplit(['。', '，', '；', ',', ';'])
        .next()
        .map(str::trim)?;
    deadline::is_time_limit_alone(clause).then_some(clause)
}

/// A closing bracket's bodies and its time limit, when its first or last
/// clause is one: "责任单位：市民政局；完成时限：2021年底前",
/// "市卫生健康委牵头；2022年6月底前完成", "（2020年底前）". A clause that names a
/// body ("各区负责完成") is none.
fn without_time_limit<'a>(inner: &'a str, kb: &Knowledge) -> (&'a str, Option<&'a str>) {
    let is_limit = |clause: &'a str| time_limit(clause, kb);
    let last = inner.rfind(separates_clauses).map_or(0, |at| {
        at + inner[at..].chars().next().map_or(1, char::len_utf8)
    });
    if let Some(limit) = is_limit(&inner[last..]) {
        return (
            inner[..last].trim_end_matches(separates_clauses).trim(),
            Some(limit),
        );
    }
    let first = inner.find(separates_clauses).unwrap_or(inner.len());
    if let Some(limit) = is_limit(&inner[..first]) {
        return (
            inner[first..].trim_start_matches(separates_clauses).trim(),
            Some(limit),
        );
    }
    (inner, None)
}

/// Where the statements of a closing bracket or sentence part: at "；",
/// "，" or a blank ("牵头单位：市人社局 完成时限：2021年6月").
fn separates_clauses(c: char) -> bool {
    matches!(c, '；' | ';' | '，' | ',') || text::is_blank_char(c)
}

/// A clause that is a time limit: labelled ("完成时限：2021年底前"), or one
/// that reads as a time-progress cell and names no body ("2022年6月底前完成";
/// not "各区负责完成").
fn time_limit<'a>(clause: &'a str, kb: &Knowledge) -> Option<&'a str> {
    labelled_deadline(clause, kb).or_else(|| {
        (table::looks_like_deadline(clause, kb) && !departments::names_a_body(clause, kb))
            .then(|| clause.trim())
    })
}

/// What the last sentences of a prose task state, when they are no task
/// text: who does it ("市民政局牵头，市财政局配合。") and by when ("完成时限：2019年底。").
#[derive(Debug, Default, PartialEq)]
struct Closing {
    bodies: Option<String>,
    deadline: Option<String>,
}

/// Reads the task's sentences from the end while they are statements of
/// its bodies ("牵头单位：…。配合单位：…。", joined by "；") or its time limit
/// (one at most).
fn closing_statements(text: &str, kb: &Knowledge) -> Closing {
    let text = labels_out_of_brackets(text, kb);
    let mut closing = Closing::default();
    let mut bodies: Vec<&str> = Vec::new();
    let mut rest = text.trim_end_matches(|c: char| text::is_blank_char(c) || c == '。');
    while let Some((before, sentence)) = rest.rsplit_once('。') {
        let sentence = sentence.trim();
        if closing.deadline.is_none() {
            // Both first: "完成时限：2022年；牵头单位：…" is no time limit alone.
            if let Some((stated, limit)) = bodies_and_time_limit(sentence, kb) {
                bodies.insert(0, stated);
                closing.deadline = Some(limit.to_owned());
                rest = before;
                continue;
            }
            if let Some(limit) = labelled_deadline(sentence, kb) {
                closing.deadline = Some(limit.to_owned());
                rest = before;
                continue;
            }
        }
        if departments::names_only_bodies(sentence, kb) {
            bodies.insert(0, sentence);
            rest = before;
            continue;
        }
        // "…纳入规划，由自然资源和规划、民政部门负责落实。": the last clause
        // of the last sentence.
        if bodies.is_empty() {
            bodies.extend(closing_clause_of_bodies(sentence, kb));
        }
        break;
    }
    closing.bodies = (!bodies.is_empty()).then(|| bodies.join("；"));
    closing
}

/// The clauses that open a sentence of the task when they say who does it,
/// a lead verb among them ("市教育局牵头，市民政局配合，到2025年…",
/// "由市卫健委牵头，会同…"): the first such sentence's.
fn opening_clauses_of_bodies<'a>(text: &'a str, kb: &Knowledge) -> Option<&'a str> {
    text.split(['。', '；']).find_map(|sentence| {
        let mut end = 0;
        for clause in sentence.split_inclusive(['，', ',']) {
            let bare = clause.trim_end_matches(['，', ',']).trim();
            if !departments::names_only_bodies(bare, kb) {
                break;
            }
            end += clause.len();
        }
        let clauses = sentence[..end].trim_end_matches(['，', ',']).trim();
        (!clauses.is_empty() && names_a_lead(clauses, kb)).then_some(clauses)
    })
}

/// The clause that closes a sentence of task text when it says who does
/// the task, a lead verb closing its bodies ("…，财政、民政部门负责落实").
fn closing_clause_of_bodies<'a>(sentence: &'a str, kb: &Knowledge) -> Option<&'a str> {
    let (_, clause) = sentence.rsplit_once(['，', ','])?;
    (names_a_lead(clause, kb) && departments::names_only_bodies(clause, kb)).then_some(clause)
}

/// Whether `text` holds a verb that says who leads (负责, 牵头 …).
fn names_a_lead(text: &str, kb: &Knowledge) -> bool {
    kb.lexicon.mentions(kind::BRACKET_LEAD_VERB, text) || kb.lexicon.mentions(kind::LEAD_VERB, text)
}

/// A sentence that states bodies and a time limit, one after the other at
/// "；", a blank or (the limit last) "，": "责任单位：市卫健委；完成时间：2021年底前",
/// "责任单位：市民政局 完成时间：持续推进", "完成时限：2022年；牵头单位：市民政局",
/// "市消防救援支队、市民政局负责，2020年底前完成整改". A limit first must be
/// labelled. Gives the bodies' part and the time limit.
fn bodies_and_time_limit<'a>(sentence: &'a str, kb: &Knowledge) -> Option<(&'a str, &'a str)> {
    // A closing bracket is read as one (`without_time_limit`).
    if sentence.starts_with(['（', '(', '【']) {
        return None;
    }
    sentence
        .char_indices()
        .filter(|&(_, c)| separates_clauses(c))
        .find_map(|(at, c)| {
            let (before, after) = (sentence[..at].trim(), sentence[at + c.len_utf8()..].trim());
            let bodies = |part: &'a str| departments::names_only_bodies(part, kb).then_some(part);
            let comma = matches!(c, '，' | ',');
            let limit_after = if comma {
                time_limit(after, kb)
            } else {
                labelled_deadline(after, kb)
            };
            match (limit_after, labelled_deadline(before, kb)) {
                (Some(limit), _) => bodies(before).map(|b| (b, limit)),
                (None, Some(limit)) => bodies(after).map(|b| (b, limit)),
                (None, None) => None,
            }
        })
}

/// The time limit of "完成时限：2019年底" or "时间：2020年" (a deadline column's
/// header, or a header word of one, as label).
fn labelled_deadline<'a>(sentence: &'a str, kb: &Knowledge) -> Option<&'a str> {
    let (label, limit) = sentence.split_once(['：', ':'])?;
    (kb.lexicon.header_cell_role(label) == Some(ColumnRole::Deadline) && !limit.trim().is_empty())
        .then(|| limit.trim())
}

/// The content of the bracket that closes `text`, if it closes with one:
/// round brackets (half- or full-width) or 【】.
pub fn closing_bracket(text: &str) -> Option<&str> {
    closing_bracket_at(text).map(|(_, inner)| inner)
}

/// Where the closing bracket opens in `text`, and what it holds.
fn closing_bracket_at(text: &str) -> Option<(usize, &str)> {
    let trimmed = text.trim_end_matches(|c: char| text::is_blank_char(c) || c == '。');
    let close = trimmed
        .chars()
        .last()
        .filter(|c| matches!(c, ')' | '）' | '】'))?;
    let (closers, openers): (&[char], &[char]) = if close == '】' {
        (&['】'], &['【'])
    } else {
        (&[')', '）'], &['(', '（'])
    };
    let mut depth = 0usize;
    for (i, c) in trimmed.char_indices().rev() {
        match c {
            c if closers.contains(&c) => depth += 1,
            c if openers.contains(&c) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let inner = &trimmed[i + c.len_utf8()..trimmed.len() - close.len_utf8()];
                    return Some((i, inner));
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
        assert_eq!(
            closing_bracket("纳入培养计划。【责任单位：市卫健委】"),
            Some("责任单位：市卫健委")
        );
        assert_eq!(closing_bracket("纳入计划（市卫健委负责】"), None);
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
        let lines = text::lines(src);
        read_prose(
            &lines,
            headings::Outline::of(&lines),
            Knowledge::bundled().unwrap(),
        )
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
    fn a_work_plan_numbered_throughout_keeps_its_tasks_under_a_preamble_word() {
        // No heading names the tasks; 组织保障 names a preamble part, but its
        // 5. goes on from 4.
        let src = "一、完善设施网络\n1.推进中心建设。（市民政局负责）\n2.推进站点建设。（市民政局负责）\n\
                   二、提升服务质量\n3.开展专项行动。（市民政局负责）\n4.加强队伍建设。（市人社局负责）\n\
                   三、加强组织保障\n5.落实财政投入。（市财政局负责）\n";
        let p = read(src).unwrap();
        let labels: Vec<&str> = p.records.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["1", "2", "3", "4", "5"]);
        assert_eq!(p.records[4].section, ["三、加强组织保障"]);
        // Numbered afresh, the preamble part's items are no tasks.
        let src = "一、完善设施网络\n1.推进中心建设。（市民政局负责）\n2.推进站点建设。（市民政局负责）\n\
                   三、组织保障\n1.加强组织领导。（市民政局负责）\n";
        let labels: Vec<String> = read(src)
            .unwrap()
            .records
            .into_iter()
            .map(|r| r.label)
            .collect();
        assert_eq!(labels, ["1", "2"]);
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
    fn a_section_without_numbered_paragraphs_is_a_task_of_its_own() {
        let src = "一、总体目标\n（一）到2020年床位达到40张。\n二、重点任务\n\
                   （一）加强居家养老服务。推进中心建设。\n中心全覆盖。（责任单位：市民政局、市财政局）\n\
                   （二）推进医养结合。\n1.鼓励签约合作。（市卫生健康委负责）\n2.发展护理服务。\n\
                   （三）落实扶持政策。给予建设补贴。（牵头单位：市财政局；配合单位：市民政局）\n\
                   三、保障措施\n（一）加强组织领导。（市政府办公室负责）\n";
        let p = read(src).unwrap();
        let got: Vec<(&str, String, &str, (usize, usize))> = p
            .records
            .iter()
            .map(|r| {
                let lines = (r.lines.first, r.lines.last);
                (
                    r.label.as_str(),
                    r.section.join(" / "),
                    r.text.as_str(),
                    lines,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "一",
                    "二、重点任务".into(),
                    "加强居家养老服务。推进中心建设。中心全覆盖。（责任单位：市民政局、市财政局）",
                    (4, 5)
                ),
                (
                    "1",
                    "二、重点任务 / （二）推进医养结合".into(),
                    "鼓励签约合作。（市卫生健康委负责）",
                    (7, 7)
                ),
                (
                    "2",
                    "二、重点任务 / （二）推进医养结合".into(),
                    "发展护理服务。",
                    (8, 8)
                ),
                (
                    "三",
                    "二、重点任务".into(),
                    "落实扶持政策。给予建设补贴。（牵头单位：市财政局；配合单位：市民政局）",
                    (9, 9)
                ),
            ]
        );
        assert_eq!(
            p.records[0].responsibility,
            ResponsibilityText::Bracketed("责任单位：市民政局、市财政局".into())
        );
        assert_eq!(p.records[0].text_lines, [(0, 4), (48, 5)]);
        assert_eq!(p.bracketed(), 3);
    }

    #[test]
    fn a_section_without_numbered_paragraphs_holds_its_tasks_as_sub_items() {
        let src = "三、主要任务\n（一）完善居家养老服务\n（1）建设服务中心。（市民政局负责）\n\
                   （2）发展助餐服务。（市商务局负责）\n（二）推进医养结合\n\
                   1.支持设立医务室。\n（1）内设医务室。\n（2）签约合作。\n四、保障措施\n";
        let reading = read(src).unwrap();
        let got: Vec<(&str, String, &str)> = reading
            .records
            .iter()
            .map(|r| (r.label.as_str(), r.section.join(" / "), r.text.as_str()))
            .collect();
        let section_one = "三、主要任务 / （一）完善居家养老服务";
        assert_eq!(
            got,
            [
                ("1", section_one.into(), "建设服务中心。（市民政局负责）"),
                ("2", section_one.into(), "发展助餐服务。（市商务局负责）"),
                (
                    "1",
                    "三、主要任务 / （二）推进医养结合".into(),
                    "支持设立医务室。（1）内设医务室。（2）签约合作。"
                ),
            ]
        );
    }

    #[test]
    fn the_signature_and_what_follows_it_belong_to_no_task() {
        let src =
            "三、主要任务\n1.加强居家养老。（市民政局负责）\n\n绍兴市人民政府\n2014年9月1日\n\n\
                   （此件公开发布）\n附件：分工表\n1.附件里的一行。\n";
        let reading = read(src).unwrap();
        let got: Vec<(&str, usize, &ResponsibilityText)> = reading
            .records
            .iter()
            .map(|r| (r.text.as_str(), r.lines.last, &r.responsibility))
            .collect();
        let bracket = ResponsibilityText::Bracketed("市民政局负责".into());
        assert_eq!(got, [("加强居家养老。（市民政局负责）", 2, &bracket)]);
    }

    #[test]
    fn a_date_without_a_signature_above_it_is_task_text() {
        let src = "三、主要任务\n1.出台办法。在\n2020年12月31日\n前完成。\n2.开展评估。\n";
        let reading = read(src).unwrap();
        let texts: Vec<&str> = reading.records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["出台办法。在2020年12月31日前完成。", "开展评估。"]);
    }

    #[test]
    fn a_bracket_naming_roles_lists_bodies() {
        let src = "三、主要任务\n1.建设中心。（责任单位：市民政局）\n2.完善制度。（配合单位：市财政局）\n3.开展评估。（2020年底前）\n";
        let got: Vec<ResponsibilityText> = read(src)
            .unwrap()
            .records
            .into_iter()
            .map(|r| r.responsibility)
            .collect();
        assert_eq!(
            got,
            [
                ResponsibilityText::Bracketed("责任单位：市民政局".into()),
                ResponsibilityText::Bracketed("配合单位：市财政局".into()),
                ResponsibilityText::InText,
            ]
        );
    }

    /// Each task's responsibility text and deadline.
    fn responsibilities_and_deadlines(src: &str) -> Vec<(ResponsibilityText, Option<String>)> {
        read(src)
            .unwrap()
            .records
            .into_iter()
            .map(|r| (r.responsibility, r.deadline))
            .collect()
    }

    #[test]
    fn closing_sentences_state_bodies_and_time_limits() {
        let src = "二、重点任务\n\
                   1.加快机构建设。各县至少建成1所护理型机构。市民政局牵头，市发展改革委、市财政局配合。完成时限：2019年底。\n\
                   2.落实补贴。市财政局、市民政局按照职责分工负责。\n\
                   3.加强培训。责任单位：市人社局、市民政局。\n\
                   4.加强监管。市民政局负责建立评估制度。\n\
                   5.明确责任。各地要切实负责。\n";
        let got = responsibilities_and_deadlines(src);
        let stated = |s: &str| ResponsibilityText::Stated(s.into());
        assert_eq!(
            got,
            [
                (
                    stated("市民政局牵头，市发展改革委、市财政局配合"),
                    Some("2019年底".into())
                ),
                (stated("市财政局、市民政局按照职责分工负责"), None),
                (stated("责任单位：市人社局、市民政局"), None),
                // Task text that names a body, and a role verb after no body.
                (ResponsibilityText::InText, None),
                (ResponsibilityText::InText, None),
            ]
        );
    }

    #[test]
    fn clauses_that_open_or_close_a_sentence_state_bodies() {
        let src = "二、重点任务\n\
                   1.落实用地。纳入国土空间规划，由自然资源和规划、民政部门负责落实。\n\
                   2.加大投入。每张床位给予3000元补贴。财政、民政部门负责落实。\n\
                   3.发展老年教育。市教育局牵头，市民政局、市老干部局配合，到2025年，老年大学学员达到2万人。\n\
                   4.推进医养结合。由市卫健委牵头，会同市民政局制定实施办法。\n\
                   5.加强宣传。营造良好氛围，市委宣传部配合。\n\
                   6.完善网络。民政部门要会同住建部门配建设施，各区实施。\n";
        let stated = |s: &str| (ResponsibilityText::Stated(s.into()), None);
        assert_eq!(
            responsibilities_and_deadlines(src),
            [
                stated("由自然资源和规划、民政部门负责落实"),
                stated("财政、民政部门负责落实"),
                stated("市教育局牵头，市民政局、市老干部局配合"),
                stated("由市卫健委牵头"),
                // Without a lead verb, a clause of bodies is no statement.
                (ResponsibilityText::InText, None),
                (ResponsibilityText::InText, None),
            ]
        );
    }

    #[test]
    fn a_section_heading_s_bodies_serve_its_tasks_without_their_own() {
        let src = "三、主要任务\n\
                   （一）完善居家养老服务。（责任单位：市民政局；完成时限：2025年底前）\n\
                   1.发展家庭养老床位。家庭养老床位达到1000张。\n\
                   2.开展上门服务。提供上门护理服务。（市卫健委负责）\n\
                   （二）推进医养结合\n\
                   1.推动签约合作。签约率达到100%。\n";
        assert_eq!(
            responsibilities_and_deadlines(src),
            [
                (
                    ResponsibilityText::Bracketed("责任单位：市民政局".into()),
                    Some("2025年底前".into())
                ),
                (
                    ResponsibilityText::Bracketed("市卫健委负责".into()),
                    Some("2025年底前".into())
                ),
                // A heading that states nothing gives nothing.
                (ResponsibilityText::InText, None),
            ]
        );
    }

    #[test]
    fn labels_in_brackets_inside_the_text_are_its_fields() {
        let src = "二、重点任务\n\
                   1.发展老年教育。学员达到2万人。【牵头单位】市教育局【配合单位】市民政局【完成时限】2025年\n\
                   2.建设设施。【专栏1】新建中心10个。\n";
        assert_eq!(
            responsibilities_and_deadlines(src),
            [
                (
                    ResponsibilityText::Stated("牵头单位：市教育局；配合单位：市民政局".into()),
                    Some("2025年".into())
                ),
                (ResponsibilityText::InText, None),
            ]
        );
    }

    #[test]
    fn labels_in_brackets_open_field_lines() {
        let src = "二、重点任务\n\
                   1.推进养老机构建设。\n【责任单位】市民政局、市财政局\n【完成时限】2021年底前\n\
                   2.加强培训。【责任单位：市人社局】\n\
                   3.完善制度。\n【工作目标】建立制度\n";
        let stated = |s: &str| ResponsibilityText::Stated(s.into());
        assert_eq!(
            responsibilities_and_deadlines(src),
            [
                (
                    stated("责任单位：市民政局、市财政局"),
                    Some("2021年底前".into())
                ),
                (
                    ResponsibilityText::Bracketed("责任单位：市人社局".into()),
                    None
                ),
                (ResponsibilityText::InText, None),
            ]
        );
    }

    #[test]
    fn one_closing_sentence_may_state_bodies_and_a_time_limit() {
        let src = "二、重点任务\n\
                   1.建立签约机制。开通绿色通道。责任单位：市卫健委、市民政局；完成时间：2021年12月底前。\n\
                   2.建设医务室。支持内设护理站。责任单位：市民政局 完成时间：持续推进\n\
                   3.完善规划。完成时限：2022年；牵头单位：市民政局。\n\
                   4.培养人才。纳入培养计划。【责任单位：市卫健委、市人社局】\n\
                   5.开展整治。市消防救援支队、市民政局负责，2020年底前完成整改。\n\
                   6.推进改革。（市民政局负责，2020年底前完成）\n\
                   7.加强监管。市民政局负责，各区配合。\n";
        let stated = |s: &str| ResponsibilityText::Stated(s.into());
        assert_eq!(
            responsibilities_and_deadlines(src),
            [
                (
                    stated("责任单位：市卫健委、市民政局"),
                    Some("2021年12月底前".into())
                ),
                (stated("责任单位：市民政局"), Some("持续推进".into())),
                (stated("牵头单位：市民政局"), Some("2022年".into())),
                (
                    ResponsibilityText::Bracketed("责任单位：市卫健委、市人社局".into()),
                    None
                ),
                // After a comma, an unlabelled time limit.
                (
                    stated("市消防救援支队、市民政局负责"),
                    Some("2020年底前完成整改".into())
                ),
                (
                    ResponsibilityText::Bracketed("市民政局负责".into()),
                    Some("2020年底前完成".into())
                ),
                (stated("市民政局负责，各区配合"), None),
            ]
        );
    }

    #[test]
    fn labelled_lines_are_fields_like_a_table_s_cells() {
        let src = "三、主要任务\n（一）扩大居家养老服务供给\n全面推进街道养老服务中心建设\n\
                   责任单位：市民政局、市住房和城乡建设局，\n各县市区人民政府\n完成时限：2023年底前\n\
                   （二）推进医养结合\n支持养老机构内设医务室。\n牵头单位：市卫生健康委\n\
                   配合单位：市民政局、市医保局\n完成时限：持续推进\n\
                   （三）建立联席会议制度，由\n市民政局牵头，市财政局配合，定期会商。\n";
        let got: Vec<(String, ResponsibilityText, Option<String>)> = read(src)
            .unwrap()
            .records
            .into_iter()
            .map(|r| (r.text, r.responsibility, r.deadline))
            .collect();
        let stated = |s: &str| ResponsibilityText::Stated(s.into());
        assert_eq!(
            got,
            [
                (
                    "扩大居家养老服务供给。全面推进街道养老服务中心建设。\
                     责任单位：市民政局、市住房和城乡建设局，各县市区人民政府。完成时限：2023年底前"
                        .into(),
                    stated("责任单位：市民政局、市住房和城乡建设局，各县市区人民政府"),
                    Some("2023年底前".into())
                ),
                (
                    "推进医养结合。支持养老机构内设医务室。牵头单位：市卫生健康委。\
                     配合单位：市民政局、市医保局。完成时限：持续推进"
                        .into(),
                    stated("牵头单位：市卫生健康委；配合单位：市民政局、市医保局"),
                    Some("持续推进".into())
                ),
                // A line wrapped before a role verb is no field, and a
                // title that goes on with a comma is a sentence's start.
                (
                    "建立联席会议制度，由市民政局牵头，市财政局配合，定期会商。".into(),
                    ResponsibilityText::InText,
                    None
                ),
            ]
        );
    }

    #[test]
    fn a_time_limit_in_the_closing_bracket_is_the_deadline() {
        let src = "三、重点任务\n\
                   （一）建设医务室。（责任单位：市卫生健康委、市民政局；完成时限：2021年底前）\n\
                   （二）签约服务。（市卫生健康委牵头，各县市区人民政府负责落实；2022年6月底前完成）\n\
                   （三）落实政策。（2021年底前完成，市税务局负责）\n\
                   （四）开展评估。（2020年底前）\n\
                   （五）加强监管。（各区负责完成）\n\
                   （六）建设平台。（市数据资源局负责，2021年9月30日前上线运行）\n\
                   （七）培养人才。（牵头单位：市人社局 完成时限：2021年6月）\n\
                   （八）发展社区养老。（责任单位：市民政局，时间：2020年）\n";
        let got = responsibilities_and_deadlines(src);
        let bracketed = |s: &str| ResponsibilityText::Bracketed(s.into());
        assert_eq!(
            got,
            [
                (
                    bracketed("责任单位：市卫生健康委、市民政局"),
                    Some("2021年底前".into())
                ),
                (
                    bracketed("市卫生健康委牵头，各县市区人民政府负责落实"),
                    Some("2022年6月底前完成".into())
                ),
                (bracketed("市税务局负责"), Some("2021年底前完成".into())),
                (ResponsibilityText::InText, Some("2020年底前".into())),
                (bracketed("各区负责完成"), None),
                // A time limit with more words after it, not a bank (…运行).
                (
                    bracketed("市数据资源局负责"),
                    Some("2021年9月30日前上线运行".into())
                ),
                // At a blank; under a header word (时间) as its label.
                (bracketed("牵头单位：市人社局"), Some("2021年6月".into())),
                (bracketed("责任单位：市民政局"), Some("2020年".into())),
            ]
        );
    }

    #[test]
    fn a_closing_clause_that_only_says_by_when_is_the_deadline() {
        let src = "三、主要任务\n\
                   （一）建立评估制度。全面建立综合评估制度，2022年底前完成。（市民政局负责）\n\
                   （二）推进等级评定。开展评定工作。2022年6月底前完成。（市民政局负责）\n\
                   （三）发展智慧养老。建设服务平台，于2023年底前建成投用。（市大数据局负责）\n\
                   （四）完善制度。2022年底前建立定期评估制度。（市民政局负责）\n\
                   （五）扩大供给。新增床位1000张，2021年以来已建成500张。\n\
                   （六）建设平台。建设服务平台，2021年底前完成。（市民政局负责，2022年6月底前上线）\n";
        let deadlines: Vec<Option<String>> = responsibilities_and_deadlines(src)
            .into_iter()
            .map(|(_, deadline)| deadline)
            .collect();
        assert_eq!(
            deadlines,
            [
                Some("2022年底前完成".into()),
                Some("2022年6月底前完成".into()),
                Some("于2023年底前建成投用".into()),
                // What is done by then is the task's text, not its limit.
                None,
                None,
                // The bracket's limit comes first.
                Some("2022年6月底前上线".into()),
            ]
        );
    }

    #[test]
    fn labelled_lines_after_a_section_s_last_item_serve_the_section() {
        let src = "三、主要任务\n（一）加强设施建设\n1.建设中心。\n2.改造设施。\n\
                   责任单位：市民政局、市住建局\n完成时限：2022年底前\n\
                   （二）推进医养结合\n1.签约服务。\n责任单位：市卫生健康委\n\
                   2.开设病区。\n责任单位：市医保局\n\
                   （三）加强监管\n1.开展检查。\n2.建立制度。由市市场监管局负责。\n";
        let stated = |s: &str| ResponsibilityText::Stated(s.into());
        let section = (
            stated("责任单位：市民政局、市住建局"),
            Some("2022年底前".to_owned()),
        );
        assert_eq!(
            responsibilities_and_deadlines(src),
            [
                section.clone(),
                section,
                (stated("责任单位：市卫生健康委"), None),
                (stated("责任单位：市医保局"), None),
                // A closing sentence is the last item's own.
                (ResponsibilityText::InText, None),
                (stated("由市市场监管局负责"), None),
            ]
        );
    }

    /// (label, section, text) of each task.
    fn tasks_of(src: &str) -> Vec<(String, String, String)> {
        read(src)
            .map(|r| r.records)
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.label, r.section.join(" / "), r.text))
            .collect()
    }

    fn task(label: &str, section: &str, text: &str) -> (String, String, String) {
        (label.to_owned(), section.to_owned(), text.to_owned())
    }

    #[test]
    fn a_document_of_measures_has_a_task_per_part() {
        let src = "关于加大养老服务扶持力度的若干措施\n各县（市、区）人民政府：\n为加快发展，现提出以下措施。\n\
                   一、总体要求\n坚持政府主导。\n\
                   二、加大建设补助。对新建养老机构给予补助。（市民政局、市财政局负责）\n\
                   三、落实运营补贴\n按入住人数给予补贴。\n\
                   四、强化要素保障。优先安排用地。（市自然资源局负责）\n\
                   某某市人民政府\n2022年3月1日\n";
        assert_eq!(
            tasks_of(src),
            [
                task(
                    "二",
                    "",
                    "加大建设补助。对新建养老机构给予补助。（市民政局、市财政局负责）"
                ),
                task("三", "", "落实运营补贴。按入住人数给予补贴。"),
                // A preamble word (保障), but it names who does it.
                task("四", "", "强化要素保障。优先安排用地。（市自然资源局负责）"),
            ]
        );
    }

    #[test]
    fn a_document_of_measures_holds_the_items_under_its_parts() {
        let src = "一、支持社会力量\n（一）建设补助。每张床位补助1万元。（市民政局负责）\n\
                   （二）运营补贴。每人每月补贴200元。\n\
                   二、加强人才激励。对护理员给予奖励。（市人社局负责）\n";
        assert_eq!(
            tasks_of(src),
            [
                task(
                    "一",
                    "一、支持社会力量",
                    "建设补助。每张床位补助1万元。（市民政局负责）"
                ),
                task("二", "一、支持社会力量", "运营补贴。每人每月补贴200元。"),
                task("二", "", "加强人才激励。对护理员给予奖励。（市人社局负责）"),
            ]
        );
    }

    #[test]
    fn a_plan_in_chapters_without_sections_has_its_tasks_under_their_parts() {
        let src = "第二章 总体要求\n一、发展目标\n到2025年，床位达到3万张。\n\
                   第三章 主要任务\n一、完善居家社区养老服务网络\n\
                   （一）推进中心建设。每个街道建成1个中心。（市民政局负责）\n\
                   1.新建中心。2.改造中心。\n\
                   （二）发展社区嵌入式养老。（市住建局负责）\n\
                   二、提升机构养老服务能力。推进公办机构改革。（市民政局负责）\n\
                   第四章 保障措施\n一、加强组织领导。\n";
        let part = "第三章 主要任务";
        let first = format!("{part} / 一、完善居家社区养老服务网络");
        assert_eq!(
            tasks_of(src),
            [
                task(
                    "一",
                    &first,
                    "推进中心建设。每个街道建成1个中心。（市民政局负责）1.新建中心。2.改造中心。"
                ),
                task("二", &first, "发展社区嵌入式养老。（市住建局负责）"),
                // A part with no item under it is a task of its own.
                task(
                    "二",
                    part,
                    "提升机构养老服务能力。推进公办机构改革。（市民政局负责）"
                ),
            ]
        );
    }

    #[test]
    fn a_box_belongs_to_no_task_and_ends_at_the_next_one() {
        // Its items below the tasks' level, then the next task.
        let src = "二、主要任务\n（一）加强居家养老。\n\
                   1.推进中心建设。（市民政局负责）\n\
                   专栏1 居家养老服务提升工程\n（1）家庭养老床位。建设2000张。\n（2）老年助餐。\n\
                   2.发展社区嵌入式养老。（市住建局负责）\n";
        let section = "二、主要任务 / （一）加强居家养老";
        let expected = [
            task("1", section, "推进中心建设。（市民政局负责）"),
            task("2", section, "发展社区嵌入式养老。（市住建局负责）"),
        ];
        assert_eq!(tasks_of(src), expected);
        // Its items at the tasks' level: the next task goes on from the last.
        let src = "二、主要任务\n（一）加强居家养老。\n\
                   1.推进中心建设。（市民政局负责）\n\
                   【专栏1】居家养老服务提升工程\n1.家庭养老床位。\n2.老年助餐。\n3.适老化改造。\n\
                   2.发展社区嵌入式养老。（市住建局负责）\n";
        assert_eq!(tasks_of(src), expected);
        // As many items as the open task's number: the next task closes
        // with a bracket as the open one does, the box's next item not.
        let src = "二、主要任务\n（一）加强居家养老。\n\
                   1.推进中心建设。（市民政局负责）\n\
                   2.发展助餐。（市商务局负责）\n\
                   专栏1 重点工程\n1.家庭养老床位。\n2.老年助餐。\n\
                   3.推进医养结合。（市卫生健康委负责）\n\
                   专栏2 医养工程\n1.医务室。\n2.护理站。\n3.签约服务。\n\
                   4.开展评估。（市民政局负责）\n";
        let labels: Vec<String> = tasks_of(src).into_iter().map(|t| t.0).collect();
        assert_eq!(labels, ["1", "2", "3", "4"]);
        // Unnumbered lines, then a heading above the tasks.
        let src = "二、主要任务\n（一）加强居家养老。\n\
                   1.推进中心建设。（市民政局负责）\n\
                   专栏1 重点工程\n家庭养老床位建设工程：建设2000张。\n\
                   （二）发展社区嵌入式养老。\n1.新建小区配建。（市住建局负责）\n";
        assert_eq!(
            tasks_of(src),
            [
                task("1", section, "推进中心建设。（市民政局负责）"),
                task(
                    "1",
                    "二、主要任务 / （二）发展社区嵌入式养老",
                    "新建小区配建。（市住建局负责）"
                ),
            ]
        );
        // A sentence that starts with the word is no box.
        let src = "二、主要任务\n1.推进中心建设。\n专栏目录按年更新，由市民政局负责维护和发布。\n";
        assert_eq!(
            tasks_of(src),
            [task(
                "1",
                "二、主要任务",
                "推进中心建设。专栏目录按年更新，由市民政局负责维护和发布。"
            )]
        );
    }

    #[test]
    fn a_plan_in_chapters_has_its_tasks_under_the_task_chapter() {
        let src = "第一章 规划背景\n第一节 发展基础\n一、设施不断完善。\n\
                   第三章 主要任务\n第一节 完善居家社区养老服务网络\n\
                   一、推进设施建设。新建小区配建。（责任单位：市民政局）\n\
                   （一）新建小区按标准配建。\n二、发展老年助餐。（责任单位：市商务局）\n\
                   第二节 提升机构养老服务能力\n一、推进公办机构改革。\n\
                   第四章 保障措施\n一、加强组织领导。\n";
        let first = "第三章 主要任务 / 第一节 完善居家社区养老服务网络";
        assert_eq!(
            tasks_of(src),
            [
                task(
                    "一",
                    first,
                    "推进设施建设。新建小区配建。（责任单位：市民政局）（一）新建小区按标准配建。"
                ),
                task("二", first, "发展老年助餐。（责任单位：市商务局）"),
                task(
                    "一",
                    "第三章 主要任务 / 第二节 提升机构养老服务能力",
                    "推进公办机构改革。"
                ),
            ]
        );
    }

    #[test]
    fn one_section_s_labelled_lines_do_not_reach_the_next() {
        let src = "三、主要任务\n（一）加强设施建设\n1.建设中心。\n2.改造设施。\n\
                   责任单位：市民政局\n（二）推进医养结合\n1.签约服务。\n\
                   2.开设病区。由市卫生健康委负责。\n附件：分工表\n";
        let stated = |s: &str| ResponsibilityText::Stated(s.into());
        assert_eq!(
            responsibilities_and_deadlines(src),
            [
                (stated("责任单位：市民政局"), None),
                (stated("责任单位：市民政局"), None),
                // A closing sentence is its item's own, whatever came before.
                (ResponsibilityText::InText, None),
                (stated("由市卫生健康委负责"), None),
            ]
        );
    }

    /// Each record's label, text and responsibility.
    fn duties(src: &str) -> Vec<(String, String, ResponsibilityText)> {
        read(src)
            .map(|p| p.records)
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.label, r.text, r.responsibility))
            .collect()
    }

    #[test]
    fn a_division_of_duties_holds_a_task_per_body() {
        let stated = |s: &str| ResponsibilityText::Stated(s.into());
        let src = "一、工作目标
到2020年，护理型床位占比达到30%。
二、任务分工
                   市民政局：负责制定规划，
推进机构建设。
                   市财政局、市民政局：安排发展资金。
                   各县（市、区）人民政府：落实属地责任。
三、保障措施
加强领导。
";
        assert_eq!(
            duties(src),
            [
                (
                    "1".into(),
                    "市民政局：负责制定规划，推进机构建设。".into(),
                    stated("市民政局")
                ),
                (
                    "2".into(),
                    "市财政局、市民政局：安排发展资金。".into(),
                    stated("市财政局、市民政局")
                ),
                (
                    "3".into(),
                    "各县（市、区）人民政府：落实属地责任。".into(),
                    stated("各县（市、区）人民政府")
                ),
            ]
        );
        // Numbered, or under a section's title: the same bodies lead; a
        // closing bracket still says more.
        let src = "三、部门职责
（一）民政部门
市民政局：统筹推进。
                   （二）其他部门
1.市卫生健康委：推进医养结合。（市卫生健康委牵头，市医保局配合）
                   2.市医保局:落实医保政策。
";
        assert_eq!(
            duties(src),
            [
                (
                    "1".into(),
                    "市民政局：统筹推进。".into(),
                    stated("市民政局")
                ),
                (
                    "1".into(),
                    "市卫生健康委：推进医养结合。（市卫生健康委牵头，市医保局配合）".into(),
                    ResponsibilityText::Bracketed("市卫生健康委牵头，市医保局配合".into())
                ),
                (
                    "2".into(),
                    "市医保局:落实医保政策。".into(),
                    stated("市医保局")
                ),
            ]
        );
    }

    #[test]
    fn a_body_and_colon_inside_a_task_or_a_label_opens_no_duty() {
        // Inside a numbered task's text, a body's paragraph is its text.
        let src = "三、主要任务\n1.完善养老设施。\n市民政局：负责规划。\n\
                   2.开展评估。（市卫生健康委负责）\n";
        assert_eq!(
            duties(src),
            [
                (
                    "1".into(),
                    "完善养老设施。市民政局：负责规划。".into(),
                    ResponsibilityText::InText
                ),
                (
                    "2".into(),
                    "开展评估。（市卫生健康委负责）".into(),
                    ResponsibilityText::Bracketed("市卫生健康委负责".into())
                ),
            ]
        );
        // A section with text of its own is one task, whatever follows.
        let src = "三、主要任务
（一）加强领导。各地要重视。
市民政局：牵头落实。
";
        assert_eq!(duties(src).len(), 1);
        // Generic bodies, and a level whose bracket lists its kinds.
        let kb = Knowledge::bundled().unwrap();
        assert_eq!(
            departments::opening_bodies("民政部门：牵头负责统筹协调。", kb),
            Some("民政部门")
        );
        assert_eq!(
            departments::opening_bodies("各县（市、区）：负责本地区建设。", kb),
            Some("各县（市、区）")
        );
        assert_eq!(
            departments::opening_bodies("各县（市、区）人民政府、市民政局：落实。", kb),
            Some("各县（市、区）人民政府、市民政局")
        );
        // Role labels and other openings with a colon are no bodies.
        for line in [
            "责任单位：市民政局",
            "牵头部门：市民政局、市财政局",
            "主要目标：到2025年建成体系。",
            "其中：新建中心10个。",
            "注：以上为预期目标。",
        ] {
            assert!(
                departments::opening_bodies(line, Knowledge::bundled().unwrap()).is_none(),
                "{line}"
            );
        }
    }

    #[test]
    fn text_without_numbered_tasks_is_not_read() {
        assert!(read("这是一封信。\n没有任何任务。\n").is_none());
        assert!(read("").is_none());
    }
}
