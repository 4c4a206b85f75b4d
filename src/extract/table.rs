//! Responsibility tables: a header row (序号 / 工作任务 / 牵头部门 / …), then
//! one row per task, anchored on its number cell. Heading cells (category,
//! （一）sub-category) stand before a row's number; blank heading cells inherit
//! the heading above, and headings repeated at page breaks are repaired.

use std::sync::OnceLock;

use regex::Regex;

use super::cells::{self, Cell};
use super::headings::{self, Level};
use super::metadata;
use super::numbers;
use super::records::{ResponsibilityText, TaskRecord};
use crate::knowledge::lexicon::{self, kind, ColumnRole};
use crate::knowledge::Knowledge;
use crate::model::LineRange;
use crate::text;

/// What the table reader found.
#[derive(Debug, Clone, PartialEq)]
pub struct TableReading {
    pub records: Vec<TaskRecord>,
    /// 1-based line of the header's 序号 cell.
    pub header_line: usize,
    /// Lines of running prose before the header (long, non-heading lines).
    pub prose_lines_before: usize,
    /// Whether every table read lists projects (项目名称): tasks of their
    /// own, not an opinion's split into rows.
    pub lists_projects: bool,
    /// Index of the line after the table.
    end: usize,
}

impl TableReading {
    pub fn has_sections(&self) -> bool {
        self.records.iter().any(|r| !r.section.is_empty())
    }
}

/// A table row between two number anchors, split into cells.
struct Row {
    anchor: Cell,
    data: Vec<Cell>,
    /// Heading cells printed before this row's number (blank ones dropped).
    headings: Vec<String>,
}

/// Reads the responsibility tables of `lines`, if there are any: tables
/// whose rows are numbered (a table of indicators, 序号 | 指标名称 | 单位, is
/// passed over), their tasks in order (附件1 重点任务分工表, then 附件2 重点项目
/// 清单); else one written a row per line without numbers. The reading's
/// header line is the first table's.
pub fn read_table(lines: &[&str], kb: &Knowledge) -> Option<TableReading> {
    let headers: Vec<usize> = (0..lines.len())
        .filter(|&i| is_number_header(lines[i], kb))
        .collect();
    if headers.is_empty() {
        return read_unnumbered(lines, kb);
    }
    let mut tables: Vec<(usize, TableReading)> = Vec::new();
    // A header inside a table read (repeated at a page break) starts none.
    let mut read_up_to = 0;
    for header_index in headers {
        if header_index < read_up_to {
            continue;
        }
        if let Some(table) = read_numbered(lines, header_index, kb) {
            read_up_to = table.end;
            tables.push((header_index, table));
        }
    }
    let several = tables.len() > 1;
    let mut tables = tables.into_iter().map(|(header_index, mut table)| {
        // Tasks of several tables are told apart by their tables' titles.
        if let Some(title) = title_above(lines, header_index).filter(|_| several) {
            for record in &mut table.records {
                record.section.insert(0, title.to_owned());
            }
        }
        table
    });
    let mut reading = tables.next()?;
    for table in tables {
        reading.lists_projects &= table.lists_projects;
        reading.records.extend(table.records);
    }
    Some(reading)
}

/// The title of a table: the line right above its header, when short, no
/// row of cells and no sentence ("重点项目清单" under "附件2", not "分工如下：").
fn title_above<'a>(lines: &[&'a str], header_index: usize) -> Option<&'a str> {
    let line = lines[..header_index]
        .iter()
        .rev()
        .map(|l| text::trim(l))
        .find(|l| !l.is_empty())?;
    let sentence = line.ends_with(['。', '：', ':', '；', ';', '，']);
    (line.chars().count() <= MAX_TABLE_TITLE_CHARS && !line.contains('\t') && !sentence)
        .then_some(line)
}

/// Longest line read as a table's title.
const MAX_TABLE_TITLE_CHARS: usize = 40;

/// A table without a number column ("重点任务 | 牵头单位 | 完成时限", then a
/// row per line): each row is numbered in its place, as 序号 would, and read
/// as a numbered table. A number printed at the start of the task cell
/// ("1.建立…") moves into the number column; where some row has none, no
/// number was printed for the table and the labels are empty. Lines of one
/// cell between rows (一、居家养老) are headings.
fn read_unnumbered(lines: &[&str], kb: &Knowledge) -> Option<TableReading> {
    let (header_index, at) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| unnumbered_header(l, kb).map(|at| (i, at)))?;
    let end = table_end(lines, header_index, kb);
    let rows: Vec<usize> = (header_index + 1..end)
        .filter(|&i| is_row_of_cells(lines[i]))
        .collect();
    let (numbered, all_printed) =
        number_in_place(lines, header_index, at, &rows, kb.lexicon.number_header()?);
    let view: Vec<&str> = numbered.iter().map(String::as_str).collect();
    let mut reading = read_numbered(&view, header_index, kb)?;
    if !all_printed {
        for record in &mut reading.records {
            record.label.clear();
        }
    }
    Some(reading)
}

/// `lines` with a number column put in at `at`: `number_header` in the
/// header, and in each of the `rows` the number its task cell opens with
/// when every row has one (taken out of the cell), else its position. Also
/// whether every row had one.
fn number_in_place(
    lines: &[&str],
    header_index: usize,
    at: usize,
    rows: &[usize],
    number_header: &str,
) -> (Vec<String>, bool) {
    let width = lines[header_index].split('\t').count();
    let row_cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|&i| {
            let mut cells: Vec<&str> = lines[i].split('\t').collect();
            // A row one category cell short has left it blank.
            if at > 0 && cells.len() < width {
                cells.insert(0, "");
            }
            cells
        })
        .collect();
    let printed = |cells: &[&str]| cells.get(at).and_then(|c| printed_number(c)).is_some();
    let all_printed = row_cells.iter().all(|cells| printed(cells));
    let mut numbered: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let header: Vec<&str> = lines[header_index].split('\t').collect();
    numbered[header_index] = with_number(header, at, number_header);
    for (k, (&i, mut cells)) in rows.iter().zip(row_cells).enumerate() {
        let number = match cells.get(at).and_then(|c| printed_number(c)) {
            Some((marker, rest)) if all_printed => {
                cells[at] = rest;
                marker.to_owned()
            }
            _ => (k + 1).to_string(),
        };
        numbered[i] = with_number(cells, at, &number);
    }
    (numbered, all_printed)
}

/// A row's cells as a tab line, with `number` put in the number column.
fn with_number<'a>(mut cells: Vec<&'a str>, at: usize, number: &'a str) -> String {
    cells.insert(at.min(cells.len()), number);
    cells.join("\t")
}

/// The row number a task cell opens with ("1.建立…", "（2）推进…", "③…"),
/// and the task after it.
fn printed_number(cell: &str) -> Option<(&str, &str)> {
    let numbered = headings::numbered(text::trim(cell))?;
    let figures = matches!(numbered.level, Level::Item | Level::SubItem);
    (figures && number_value_text(&text::squash(numbered.marker)).is_some())
        .then_some((numbered.marker, numbered.rest))
}

/// Where the number column belongs in an unnumbered header row written on
/// one line of tabs, counted in the untrimmed line's cells.
fn unnumbered_header(line: &str, kb: &Knowledge) -> Option<usize> {
    if !line.contains('\t') {
        return None;
    }
    let cells: Vec<&str> = text::trim(line).split('\t').map(text::trim).collect();
    // Leading blanks are cells of the row, not of the trimmed line.
    let blanks = line.len() - line.trim_start_matches('\t').len();
    number_goes_at(&cells, kb).map(|at| at + blanks)
}

/// Whether `cells` (trimmed) are the header row of a responsibility table:
/// 序号 first (after a category, if any), or a header without numbers.
pub(super) fn is_header_row(cells: &[&str], kb: &Knowledge) -> bool {
    let role = |k: usize| cells.get(k).and_then(|c| kb.lexicon.column_role(c));
    let numbered = match role(0) {
        Some(ColumnRole::Number) => true,
        Some(ColumnRole::Category) => role(1) == Some(ColumnRole::Number),
        _ => false,
    };
    cells.len() >= 3 && (numbered || number_goes_at(cells, kb).is_some())
}

/// Where the number column belongs in the header row of a table without
/// numbers: before the task column, which comes first or after a category.
/// Every cell is a header the lexicon names, one of them who does the task
/// (重点任务 | 牵头单位 | 完成时限).
fn number_goes_at(cells: &[&str], kb: &Knowledge) -> Option<usize> {
    let roles: Vec<ColumnRole> = cells
        .iter()
        .map(|c| kb.lexicon.header_cell_role(&text::squash(c)))
        .collect::<Option<_>>()?;
    let names_bodies = roles
        .iter()
        .any(|r| matches!(r, ColumnRole::Lead | ColumnRole::Responsibility));
    let at = match roles.as_slice() {
        [ColumnRole::Task, ..] => 0,
        [ColumnRole::Category, ColumnRole::Task, ..] => 1,
        _ => return None,
    };
    (names_bodies && roles.len() >= 3).then_some(at)
}

/// A row written on one line: two cells or more side by side that are not
/// blank.
fn is_row_of_cells(line: &str) -> bool {
    filled_cells(line) >= 2
}

/// How many tab-separated cells of `line` are not blank.
fn filled_cells(line: &str) -> usize {
    line.split('\t')
        .filter(|c| !text::trim(c).is_empty())
        .count()
}

