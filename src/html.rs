//! Web pages as text: a policy published as an HTML page is laid out as the
//! lines a reader sees, so that the readers downstream take it as they take
//! a text file. Parsing is html5ever's (through `scraper`); this module only
//! walks the tree:
//!
//! - a block (p, div, h1 …, li) or a `<br>` ends a line, and an item of an
//!   ordered list starts with its number ("1."), as a browser shows it;
//! - a row of a data table is one line of tab-separated cells, as a table
//!   copied from a word processor is; `colspan` and `rowspan` keep every
//!   cell under its header: a spanned cell is empty, but one that a cell of
//!   a numbered row spans down into, past the first column, says "as above"
//!   (〃), as a typist fills a merged cell's rows: a time limit or a lead
//!   merged over two tasks is both tasks'. The first column is left empty,
//!   as its merged number or category goes on in the rows below;
//! - a table that holds another table lays out a page, not data: its cells
//!   are blocks;
//! - the head, scripts and styles are left out, and whitespace is squashed
//!   as a browser does (none between two Chinese characters: a line break in
//!   the source is no space on the page), but in `<pre>`, whose lines, blank
//!   ones and tabs are kept.

use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{Html, Node, Selector};

/// Whether a text is a web page rather than a document's text.
pub fn is_html(text: &str) -> bool {
    let start: String = text
        .trim_start()
        .chars()
        .take(256)
        .collect::<String>()
        .to_ascii_lowercase();
    let opens_a_page = ["<!doctype html", "<html", "<head", "<body", "<meta"]
        .iter()
        .any(|tag| start.starts_with(tag));
    opens_a_page || (start.starts_with("<?xml") && start.contains("<html"))
}

/// The lines of a web page, joined with newlines.
pub fn to_text(page: &str) -> String {
    let html = Html::parse_document(page);
    let mut layout = Layout::default();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => layout.open(node),
            Edge::Close(node) => layout.close(node),
        }
    }
    layout.end_line();
    layout.out
}

