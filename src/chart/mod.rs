//! Bar charts of the store: the cities' targets for one indicator side by
//! side ([`indicator`]), or any SELECT with a category, a series and a
//! value column ([`Chart::from_rows`]); drawn as SVG with plotters
//! ([`draw`]).
//!
//! One bar per category and series (a city and a year); the series
//! (years) are told apart by colour and a legend, the unit is on the y
//! axis, each bar is labelled with its value (≥30 for a target of at least
//! 30). When a category states several values for the same series, the
//! highest is drawn and a note under the chart says so.

pub mod draw;
pub mod indicator;

use std::fmt;

use anyhow::{anyhow, Result};
use oxigraph::model::Term;

use crate::labels::Lang;
use crate::network::format_number;
use crate::query::{solutions_as_text, with_prefixes};
use crate::store::GraphStore;

/// A chart of a SELECT query's answer ([`Chart::from_rows`]); the
/// project's prefixes predeclared, `bindings` substituted.
pub fn from_query(
    store: &GraphStore,
    text: &str,
    bindings: &[(String, Term)],
    columns: &Columns,
    lang: Lang,
) -> Result<Chart> {
    let bindings: Vec<(&str, Term)> = bindings
        .iter()
        .map(|(n, t)| (n.as_str(), t.clone()))
        .collect();
    let results = store.query_with(&with_prefixes(text), &bindings)?;
    if !matches!(results, oxigraph::sparql::QueryResults::Solutions(_)) {
        return Err(anyhow!(
            "a chart needs a SELECT query with a category, a series and a value column"
        ));
    }
    let (header, rows) = solutions_as_text(results)?;
    Chart::from_rows(&header, &rows, columns, lang).map_err(|e| anyhow!("{e}"))
}

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Index into [`Chart::categories`].
    pub category: usize,
    /// Index into [`Chart::series`].
    pub series: usize,
    pub value: f64,
    /// Written over the bar (≥30).
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// The x axis (城市, City).
    pub x_label: String,
    /// The y axis: the unit.
    pub y_label: String,
    /// The legend's heading (目标年份, Target year).
    pub series_label: String,
    /// In order along the x axis.
    pub categories: Vec<String>,
    /// In legend order.
    pub series: Vec<String>,
    /// By category, then series.
    pub bars: Vec<Bar>,
    /// Said under the chart (values left out …).
    pub notes: Vec<String>,
    pub lang: Lang,
}

/// Why a chart cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartError {
    /// The columns lack a category or a value.
    Columns {
        wanted: Vec<String>,
        found: Vec<String>,
    },
    /// A value cell that is not a number.
    BadValue { row: usize, value: String },
    /// Nothing to draw.
    Empty { reason: String },
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::Columns { wanted, found } => write!(
                f,
                "a chart needs the columns {} (optional: series, label, unit; or name \
                 them with --category, --series, --value); the result has the columns: {}",
                wanted.join(" and "),
                if found.is_empty() {
                    "none".to_owned()
                } else {
                    found.join(", ")
                }
            ),
            ChartError::BadValue { row, value } => {
                write!(f, "row {row}: the value {value:?} is not a number")
            }
            ChartError::Empty { reason } => write!(f, "nothing to chart: {reason}"),
        }
    }
}

impl std::error::Error for ChartError {}

/// Which columns of a SELECT answer hold what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub category: String,
    pub series: String,
    pub value: String,
}

impl Default for Columns {
    fn default() -> Columns {
        Columns {
            category: "category".into(),
            series: "series".into(),
            value: "value".into(),
        }
    }
}

/// Rows being gathered into a chart: categories and series in order of
/// appearance, one value per pair (the highest).
#[derive(Debug, Default)]
pub struct Collector {
    categories: Vec<String>,
    series: Vec<String>,
    values: Vec<(usize, usize, f64, String)>,
    replaced: Vec<(String, String)>,
}