fn read_numbered(lines: &[&str], header_index: usize, kb: &Knowledge) -> Option<TableReading> {
    let end = table_end(lines, header_index, kb);
    let two_line_header = two_line_header(lines, header_index, kb);
    let body: Vec<&str> = lines[header_index..end]
        .iter()
        .enumerate()
        .map(|(k, line)| match &two_line_header {
            Some((merged, _)) if k == 0 => merged.as_str(),
            Some((_, below)) if header_index + k == *below => "",
            _ => line,
        })
        .collect();
    let body = body.as_slice();
    let tab_led = cells::is_tab_led(body);
    let all = cells::cells(body, header_index + 1, tab_led);
    // A category header before 序号 names the heading cells: no column.
    let leading_category = all
        .first()
        .is_some_and(|c| kb.lexicon.column_role(&c.squashed()) == Some(ColumnRole::Category));
    let all = &all[usize::from(leading_category)..];
    let columns = header_columns(all, kb)?;
    let header: Vec<String> = all[..columns.len()].iter().map(Cell::squashed).collect();
    let lists_projects = columns
        .iter()
        .position(|c| *c == ColumnRole::Task)
        .and_then(|k| header.get(k))
        .is_some_and(|task| kb.lexicon.mentions(kind::PROJECT_HEADER_WORD, task));
    let rows = split_rows(&all[columns.len()..], &columns, &header, tab_led, kb);
    let records = records(rows, &columns, kb.lexicon.words(kind::DITTO_CELL));
    (!records.is_empty()).then(|| TableReading {
        records,
        header_line: header_index + 1,
        prose_lines_before: prose_lines(&lines[..header_index]),
        lists_projects,
        end,
    })
}

/// A line whose first cell is the number header (序号).
fn is_number_header(line: &str, kb: &Knowledge) -> bool {
    let mut cells = text::trim(line)
        .split('\t')
        .map(|c| kb.lexicon.column_role(c));
    match cells.next().flatten() {
        Some(ColumnRole::Number) => true,
        // A category column before the number ("类别\t序号\t工作任务"), whose
        // cells stand before each row's number as headings do.
        Some(ColumnRole::Category) => cells.next().flatten() == Some(ColumnRole::Number),
        _ => false,
    }
}

/// A header written over two lines, a merged cell above its parts
/// ("序号\t重点任务\t责任单位\t\t完成时限" over "\t\t牵头单位\t配合单位\t"): the
/// header as one line, each part in place of the cell above it, and the
/// index of the line below.
fn two_line_header(lines: &[&str], header_index: usize, kb: &Knowledge) -> Option<(String, usize)> {
    // Only a header written as one line of cells (not one cell per line).
    if lines[header_index].starts_with('\t') {
        return None;
    }
    let top: Vec<&str> = lines[header_index].split('\t').map(text::trim).collect();
    let below_index =
        (header_index + 1..lines.len()).find(|&i| !text::trim(lines[i]).is_empty())?;
    let below: Vec<&str> = lines[below_index].split('\t').map(text::trim).collect();
    let parts: Vec<&&str> = below.iter().filter(|c| !c.is_empty()).collect();
    let is_parts = below.len() > 1
        && !parts.is_empty()
        && parts
            .iter()
            .all(|c| kb.lexicon.header_cell_role(&text::squash(c)).is_some())
        && below.first().is_some_and(|c| c.is_empty())
        && top.iter().filter(|c| !c.is_empty()).count() >= 3
        && top.iter().any(|c| c.is_empty());
    if !is_parts {
        return None;
    }
    let merged: Vec<&str> = (0..top.len().max(below.len()))
        .map(|i| match below.get(i) {
            Some(part) if !part.is_empty() => part,
            _ => top.get(i).copied().unwrap_or(""),
        })
        .collect();
    Some((merged.join("\t"), below_index))
}

/// The line index where the table stops (a distribution list, an attachment
/// note, the closing signature).
fn table_end(lines: &[&str], header_index: usize, kb: &Knowledge) -> usize {
    lines
        .iter()
        .enumerate()
        .skip(header_index + 1)
        .find(|(i, l)| {
            kb.lexicon.starts_with(kind::TABLE_END, text::trim(l)) || is_signature(lines, *i, kb)
        })
        .map_or(lines.len(), |(i, _)| i)
}

/// Whether line `i` opens the signature of a table that ends a document:
/// a body alone on its line after a blank line or a row of tabbed cells,
/// with a date line under it ("宜昌市人民政府办公室" / "2021年5月20日"), or
/// both on one line (an imprint).
/// Otherwise the date would be read as the last row's time limit and the
/// body as one of its departments. (In a table of one cell per line, a
/// body and a date right under a cell are cells.)
fn is_signature(lines: &[&str], i: usize, kb: &Knowledge) -> bool {
    // Asked of every line of a table: the cheap tests first.
    // Cells side by side, not one tab-led cell ("\t市政府办公室").
    let is_row = |line: &str| line.trim_start_matches('\t').contains('\t');
    let after_blank_or_row = i > 0 && {
        let before = lines[i - 1];
        text::trim(before).is_empty() || is_row(before)
    };
    let date_below = || {
        lines[i + 1..]
            .iter()
            .find(|l| !text::trim(l).is_empty())
            .is_some_and(|l| !l.contains('\t') && metadata::is_date_line(l))
    };
    let tabbed = lines[i].contains('\t');
    // An imprint may stand in two cells ("宜昌市民政局\t2024年5月1日"), a row
    // of data never does (its number first).
    let imprint_shape = || !tabbed || filled_cells(lines[i]) == 2;
    after_blank_or_row
        && ((!tabbed && metadata::looks_like_signature(lines[i], &kb.lexicon) && date_below())
            || (imprint_shape() && metadata::is_imprint(lines[i], &kb.lexicon)))
}

/// The column roles of the header, 序号 first; `None` unless it names a task column.
///
/// A header cell the lexicon does not name, between two it names ("序号 |
/// 工作任务 | 具体举措 | 牵头单位") or on the header's own line of cells
/// ("… | 完成时限 | 评价方式"), is more of the task after a task column and
/// read past elsewhere.
fn header_columns(cells: &[Cell], kb: &Knowledge) -> Option<Vec<ColumnRole>> {
    let role = |c: &Cell| kb.lexicon.header_cell_role(&c.squashed());
    let header_line = cells.first().map(|c| c.first_line);
    let on_header_line =
        |c: &Cell| Some(c.first_line) == header_line && c.last_line == c.first_line;
    let mut columns: Vec<ColumnRole> = Vec::new();
    for (k, cell) in cells.iter().enumerate() {
        match role(cell) {
            Some(r) => columns.push(r),
            None if is_unnamed_header(cell)
                && (cells.get(k + 1).and_then(role).is_some()
                    || (k > 0 && on_header_line(cell))) =>
            {
                let after_task = columns.last() == Some(&ColumnRole::Task);
                columns.push(if after_task {
                    ColumnRole::Task
                } else {
                    ColumnRole::Other
                });
            }
            None => break,
        }
    }
    (columns.len() >= 3 && columns.contains(&ColumnRole::Task)).then_some(columns)
}

/// A cell that may be a header the lexicon does not name: a word no longer
/// than a header read by its words, no number.
fn is_unnamed_header(cell: &Cell) -> bool {
    let text = cell.squashed();
    let chars = text.chars().count();
    (1..=lexicon::MAX_HEADER_CHARS).contains(&chars) && !text.chars().any(|c| c.is_ascii_digit())
}

/// A row number as printed ("1", "12.", "３、", "（1）", "1)", "①"), blanks
/// removed.
pub(super) fn number_value_text(squashed: &str) -> Option<u32> {
    let s = text::fold_width(squashed);
    let s = s.trim_end_matches(['.', '、']);
    let s = match s.strip_prefix('(') {
        Some(inner) => inner.strip_suffix(')')?,
        None => s.strip_suffix(')').unwrap_or(s),
    };
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if ('①'..='⑳').contains(&c) {
            return headings::number_value(s);
        }
    }
    (!s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn split_rows(
    cells: &[Cell],
    columns: &[ColumnRole],
    header: &[String],
    tab_led: bool,
    kb: &Knowledge,
) -> Vec<Row> {
    let anchors = row_anchors(cells);
    let ditto = kb.lexicon.words(kind::DITTO_CELL);
    let mut rows: Vec<Row> = Vec::new();
    let before_first = &cells[..anchors.first().map_or(0, |a| a.at)];
    let mut pending_headings = heading_texts(before_first, header, kb);
    for (k, anchor) in anchors.iter().enumerate() {
        let a = anchor.at;
        let next = anchors.get(k + 1).map_or(cells.len(), |n| n.at);
        let (mut data, heads, one_line) =
            match merged_measures(&cells[a..next], columns, tab_led, kb) {
                Some((data, heads)) => (data, heads, true),
                None => {
                    let one_line = tab_led || row_on_one_line(&cells[a..next], columns.len());
                    let (data, heads) = split_row(&cells[a + 1..next], columns, one_line, kb);
                    (data, heads, one_line)
                }
            };
        let mut headings = std::mem::take(&mut pending_headings);
        headings.extend(category(&mut data, columns, one_line, ditto));
        // A numbered row that only titles the sub-rows under it (1 完善设施
        // over 1.1, 1.2) is their heading, not a task.
        let titles_sub_rows = anchors.get(k + 1).is_some_and(|n| n.sub) && !anchor.sub;
        let non_blank: Vec<&Cell> = data.iter().filter(|c| !c.is_blank()).collect();
        if let [title] = non_blank.as_slice() {
            if titles_sub_rows {
                headings.push(title.joined());
                pending_headings = headings;
                pending_headings.extend(heading_texts(&heads, header, kb));
                continue;
            }
        }
        rows.push(Row {
            anchor: cells[a].clone(),
            data,
            headings,
        });
        pending_headings = heading_texts(&heads, header, kb);
    }
    rows
}

/// A row's number cell: its index, and whether it numbers a sub-row (1.2).
struct Anchor {
    at: usize,
    sub: bool,
}

/// The number cells that start rows: 1, 2, 3 … (restarting at 1), and
/// sub-rows numbered under the row before (1.1, 1.2, then 2 or 2.1). Where
/// no row has such a number, rows numbered 一, 二, 三 (elsewhere the
/// headings of categories) are the tasks.
fn row_anchors(cells: &[Cell]) -> Vec<Anchor> {
    let anchors = anchors_numbered_by(cells, number_value_text);
    if anchors.is_empty() {
        anchors_numbered_by(cells, chinese_number_text)
    } else {
        anchors
    }
}

/// A row number written in Chinese numerals ("三", "十二、"), blanks removed.
fn chinese_number_text(squashed: &str) -> Option<u32> {
    numbers::small_chinese_number(squashed.trim_end_matches(['.', '、', '．']))
}

fn anchors_numbered_by(cells: &[Cell], number: fn(&str) -> Option<u32>) -> Vec<Anchor> {
    let mut anchors = Vec::new();
    let mut last: Option<u32> = None;
    let mut last_sub: Option<u32> = None;
    for (at, cell) in cells.iter().enumerate() {
        let squashed = cell.squashed();
        if let Some(n) = number(&squashed) {
            if last.is_none_or(|l| n == l + 1 || n == 1) {
                anchors.push(Anchor { at, sub: false });
                last = Some(n);
                last_sub = None;
            }
        } else if let Some((n, m)) = sub_number(&squashed) {
            let under = last.is_some_and(|l| l == n) && last_sub.map_or(m == 1, |s| m == s + 1);
            // A first sub-row (1.1) or one after another row's (2.1 after 1.3)
            // with no row of its own above it.
            let opens = m == 1
                && match last {
                    None => n == 1,
                    Some(l) => n == l + 1 && last_sub.is_some(),
                };
            if under || opens {
                anchors.push(Anchor { at, sub: true });
                last = Some(n);
                last_sub = Some(m);
            }
        }
    }
    anchors
}

/// A sub-row's number ("1.2", "３．１", "2-1"): the row's and its own.
pub(super) fn sub_number(squashed: &str) -> Option<(u32, u32)> {
    let s = text::fold_width(squashed);
    let (major, minor) = s.split_once(['.', '-', '－'])?;
    let short_digits =
        |t: &str| !t.is_empty() && t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit());
    (short_digits(major) && short_digits(minor))
        .then(|| Some((major.parse().ok()?, minor.parse().ok()?)))
        .flatten()
}