/// The page's `<title>`, as the browser's tab shows it, without the site's
/// name after it ("关于…的通知_宜昌市人民政府门户网站" → "关于…的通知").
pub fn tab_title(page: &str) -> Option<String> {
    let html = Html::parse_document(page);
    let selector = Selector::parse("title").ok()?;
    let title: String = html.select(&selector).next()?.text().collect();
    let name = title
        .split(['_', '|', '｜'])
        .next()
        .and_then(|t| t.split(" - ").next())
        .map(joined_in_chinese)
        .unwrap_or_default();
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Elements whose content is not on the page.
const HIDDEN: &[&str] = &["head", "script", "style", "noscript", "template", "title"];

/// Elements that stand on lines of their own.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

#[derive(Default)]
struct Layout {
    out: String,
    /// The line being written outside table cells.
    line: String,
    /// Inside a hidden element, how deep.
    hidden: usize,
    /// Inside `<pre>`, how deep.
    pre: usize,
    /// The tables open, innermost last: whether each lays out data.
    tables: Vec<DataTable>,
    /// The lists open, innermost last: the next item's number in an ordered
    /// one.
    lists: Vec<Option<u64>>,
}

/// A data table being laid out.
#[derive(Default)]
struct DataTable {
    is_data: bool,
    /// The cells of the row being read.
    row: Vec<String>,
    /// The cell being read.
    cell: Option<String>,
    /// For each column, the cell above that the rows below still belong to
    /// (rowspan).
    spanned: Vec<Span>,
    /// Whether a row of data, one with a number cell, has been read: spans
    /// in the header rows above it leave empty cells.
    in_body: bool,
    /// The columns of the row being read whose cells span rows below.
    opened: Vec<usize>,
}

/// A cell spanning rows: how many more, and what they show.
#[derive(Default, Clone, Copy)]
struct Span {
    rows: usize,
    shows: &'static str,
}

/// What a row shows in a column that a data cell above spans into: a ditto
/// mark, which the table readers take as the text of the cell above.
const AS_ABOVE: &str = "〃";

impl DataTable {
    /// Empty cells for the columns a cell above spans into, at the row's
    /// current end.
    fn fill_spanned(&mut self) {
        while let Some(span) = self.spanned.get_mut(self.row.len()) {
            if span.rows == 0 {
                break;
            }
            span.rows -= 1;
            self.row.push(span.shows.to_owned());
        }
    }

    /// Ends the row being read: a row with a number cell starts the data,
    /// and the cells of a data row that span rows below say "as above" there.
    fn close_row(&mut self) {
        self.in_body |= self.row.iter().any(|c| is_number(c));
        for column in std::mem::take(&mut self.opened) {
            if let Some(span) = self.spanned.get_mut(column) {
                span.shows = if self.in_body { AS_ABOVE } else { "" };
            }
        }
    }
}

impl Layout {
    fn open(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Element(e) => {
                let name = e.name();
                if self.hidden > 0 || HIDDEN.contains(&name) {
                    self.hidden += 1;
                    return;
                }
                match name {
                    "table" => {
                        self.break_line();
                        let is_data = holds_data(node);
                        self.tables.push(DataTable {
                            is_data,
                            ..DataTable::default()
                        });
                    }
                    "tr" if self.in_data_table() => {
                        self.break_line();
                        if let Some(t) = self.tables.last_mut() {
                            t.row.clear();
                            t.opened.clear();
                        }
                    }
                    "td" | "th" if self.in_data_table() => {
                        if let Some(t) = self.tables.last_mut() {
                            t.fill_spanned();
                            t.cell = Some(String::new());
                        }
                    }
                    "pre" => {
                        self.break_line();
                        self.pre += 1;
                    }
                    "ol" | "ul" => {
                        self.break_line();
                        let start = e.attr("start").and_then(|v| v.trim().parse().ok());
                        self.lists.push((name == "ol").then(|| start.unwrap_or(1)));
                    }
                    "li" => {
                        self.break_line();
                        if let Some(Some(number)) = self.lists.last_mut() {
                            let label = format!("{number}.");
                            *number += 1;
                            self.write(&label);
                        }
                    }
                    // A cell of a table that lays out the page is a block.
                    "br" | "tr" | "td" | "th" => self.break_line(),
                    _ if BLOCKS.contains(&name) => self.break_line(),
                    _ => {}
                }
            }
            Node::Text(text) if self.hidden == 0 => self.write(&text[..]),
            _ => {}
        }
    }

    fn close(&mut self, node: NodeRef<'_, Node>) {
        let Node::Element(e) = node.value() else {
            return;
        };
        let name = e.name();
        if self.hidden > 0 {
            self.hidden -= 1;
            return;
        }
        match name {
            "table" => {
                self.end_line();
                self.tables.pop();
                // A blank line after a table, as after one in a text file.
                if !self.out.is_empty() && !self.out.ends_with("\n\n") {
                    self.out.push('\n');
                }
            }
            "td" | "th" if self.in_data_table() => {
                let span = |attribute: &str| {
                    e.attr(attribute)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .map_or(1, |n| n.clamp(1, MAX_SPAN))
                };
                let (columns, rows) = (span("colspan"), span("rowspan"));
                if let Some(t) = self.tables.last_mut() {
                    let text = joined_in_chinese(&t.cell.take().unwrap_or_default());
                    for k in 0..columns {
                        let column = t.row.len();
                        if t.spanned.len() <= column {
                            t.spanned.resize(column + 1, Span::default());
                        }
                        t.spanned[column] = Span {
                            rows: rows - 1,
                            shows: "",
                        };
                        let text = text.trim();
                        if k == 0 && rows > 1 && column > 0 && !text.is_empty() {
                            t.opened.push(column);
                        }
                        t.row.push(if k == 0 {
                            text.to_owned()
                        } else {
                            String::new()
                        });
                    }
                }
            }
            "tr" if self.in_data_table() => {
                if let Some(t) = self.tables.last_mut() {
                    t.fill_spanned();
                    t.close_row();
                    let row = std::mem::take(&mut t.row);
                    if row.iter().any(|c| !c.is_empty()) {
                        self.out.push_str(&row.join("\t"));
                        self.out.push('\n');
                    }
                }
            }
            "br" => {}
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                // Its last line as written, blanks and all.
                if !self.in_cell() && !self.line.is_empty() {
                    self.out.push_str(&self.line);
                    self.out.push('\n');
                    self.line.clear();
                }
                self.break_line();
            }
            "ol" | "ul" => {
                self.lists.pop();
                self.break_line();
            }
            "tr" | "td" | "th" => self.break_line(),
            _ if BLOCKS.contains(&name) => self.break_line(),
            _ => {}
        }
    }

    fn in_cell(&self) -> bool {
        matches!(
            self.tables.last(),
            Some(DataTable {
                is_data: true,
                cell: Some(_),
                ..
            })
        )
    }

    fn in_data_table(&self) -> bool {
        self.tables.last().is_some_and(|t| t.is_data)
    }

    /// Where text goes: the open cell of a data table, else the line.
    fn target(&mut self) -> &mut String {
        match self.tables.last_mut() {
            Some(DataTable {
                is_data: true,
                cell: Some(cell),
                ..
            }) => cell,
            _ => &mut self.line,
        }
    }

    fn write(&mut self, text: &str) {
        if self.pre > 0 && !self.in_cell() {
            for line in text.split_inclusive('\n') {
                self.line.push_str(line.trim_end_matches(['\n', '\r']));
                if line.ends_with('\n') {
                    self.out.push_str(&self.line);
                    self.out.push('\n');
                    self.line.clear();
                }
            }
            return;
        }
        let target = self.target();
        let mut blank = false;
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{3000}' {
                blank = true;
                continue;
            }
            if blank {
                // No space at a line's start, after one, or between two
                // Chinese characters.
                let between_chinese = |l: char| is_cjk(l) && is_cjk(c);
                if target
                    .chars()
                    .last()
                    .is_some_and(|l| !(l.is_whitespace() || between_chinese(l)))
                {
                    target.push(' ');
                }
            }
            blank = false;
            target.push(c);
        }
        if blank
            && target
                .chars()
                .last()
                .is_some_and(|l| !is_cjk(l) && !l.is_whitespace())
        {
            target.push(' ');
        }
    }

    /// Ends the line (a block or `<br>`); inside a cell, a blank instead,
    /// since a row is one line.
    fn break_line(&mut self) {
        if self.in_cell() {
            let target = self.target();
            if target.chars().last().is_some_and(|c| !c.is_whitespace()) {
                target.push(' ');
            }
        } else {
            self.end_line();
        }
    }

    fn end_line(&mut self) {
        let line = self.line.trim();
        if !line.is_empty() {
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.line.clear();
    }
}

