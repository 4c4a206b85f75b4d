//! Indicator tables: the box of a plan's main indicators, one indicator per
//! row and one column per year ("序号 | 指标名称 | 2020年 | 2025年 | 指标属性").
//!
//! The header row holds a cell naming the indicator column (lexicon kind
//! `indicator-table-name`: 指标名称, 主要指标 …) and cells naming years. A
//! year column is a target unless it is a baseline: named so (kind
//! `indicator-table-baseline`: 基期, 现状 …), before the year the document
//! was issued, or, when that year is unknown, the first of several. Rows
//! follow, one per line, cells cut at tabs, until a line that is no row.
//!
//! Each value is read as the sentence it stands for ("2025年，养老机构护理型
//! 床位占比不低于55%": the unit from the name's bracket or else from a unit
//! column (kind `indicator-table-unit`: 单位 …), ≥ as 不低于), by the target
//! reader; the row's line is the target's source.

use std::sync::OnceLock;

use regex::Regex;

use super::numbers;
use super::passages::Passage;
use super::targets;
use crate::knowledge::lexicon::kind;
use crate::knowledge::Knowledge;
use crate::model::{LineRange, Source, Target};
use crate::text;

/// An indicator table: the lines it spans and the targets of its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorTable {
    pub lines: LineRange,
    pub targets: Vec<Target>,
}

/// A header cell longer than this is text, not a header.
const MAX_HEADER_CHARS: usize = 12;

/// Every indicator table of a document. `issued` is the year the document
/// was issued, if known.
pub fn indicator_tables(
    lines: &[&str],
    issued: Option<i32>,
    kb: &Knowledge,
) -> Vec<IndicatorTable> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match Header::read(lines[i], issued, kb) {
            Some(header) => {
                let table = header.read_rows(lines, i, kb);
                i = table.lines.last;
                out.push(table);
            }
            None => i += 1,
        }
    }
    out
}

/// The columns of a header row.
struct Header {
    width: usize,
    name: usize,
    /// The column of the values' units, if the table has one.
    unit: Option<usize>,
    /// The target columns and their years.
    years: Vec<(usize, i32)>,
}

impl Header {
    fn read(line: &str, issued: Option<i32>, kb: &Knowledge) -> Option<Header> {
        let cells = cells(line)?;
        // A numbered row (1 | 完善考核指标 | … | 2025年底) is data, not a header.
        if cells
            .first()
            .is_some_and(|c| c.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        let short = |c: &str| c.chars().count() <= MAX_HEADER_CHARS;
        let name = cells
            .iter()
            .position(|c| short(c) && kb.lexicon.mentions(kind::INDICATOR_TABLE_NAME, c))?;
        let dated: Vec<(usize, i32, bool)> = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| short(c))
            .filter_map(|(n, c)| {
                let year = numbers::years(c).first()?.year;
                Some((
                    n,
                    year,
                    kb.lexicon.mentions(kind::INDICATOR_TABLE_BASELINE, c),
                ))
            })
            .collect();
        let several = dated.len() > 1;
        let years: Vec<(usize, i32)> = dated
            .iter()
            .enumerate()
            .filter(|(k, (_, year, named_baseline))| {
                let baseline = *named_baseline
                    || match issued {
                        Some(issued) => *year < issued,
                        None => *k == 0 && several,
                    };
                !baseline
            })
            .map(|(_, (n, year, _))| (*n, *year))
            .collect();
        let units = kb.lexicon.words(kind::INDICATOR_TABLE_UNIT);
        let unit = cells.iter().position(|c| units.iter().any(|u| u == c));
        (!years.is_empty()).then_some(Header {
            width: cells.len(),
            name,
            unit,
            years,
        })
    }

    /// The table whose header stands at `at`: its rows up to the first line
    /// that is not one (blank lines skipped).
    fn read_rows(&self, lines: &[&str], at: usize, kb: &Knowledge) -> IndicatorTable {
        let mut targets = Vec::new();
        let mut last = at + 1;
        for (i, line) in lines.iter().enumerate().skip(at + 1) {
            if text::trim(line).is_empty() {
                continue;
            }
            let Some(cells) = cells(line).filter(|c| c.len() == self.width) else {
                break;
            };
            last = i + 1;
            targets.extend(self.row_targets(&cells, i + 1, kb));
        }
        IndicatorTable {
            lines: LineRange {
                first: at + 1,
                last,
            },
            targets,
        }
    }

