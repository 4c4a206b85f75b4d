//! Tables whose columns are aligned with spaces, as `pdftotext -layout` and
//! copying out of a PDF viewer leave them:
//!
//! ```text
//! 序号  工作任务                  牵头单位      配合单位            完成时限
//! 1     编制养老服务设施专项规划  市自然资源局  市民政局、市住建局、 2021年6月底前
//!                                               市发改委
//! ```
//!
//! They are rewritten, line for line, into the tab-separated rows the table
//! readers read ("1\t编制…\t市自然资源局\t市民政局、市住建局、市发改委\t2021年6月底前"),
//! so the line numbers stay true: a row's wrapped lines join the row's first
//! line, each piece in the column it stands under, and are left blank.
//!
//! A table starts at a line without tabs that splits into at least three
//! cells at runs of spaces and is a header row of the table readers: the
//! number header (序号) first, or a header without numbers whose every cell
//! the lexicon names (重点任务  牵头单位  配合单位  完成时限). Its columns start
//! where the cells of its complete rows start (a header is often centred
//! over its column). A line that starts with a number opens a row (without
//! numbers, a line of cells side by side whose first starts before the
//! header's second); one indented under the columns goes on with the row;
//! a short line at the left margin is a heading between rows (without
//! numbers, only a numbered heading, 一、 or （一）: other text there is
//! more of the row's task); a line of prose at the margin (a sentence, or
//! a long line) ends the table.

use super::cells::{close_row, OpenRow};
use super::headings::{self, Level};
use super::table::{self, number_value_text, sub_number};
use crate::knowledge::lexicon::ColumnRole;
use crate::knowledge::Knowledge;
use crate::text;

/// A heading between rows is at most this many characters; a longer line at
/// the left margin is prose after the table.
const HEADING_MAX_CHARS: usize = 24;

/// The lines below a header whose rows tell how many columns a table has.
const ROWS_LOOKED_AT: usize = 200;

/// A piece of a line between runs of spaces, and the display column it
/// starts at (a Chinese character is two columns wide).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece<'a> {
    text: &'a str,
    column: usize,
}

/// `lines` with each space-aligned table rewritten into tab-separated rows,
/// or `None` when there is none.
pub fn tabulate(lines: &[&str], kb: &Knowledge) -> Option<Vec<String>> {
    let mut out: Option<Vec<String>> = None;
    let mut i = 0;
    while i < lines.len() {
        let Some((header, start)) = aligned_header(lines[i], kb) else {
            i += 1;
            continue;
        };
        let table = read_table(header, start, &lines[i + 1..]);
        let end = i + 1 + table.rows.len();
        let rewritten = out.get_or_insert_with(|| lines.iter().map(|l| l.to_string()).collect());
        rewritten.splice(i..end, rows(&table));
        i = end;
    }
    out
}

/// The header of an aligned table, when `line` is one: its pieces, and how
/// its rows start.
fn aligned_header<'a>(line: &'a str, kb: &Knowledge) -> Option<(Vec<Piece<'a>>, RowStart)> {
    // Most lines are prose: no gap between cells, nothing to cut.
    if line.contains('\t') || !text::trim(line).contains([' ', '\u{3000}']) {
        return None;
    }
    let pieces = pieces(line);
    let first = pieces.first()?;
    if pieces.len() < 3 {
        return None;
    }
    if kb.lexicon.column_role(first.text) == Some(ColumnRole::Number) {
        return Some((pieces, RowStart::Number));
    }
    let cells: Vec<&str> = pieces.iter().map(|p| p.text).collect();
    let second = pieces.get(1)?.column;
    table::is_header_row(&cells, kb).then_some((pieces, RowStart::Margin(second)))
}

/// How a row's first line is told from the lines that go on with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowStart {
    /// It opens with the row's number.
    Number,
    /// It holds cells side by side, the first starting before this column
    /// (the header's second cell): a table without numbers.
    Margin(usize),
}