impl Collector {
    pub fn add(&mut self, category: &str, series: &str, value: f64, label: String) {
        let c = index_of(&mut self.categories, category);
        let s = index_of(&mut self.series, series);
        match self.values.iter_mut().find(|v| v.0 == c && v.1 == s) {
            Some(existing) => {
                if existing.2 != value {
                    let pair = (category.to_owned(), series.to_owned());
                    if !self.replaced.contains(&pair) {
                        self.replaced.push(pair);
                    }
                }
                if value > existing.2 {
                    existing.2 = value;
                    existing.3 = label;
                }
            }
            None => self.values.push((c, s, value, label)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The chart; series that are numbers (years) sorted, before the others.
    pub fn finish(self, lang: Lang) -> Chart {
        let mut order: Vec<usize> = (0..self.series.len()).collect();
        let number = |i: usize| self.series[i].parse::<f64>().ok();
        // Stable: series that are not numbers keep their order, at the end.
        order.sort_by(|a, b| match (number(*a), number(*b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        let position = |s: usize| order.iter().position(|o| *o == s).unwrap_or(s);
        let series = order.iter().map(|i| self.series[*i].clone()).collect();
        let mut bars: Vec<Bar> = self
            .values
            .into_iter()
            .map(|(category, s, value, label)| Bar {
                category,
                series: position(s),
                value,
                label,
            })
            .collect();
        bars.sort_by_key(|b| (b.category, b.series));
        let notes = self
            .replaced
            .iter()
            .map(|(c, s)| match lang {
                Lang::Zh => format!("{c} {s} 有多个不同的值，图中为最高值"),
                Lang::En => format!("{c} {s}: several different values, the highest is drawn"),
            })
            .collect();
        Chart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            series_label: String::new(),
            categories: self.categories,
            series,
            bars,
            notes,
            lang,
        }
    }
}

fn index_of(list: &mut Vec<String>, item: &str) -> usize {
    match list.iter().position(|x| x == item) {
        Some(i) => i,
        None => {
            list.push(item.to_owned());
            list.len() - 1
        }
    }
}

impl Chart {
    /// A chart of a SELECT answer (`header` the variable names, `rows` the
    /// cells as text, unbound as ""): a bar per row, its category, series
    /// and value from the columns named in `columns`; an optional `label`
    /// column is written over the bars and an optional `unit` column names
    /// the y axis. Rows without a category or value are left out.
    pub fn from_rows(
        header: &[String],
        rows: &[Vec<String>],
        columns: &Columns,
        lang: Lang,
    ) -> Result<Chart, ChartError> {
        let find = |name: &str| {
            header
                .iter()
                .position(|h| h.trim_start_matches(['?', '$']).eq_ignore_ascii_case(name))
        };
        let (Some(category), Some(value)) = (find(&columns.category), find(&columns.value)) else {
            return Err(ChartError::Columns {
                wanted: vec![columns.category.clone(), columns.value.clone()],
                found: header.to_vec(),
            });
        };
        let series = find(&columns.series);
        let label = find("label");
        let unit = find("unit");
        fn cell(row: &[String], i: usize) -> &str {
            row.get(i).map(|c| c.trim()).unwrap_or("")
        }
        let mut collector = Collector::default();
        let mut skipped = 0;
        for (n, row) in rows.iter().enumerate() {
            let (c, v) = (cell(row, category), cell(row, value));
            if c.is_empty() || v.is_empty() {
                skipped += 1;
                continue;
            }
            let x: f64 = v
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())
                .ok_or_else(|| ChartError::BadValue {
                    row: n + 1,
                    value: v.to_owned(),
                })?;
            let s = series.map(|i| cell(row, i)).unwrap_or("");
            let text = label
                .map(|i| cell(row, i))
                .filter(|l| !l.is_empty())
                .map_or_else(|| format_number(x), str::to_owned);
            collector.add(c, s, x, text);
        }
        if collector.is_empty() {
            return Err(ChartError::Empty {
                reason: if rows.is_empty() {
                    "the query returned no rows".to_owned()
                } else {
                    format!("none of the {} rows has a category and a value", rows.len())
                },
            });
        }
        let mut chart = collector.finish(lang);
        chart.title = match lang {
            Lang::Zh => "查询结果".to_owned(),
            Lang::En => "Query result".to_owned(),
        };
        chart.x_label = columns.category.clone();
        chart.series_label = if series.is_some() {
            columns.series.clone()
        } else {
            String::new()
        };
        chart.y_label = unit
            .and_then(|i| rows.iter().map(|r| cell(r, i)).find(|u| !u.is_empty()))
            .map_or_else(|| columns.value.clone(), str::to_owned);
        if skipped > 0 {
            chart.notes.push(match lang {
                Lang::Zh => format!("{skipped} 行缺少类别或数值，未画出"),
                Lang::En => format!("{skipped} rows without a category or value left out"),
            });
        }
        Ok(chart)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn rows_become_bars_by_category_and_series() {
        let header = strings(&["?category", "series", "value", "unit"]);
        let rows = vec![
            strings(&["银川市", "2020", "35", "张"]),
            strings(&["南通市", "2020", "40", ""]),
            strings(&["银川市", "2015", "30", ""]),
            strings(&["南通市", "2020", "38", ""]),
            strings(&["", "2020", "1", ""]),
        ];
        let chart = Chart::from_rows(&header, &rows, &Columns::default(), Lang::En).unwrap();
        assert_eq!(chart.categories, ["银川市", "南通市"]);
        assert_eq!(chart.series, ["2015", "2020"]);
        assert_eq!(chart.y_label, "张");
        let bars: Vec<(usize, usize, f64, &str)> = chart
            .bars
            .iter()
            .map(|b| (b.category, b.series, b.value, b.label.as_str()))
            .collect();
        assert_eq!(
            bars,
            [(0, 0, 30.0, "30"), (0, 1, 35.0, "35"), (1, 1, 40.0, "40")]
        );
        assert_eq!(
            chart.notes,
            [
                "南通市 2020: several different values, the highest is drawn",
                "1 rows without a category or value left out"
            ]
        );
    }

    #[test]
    fn names_the_columns_it_found() {
        let header = strings(&["city", "n"]);
        let err = Chart::from_rows(&header, &[], &Columns::default(), Lang::En).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a chart needs the columns category and value (optional: series, label, unit; \
             or name them with --category, --series, --value); the result has the columns: city, n"
        );
        let columns = Columns {
            category: "city".into(),
            series: "year".into(),
            value: "n".into(),
        };
        let err = Chart::from_rows(&header, &[], &columns, Lang::En).unwrap_err();
        assert_eq!(
            err.to_string(),
            "nothing to chart: the query returned no rows"
        );
        let rows = vec![strings(&["a", "many"])];
        let err = Chart::from_rows(&header, &rows, &columns, Lang::En).unwrap_err();
        assert_eq!(err.to_string(), "row 1: the value \"many\" is not a number");
    }
}
