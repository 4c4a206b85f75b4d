//! Tables written with delimiters, as converters and spreadsheets leave them:
//!
//! ```text
//! | 序号 | 主要任务 | 牵头部门 | 时间进度 |        pipe rows (Markdown, org-mode,
//! | --- | --- | --- | --- |                      pandoc's grid tables, box
//! | 1 | 完善养老服务设施 | 市民政局 | 2022年底前 |   drawing │, full-width ｜)
//!
//! 序号,重点任务,责任单位,完成时限                  comma-separated values
//! 1,"建立…制度，全面开展评估。",市民政局,2021年底前   (a table saved as CSV)
//! ```
//!
//! They are rewritten, line for line, into the tab-separated rows the table
//! readers read, so the line numbers stay true: rules ("| --- |", "+----+")
//! become blank lines, and a row written over several lines (a grid table's
//! row between two rules, a quoted CSV field holding line breaks) is joined
//! on its first line, the lines after it left blank. Chinese needs no space
//! where a cell's lines join, as in the other table shapes.

use super::cells::{close_row, OpenRow};
use super::table;
use crate::knowledge::Knowledge;
use crate::text;

/// The characters that separate cells in a pipe row.
const DELIMITERS: &[char] = &['|', '│', '┃', '║', '｜'];

/// The characters a rule line is drawn with (with the delimiters and blanks).
const RULE_CHARS: &[char] = &[
    '-', ':', '+', '=', '─', '━', '═', '┼', '┬', '┴', '├', '┤', '┌', '┐', '└', '┘', '╋', '╪', '╞',
    '╡', '╔', '╗', '╚', '╝', '╠', '╣', '╦', '╩', '╬',
];

/// `lines` with each pipe table and each comma-separated table rewritten
/// into tab-separated rows, or `None` when there is none.
pub fn tabulate(lines: &[&str], kb: &Knowledge) -> Option<Vec<String>> {
    let mut out: Option<Vec<String>> = None;
    let mut i = 0;
    while i < lines.len() {
        let block = if is_pipe_line(lines[i]) {
            pipe_block(&lines[i..], is_pipe_line)
        } else if is_bare_pipe_header(lines[i], kb) {
            pipe_block(&lines[i..], |l| l.contains(DELIMITERS) || is_rule(l))
        } else if is_csv_header(lines[i], kb) {
            csv_block(&lines[i..])
        } else {
            None
        };
        let Some(rows) = block else {
            i += 1;
            continue;
        };
        let end = i + rows.len();
        let rewritten = out.get_or_insert_with(|| lines.iter().map(|l| l.to_string()).collect());
        if !lines[i].contains(DELIMITERS) {
            // A spreadsheet's title rows above its table: their text alone.
            for line in &mut rewritten[..i] {
                if let Some(cell) = lone_cell(line) {
                    *line = cell.to_owned();
                }
            }
        }
        rewritten.splice(i..end, rows);
        i = end.max(i + 1);
    }
    out
}

/// A row or a rule of a pipe table.
fn is_pipe_line(line: &str) -> bool {
    text::trim(line).starts_with(DELIMITERS) || is_rule(line)
}

/// The header of a pipe table written without its outer bars, as Markdown
/// allows ("序号 | 工作任务 | 责任单位", "重点任务 | 牵头单位 | 完成时限").
fn is_bare_pipe_header(line: &str, kb: &Knowledge) -> bool {
    if !line.contains(DELIMITERS) {
        return false;
    }
    let cells = pipe_cells(line);
    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
    table::is_header_row(&cells, kb)
}

/// A line drawn between rows: "| --- | :---: |", "+----+----+", "├──┼──┤".
fn is_rule(line: &str) -> bool {
    let t = text::trim(line);
    // Prose fails the first test at its first character.
    t.chars()
        .all(|c| RULE_CHARS.contains(&c) || DELIMITERS.contains(&c) || text::is_blank_char(c))
        && t.chars()
            .any(|c| RULE_CHARS.contains(&c) && c != ':' && c != '+')
}

/// The cells of a pipe row, trimmed: "| 1 | 任务 |" → ["1", "任务"].
fn pipe_cells(line: &str) -> Vec<String> {
    let t = text::trim(line);
    let t = t.strip_prefix(DELIMITERS).unwrap_or(t);
    let t = t.strip_suffix(DELIMITERS).unwrap_or(t);
    t.split(DELIMITERS)
        .map(|c| text::trim(c).replace("<br>", "").replace("<br/>", ""))
        .collect()
}