/// Heading cells; page-break repeats of the header row (`header`, or any
/// listed header) are dropped.
fn heading_texts(cells: &[Cell], header: &[String], kb: &Knowledge) -> Vec<String> {
    cells
        .iter()
        .filter(|c| !header.contains(&c.squashed()))
        .map(Cell::joined)
        .filter(|t| !t.is_empty() && kb.lexicon.column_role(t).is_none())
        .collect()
}

/// The text of a row's category cell, when the table has a category column
/// and the cell is not blank (a blank one, or a ditto, goes on with the
/// category above).
/// Without positions (plain lines drop blank cells), a row one cell short
/// has a blank category, and one is put in its place.
fn category(
    data: &mut Vec<Cell>,
    columns: &[ColumnRole],
    by_position: bool,
    ditto: &[String],
) -> Option<String> {
    let at = columns
        .iter()
        .position(|c| *c == ColumnRole::Category)?
        .checked_sub(1)?;
    if !by_position && data.len() + 1 < columns.len() && at <= data.len() {
        let line = data.get(at).or(data.last()).map_or(0, |c| c.first_line);
        data.insert(at, Cell::blank(line));
    }
    data.get(at)
        .filter(|cell| !cell.is_blank() && !is_ditto(&cell.text, ditto))
        .map(Cell::joined)
}

/// Whether a row (its number first) is written on one line with a cell for
/// every column, blank ones included ("3\t任务\t市人社局\t\t每年"): then its
/// cells stand in their columns and a blank cell is an empty column.
fn row_on_one_line(row: &[Cell], width: usize) -> bool {
    let line = row[0].first_line;
    row.len() >= width
        && row[..width]
            .iter()
            .all(|c| c.first_line == line && c.last_line == line)
        && (row.len() == width || row[..width].iter().any(Cell::is_blank))
}

/// A task whose number and name are merged over rows of further measures:
/// one task, each column's distinct texts joined, bodies by 、 and the rest
/// by ；. A ditto (〃) says what the row above says. Returns the data cells
/// and the heading cells after the row.
fn merged_measures(
    row: &[Cell],
    columns: &[ColumnRole],
    tab_led: bool,
    kb: &Knowledge,
) -> Option<(Vec<Cell>, Vec<Cell>)> {
    let ditto = kb.lexicon.words(kind::DITTO_CELL);
    let (first, measures, heads) = if tab_led {
        measures_one_cell_per_line(row, columns, kb)?
    } else {
        measures_on_lines(row, columns.len())?
    };
    if measures.is_empty() {
        return None;
    }
    let mut data: Vec<Cell> = first[1..].to_vec();
    for measure in measures {
        let offset = data.len() - measure.len();
        let slots = data[offset..].iter_mut().zip(&columns[1 + offset..]);
        for ((own, role), cell) in slots.zip(measure.iter()) {
            join_measure(own, cell, *role, ditto);
        }
    }
    Some((data, heads))
}

/// The task's row and its measures (each under the last columns), then
/// the heading cells after them.
type Measures<'c> = (&'c [Cell], Vec<&'c [Cell]>, Vec<Cell>);

/// Rows on lines: the task's row on its line with a cell for every column
/// ("1\t完善清单\t制定清单\t市民政局\t2024年底"), each measure on a line of
/// its own under the last columns, the merged cells left out
/// ("\t\t动态调整\t市民政局\t2025年底"), two cells at least and no heading
/// ("二\t强化保障" opens a category).
fn measures_on_lines(row: &[Cell], width: usize) -> Option<Measures<'_>> {
    let on_one_line = |cells: &[Cell]| cells.iter().all(|c| c.first_line == c.last_line);
    let lines: Vec<&[Cell]> = row.chunk_by(|a, b| a.first_line == b.first_line).collect();
    let (first, rest) = lines.split_first()?;
    if first.len() != width || !on_one_line(first) {
        return None;
    }
    let count = rest
        .iter()
        .take_while(|line| {
            line.len() < width && filled(line) >= 2 && on_one_line(line) && !opens_heading(line)
        })
        .count();
    let heads = rest[count..]
        .iter()
        .flat_map(|l| l.iter().cloned())
        .collect();
    Some((*first, rest[..count].to_vec(), heads))
}

/// One cell per line: a measure is a run of a cell for every column after
/// the task's, its number cell blank (or 〃), two cells filled, no heading.
/// Blank heading cells (类别) may stand before its number; under a last
/// column of time limits its last cell must be one (blank, a ditto or a
/// time), which tells where the run stands.
fn measures_one_cell_per_line<'c>(
    row: &'c [Cell],
    columns: &[ColumnRole],
    kb: &Knowledge,
) -> Option<Measures<'c>> {
    let ditto = kb.lexicon.words(kind::DITTO_CELL);
    let width = columns.len();
    let timed = columns.last() == Some(&ColumnRole::Deadline);
    let (first, rest) = row.split_at_checked(width)?;
    let is_measure = |run: &[Cell]| {
        let as_above = |c: &Cell| c.is_blank() || is_ditto(&c.text, ditto);
        let ends_in_time = run
            .last()
            .is_some_and(|c| as_above(c) || looks_like_deadline(&c.joined(), kb));
        as_above(&run[0]) && filled(run) >= 2 && !opens_heading(run) && (!timed || ends_in_time)
    };
    let skippable = if timed { rest.len() } else { 0 };
    let (mut runs, mut at): (Vec<&[Cell]>, usize) = (Vec::new(), 0);
    while let Some(skip) = (0..=skippable)
        .take_while(|&k| k == 0 || rest.get(at + k - 1).is_some_and(Cell::is_blank))
        .find(|&k| rest.get(at + k..at + k + width).is_some_and(is_measure))
    {
        runs.push(&rest[at + skip + 1..at + skip + width]);
        at += skip + width;
    }
    Some((first, runs, rest[at..].to_vec()))
}

/// How many of `cells` are not blank.
fn filled(cells: &[Cell]) -> usize {
    cells.iter().filter(|c| !c.is_blank()).count()
}

/// Whether the first filled one of `cells` is a heading's number ("二",
/// "（三）…").
fn opens_heading(cells: &[Cell]) -> bool {
    let opens = cells.iter().find(|c| !c.is_blank()).map(Cell::squashed);
    opens.is_some_and(|o| headings::number_value(&o).is_some() || headings::numbered(&o).is_some())
}

/// Adds a further measure's cell to the cell of its column: bodies after a
/// 、, other texts after a ；, a text the cell holds already (市民政局 leads
/// both measures) and a ditto left out.
fn join_measure(own: &mut Cell, cell: &Cell, role: ColumnRole, ditto: &[String]) {
    let text = cell.squashed();
    let held = own.squashed();
    if text.is_empty() || is_ditto(&text, ditto) || held.split(['、', '；']).any(|t| t == text) {
        return;
    }
    if own.is_blank() {
        *own = cell.clone();
        return;
    }
    if !held.ends_with(['。', '；', ';', '，', '、']) {
        own.text.push(match role {
            ColumnRole::Lead | ColumnRole::Participant => '、',
            _ => '；',
        });
    }
    own.text.push('\n');
    own.text.push_str(&cell.text);
    own.last_line = cell.last_line;
}

/// Splits the cells after a number into the row's data cells and the heading
/// cells of the next row. `by_position`: the cells stand in their columns.
fn split_row(
    cells: &[Cell],
    columns: &[ColumnRole],
    by_position: bool,
    kb: &Knowledge,
) -> (Vec<Cell>, Vec<Cell>) {
    let width = columns.len() - 1;
    if by_position {
        let cut = width.min(cells.len());
        return (cells[..cut].to_vec(), cells[cut..].to_vec());
    }
    // Plain lines: the row ends at its time-progress cell when it has one;
    // the cells after it are the next row's headings.
    let non_blank: Vec<&Cell> = cells.iter().filter(|c| !c.is_blank()).collect();
    // The task's own text, first after the number, is never the time
    // limit, even when it reads like one ("开展智慧养老试点").
    let task_first = columns.get(1) == Some(&ColumnRole::Task);
    let end = if columns.contains(&ColumnRole::Deadline) {
        non_blank
            .iter()
            .rposition(|c| looks_like_deadline(&c.joined(), kb))
            .filter(|&j| !(task_first && j == 0))
            // A ditto after a cell that reads like a time ("完成改造1000户")
            // is the time limit, the last column.
            .max(time_limit_as_above(&non_blank, kb))
    } else {
        None
    };
    // Columns after the time limit's (考核指标, 备注, unnamed ones) go with it when their
    // cells stand on its line.
    let end = end.map(|j| {
        let after = columns
            .iter()
            .rposition(|c| *c == ColumnRole::Deadline)
            .map_or(0, |d| columns.len() - 1 - d);
        let line = non_blank[j].last_line;
        let same_line = non_blank[j + 1..]
            .iter()
            .take(after)
            .take_while(|c| c.first_line == line)
            .count();
        j + same_line
    });
    let (data, heads) = non_blank.split_at(end.map_or(non_blank.len(), |j| j + 1));
    (
        merge_broken_cells(data.iter().copied()),
        heads.iter().map(|c| (*c).clone()).collect(),
    )
}