impl RowStart {
    fn opens(self, pieces: &[Piece]) -> bool {
        match self {
            RowStart::Number => row_number(pieces).is_some(),
            RowStart::Margin(second) => {
                pieces.len() >= 2 && pieces[0].column < second && has_wide_gaps(pieces)
            }
        }
    }

    /// Whether a line of one piece at the left margin is a heading between
    /// rows: without numbers, only a numbered one is; other text there is
    /// the task's, wrapped.
    fn is_heading(self, piece: &Piece) -> bool {
        match self {
            RowStart::Number => true,
            RowStart::Margin(_) => headings::numbered(piece.text)
                .is_some_and(|n| matches!(n.level, Level::Part | Level::Section)),
        }
    }
}

/// An aligned table: its header, the lines below it up to its end (each
/// cut into pieces once), and how many columns its rows have.
struct Table<'a> {
    header: Vec<Piece<'a>>,
    rows: Vec<Vec<Piece<'a>>>,
    width: usize,
    start: RowStart,
}

/// The table whose header is `header`, read from the lines below it: it
/// ends at the first line of prose at the left margin.
fn read_table<'a>(header: Vec<Piece<'a>>, start: RowStart, below: &[&'a str]) -> Table<'a> {
    let mut rows: Vec<Vec<Piece>> = below
        .iter()
        .take(ROWS_LOOKED_AT)
        .map(|l| pieces(l))
        .collect();
    let width = table_width(&rows, header.len(), start);
    let indent = data_indent(&rows, width, start);
    let mut end = 0;
    loop {
        if end == rows.len() {
            match below.get(end) {
                Some(line) => rows.push(pieces(line)),
                None => break,
            }
        }
        if is_prose(&rows[end], indent, start) {
            break;
        }
        end += 1;
    }
    rows.truncate(end);
    Table {
        header,
        rows,
        width,
        start,
    }
}

/// How many columns the rows have: most often, as many cells as the header;
/// more when a header cell spans several columns (责任单位 over 牵头单位 and
/// 配合单位 on the line below).
fn table_width(rows: &[Vec<Piece>], header_width: usize, start: RowStart) -> usize {
    let mut counts: Vec<usize> = Vec::new();
    for pieces in rows {
        if start.opens(pieces) && has_wide_gaps(pieces) {
            if counts.len() <= pieces.len() {
                counts.resize(pieces.len() + 1, 0);
            }
            counts[pieces.len()] += 1;
        }
    }
    let most_often = (0..counts.len())
        .max_by_key(|&n| (counts[n], n))
        .unwrap_or(0);
    most_often.max(header_width)
}

/// The column where the second column's cells start in the first rows
/// (where a wrapped line's pieces must stand to go on with a row).
fn data_indent(rows: &[Vec<Piece>], width: usize, start: RowStart) -> usize {
    rows.iter()
        .filter(|p| p.len() == width && start.opens(p))
        .filter_map(|p| p.get(1).map(|piece| piece.column))
        .min()
        .unwrap_or(4)
}

/// A line of prose at the left margin: not a row, not a wrapped cell, not a
/// short heading.
fn is_prose(pieces: &[Piece], indent: usize, start: RowStart) -> bool {
    let [only] = pieces else {
        return false;
    };
    only.column < indent
        && !start.opens(pieces)
        && (only.text.contains('。') || only.text.chars().count() > HEADING_MAX_CHARS)
}

/// The table as tab rows, header first, one output line per input line.
fn rows(table: &Table) -> Vec<String> {
    let width = table.width;
    let starts = column_starts(table);
    let mut out: Vec<String> = Vec::with_capacity(table.rows.len() + 1);
    out.push(header_line(&table.header, &starts, width));
    // The row being read: its output line and its cells so far.
    let mut open: OpenRow = None;
    for pieces in &table.rows {
        let heading = pieces.len() == 1
            && pieces[0].column < starts.get(1).copied().unwrap_or(usize::MAX)
            && !table.start.opens(pieces)
            && table.start.is_heading(&pieces[0]);
        if table.start.opens(pieces) {
            close_row(&mut open, &mut out);
            let mut cells = vec![String::new(); width];
            place(pieces, &starts, &mut cells);
            open = Some((out.len(), cells));
            out.push(String::new());
        } else if heading || open.is_none() {
            close_row(&mut open, &mut out);
            out.push(header_line(pieces, &starts, width));
        } else if let Some((_, cells)) = open.as_mut() {
            place(pieces, &starts, cells);
            out.push(String::new());
        }
    }
    close_row(&mut open, &mut out);
    out
}

/// A line that is no row, as a tab line: a header line (or its second line)
/// whose merged cells go over the columns they overlap most, a heading or
/// other text as it stands.
fn header_line(pieces: &[Piece], starts: &[usize], width: usize) -> String {
    if pieces.len() > 1 && pieces.len() != width {
        let mut cells = vec![String::new(); width];
        for piece in pieces {
            cells[column_under(piece, starts).min(width - 1)].push_str(piece.text);
        }
        return cells.join("\t");
    }
    pieces.iter().map(|p| p.text).collect::<Vec<_>>().join("\t")
}

/// Puts each piece into the column it stands under. A row written with
/// single spaces has one piece per column and no positions to go by.
fn place(pieces: &[Piece], starts: &[usize], cells: &mut [String]) {
    let by_order = pieces.len() == cells.len() && !has_wide_gaps(pieces);
    for (i, piece) in pieces.iter().enumerate() {
        let column = if by_order {
            i
        } else {
            column_of(piece.column, starts)
        };
        if let Some(cell) = cells.get_mut(column) {
            cell.push_str(piece.text);
        }
    }
}

/// Whether the pieces were cut at runs of spaces (they carry positions).
fn has_wide_gaps(pieces: &[Piece]) -> bool {
    pieces
        .windows(2)
        .any(|w| w[1].column >= w[0].column + display_width(w[0].text) + 2)
}

/// The column whose start is the last at or before `at` (a cell's text
/// starts at its column, or a little after it).
fn column_of(at: usize, starts: &[usize]) -> usize {
    starts.iter().rposition(|&s| s <= at + 1).unwrap_or(0)
}

/// The column a header cell stands over most: headers are often centred
/// over their column, or over several.
fn column_under(piece: &Piece, starts: &[usize]) -> usize {
    let (from, to) = (piece.column, piece.column + display_width(piece.text));
    (0..starts.len())
        .max_by_key(|&c| {
            let end = starts.get(c + 1).copied().unwrap_or(usize::MAX);
            let overlap = to.min(end).saturating_sub(from.max(starts[c]));
            (overlap, usize::MAX - c)
        })
        .unwrap_or(0)
}

/// Where each column starts: the leftmost start of its cells in the rows
/// with a cell for every column, the header's where there is none.
fn column_starts(table: &Table) -> Vec<usize> {
    let width = table.width;
    let full: Vec<&Vec<Piece>> = table
        .rows
        .iter()
        .filter(|p| p.len() == width && table.start.opens(p) && has_wide_gaps(p))
        .collect();
    if full.is_empty() {
        return table.header.iter().map(|piece| piece.column).collect();
    }
    (0..width)
        .map(|c| full.iter().map(|p| p[c].column).min().unwrap_or(0))
        .collect()
}

/// The row number a line opens with ("1", "12.", "３", or a sub-row's "1.2").
fn row_number(pieces: &[Piece]) -> Option<u32> {
    let first = pieces.first()?.text;
    let number = text::squash(first.split(' ').next().unwrap_or(first));
    number_value_text(&number).or_else(|| sub_number(&number).map(|(_, minor)| minor))
}

/// The pieces of a line: text between runs of two or more spaces (a full-
/// width space counts as two). A line with no such run is cut at single
/// spaces, as a row copied out of a PDF viewer is.
fn pieces(line: &str) -> Vec<Piece<'_>> {
    let wide = split_at_gaps(line, 2);
    if wide.len() > 1 {
        wide
    } else {
        split_at_gaps(line, 1)
    }
}