    /// The targets of a row; their source is the row, its cells joined by " | ".
    fn row_targets(&self, cells: &[&str], line_no: usize, kb: &Knowledge) -> Vec<Target> {
        let (name, bracketed) = name_and_unit(cells[self.name]);
        let unit = match self.unit.and_then(|n| cells.get(n)) {
            Some(cell) if bracketed.is_empty() && !is_blank_cell(cell) => cell,
            _ => bracketed,
        };
        let row = cells.join(" | ");
        let mut out = Vec::new();
        for &(column, year) in &self.years {
            let Some(value) = value_phrase(cells[column], unit) else {
                continue;
            };
            let sentence = format!("{year}年，{name}{value}");
            for mut target in targets::targets(&Passage::single(&sentence, line_no, None), kb) {
                target.source = Source {
                    sentence: row.clone(),
                    line: line_no,
                    task: None,
                };
                out.push(target);
            }
        }
        out
    }
}

/// The cells of a tab-separated line, trimmed; `None` for a line without
/// tabs.
fn cells(line: &str) -> Option<Vec<&str>> {
    let line = text::trim(line);
    line.contains('\t')
        .then(|| line.split('\t').map(text::trim).collect())
}

/// A cell that holds no value: empty or a dash ("—", "-", "/").
fn is_blank_cell(cell: &str) -> bool {
    cell.chars()
        .all(|c| matches!(c, '—' | '－' | '-' | '/' | '／' | '–') || c.is_whitespace())
}

/// An indicator's name without its unit bracket, and the unit
/// ("养老机构护理型床位占比（%）" → ("养老机构护理型床位占比", "%")).
fn name_and_unit(cell: &str) -> (&str, &str) {
    let cell = cell.trim_end();
    let Some(inner) = cell.strip_suffix(['）', ')']) else {
        return (cell, "");
    };
    match inner.rfind(['（', '(']) {
        Some(open) => {
            let bracket = inner[open..].chars().next().map_or(0, char::len_utf8);
            (&inner[..open], &inner[open + bracket..])
        }
        None => (cell, ""),
    }
}