/// A row whose time limit is a ditto (同上): the last cell of the row's
/// first line, when it is one.
fn time_limit_as_above(non_blank: &[&Cell], kb: &Knowledge) -> Option<usize> {
    let line = non_blank.first()?.first_line;
    let last = non_blank.iter().rposition(|c| c.first_line == line)?;
    let ditto = kb.lexicon.words(kind::DITTO_CELL);
    (last > 0 && is_ditto(&non_blank[last].joined(), ditto)).then_some(last)
}

/// Whether a cell says "as above" (同上, 〃; a full stop after it allowed).
fn is_ditto(cell: &str, ditto: &[String]) -> bool {
    let squashed = text::squash(cell);
    let word = squashed.trim_end_matches(['。', '.']);
    ditto.iter().any(|d| d == word)
}

/// Without tabs a cell broken over lines reads as several cells: a line that
/// opens with a bracket ("（老龄办）"), follows a list separator ("市发改委、"),
/// or follows a fragment too short to be a cell ("市 委") continues the cell
/// before it. A cell beside another on its line ("每年\t考核指标…") is one of
/// its own.
fn merge_broken_cells<'c>(cells: impl Iterator<Item = &'c Cell>) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    for cell in cells {
        let continues = out.last().is_some_and(|prev| {
            // Cells side by side on one line were split by their writer.
            if cell.first_line <= prev.last_line {
                return false;
            }
            let prev = prev.squashed();
            let this = cell.squashed();
            this.starts_with(['（', '('])
                || prev.ends_with(['、', '，', ',', '；', ';', '和', '及'])
                || (prev.chars().count() <= 2 && number_value_text(&prev).is_none())
        });
        match out.last_mut() {
            Some(prev) if continues => {
                prev.text.push('\n');
                prev.text.push_str(&cell.text);
                prev.last_line = cell.last_line;
            }
            _ => out.push(cell.clone()),
        }
    }
    out
}

/// Maps a row's data cells to its columns; surplus leading cells are a task
/// text broken over several lines.
fn assign_columns<'c>(
    data: &'c [Cell],
    columns: &[ColumnRole],
) -> Vec<(ColumnRole, Vec<&'c Cell>)> {
    let roles = &columns[1..];
    let surplus = data.len().saturating_sub(roles.len());
    let mut assigned: Vec<(ColumnRole, Vec<&Cell>)> =
        roles.iter().map(|r| (*r, Vec::new())).collect();
    for (i, cell) in data.iter().enumerate() {
        let column = i.saturating_sub(surplus);
        if let Some((_, cells)) = assigned.get_mut(column) {
            cells.push(cell);
        }
    }
    assigned
}

/// The rows as records: headings repaired into section paths, a ditto cell
/// (`ditto`: 同上, 〃) given the text of the cell above it, and a blank lead
/// cell the bodies above it (`under_merged_cell`).
fn records(rows: Vec<Row>, columns: &[ColumnRole], ditto: &[String]) -> Vec<TaskRecord> {
    let all_headings: Vec<String> = rows.iter().flat_map(|r| r.headings.clone()).collect();
    let repaired = headings::repair_all(&all_headings);
    let mut repaired = repaired.into_iter();
    let mut path = SectionPath::default();
    let mut records: Vec<TaskRecord> = Vec::with_capacity(rows.len());
    for row in rows {
        for _ in &row.headings {
            if let Some(h) = repaired.next() {
                path.enter(h);
            }
        }
        let mut record = record(&row, columns, path.to_vec());
        if let Some(above) = records.last() {
            as_above(&mut record, above, ditto);
        }
        if let Some(above) = records.last().filter(|r| r.section == record.section) {
            record.responsibility = under_merged_cell(record.responsibility, &above.responsibility);
        }
        records.push(record);
    }
    records
}

/// A record's cells that say "as above" (同上) with the text of the cells
/// above them: its bodies, column by column, and its time limit.
fn as_above(record: &mut TaskRecord, above: &TaskRecord, ditto: &[String]) {
    let take = |own: &mut String, up: &String| {
        if is_ditto(own, ditto) {
            own.clone_from(up);
        }
    };
    match (&mut record.responsibility, &above.responsibility) {
        (ResponsibilityText::Labelled(own), ResponsibilityText::Labelled(up)) => take(own, up),
        (
            ResponsibilityText::Columns { lead, participants },
            ResponsibilityText::Columns {
                lead: up_lead,
                participants: up_participants,
            },
        ) => {
            take(lead, up_lead);
            take(participants, up_participants);
        }
        _ => {}
    }
    if record
        .deadline
        .as_deref()
        .is_some_and(|d| is_ditto(d, ditto))
    {
        record.deadline.clone_from(&above.deadline);
    }
}

/// A row's bodies where its lead cell is blank: the lead of the row above,
/// whose cell was merged over both (Word writes a merged cell's text in its
/// first row only, and every task has a lead), and the participants too
/// where the row names none of its own.
fn under_merged_cell(own: ResponsibilityText, above: &ResponsibilityText) -> ResponsibilityText {
    let blank = |text: &str| text::trim(text).is_empty();
    match (own, above) {
        (ResponsibilityText::Labelled(cell), ResponsibilityText::Labelled(up)) if blank(&cell) => {
            ResponsibilityText::Labelled(up.clone())
        }
        (
            ResponsibilityText::Columns { lead, participants },
            ResponsibilityText::Columns {
                lead: up_lead,
                participants: up_participants,
            },
        ) if blank(&lead) && !blank(up_lead) => ResponsibilityText::Columns {
            lead: up_lead.clone(),
            participants: if blank(&participants) {
                up_participants.clone()
            } else {
                participants
            },
        },
        (own, _) => own,
    }
}