fn split_at_gaps(line: &str, min_gap: usize) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut column = 0;
    let mut start: Option<(usize, usize)> = None;
    let mut gap = 0;
    let mut end = 0;
    for (at, c) in line.char_indices() {
        // A tab among spaces (rows copied from another source) is a gap too.
        let width = if c == '\t' { 2 } else { char_width(c) };
        if c == ' ' || c == '\u{3000}' || c == '\t' {
            gap += width;
        } else {
            if let Some((from, col)) = start {
                if gap >= min_gap {
                    pieces.push(Piece {
                        text: &line[from..end],
                        column: col,
                    });
                    start = None;
                }
            }
            if start.is_none() {
                start = Some((at, column));
            }
            gap = 0;
            end = at + c.len_utf8();
        }
        column += width;
    }
    if let Some((from, col)) = start {
        pieces.push(Piece {
            text: &line[from..end],
            column: col,
        });
    }
    pieces
}

fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Two columns for the wide characters of CJK text, one for the rest.
fn char_width(c: char) -> usize {
    if c.is_ascii() || ('\u{ff61}'..='\u{ffdc}').contains(&c) {
        1
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().unwrap()
    }

    fn tab(src: &str) -> Option<Vec<String>> {
        tabulate(&text::lines(src), kb())
    }

    #[test]
    fn a_table_without_numbers_opens_a_row_at_each_line_of_cells() {
        let src = "咸宁市养老服务重点任务清单\n\
                   \x20 重点任务                      牵头单位    配合单位              完成时限\n\
                   \x20 建立基本养老服务清单制度      市民政局    市财政局、市发改委、  2022年6月底前\n\
                   \x20                                           市卫健委\n\
                   \x20 推进特困人员供养服务设施改造  市民政局    市住建局              2023年底前\n\
                   \x20 提升\n\
                   \x20 二、人才队伍\n\
                   \x20 实施养老护理员技能提升行动    市人社局    市民政局              持续推进\n\
                   \n\
                   各县市区要结合实际抓好落实，确保各项任务按时完成。\n";
        assert_eq!(
            tab(src).unwrap(),
            [
                "咸宁市养老服务重点任务清单",
                "重点任务\t牵头单位\t配合单位\t完成时限",
                "建立基本养老服务清单制度\t市民政局\t市财政局、市发改委、市卫健委\t2022年6月底前",
                "",
                // Text at the margin goes on with the task; a numbered
                // heading stands between rows.
                "推进特困人员供养服务设施改造提升\t市民政局\t市住建局\t2023年底前",
                "",
                "二、人才队伍",
                "实施养老护理员技能提升行动\t市人社局\t市民政局\t持续推进",
                "",
                "各县市区要结合实际抓好落实，确保各项任务按时完成。",
            ]
        );
        // A line of spaced words that is no header opens no table.
        assert_eq!(tab("工作  任务  说明\n一  二  三\n"), None);
    }

    #[test]
    fn columns_aligned_with_spaces_become_tab_rows_line_for_line() {
        let src = "衡阳市养老服务重点任务清单\n\n\
                   序号    工作任务                  牵头单位      配合单位              完成时限\n\
                   1       编制养老服务设施专项规划  市自然资源局  市民政局、市住建局、  2021年6月底前\n\
                   \x20                                                  市发改委\n\
                   2       开展特困供养机构改造      市民政局                            2022年底前\n\
                   \x20       提升\n\
                   二、医养结合\n\
                   3       推进医养结合              市卫生健康委  市民政局              持续推进\n\
                   \n\
                   各县市区要结合实际抓好落实，确保各项任务按时完成。\n\
                   附件  其他  材料\n";
        assert_eq!(
            tab(src).unwrap(),
            [
                "衡阳市养老服务重点任务清单",
                "",
                "序号\t工作任务\t牵头单位\t配合单位\t完成时限",
                "1\t编制养老服务设施专项规划\t市自然资源局\t市民政局、市住建局、市发改委\t2021年6月底前",
                "",
                "2\t开展特困供养机构改造提升\t市民政局\t\t2022年底前",
                "",
                "二、医养结合",
                "3\t推进医养结合\t市卫生健康委\t市民政局\t持续推进",
                "",
                "各县市区要结合实际抓好落实，确保各项任务按时完成。",
                "附件  其他  材料",
            ]
        );
    }

    #[test]
    fn sub_rows_numbered_1_1_open_rows() {
        let src = "序号    工作任务                  责任单位      完成时限\n\
                   1       完善养老服务设施\n\
                   1.1     制定设施布局规划          市自然资源局  2021年底\n\
                   1.2     新建社区养老服务中心      市民政局      2022年底\n\
                   2       提升养老服务质量\n\
                   2.1     开展养老机构等级评定      市民政局      持续推进\n";
        assert_eq!(
            tab(src).unwrap(),
            [
                "序号\t工作任务\t责任单位\t完成时限",
                "1\t完善养老服务设施\t\t",
                "1.1\t制定设施布局规划\t市自然资源局\t2021年底",
                "1.2\t新建社区养老服务中心\t市民政局\t2022年底",
                "2\t提升养老服务质量\t\t",
                "2.1\t开展养老机构等级评定\t市民政局\t持续推进",
            ]
        );
    }

    #[test]
    fn a_header_cell_over_two_columns_keeps_its_parts_in_place() {
        let src = "序号          重点任务                  责任单位                 完成时限\n\
                   \x20                                  牵头单位      配合单位\n\
                   1       编制养老服务设施专项规划  市自然资源局  市民政局      2021年底前\n\
                   2       推进医养结合              市卫生健康委  市医保局      持续推进\n";
        assert_eq!(
            tab(src).unwrap(),
            [
                "序号\t重点任务\t责任单位\t\t完成时限",
                "\t\t牵头单位\t配合单位\t",
                "1\t编制养老服务设施专项规划\t市自然资源局\t市民政局\t2021年底前",
                "2\t推进医养结合\t市卫生健康委\t市医保局\t持续推进",
            ]
        );
    }

    #[test]
    fn rows_with_tabs_under_a_header_aligned_with_spaces() {
        let src = "序号  工作任务  牵头单位\n1\t建立制度\t市民政局\n";
        assert_eq!(
            tab(src).unwrap(),
            ["序号\t工作任务\t牵头单位", "1\t建立制度\t市民政局"]
        );
    }

    #[test]
    fn rows_copied_with_single_spaces_keep_their_order() {
        let src = "序号 工作任务 牵头单位 完成时限\n1 建立评估制度 市民政局 2021年底前\n";
        assert_eq!(
            tab(src).unwrap(),
            [
                "序号\t工作任务\t牵头单位\t完成时限",
                "1\t建立评估制度\t市民政局\t2021年底前"
            ]
        );
    }

    #[test]
    fn full_width_spaces_are_gaps_and_tabbed_tables_are_left_alone() {
        let src = "序号　　工作任务　　牵头单位\n1　　　建立制度　　市民政局\n";
        assert_eq!(
            tab(src).unwrap(),
            ["序号\t工作任务\t牵头单位", "1\t建立制度\t市民政局"]
        );
        assert_eq!(
            tab("序号\t工作任务\t牵头单位\n1\t建立制度\t市民政局\n"),
            None
        );
        assert_eq!(tab("一、总体要求\n序号是一个词。\n"), None);
    }
}
