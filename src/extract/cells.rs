//! Table cells from text that was copied out of a table.
//!
//! Two shapes occur. In the tab-led shape every cell starts on a line that
//! begins with a tab and runs on over the following lines that do not (a
//! cell broken over lines, "市民政局\n（老龄办）"); a line that is only a tab
//! is an empty cell. In the plain shape each non-blank line is a cell. In both,
//! tabs inside a line separate cells written on one line ("1\t任务\t市民政局").

use crate::text;

/// One cell: its text (lines joined with `\n`, each trimmed) and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub first_line: usize,
    pub last_line: usize,
}

impl Cell {
    fn new(text: &str, line: usize) -> Cell {
        Cell {
            text: text::trim(text).to_owned(),
            first_line: line,
            last_line: line,
        }
    }

    /// An empty cell standing on `line`.
    pub fn blank(line: usize) -> Cell {
        Cell::new("", line)
    }

    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// The text on one line, blanks inside removed: the form for matching.
    pub fn squashed(&self) -> String {
        text::squash(&self.text)
    }

    /// The text with its line breaks joined (Chinese needs no space).
    pub fn joined(&self) -> String {
        self.text
            .split('\n')
            .map(text::trim)
            .collect::<Vec<_>>()
            .concat()
    }

    fn append(&mut self, line_text: &str, line: usize) {
        let t = text::trim(line_text);
        if t.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(t);
        self.last_line = line;
    }
}

/// A row being rewritten onto one line of tab-separated cells, as the
/// readers of aligned and delimited tables write them: the output line it
/// stands on and its cells so far (a row written over several lines joins
/// on its first).
pub type OpenRow = Option<(usize, Vec<String>)>;

/// Writes the open row, if any, onto its line of `out`.
pub fn close_row(open: &mut OpenRow, out: &mut [String]) {
    if let Some((at, cells)) = open.take() {
        if let Some(line) = out.get_mut(at) {
            *line = cells.join("\t");
        }
    }
}

/// True when most non-blank lines begin with a tab and hold one cell: a
/// line that holds more ("\t2\t任务\t市民政局", a row whose first cell is
/// blank) is a row of its own.
pub fn is_tab_led(lines: &[&str]) -> bool {
    let non_blank: Vec<&&str> = lines.iter().filter(|l| !text::trim(l).is_empty()).collect();
    let tab_led = non_blank
        .iter()
        .filter(|l| l.starts_with('\t') && !text::trim(l).contains('\t'))
        .count();
    !non_blank.is_empty() && tab_led * 2 >= non_blank.len()
}

/// The cells of `lines`, whose first line is line number `first_line_no` (1-based).
pub fn cells(lines: &[&str], first_line_no: usize, tab_led: bool) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let no = first_line_no + i;
        let starts_cell = !tab_led || line.starts_with('\t');
        if !starts_cell {
            // A continuation of the previous cell (or prose before the table).
            match out.last_mut() {
                Some(cell) => cell.append(line, no),
                None if !text::trim(line).is_empty() => out.push(Cell::new(line, no)),
                None => {}
            }
            continue;
        }
        let body = line.trim_start_matches('\t');
        if !tab_led && text::trim(body).is_empty() {
            continue;
        }
        out.extend(body.split('\t').map(|part| Cell::new(part, no)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(cells: &[Cell]) -> Vec<&str> {
        cells.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn tab_led_cells_run_on_over_untabbed_lines() {
        let lines = [
            "\t4",
            "\t落实好高龄老人津贴制度。",
            "\t市民政局",
            "（老龄办）",
            "\t县（市、区）政府",
            "",
            "\t",
            "\t5",
        ];
        let cells = cells(&lines, 10, true);
        assert_eq!(
            texts(&cells),
            vec![
                "4",
                "落实好高龄老人津贴制度。",
                "市民政局\n（老龄办）",
                "县（市、区）政府",
                "",
                "5"
            ]
        );
        assert_eq!((cells[2].first_line, cells[2].last_line), (12, 13));
        assert_eq!(cells[2].joined(), "市民政局（老龄办）");
    }

    #[test]
    fn a_cell_broken_by_blank_lines_stays_one_cell() {
        let lines = ["\t市 委", "", "宣传部", "\t市文明办"];
        let cells = cells(&lines, 1, true);
        assert_eq!(texts(&cells), vec!["市 委\n宣传部", "市文明办"]);
        assert_eq!(cells[0].squashed(), "市委宣传部");
    }

    #[test]
    fn plain_lines_and_tab_separated_rows() {
        let lines = ["序号\t工作任务\t牵头部门", "", "1\t建立制度\t市民政局"];
        assert!(!is_tab_led(&lines));
        let cells = cells(&lines, 1, false);
        assert_eq!(
            texts(&cells),
            vec!["序号", "工作任务", "牵头部门", "1", "建立制度", "市民政局"]
        );
    }

    #[test]
    fn detects_the_tab_led_shape() {
        assert!(is_tab_led(&["\t1", "\t任务", "续行", "\t市民政局"]));
        assert!(!is_tab_led(&["1", "任务", "市民政局"]));
        assert!(!is_tab_led(&[]));
        assert!(!is_tab_led(&["\t2\t任务\t市民政局", "\t3\t任务\t市财政局"]));
    }
}