/// The tab rows of the pipe table starting at `lines[0]`, one per line, up
/// to the first line that is `in_table` no more. A table drawn with
/// rules between its rows (a grid table) may write a row over several lines:
/// they are joined cell by cell.
fn pipe_block(lines: &[&str], in_table: impl Fn(&str) -> bool) -> Option<Vec<String>> {
    let len = lines
        .iter()
        .position(|l| !in_table(l))
        .unwrap_or(lines.len());
    let block = &lines[..len];
    let rows = block.iter().filter(|l| !is_rule(l)).count();
    if rows < 2 {
        return None;
    }
    let grid = ruled_between_rows(block);
    let mut out: Vec<String> = Vec::with_capacity(len);
    let mut open: OpenRow = None;
    for line in block {
        if is_rule(line) {
            close_row(&mut open, &mut out);
            out.push(String::new());
            continue;
        }
        let cells = pipe_cells(line);
        if !grid {
            out.push(cells.join("\t"));
            continue;
        }
        match open.as_mut() {
            Some((_, joined)) => {
                for (k, cell) in cells.into_iter().enumerate() {
                    match joined.get_mut(k) {
                        Some(j) => j.push_str(&cell),
                        None => joined.push(cell),
                    }
                }
            }
            None => open = Some((out.len(), cells)),
        }
        out.push(String::new());
    }
    close_row(&mut open, &mut out);
    Some(out)
}

/// Whether rules stand between data rows, not only under the header: then
/// the lines between two rules are one row.
fn ruled_between_rows(block: &[&str]) -> bool {
    let first_row = block.iter().position(|l| !is_rule(l));
    let after_header = first_row.and_then(|h| {
        block[h + 1..]
            .iter()
            .position(|l| !is_rule(l))
            .map(|k| h + 1 + k)
    });
    after_header.is_some_and(|second_row| block[second_row..].iter().any(|l| is_rule(l)))
        && block.iter().filter(|l| is_rule(l)).count() >= 3
}

/// The header of a comma-separated table, as `table::is_header_row` tells.
fn is_csv_header(line: &str, kb: &Knowledge) -> bool {
    if line.contains('\t') || line.matches(',').count() < 2 {
        return false;
    }
    // Prose with commas is common: its first field rules it out unparsed.
    let first = line.split(',').next().unwrap_or("");
    if kb
        .lexicon
        .column_role(text::trim(first).trim_matches('"'))
        .is_none()
    {
        return false;
    }
    let Some((_, fields)) = csv_records(line).next() else {
        return false;
    };
    let fields: Vec<&str> = fields.iter().map(|f| f.as_ref()).collect();
    table::is_header_row(&fields, kb)
}

/// The tab rows of the comma-separated table whose header is `lines[0]`, one
/// per line, up to the first line of prose (a record of one field) or the
/// end. A record whose quoted fields hold line breaks stands on its first
/// line; a record of one cell ("一、居家养老,,,") is a heading.
fn csv_block(lines: &[&str]) -> Option<Vec<String>> {
    let text = lines.join("\n");
    let mut out: Vec<String> = Vec::new();
    let mut end = lines.len();
    for (line, fields) in csv_records(&text) {
        let filled: Vec<&String> = fields.iter().filter(|f| !f.is_empty()).collect();
        if fields.len() == 1 && !fields[0].is_empty() {
            end = line;
            break;
        }
        // Lines a record covered before this one, and blank lines, stay blank.
        while out.len() < line {
            out.push(String::new());
        }
        out.push(match filled.as_slice() {
            [only] if !fields[0].is_empty() => (*only).clone(),
            _ => fields.join("\t"),
        });
    }
    out.resize(end, String::new());
    (out.iter().filter(|l| l.contains('\t')).count() >= 2).then_some(out)
}

/// A spreadsheet row of one cell, "宜昌市养老服务任务分工表,,,": its text.
fn lone_cell(line: &str) -> Option<&str> {
    let t = text::trim(line);
    let cell = t.trim_end_matches(',');
    (cell.len() < t.len() && !cell.is_empty() && !cell.contains(',')).then_some(cell)
}