/// Whether a table holds data, not the layout of a page: it holds no table
/// and has a row of two cells or more (a page framed in one cell is layout).
fn holds_data(table: NodeRef<'_, Node>) -> bool {
    let named = |n: &NodeRef<'_, Node>, names: &[&str]| {
        n.value()
            .as_element()
            .is_some_and(|e| names.contains(&e.name()))
    };
    let mut inner = table.descendants().skip(1);
    if inner.any(|d| named(&d, &["table"])) {
        return false;
    }
    table
        .descendants()
        .filter(|d| named(d, &["tr"]))
        .any(|row| row.children().filter(|c| named(c, &["td", "th"])).count() >= 2)
}

/// Whether a cell is a row's number: 1 to 3 digits, half or full width.
fn is_number(cell: &str) -> bool {
    let n = cell.chars().count();
    (1..=3).contains(&n)
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// The largest colspan or rowspan taken as written (HTML caps them too).
const MAX_SPAN: usize = 1000;

/// A cell's text with the blanks its paragraphs and breaks left beside a
/// Chinese character taken out, as between lines of the source: Chinese
/// sets no space before or after a figure either ("2021年<br>12月底前" is
/// 2021年12月底前).
fn joined_in_chinese(cell: &str) -> String {
    let chars: Vec<char> = cell.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| {
            let beside = |n: Option<&char>| n.is_some_and(|n| !n.is_whitespace());
            let (before, after) = (
                i.checked_sub(1).and_then(|b| chars.get(b)),
                chars.get(i + 1),
            );
            !(*c == ' '
                && beside(before)
                && beside(after)
                && (before.is_some_and(|b| is_cjk(*b)) || after.is_some_and(|a| is_cjk(*a))))
        })
        .map(|(_, c)| *c)
        .collect()
}