fn record(row: &Row, columns: &[ColumnRole], section: Vec<String>) -> TaskRecord {
    let assigned = assign_columns(&row.data, columns);
    // The cells of the columns of `roles`, in column order, one per line.
    let column_text = |roles: &[ColumnRole], join: fn(&Cell) -> String| -> String {
        assigned
            .iter()
            .filter(|(r, _)| roles.contains(r))
            .flat_map(|(_, cells)| cells.iter().map(|c| join(c)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Two task columns (工作任务 | 具体措施) read as a title and its text:
    // "完善养老服务设施：到2025年，…", not one run-on sentence.
    let task = assigned
        .iter()
        .filter(|(r, _)| *r == ColumnRole::Task)
        .map(|(_, cells)| cells.iter().map(|c| c.joined()).collect::<String>())
        .filter(|text| !text.is_empty())
        .fold(String::new(), |mut task, text| {
            if task
                .chars()
                .last()
                .is_some_and(|c| !"。；：，.;:,".contains(c))
            {
                task.push('：');
            }
            task.push_str(&text);
            task
        });
    let has = |role| columns.contains(&role);
    // A responsibility column alone holds every body, labelled or not; beside
    // a lead or participant column it holds the role that has no column of
    // its own ("主要责任单位 | 协助单位": leads, then participants).
    let responsibility = match (
        has(ColumnRole::Responsibility),
        has(ColumnRole::Lead),
        has(ColumnRole::Participant),
    ) {
        (true, false, false) => {
            ResponsibilityText::Labelled(column_text(&[ColumnRole::Responsibility], raw))
        }
        (true, false, true) => ResponsibilityText::Columns {
            lead: column_text(&[ColumnRole::Responsibility], raw),
            participants: column_text(&[ColumnRole::Participant], raw),
        },
        (true, true, _) => ResponsibilityText::Columns {
            lead: column_text(&[ColumnRole::Lead], raw),
            participants: column_text(&[ColumnRole::Responsibility, ColumnRole::Participant], raw),
        },
        (false, _, _) => ResponsibilityText::Columns {
            lead: column_text(&[ColumnRole::Lead], raw),
            participants: column_text(&[ColumnRole::Participant], raw),
        },
    };
    let deadline = column_text(&[ColumnRole::Deadline], Cell::joined);
    let text_line = assigned
        .iter()
        .find(|(r, _)| *r == ColumnRole::Task)
        .and_then(|(_, cells)| cells.first())
        .map_or(row.anchor.first_line, |c| c.first_line);
    let last_line = row
        .data
        .iter()
        .map(|c| c.last_line)
        .max()
        .unwrap_or(row.anchor.last_line);
    TaskRecord {
        label: row.anchor.squashed(),
        section,
        text: task,
        text_lines: vec![(0, text_line)],
        lines: LineRange {
            first: row.anchor.first_line,
            last: last_line,
        },
        responsibility,
        deadline: (!deadline.is_empty()).then_some(deadline),
    }
}

fn raw(cell: &Cell) -> String {
    cell.text.clone()
}

/// The heading path of table rows: an unnumbered or "一、" heading is a
/// category; a "（一）" heading a sub-category under it.
#[derive(Default)]
struct SectionPath {
    category: Option<String>,
    sub: Option<String>,
}

impl SectionPath {
    fn enter(&mut self, heading: String) {
        let level = headings::numbered(&heading).map(|n| n.level);
        match level {
            Some(Level::Section) | Some(Level::Item) | Some(Level::SubItem) => {
                self.sub = Some(heading)
            }
            _ => {
                if self.category.as_deref() != Some(heading.as_str()) {
                    self.sub = None;
                }
                self.category = Some(heading);
            }
        }
    }

    fn to_vec(&self) -> Vec<String> {
        self.category
            .iter()
            .chain(self.sub.iter())
            .cloned()
            .collect()
    }
}

/// True for a time-progress text: a date, or a word only such cells use.
pub fn looks_like_deadline(cell: &str, kb: &Knowledge) -> bool {
    static YEAR: OnceLock<Option<Regex>> = OnceLock::new();
    // A year, or a range of years ("2021—2022年", "2021年至2022年").
    let year = YEAR.get_or_init(|| {
        Regex::new(r"^(19|20)\d\d\s*(年|[—–\-－~～至到]+\s*(19|20)\d\d\s*年)").ok()
    });
    let cell = text::fold_width(text::trim(cell));
    let short = cell.chars().count() <= 30;
    short
        && (year.as_ref().is_some_and(|r| r.is_match(&cell))
            || kb
                .lexicon
                .names_time(&[kind::DEADLINE_ONGOING, kind::DEADLINE_WORD], &cell))
}

/// Long running-text lines: a table preceded by many is part of a prose document.
fn prose_lines(lines: &[&str]) -> usize {
    lines
        .iter()
        .filter(|l| text::trim(l).chars().count() >= 40)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text;

    fn read(src: &str) -> TableReading {
        let kb = Knowledge::bundled().unwrap();
        read_table(&text::lines(src), kb).unwrap()
    }

    fn columns(r: &TaskRecord) -> (&str, &str) {
        match &r.responsibility {
            ResponsibilityText::Columns { lead, participants } => (lead, participants),
            other => panic!("{other:?}"),
        }
    }

    /// Each record's text, lead and participant columns, and time limit.
    fn rows(t: &TableReading) -> Vec<(&str, (&str, &str), Option<&str>)> {
        t.records
            .iter()
            .map(|r| (r.text.as_str(), columns(r), r.deadline.as_deref()))
            .collect()
    }

    #[test]
    fn a_task_merged_over_lines_of_measures_is_one_task() {
        // The number and task cells merged over two measures, as Word and a
        // web page's rowspan leave them: the second line's first cells are
        // gone (or say 〃), its last ones stand under the last columns.
        let src = "序号\t重点任务\t具体措施\t牵头单位\t配合单位\t完成时限\n\
                   1\t完善服务清单\t制定清单\t市民政局\t市财政局\t2024年6月底前\n\
                   \t\t动态调整清单\t市民政局\t市发改委\t2025年底前\n\
                   二\t强化要素保障\n\
                   2\t加大资金投入\t安排专项资金\t市财政局\t市民政局\t每年\n\
                   \t〃\t绩效评价\t〃\t市审计局\t\n";
        assert_eq!(
            rows(&read(src)),
            [
                (
                    "完善服务清单：制定清单；动态调整清单",
                    ("市民政局", "市财政局、\n市发改委"),
                    Some("2024年6月底前；2025年底前")
                ),
                // A heading's line ("二\t强化要素保障") is no measure.
                (
                    "加大资金投入：安排专项资金；绩效评价",
                    ("市财政局", "市民政局、\n市审计局"),
                    Some("每年")
                ),
            ]
        );
        assert_eq!(read(src).records[1].section, ["强化要素保障"]);
    }

    #[test]
    fn a_task_merged_over_measures_one_cell_per_line() {
        // Word's text export: a cell per line, the merged cells blank; the
        // heading cells before the number (category, sub-category) blank too.
        let src = "\t序号\n\t工作任务\n\t牵头部门\n\t参与部门\n\t时间进度\n\
                   \t居家养老\n\t（一）改善居住条件\n\
                   \t1\n\t推进适老化改造\n\t市住建局\n\t市民政局\n\t2024年底前\n\
                   \t\n\t\n\t\n\t完善支持政策\n\t市民政局\n\t市财政局\n\t2025年底前\n\
                   \t\n\t\n\t2\n\t建设示范社区\n\t市民政局\n\t市住建局\n\t持续推进\n";
        let reading = read(src);
        assert_eq!(
            rows(&reading),
            [
                (
                    "推进适老化改造；完善支持政策",
                    ("市住建局、\n市民政局", "市民政局、\n市财政局"),
                    Some("2024年底前；2025年底前")
                ),
                ("建设示范社区", ("市民政局", "市住建局"), Some("持续推进")),
            ]
        );
        let sections: Vec<_> = reading.records.iter().map(|r| r.section.clone()).collect();
        assert_eq!(sections[0], sections[1]);
    }

    #[test]
    fn a_table_of_indicators_before_the_tasks_is_passed_over() {
        let src = "一、发展目标\n\
                   序号\t指标名称\t单位\t2020年\t2025年\t指标属性\n\
                   1\t养老机构护理型床位占比\t%\t40\t60\t约束性\n\
                   \n\
                   二、重点任务分工\n\
                   序号\t工作任务\t牵头单位\t配合单位\t完成时限\n\
                   1\t建设区域养老服务中心\t市民政局\t市财政局\t2024年底前\n";
        let reading = read(src);
        assert_eq!(reading.header_line, 6);
        assert_eq!(
            rows(&reading),
            [(
                "建设区域养老服务中心",
                ("市民政局", "市财政局"),
                Some("2024年底前")
            )]
        );
    }

    #[test]
    fn several_tables_give_their_tasks_in_order_under_their_titles() {
        let src = "附件1\n重点任务分工表\n\
                   序号\t工作任务\t牵头单位\t完成时限\n\
                   1\t建设区域养老服务中心\t市民政局\t2024年底前\n\
                   \n附件2\n重点项目清单\n\
                   序号\t项目名称\t牵头单位\t完成时限\n\
                   1\t市社会福利院改扩建\t市民政局\t2025年\n";
        let got: Vec<(String, Vec<String>, String)> = read(src)
            .records
            .into_iter()
            .map(|r| (r.label, r.section, r.text))
            .collect();
        let task =
            |title: &str, text: &str| ("1".to_owned(), vec![title.to_owned()], text.to_owned());
        assert_eq!(
            got,
            [
                task("重点任务分工表", "建设区域养老服务中心"),
                task("重点项目清单", "市社会福利院改扩建")
            ]
        );
        // One table keeps its sections as they were; a sentence is no title.
        let one = "分工如下：\n序号\t工作任务\t牵头单位\n1\t建设中心\t市民政局\n";
        assert!(read(one).records[0].section.is_empty());
    }

    #[test]
    fn an_imprint_in_two_cells_ends_the_table() {
        let src = "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n\
                   1\t推进医养结合\t市卫健委\t市民政局\t2025年\n\
                   \n宜昌市民政局\t2024年5月1日\n";
        assert_eq!(
            rows(&read(src)),
            [("推进医养结合", ("市卫健委", "市民政局"), Some("2025年"))]
        );
    }

    #[test]
    fn a_full_row_stands_in_its_columns() {
        // Every cell filled, the time limit a ditto after a measure that
        // reads like a time (完成…): the ditto is the time limit.
        let src = "序号\t重点任务\t具体措施\t牵头单位\t配合单位\t完成时限\n\
                   1\t发展家庭养老床位\t新增床位500张\t市民政局\t市卫健委\t长期坚持\n\
                   2\t实施适老化改造\t完成改造1000户\t市民政局\t市残联\t同上\n";
        assert_eq!(
            rows(&read(src))[1],
            (
                "实施适老化改造：完成改造1000户",
                ("市民政局", "市残联"),
                Some("长期坚持")
            )
        );
    }

    #[test]
    fn a_ditto_category_goes_on_with_the_one_above() {
        let src = "序号\t类别\t工作任务\t牵头单位\n\
                   1\t居家养老\t建设助餐点\t市民政局\n\
                   2\t〃\t开展上门服务\t市民政局\n";
        let sections: Vec<Vec<String>> = read(src).records.into_iter().map(|r| r.section).collect();
        assert_eq!(sections, [["居家养老"], ["居家养老"]]);
    }

    #[test]
    fn a_blank_lead_cell_was_merged_with_the_one_above() {
        let src = "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n\
                   1\t建立评估制度\t市民政局\t市卫健委\t2022年6月底前\n\
                   2\t推进等级评定\t\t市市场监管局\t\n\
                   3\t开展质量提升行动\t\t\t2023年底前\n\
                   二、老年教育\n\
                   4\t发展老年教育\t市教育局\t\t持续推进\n\
                   三、其他\n\
                   5\t加强宣传\t\t市委宣传部\t每年\n";
        assert_eq!(
            rows(&read(src)),
            [
                (
                    "建立评估制度",
                    ("市民政局", "市卫健委"),
                    Some("2022年6月底前")
                ),
                // Its own participants; no deadline is made up.
                ("推进等级评定", ("市民政局", "市市场监管局"), None),
                (
                    "开展质量提升行动",
                    ("市民政局", "市市场监管局"),
                    Some("2023年底前")
                ),
                // A row with a lead keeps its blank participants.
                ("发展老年教育", ("市教育局", ""), Some("持续推进")),
                // A merged cell does not reach over a heading.
                ("加强宣传", ("", "市委宣传部"), Some("每年")),
            ]
        );
    }

    #[test]
    fn a_ditto_cell_says_as_above() {
        let src = "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n\
                   1\t建立评估制度\t市民政局\t市卫健委\t2022年6月底前\n\
                   2\t推进等级评定\t同上\t市市场监管局\t同上。\n\
                   二、老年教育\n\
                   3\t发展老年教育\t市教育局\t〃\t持续推进\n";
        assert_eq!(
            rows(&read(src)),
            [
                (
                    "建立评估制度",
                    ("市民政局", "市卫健委"),
                    Some("2022年6月底前")
                ),
                (
                    "推进等级评定",
                    ("市民政局", "市市场监管局"),
                    Some("2022年6月底前")
                ),
                // A ditto is written on purpose: it reaches over a heading.
                (
                    "发展老年教育",
                    ("市教育局", "市市场监管局"),
                    Some("持续推进")
                ),
            ]
        );
        let labelled = read(
            "序号\t工作任务\t责任单位\n\
             1\t建立评估制度\t牵头单位：市民政局\n\
             2\t推进等级评定\t同上\n",
        );
        let cells: Vec<_> = labelled.records.iter().map(|r| &r.responsibility).collect();
        assert_eq!(
            cells,
            [
                &ResponsibilityText::Labelled("牵头单位：市民政局".to_owned()),
                &ResponsibilityText::Labelled("牵头单位：市民政局".to_owned()),
            ]
        );
    }

    #[test]
    fn a_table_without_numbers_numbers_its_rows_in_place() {
        let src = "阳江市重点任务分工\n\n重点任务\t牵头单位\t配合单位\t完成时限\n\
                   建立综合监管制度\t市民政局\t市市场监管局、市卫生健康局\t2021年底前\n\
                   开展专项行动\t市民政局\t\t持续推进\n\
                   二、医养结合\n\
                   推进医养结合\t市卫生健康局\t市民政局\t2022年6月\n\n\
                   阳江市人民政府办公室\n2021年3月2日\n";
        let t = read(src);
        assert_eq!(
            rows(&t),
            [
                (
                    "建立综合监管制度",
                    ("市民政局", "市市场监管局、市卫生健康局"),
                    Some("2021年底前")
                ),
                ("开展专项行动", ("市民政局", ""), Some("持续推进")),
                (
                    "推进医养结合",
                    ("市卫生健康局", "市民政局"),
                    Some("2022年6月")
                ),
            ]
        );
        // No number was printed: no label.
        assert!(t.records.iter().all(|r| r.label.is_empty()));
        let sections: Vec<Vec<String>> = t.records.iter().map(|r| r.section.clone()).collect();
        assert_eq!(sections[0], Vec::<String>::new());
        assert_eq!(sections[2], ["二、医养结合"]);
        assert_eq!(t.header_line, 3);
        assert_eq!(t.records[2].lines, LineRange { first: 7, last: 7 });
    }

    fn labels_and_texts(t: &TableReading) -> Vec<(&str, &str)> {
        t.records
            .iter()
            .map(|r| (r.label.as_str(), r.text.as_str()))
            .collect()
    }

    #[test]
    fn a_number_printed_in_the_task_cell_numbers_the_row() {
        let src = "工作任务\t牵头单位\t完成时限\n\
                   1.建立综合监管制度\t市民政局\t2021年底前\n\
                   2.开展专项行动\t市民政局\t持续推进\n";
        assert_eq!(
            labels_and_texts(&read(src)),
            [("1.", "建立综合监管制度"), ("2.", "开展专项行动")]
        );
        // A row without one: the table printed no numbers, and the cells
        // keep their text.
        let src = "工作任务\t牵头单位\t完成时限\n\
                   开展专项行动\t市民政局\t持续推进\n\
                   2.建立综合监管制度\t市民政局\t2021年底前\n\
                   推进医养结合\t市卫生健康局\t2022年\n";
        assert_eq!(
            labels_and_texts(&read(src)),
            [
                ("", "开展专项行动"),
                ("", "2.建立综合监管制度"),
                ("", "推进医养结合")
            ]
        );
    }

    #[test]
    fn a_table_without_numbers_may_have_a_category_column() {
        let src = "类别\t重点任务\t责任单位\t完成时间\n\
                   居家养老\t建立补贴制度\t市民政局、市财政局\t2021年底前\n\
                   \t推进家庭养老床位建设\t市民政局\t2022年\n\
                   机构养老\t推进公办养老机构改革\t市民政局（牵头）、市编办\t2021年6月\n";
        let t = read(src);
        let got: Vec<(&str, Vec<String>)> = t
            .records
            .iter()
            .map(|r| (r.text.as_str(), r.section.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("建立补贴制度", vec!["居家养老".to_owned()]),
                ("推进家庭养老床位建设", vec!["居家养老".to_owned()]),
                ("推进公办养老机构改革", vec!["机构养老".to_owned()]),
            ]
        );
    }

    #[test]
    fn a_header_without_numbers_names_every_cell_and_who_does_the_task() {
        let kb = Knowledge::bundled().unwrap();
        let no_table = |src: &str| read_table(&text::lines(src), kb).is_none();
        // A cell the lexicon does not name.
        assert!(no_table(
            "重点任务\t预期成果\t牵头单位\n建立制度\t良好\t市民政局\n"
        ));
        // Nobody to do the task.
        assert!(no_table("重点任务\t完成时限\t备注\n建立制度\t2021年\t无\n"));
        // The task is not the first column.
        assert!(no_table(
            "牵头单位\t重点任务\t完成时限\n市民政局\t建立制度\t2021年\n"
        ));
    }

    #[test]
    fn a_header_the_lexicon_does_not_name_between_two_it_names() {
        // After the task column: more of the task.
        let src = "序号\t工作任务\t具体举措\t牵头单位\t完成时限\n\
                   1\t推进医养结合\t开设老年病区。\t市卫健委\t2021年底前\n";
        let t = read(src);
        assert_eq!(
            rows(&t),
            [(
                "推进医养结合：开设老年病区。",
                ("市卫健委", ""),
                Some("2021年底前")
            )]
        );
        // Elsewhere: read past.
        let src = "序号\t工作任务\t牵头单位\t考核方式\t完成时限\n\
                   1\t推进医养结合。\t市卫健委\t年度考核\t2021年底前\n";
        assert_eq!(
            rows(&read(src)),
            [("推进医养结合。", ("市卫健委", ""), Some("2021年底前"))]
        );
    }

    #[test]
    fn a_list_of_projects_names_its_tasks_by_project() {
        // 项目名称 and 建设内容 are the task; 资金来源, unnamed between them and
        // the bodies, is more of it (its sources are read from the text).
        let src = "序号\t项目名称\t建设内容\t资金来源\t牵头单位\t完成时限\n\
                   1\t区域养老服务中心\t新建床位200张\t市级财政\t市民政局\t2024年底\n";
        assert_eq!(
            rows(&read(src)),
            [(
                "区域养老服务中心：新建床位200张：市级财政",
                ("市民政局", ""),
                Some("2024年底")
            )]
        );
    }

    #[test]
    fn row_numbers_in_brackets_or_circled() {
        for (one, two) in [("（1）", "（2）"), ("(1)", "2)"), ("①", "②")] {
            let src = format!(
                "序号\t工作任务\t牵头单位\t完成时限\n\
                 {one}\t建立监管制度\t市民政局\t2021年底前\n\
                 {two}\t开展专项行动\t市民政局\t持续推进\n"
            );
            let t = read(&src);
            let labels: Vec<&str> = t.records.iter().map(|r| r.label.as_str()).collect();
            assert_eq!(labels, [one, two]);
            assert_eq!(t.records[1].text, "开展专项行动");
        }
        assert_eq!(number_value_text("（12）"), Some(12));
        assert_eq!(number_value_text("（1"), None);
        assert_eq!(number_value_text("()"), None);
    }

    #[test]
    fn a_header_with_a_note_in_brackets() {
        let src = "序号\t重点任务\t责任单位（按职责分工负责）\t完成时限（年）\n\
                   1\t建立监管制度\t市民政局、市市场监管局\t2021年底前\n";
        let t = read(src);
        assert_eq!(
            t.records[0].responsibility,
            ResponsibilityText::Labelled("市民政局、市市场监管局".into())
        );
        assert_eq!(t.records[0].deadline.as_deref(), Some("2021年底前"));
        // A note that the body listed first leads is read for the whole
        // document (extract's a_note_that_the_body_listed_first_leads_…).
    }

    #[test]
    fn columns_after_the_time_limit_stay_in_their_row() {
        // Unnamed (评价方式) or named as no task field (备注), on the header's
        // line: not the headings of the next row. A task's measure (考核指标)
        // is more of its text, where its targets are read.
        for (header, texts) in [
            ("评价方式", ["建立监管制度", "开展专项行动"]),
            ("备注", ["建立监管制度", "开展专项行动"]),
            (
                "考核指标",
                ["建立监管制度：制度出台", "开展专项行动：问题整改率达到100%"],
            ),
        ] {
            let src = format!(
                "序号\t工作任务\t牵头单位\t配合单位\t完成时限\t{header}\n\
                 1\t建立监管制度\t市民政局\t市市场监管局\t2021年底前\t制度出台\n\
                 2\t开展专项行动\t市民政局\t市消防救援支队\t每年\t问题整改率达到100%\n"
            );
            let t = read(&src);
            assert_eq!(
                rows(&t),
                [
                    (texts[0], ("市民政局", "市市场监管局"), Some("2021年底前")),
                    // A short cell (每年) beside another is a cell of its own.
                    (texts[1], ("市民政局", "市消防救援支队"), Some("每年")),
                ],
                "{header}"
            );
            assert!(t.records.iter().all(|r| r.section.is_empty()), "{header}");
        }
    }

    #[test]
    fn rows_numbered_in_chinese_numerals_where_none_has_a_figure() {
        let src = "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n\
                   一\t建立补贴制度。\t市民政局\t市财政局\t2020年6月底前\n\
                   二、\t推进医养结合。\t市卫健委\t\t持续推进\n";
        let t = read(src);
        let labels: Vec<&str> = t.records.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["一", "二、"], "as printed");
        assert_eq!(
            rows(&t),
            [
                (
                    "建立补贴制度。",
                    ("市民政局", "市财政局"),
                    Some("2020年6月底前")
                ),
                ("推进医养结合。", ("市卫健委", ""), Some("持续推进")),
            ]
        );
        // Beside rows numbered in figures, they head categories.
        let src = "序号\t工作任务\t牵头单位\t完成时限\n一\t设施建设\n\
                   1\t建设中心。\t市民政局\t2021年\n";
        let t = read(src);
        assert_eq!(rows(&t), [("建设中心。", ("市民政局", ""), Some("2021年"))]);
        assert_eq!(t.records[0].section, ["设施建设"]);
    }

    #[test]
    fn grouped_tab_led_table_with_repeats_and_blank_headings() {
        let src = "标题\n\t主要任务\n\t序号\n\t工作任务\n\t牵头部门\n\t参与部门\n\t时间进度\n\n\
                   \t支持家庭养老\n\t（一）改善居住条件\n\t1\n\t统筹考虑老年人需求。\n\t市房管局\n\t市国土局、规划局\n\t2015年下半年出台具体措施\n\n\t\n\t\n\
                   \t2\n\t推进坡道改造。\n\t市民政局\n（老龄办）\n\t县（市、区）政府\n\t持续推进\n\n\n\
                   \t支支持家庭养老\n\t\n\t3\n\t加强宜居社区建设。\n\t市建设局\n\t\n\t持续实施\n\n\
                   \t扶持政策\n\t\n\t4\n\t落实补贴。\n\t市财政局\n\t市民政局\n\t2016年开始实施\n";
        let t = read(src);
        assert_eq!(t.records.len(), 4);
        assert!(t.has_sections());
        let r = &t.records;
        assert_eq!(r[0].section, ["支持家庭养老", "（一）改善居住条件"]);
        assert_eq!(columns(&r[0]), ("市房管局", "市国土局、规划局"));
        assert_eq!(r[0].deadline.as_deref(), Some("2015年下半年出台具体措施"));
        assert_eq!((r[0].lines.first, r[0].lines.last), (11, 15));
        assert_eq!(columns(&r[1]), ("市民政局\n（老龄办）", "县（市、区）政府"));
        // A page-break repeat (doubled first character) with a blank sub-category inherits.
        assert_eq!(r[2].section, ["支持家庭养老", "（一）改善居住条件"]);
        assert_eq!(columns(&r[2]), ("市建设局", ""));
        // A new category without a sub-category starts afresh.
        assert_eq!(r[3].section, ["扶持政策"]);
        assert_eq!(r[3].text, "落实补贴。");
    }

    #[test]
    fn a_category_column_after_the_number_is_the_rows_heading() {
        let sections = |src: &str| -> Vec<(Vec<String>, String, (String, String))> {
            read(src)
                .records
                .iter()
                .map(|r| {
                    let (lead, participants) = columns(r);
                    let bodies = (lead.to_owned(), participants.to_owned());
                    (r.section.clone(), r.text.clone(), bodies)
                })
                .collect()
        };
        let expected = |bodies: [(&str, &str); 3]| -> Vec<(Vec<String>, String, (String, String))> {
            [
                ("一、居家养老", "建设信息平台。", bodies[0]),
                ("一、居家养老", "开展床位试点。", bodies[1]),
                ("二、机构养老", "推进公建民营。", bodies[2]),
            ]
            .iter()
            .map(|(s, t, (l, p))| {
                (
                    vec![s.to_string()],
                    t.to_string(),
                    (l.to_string(), p.to_string()),
                )
            })
            .collect()
        };
        // One cell per line, a blank category cell under the first.
        let tab_led = "\t序号\n\t类别\n\t工作任务\n\t牵头单位\n\t配合单位\n\t完成时间\n\
                       \t1\n\t一、居家养老\n\t建设信息平台。\n\t市民政局\n\t市财政局\n\t2021年底\n\
                       \t2\n\t\n\t开展床位试点。\n\t市民政局\n\t市卫生健康委\n\t2021年底\n\
                       \t3\n\t二、机构养老\n\t推进公建民营。\n\t市民政局\n\t市国资委\n\t持续推进\n";
        let bodies = [
            ("市民政局", "市财政局"),
            ("市民政局", "市卫生健康委"),
            ("市民政局", "市国资委"),
        ];
        assert_eq!(sections(tab_led), expected(bodies));
        // One row per line, the blank category kept by its tabs.
        let rows = "序号\t工作类别\t工作任务\t牵头单位\t配合单位\t完成时间\n\
                    1\t一、居家养老\t建设信息平台。\t市民政局\t市财政局\t2021年底\n\
                    2\t\t开展床位试点。\t市民政局\t市卫生健康委\t2021年底\n\
                    3\t二、机构养老\t推进公建民营。\t市民政局\t市国资委\t持续推进\n";
        assert_eq!(sections(rows), expected(bodies));
        // Plain lines, where a blank category leaves the row a cell short.
        let plain = "序号\n类别\n工作任务\n牵头单位\n配合单位\n完成时间\n\
                     1\n一、居家养老\n建设信息平台。\n市民政局\n市财政局\n2021年底\n\
                     2\n开展床位试点。\n市民政局\n市卫生健康委\n2021年底\n\
                     3\n二、机构养老\n推进公建民营。\n市民政局\n市国资委\n持续推进\n";
        assert_eq!(sections(plain), expected(bodies));
    }

    #[test]
    fn a_category_column_before_the_number_gives_headings() {
        let expected = [
            ("一、居家养老", "建设信息平台。"),
            ("一、居家养老", "开展床位试点。"),
            ("二、机构养老", "推进公建民营。"),
        ];
        // Copied from a web page: a merged category cell is left out of the
        // rows below it, or left blank.
        for blank in ["", "\t"] {
            let src = format!(
                "类别\t序号\t工作任务\t牵头单位\t完成时间\n\
                 一、居家养老\t1\t建设信息平台。\t市民政局\t2021年底\n\
                 {blank}2\t开展床位试点。\t市民政局\t2021年底\n\
                 二、机构养老\t3\t推进公建民营。\t市民政局\t持续推进\n"
            );
            let t = read(&src);
            let got: Vec<(String, &str)> = t
                .records
                .iter()
                .map(|r| (r.section.join(" / "), r.text.as_str()))
                .collect();
            let expected: Vec<(String, &str)> =
                expected.iter().map(|(s, t)| (s.to_string(), *t)).collect();
            assert_eq!(got, expected, "{blank:?}");
            assert_eq!(t.records[2].deadline.as_deref(), Some("持续推进"));
        }
    }

    #[test]
    fn plain_line_table_with_a_task_broken_over_lines() {
        let src = "某市养老服务责任分工\n序号\n工作任务\n牵头部门\n参与部门\n时间进度\n\
                   1\n建立养老服务补贴制度，\n对困难老人给予补贴。\n市民政局\n市财政局\n2019年底前\n\
                   2\n推进医养结合。\n市卫生健康委\n市医保局\n持续推进\n";
        let t = read(src);
        assert_eq!(t.records.len(), 2);
        assert!(!t.has_sections());
        assert_eq!(
            t.records[0].text,
            "建立养老服务补贴制度，对困难老人给予补贴。"
        );
        assert_eq!(columns(&t.records[0]), ("市民政局", "市财政局"));
        assert_eq!(t.records[1].deadline.as_deref(), Some("持续推进"));
    }

    #[test]
    fn plain_lines_rejoin_cells_broken_over_lines() {
        let src = "序号\n工作任务\n牵头部门\n参与部门\n时间进度\n\
                   1\n落实津贴制度。\n市民政局\n（老龄办）\n县（市、区）政府\n2015年年底前\n\
                   2\n宣传敬老美德。\n市 委\n\n宣传部\n市文明办、\n民政局\n持续推进\n";
        let t = read(src);
        assert_eq!(
            columns(&t.records[0]),
            ("市民政局\n（老龄办）", "县（市、区）政府")
        );
        assert_eq!(t.records[0].text, "落实津贴制度。");
        assert_eq!(
            columns(&t.records[1]),
            ("市 委\n宣传部", "市文明办、\n民政局")
        );
    }

    #[test]
    fn one_row_per_line_with_tabs_and_a_labelled_column() {
        let src = "序号\t重点任务\t责任单位\t完成时限\n\
                   1\t完善规划。\t牵头单位：市自然资源和规划局 配合单位：市民政局\t2020年6月底前\n\
                   2\t加强监管。\t市市场监管局\t长期坚持\n";
        let t = read(src);
        assert_eq!(t.records.len(), 2);
        assert_eq!(
            t.records[0].responsibility,
            ResponsibilityText::Labelled("牵头单位：市自然资源和规划局 配合单位：市民政局".into())
        );
        assert_eq!(t.records[1].deadline.as_deref(), Some("长期坚持"));
    }

    #[test]
    fn the_closing_signature_ends_a_table_that_ends_the_document() {
        let src = "序号\t主要任务\t牵头部门\t参与部门\t时间进度\n\
                   1\t完善养老服务设施。\t市民政局\t市发改委\t2022年底前\n\
                   2\t加大资金投入。\t市财政局\t市民政局\t每年\n\n\
                   宜昌市人民政府办公室\n2021年5月20日\n";
        assert_eq!(
            bodies_and_deadlines(&read(src)),
            [
                (("市民政局", "市发改委"), Some("2022年底前")),
                (("市财政局", "市民政局"), Some("每年"))
            ]
        );
        // Right under a row of tabbed cells, or as an imprint on one line.
        for end in [
            "淮南市人民政府办公室\n2021年5月20日\n",
            "淮南市人民政府办公室　　2021年5月20日印发\n",
        ] {
            let src = format!(
                "序号\t主要任务\t牵头部门\t参与部门\t时间进度\n\
                 1\t完善养老服务设施。\t市民政局\t市发改委\t2022年底前\n\
                 2\t加大资金投入。\t市财政局\t市民政局\t每年\n{end}"
            );
            assert_eq!(
                bodies_and_deadlines(&read(&src)),
                [
                    (("市民政局", "市发改委"), Some("2022年底前")),
                    (("市财政局", "市民政局"), Some("每年"))
                ],
                "{end}"
            );
        }
        // A body and a date in cells of their own (one cell per line) are
        // the last row's, not a signature: no blank line stands before them.
        let src =
            "序号\n工作任务\n牵头部门\n时间进度\n1\n建立制度。\n市政府办公室\n2021年5月20日\n";
        let t = read(src);
        assert_eq!(t.records[0].deadline.as_deref(), Some("2021年5月20日"));
    }

    /// Each row's lead and participant cells and its deadline.
    fn bodies_and_deadlines(t: &TableReading) -> Vec<((&str, &str), Option<&str>)> {
        t.records
            .iter()
            .map(|r| (columns(r), r.deadline.as_deref()))
            .collect()
    }

    #[test]
    fn a_header_over_two_lines_puts_the_parts_under_their_merged_cell() {
        let src = "序号\t重点任务\t责任单位\t\t完成时限\n\
                   \t\t牵头单位\t配合单位\t\n\
                   1\t编制规划。\t市自然资源和规划局\t市民政局\t2021年底前\n\
                   2\t加强培训。\t市人社局\t市民政局、市财政局\t持续推进\n";
        assert_eq!(
            bodies_and_deadlines(&read(src)),
            [
                (("市自然资源和规划局", "市民政局"), Some("2021年底前")),
                (("市人社局", "市民政局、市财政局"), Some("持续推进")),
            ]
        );
    }

    #[test]
    fn a_blank_cell_in_a_row_on_one_line_is_an_empty_column() {
        let src = "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n\
                   1\t开展培训。\t市人社局\t\t每年\n\
                   2\t建立制度。\t\t市财政局\t2021年底\n\
                   3\t落实补贴。\t市民政局\t市财政局\n";
        assert_eq!(
            bodies_and_deadlines(&read(src)),
            [
                (("市人社局", ""), Some("每年")),
                // 市财政局 stays in its column; the blank lead is the merged
                // cell above (a_blank_lead_cell_was_merged_with_the_one_above).
                (("市人社局", "市财政局"), Some("2021年底")),
                (("市民政局", "市财政局"), None),
            ]
        );
    }

    #[test]
    fn two_task_columns_read_as_a_title_and_its_text() {
        let src = "序号\t工作任务\t具体措施\t牵头单位\t配合单位\t完成时限\n\
                   1\t完善设施\t到2025年，护理型床位占比达到60%。\t市民政局\t市住建局\t2025年底\n\
                   2\t医养结合。\t设置老年医学科。\t市卫健委\t市民政局\t2024年底\n";
        let t = read(src);
        let texts: Vec<&str> = t.records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "完善设施：到2025年，护理型床位占比达到60%。",
                "医养结合。设置老年医学科。"
            ]
        );
        assert_eq!(columns(&t.records[0]), ("市民政局", "市住建局"));
    }

    #[test]
    fn a_task_about_long_term_care_does_not_end_its_row() {
        // Without tabs a row ends at its last deadline-like cell: 长期护理 in
        // the task is no 长期 (ongoing), and a plan period is a deadline.
        let src = "序号\n工作任务\n牵头部门\n参与部门\n时间进度\n\
                   1\n完善长期护理保险制度。\n市医保局\n市民政局\n“十四五”期间\n";
        let t = read(src);
        assert_eq!(t.records.len(), 1);
        assert_eq!(columns(&t.records[0]), ("市医保局", "市民政局"));
        assert_eq!(t.records[0].deadline.as_deref(), Some("“十四五”期间"));
    }

    #[test]
    fn headers_not_listed_whole_are_read_by_their_words() {
        let src = "序号\t任务措施\t主要责任单位\t协助单位\t时间要求\n\
                   1\t建设中心。\t市民政局\t市财政局、市住建局\t2020年12月底前\n\
                   2\t医养结合。\t市卫生健康委\t市民政局\t长期坚持\n";
        let t = read(src);
        assert_eq!(
            rows(&t),
            [
                (
                    "建设中心。",
                    ("市民政局", "市财政局、市住建局"),
                    Some("2020年12月底前")
                ),
                ("医养结合。", ("市卫生健康委", "市民政局"), Some("长期坚持")),
            ]
        );
    }

    #[test]
    fn an_official_s_column_is_read_past() {
        // 责任领导 names the officials answerable, no body: the columns after
        // it keep their roles. A task that reads like a time limit (试点) does
        // not end its row, and a range of years is the row's time limit.
        let src = "序号\t工作任务\t责任领导\t责任部门\t配合部门\t时间节点\t备注\n\
                   1\t出台专项规划\t副市长\t市自然资源局\t市民政局\t2021年9月底前\t\n\
                   2\t开展智慧养老服务试点\t副市长\t市工信局\t市民政局、市大数据中心\t2021—2022年\n\
                   3\t落实综合责任保险\t副市长\t市民政局\t市财政局\t每年\n";
        let t = read(src);
        assert_eq!(
            rows(&t),
            [
                (
                    "出台专项规划",
                    ("市自然资源局", "市民政局"),
                    Some("2021年9月底前")
                ),
                (
                    "开展智慧养老服务试点",
                    ("市工信局", "市民政局、市大数据中心"),
                    Some("2021—2022年")
                ),
                ("落实综合责任保险", ("市民政局", "市财政局"), Some("每年")),
            ]
        );
        assert!(!t.has_sections());
    }

    #[test]
    fn sub_rows_numbered_under_a_titling_row() {
        let sub_rows = |src: &str| -> Vec<(String, Vec<String>, String)> {
            read(src)
                .records
                .into_iter()
                .map(|r| (r.label, r.section, r.text))
                .collect()
        };
        let row = |label: &str, section: &str, text: &str| {
            (label.to_owned(), vec![section.to_owned()], text.to_owned())
        };
        let want = vec![
            row("1.1", "完善养老服务设施", "制定布局规划"),
            row("1.2", "完善养老服务设施", "新建服务中心"),
            row("2.1", "提升服务质量", "开展等级评定"),
        ];
        // Rows on lines of their own, the titling rows one cell wide.
        let tabbed = "序号\t工作任务\t责任单位\t完成时限\n1\t完善养老服务设施\n\
                      1.1\t制定布局规划\t市自然资源局\t2021年底\n\
                      1.2\t新建服务中心\t市民政局\t2022年底\n\
                      2\t提升服务质量\n2.1\t开展等级评定\t市民政局\t持续推进\n";
        assert_eq!(sub_rows(tabbed), want);
        // One cell per line, tab-led; full-width numbers.
        let tab_led = "\t序号\n\t工作任务\n\t责任单位\n\t完成时限\n\
                       \t１\n\t完善养老服务设施\n\
                       \t１．１\n\t制定布局规划\n\t市自然资源局\n\t2021年底\n\
                       \t１．２\n\t新建服务中心\n\t市民政局\n\t2022年底\n\
                       \t２\n\t提升服务质量\n\
                       \t２．１\n\t开展等级评定\n\t市民政局\n\t持续推进\n";
        let labels: Vec<String> = sub_rows(tab_led).into_iter().map(|r| r.0).collect();
        assert_eq!(labels, ["１．１", "１．２", "２．１"]);
        assert_eq!(
            sub_rows(tab_led)
                .into_iter()
                .map(|r| (r.1, r.2))
                .collect::<Vec<_>>(),
            want.into_iter().map(|r| (r.1, r.2)).collect::<Vec<_>>()
        );
        // Without titling rows, sub-rows still start rows; a number in a
        // cell (3.5 万张) is none.
        let bare = "序号\t工作任务\t具体内容\t责任单位\n1.1\t建设床位\t3.5\t市民政局\n\
                    1.2\t培训护理员\t2000\t市人社局\n";
        let got: Vec<(String, String)> = read(bare)
            .records
            .into_iter()
            .map(|r| (r.label, r.text))
            .collect();
        assert_eq!(
            got,
            [
                ("1.1".to_owned(), "建设床位：3.5".to_owned()),
                ("1.2".to_owned(), "培训护理员：2000".to_owned())
            ]
        );
    }

    #[test]
    fn a_responsibility_column_beside_a_lead_column_holds_participants() {
        let src = "序号\t主要任务\t牵头单位\t责任单位\t完成时限\n\
                   1\t建设中心。\t市民政局\t市财政局\t2020年底\n";
        assert_eq!(columns(&read(src).records[0]), ("市民政局", "市财政局"));
    }

    #[test]
    fn a_header_read_by_its_words_and_repeated_at_a_page_break_is_no_heading() {
        let src = "\t序号\n\t主要任务\n\t主要责任单位\n\t时间要求\n\t1\n\t甲任务。\n\t市民政局\n\t2015年\n\
                   \t序号\n\t主要任务\n\t主要责任单位\n\t时间要求\n\t2\n\t乙任务。\n\t市财政局\n\t持续实施\n";
        let table = read(src);
        let got: Vec<(&str, &[String], &str)> = table
            .records
            .iter()
            .map(|r| {
                (
                    r.text.as_str(),
                    r.section.as_slice(),
                    r.deadline.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("甲任务。", &[][..], "2015年"),
                ("乙任务。", &[][..], "持续实施")
            ]
        );
    }

    #[test]
    fn numbering_that_restarts_and_repeated_headers() {
        let src = "\t序号\n\t工作任务\n\t牵头部门\n\t时间进度\n\t1\n\t甲任务。\n\t市民政局\n\t2015年\n\
                   \t序号\n\t工作任务\n\t牵头部门\n\t时间进度\n\t2\n\t乙任务。\n\t市财政局\n\t持续实施\n\
                   \t1\n\t丙任务。\n\t市人社局\n\t适时实施\n";
        let t = read(src);
        let labels: Vec<&str> = t.records.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["1", "2", "1"]);
        assert_eq!(t.records[2].text, "丙任务。");
    }

    #[test]
    fn the_distribution_list_ends_the_table() {
        let src = "\t序号\n\t工作任务\n\t负责单位\n\t时间进度\n\t1\n\t任务。\n\t牵头单位：市民政局\n\t持续实施\n\n\n抄送：市委各部门。\n";
        let t = read(src);
        assert_eq!(t.records[0].deadline.as_deref(), Some("持续实施"));
    }

    #[test]
    fn no_header_no_table() {
        let kb = Knowledge::bundled().unwrap();
        assert!(read_table(&["一、总体要求", "1.任务"], kb).is_none());
        assert!(read_table(&["序号", "备注"], kb).is_none());
    }

    #[test]
    fn deadline_cells_are_recognised() {
        let kb = Knowledge::bundled().unwrap();
        for yes in [
            "2015年底前出台具体措施",
            "持续推进",
            "适时实施",
            "先行试点",
            "２０１５年上半年",
            "“十四五”期间",
            "2021—2022年",
            "2021年至2022年",
        ] {
            assert!(looks_like_deadline(yes, kb), "{yes}");
        }
        for no in [
            "市民政局",
            "完善长期护理保险制度。",
            "加强老年教育，加快形成以市开放大学为龙头的老年教育办学体系，到2020年全覆盖",
        ] {
            assert!(!looks_like_deadline(no, kb), "{no}");
        }
    }
}