/// A value cell as the words of a sentence: "≥55" with unit % → "不低于55%";
/// "55以上" → "55%以上"; `None` for a cell without a number ("—").
fn value_phrase(cell: &str, unit: &str) -> Option<String> {
    static VALUE: OnceLock<Option<Regex>> = OnceLock::new();
    let value = VALUE
        .get_or_init(|| {
            Regex::new(r"^(≥|>=|＞|>|≤|<=|＜|<|约)?\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*([%％‰‱]?)\s*(以上|以下|左右)?$").ok()
        })
        .as_ref()?;
    let c = value.captures(cell.trim())?;
    let comparator = match c.get(1).map(|m| m.as_str()) {
        Some("≥" | ">=" | "＞" | ">") => "不低于",
        Some("≤" | "<=" | "＜" | "<") => "不超过",
        Some("约") => "约",
        _ => "",
    };
    let written_unit = c.get(3).map_or("", |m| m.as_str());
    let unit = if written_unit.is_empty() {
        unit
    } else {
        written_unit
    };
    let after = c.get(4).map_or("", |m| m.as_str());
    Some(format!("{comparator}{}{unit}{after}", &c[2]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TargetRow;

    fn read(src: &str, issued: Option<i32>) -> Vec<TargetRow> {
        let lines = text::lines(src);
        indicator_tables(&lines, issued, Knowledge::bundled().unwrap())
            .iter()
            .flat_map(|t| t.targets.iter().map(Target::row))
            .collect()
    }

    fn t(
        code: &str,
        value: &str,
        cmp: &'static str,
        year: i32,
        line: usize,
    ) -> (String, String, &'static str, Option<i32>, usize) {
        (code.to_owned(), value.to_owned(), cmp, Some(year), line)
    }

    #[test]
    fn reads_the_target_columns_of_a_main_indicator_box() {
        let src = "专栏1 主要指标\n\
                   序号\t指标名称\t2020年\t2025年\t指标属性\n\
                   1\t养老机构护理型床位占比（%）\t38\t≥55\t约束性\n\
                   2\t每千名老年人拥有养老床位数（张）\t35\t40以上\t预期性\n\
                   3\t社区日间照料中心覆盖率(%)\t80\t100\t预期性\n\
                   4\t老年大学数量（所）\t10\t20\t预期性\n\
                   \n\
                   二、主要任务\n";
        let want = vec![
            t("nursing-bed-share", "55", ">=", 2025, 3),
            t("beds-per-1000-elderly", "40", ">=", 2025, 4),
            t("urban-community-facility-coverage", "100", "=", 2025, 5),
        ];
        // The first of two year columns is the baseline, or any year before
        // the document was issued.
        assert_eq!(read(src, None), want);
        assert_eq!(read(src, Some(2021)), want);
        let tables = indicator_tables(&text::lines(src), None, Knowledge::bundled().unwrap());
        assert_eq!(tables[0].lines, LineRange { first: 2, last: 6 });
        assert_eq!(
            tables[0].targets[0].source.sentence,
            "1 | 养老机构护理型床位占比（%） | 38 | ≥55 | 约束性"
        );
    }

    #[test]
    fn a_unit_column_gives_the_unit_when_the_name_has_none() {
        let src = "序号\t指标名称\t单位\t2020年\t2025年\t指标属性\n\
                   1\t每千名老年人拥有养老机构床位数\t张\t43\t45\t预期性\n\
                   2\t养老机构护理型床位占比\t%\t55\t≥60\t约束性\n\
                   3\t持证养老护理员占比（%）\t—\t70\t90\t预期性\n\
                   4\t每万名老年人拥有持证养老护理员数\t人\t—\t25\t预期性\n";
        assert_eq!(
            read(src, Some(2021)),
            vec![
                t("beds-per-1000-elderly", "45", "=", 2025, 2),
                t("nursing-bed-share", "60", ">=", 2025, 3),
                t("caregiver-certification-rate", "90", "=", 2025, 4),
            ]
        );
        // 单位 names the unit column only as a whole cell: 责任单位 is not one.
        let src = "指标名称\t责任单位\t2025年\n护理型床位占比\t市民政局\t60%\n";
        assert_eq!(
            read(src, Some(2021)),
            vec![t("nursing-bed-share", "60", "=", 2025, 2)]
        );
    }

    #[test]
    fn named_baselines_and_several_target_years() {
        let src = "主要指标\t2020年（基期）\t2022年\t2025年目标值\n\
                   护理型床位占比（%）\t30\t40\t—\n\
                   养老护理员持证上岗率\t70%\t80%\t90%以上\n";
        assert_eq!(
            read(src, None),
            vec![
                t("nursing-bed-share", "40", "=", 2022, 2),
                t("caregiver-certification-rate", "80", "=", 2022, 3),
                t("caregiver-certification-rate", "90", ">=", 2025, 3),
            ]
        );
    }

    #[test]
    fn other_tables_and_text_are_no_indicator_tables() {
        let kb = Knowledge::bundled().unwrap();
        for src in [
            "序号\t工作任务\t牵头单位\t完成时限\n1\t护理型床位占比达到55%。\t市民政局\t2025年底\n",
            "指标名称：护理型床位占比，2025年达到55%。\n",
            "序号\t工作任务\t牵头单位\t完成时限\n1\t完善考核指标\t市民政局\t2025年底\n\
             2\t开展评估\t市民政局\t2024年底\n",
            "",
        ] {
            assert!(
                indicator_tables(&text::lines(src), None, kb).is_empty(),
                "{src}"
            );
        }
    }

    #[test]
    fn splits_names_from_units() {
        assert_eq!(
            name_and_unit("护理型床位占比（%）"),
            ("护理型床位占比", "%")
        );
        assert_eq!(name_and_unit("床位数(张)"), ("床位数", "张"));
        assert_eq!(name_and_unit("覆盖率"), ("覆盖率", ""));
        assert_eq!(name_and_unit("）"), ("）", ""));
        assert_eq!(value_phrase("≥55", "%").as_deref(), Some("不低于55%"));
        assert_eq!(value_phrase("55以上", "%").as_deref(), Some("55%以上"));
        assert_eq!(value_phrase("90%", "").as_deref(), Some("90%"));
        assert_eq!(value_phrase("—", "%"), None);
    }
}