/// Chinese characters and full-width punctuation, between which a line
/// break of the source is no space.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_pages_not_texts() {
        assert!(is_html("<!DOCTYPE html><html><body>x</body></html>"));
        assert!(is_html("  <html lang=\"zh\">"));
        assert!(is_html("<meta charset=\"gbk\"><p>x</p>"));
        assert!(is_html(
            "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
        ));
        assert!(!is_html("<?xml version=\"1.0\"?><rdf:RDF>"));
        assert!(!is_html("南通市人民政府关于…的实施意见\n一、总体要求"));
        assert!(!is_html("《南通市养老服务条例》"));
    }

    #[test]
    fn blocks_are_lines_and_breaks_in_chinese_are_no_spaces() {
        let page = "<html><head><title>网站</title><style>p{}</style></head><body>\
                    <div class=\"nav\">首页 &gt; 政策文件</div>\
                    <h1>南通市人民政府关于\n加快养老服务业发展的实施意见</h1>\
                    <p>一、重点任务</p><p>1.推进<b>养老机构</b>建设。<br>（市民政局负责）</p>\
                    <script>var x = 1;</script><p>Open  data\n and  more</p></body></html>";
        assert_eq!(
            to_text(page),
            "首页 > 政策文件\n南通市人民政府关于加快养老服务业发展的实施意见\n一、重点任务\n\
             1.推进养老机构建设。\n（市民政局负责）\nOpen data and more\n"
        );
    }

    #[test]
    fn a_data_table_is_rows_of_tabbed_cells_with_spans_kept() {
        let page = "<p>分工表</p><table>\
            <tr><td rowspan=\"2\">序号</td><td rowspan=\"2\">工作任务</td>\
                <td colspan=\"2\">责任单位</td><td rowspan=\"2\">完成时限</td></tr>\
            <tr><td>牵头单位</td><td>配合单位</td></tr>\
            <tr><td>1</td><td><p>建设中心。</p><p>改造设施。</p></td><td>市民政局</td>\
                <td>市财政局<br>市住建局</td><td>2021年<br>12月底前</td></tr>\
            <tr><td></td><td></td><td></td><td></td><td></td></tr>\
            </table><p>南通市人民政府</p>";
        assert_eq!(
            to_text(page),
            "分工表\n序号\t工作任务\t责任单位\t\t完成时限\n\
             \t\t牵头单位\t配合单位\t\n\
             1\t建设中心。改造设施。\t市民政局\t市财政局市住建局\t2021年12月底前\n\n\
             南通市人民政府\n"
        );
    }

    #[test]
    fn a_data_cell_spanning_rows_says_as_above_in_them() {
        // The header's spans leave blanks; in the data, a time limit and a
        // lead merged over two tasks say 〃 below, the first column (a
        // category or a merged number) stays blank.
        let page = "<table>\
            <tr><th>类别</th><th>序号</th><th>工作任务</th><th rowspan=\"2\">牵头单位</th>\
                <th rowspan=\"2\">完成时限</th></tr>\
            <tr><th></th><th></th><th></th></tr>\
            <tr><td rowspan=\"2\">居家养老</td><td>1</td><td>建设助餐点</td>\
                <td rowspan=\"3\">市民政局</td><td rowspan=\"2\">2024年底前</td></tr>\
            <tr><td>2</td><td>开展上门服务</td></tr>\
            <tr><td>医养结合</td><td>３</td><td>建设护理院</td><td></td></tr>\
            </table>";
        assert_eq!(
            to_text(page),
            "类别\t序号\t工作任务\t牵头单位\t完成时限\n\
             居家养老\t1\t建设助餐点\t市民政局\t2024年底前\n\
             \t2\t开展上门服务\t〃\t〃\n\
             医养结合\t３\t建设护理院\t〃\t\n\n"
        );
    }

    #[test]
    fn the_tab_title_leaves_the_site_s_name_out() {
        let page =
            |title: &str| format!("<html><head><title>{title}</title></head><body></body></html>");
        assert_eq!(
            tab_title(&page("宜昌市养老服务任务清单_宜昌市人民政府门户网站")).as_deref(),
            Some("宜昌市养老服务任务清单")
        );
        assert_eq!(
            tab_title(&page("宜昌市养老服务任务清单 - 宜昌市民政局")).as_deref(),
            Some("宜昌市养老服务任务清单")
        );
        assert_eq!(tab_title(&page(" ")), None);
        assert_eq!(tab_title("<p>无标题</p>"), None);
    }

    #[test]
    fn a_table_that_holds_a_table_lays_out_the_page() {
        let page = "<table><tr><td><p>标题</p>\
                    <table><tr><td>序号</td><td>工作任务</td></tr><tr><td>1</td><td>甲。</td></tr></table>\
                    </td><td>侧栏</td></tr></table>";
        assert_eq!(to_text(page), "标题\n序号\t工作任务\n1\t甲。\n\n侧栏\n\n");
    }

    #[test]
    fn preformatted_text_keeps_its_lines_blank_lines_and_tabs() {
        let page = "<p>标题</p><pre>\t序号\n\t工作任务\n\n\t1\n\t建设。\n</pre><p>完</p>";
        assert_eq!(
            to_text(page),
            "标题\n\t序号\n\t工作任务\n\n\t1\n\t建设。\n完\n"
        );
    }

    #[test]
    fn an_ordered_list_s_items_show_their_numbers() {
        let page = "<h3>二、重点任务</h3><ol><li>推进建设。（市民政局负责）</li>\
                    <li>推进医养结合。<ul><li>签约服务</li></ul></li></ol>\
                    <ol start=\"3\"><li>加强培训。</li></ol>";
        assert_eq!(
            to_text(page),
            "二、重点任务\n1.推进建设。（市民政局负责）\n2.推进医养结合。\n签约服务\n3.加强培训。\n"
        );
    }

    #[test]
    fn a_page_framed_in_one_cell_is_layout() {
        let page = "<table width=\"100%\"><tr><td><div>标题</div><p>一、任务</p></td></tr></table>";
        assert_eq!(to_text(page), "标题\n一、任务\n\n");
    }

    #[test]
    fn never_panics_on_broken_markup() {
        for page in [
            "<table><td colspan=99999>x",
            "</tr></td><tr>",
            "<html><p>未闭合",
            "",
        ] {
            let _ = to_text(page);
        }
    }
}