/// The records of a comma-separated text, read as they are asked for: the
/// (0-based) line each starts on, and its fields, trimmed, line breaks
/// inside a field joined. A malformed record (an unclosed quote) ends them.
fn csv_records(text: &str) -> impl Iterator<Item = (usize, Vec<String>)> + '_ {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records()
        .map_while(Result::ok)
        .map(|record| {
            let line = record.position().map_or(0, |p| {
                usize::try_from(p.line()).unwrap_or(0).saturating_sub(1)
            });
            let fields = record
                .iter()
                .map(|f| f.lines().map(text::trim).collect::<Vec<_>>().concat())
                .collect();
            (line, fields)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().expect("bundled knowledge")
    }

    fn tab(text: &str) -> Option<Vec<String>> {
        let lines = text::lines(text);
        tabulate(&lines, kb())
    }

    #[test]
    fn markdown_rows_become_tab_rows_line_for_line() {
        let src = "分工方案\n\n| 序号 | 主要任务 | 牵头部门 | 时间进度 |\n| --- | :--- | --- | ---: |\n\
                   | 1 | 完善养老服务设施 | 市民政局 | 2022年底前 |\n|2|推进医养结合|市卫健委|持续推进|\n\n此后正文。";
        let rows = tab(src).expect("a pipe table");
        assert_eq!(
            rows,
            [
                "分工方案",
                "",
                "序号\t主要任务\t牵头部门\t时间进度",
                "",
                "1\t完善养老服务设施\t市民政局\t2022年底前",
                "2\t推进医养结合\t市卫健委\t持续推进",
                "",
                "此后正文。"
            ]
        );
    }

    #[test]
    fn box_drawing_and_full_width_bars_are_delimiters_too() {
        let src = "┌──┬────┐\n│序号│工作任务│\n├──┼────┤\n│1│建立制度│\n└──┴────┘";
        let rows = tab(src).expect("a box table");
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[1], "序号\t工作任务");
        assert_eq!(rows[3], "1\t建立制度");
        let rows = tab("｜序号｜工作任务｜\n｜1｜建立制度｜").expect("full-width bars");
        assert_eq!(rows, ["序号\t工作任务", "1\t建立制度"]);
    }

    #[test]
    fn a_grid_table_row_over_several_lines_joins_on_its_first_line() {
        let src = "+----+----------+--------+\n| 序号 | 工作任务 | 责任单位 |\n+====+==========+========+\n\
                   | 1  | 编制养老服务设 | 市民政局、 |\n|    | 施专项规划   | 市住建局 |\n+----+----------+--------+\n\
                   | 2  | 推进医养结合 | 市卫健委 |\n+----+----------+--------+";
        let rows = tab(src).expect("a grid table");
        assert_eq!(
            rows,
            [
                "",
                "序号\t工作任务\t责任单位",
                "",
                "1\t编制养老服务设施专项规划\t市民政局、市住建局",
                "",
                "",
                "2\t推进医养结合\t市卫健委",
                ""
            ]
        );
    }

    #[test]
    fn a_markdown_table_without_outer_bars_starts_at_its_number_header() {
        let src = "序号 | 工作任务 | 牵头单位\n--- | --- | ---\n1 | 建立制度 | 市民政局\n2 | 推进医养结合 | 市卫健委\n正文。";
        assert_eq!(
            tab(src).expect("a bare pipe table"),
            [
                "序号\t工作任务\t牵头单位",
                "",
                "1\t建立制度\t市民政局",
                "2\t推进医养结合\t市卫健委",
                "正文。"
            ]
        );
        // A table without numbers starts at a header whose cells are all
        // named, one of them who does the task.
        assert_eq!(
            tab("工作任务 | 牵头单位 | 时限\n建立制度 | 市民政局 | 2021年"),
            Some(vec![
                "工作任务\t牵头单位\t时限".to_owned(),
                "建立制度\t市民政局\t2021年".to_owned()
            ])
        );
        assert_eq!(
            tab("工作任务 | 预期成果 | 牵头单位\n建立制度 | 好 | 市民政局"),
            None
        );
        assert_eq!(
            tab("工作任务 | 完成时限 | 备注\n建立制度 | 2021年 | 无"),
            None
        );
    }

    #[test]
    fn one_pipe_line_or_a_rule_alone_is_no_table() {
        assert_eq!(tab("| 注：本表由市民政局负责解释 |\n正文。"), None);
        assert_eq!(tab("——————————\n正文。"), None);
        assert_eq!(tab("正文 | 不是表格 | 没有开头的竖线。"), None);
    }

    #[test]
    fn comma_separated_rows_become_tab_rows() {
        let src = "宜昌市养老服务任务分工表,,,\n序号,重点任务,责任单位,完成时限\n\
                   1,建立评估制度。,市民政局、市卫生健康委,2021年12月底前\n\
                   2,\"实施适老化改造，改造1000户。\",市民政局,2022年底前\n";
        let rows = tab(src).expect("a CSV table");
        assert_eq!(
            rows,
            [
                "宜昌市养老服务任务分工表",
                "序号\t重点任务\t责任单位\t完成时限",
                "1\t建立评估制度。\t市民政局、市卫生健康委\t2021年12月底前",
                "2\t实施适老化改造，改造1000户。\t市民政局\t2022年底前",
            ]
        );
    }

    #[test]
    fn a_quoted_field_over_lines_stands_on_its_records_first_line() {
        let src = "序号,重点任务,责任单位\n1,\"建立评估制度，\n全面开展评估。\",\"市民政局\n市卫生健康委\"\n\
                   一、医养结合,,\n2,推进医养结合,市卫健委\n宜昌市民政局\n";
        let rows = tab(src).expect("a CSV table");
        assert_eq!(
            rows,
            [
                "序号\t重点任务\t责任单位",
                "1\t建立评估制度，全面开展评估。\t市民政局市卫生健康委",
                "",
                "",
                "一、医养结合",
                "2\t推进医养结合\t市卫健委",
                "宜昌市民政局",
            ]
        );
    }

    #[test]
    fn commas_in_prose_or_a_header_without_bodies_are_no_table() {
        assert_eq!(tab("坚持政府主导,社会参与,全民行动。\n正文。"), None);
        assert_eq!(tab("工作任务,完成时限,备注\n建立制度,2021年,无\n"), None);
        assert_eq!(
            tab("工作任务,责任单位,完成时限\n建立制度,市民政局,2021年\n"),
            Some(vec![
                "工作任务\t责任单位\t完成时限".to_owned(),
                "建立制度\t市民政局\t2021年".to_owned()
            ])
        );
    }
}
