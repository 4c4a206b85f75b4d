//! The normalised domain model: what a policy document says, independent of
//! its layout and of RDF. Extraction produces it; `rdf::mapping` turns it
//! into quads.

use std::fmt;

pub use rust_decimal::Decimal;

/// The layout a document was read as. The `code` is what `documents.rq` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// A responsibility table with category and （一） sub-category columns
    /// that repeat at page breaks (cells one per line).
    GroupedTable,
    /// A responsibility table with no heading columns.
    FlatTable,
    /// Prose followed by a responsibility table whose single cell reads
    /// "牵头单位：… 配合单位：…".
    ProseWithTable,
    /// Prose only: numbered tasks under a task section, departments in the text.
    NumberedProse,
    /// Prose: numbered tasks each closing with "(…负责，…实施)".
    BracketedProse,
}

impl Layout {
    pub const ALL: [Layout; 5] = [
        Layout::GroupedTable,
        Layout::FlatTable,
        Layout::ProseWithTable,
        Layout::NumberedProse,
        Layout::BracketedProse,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Layout::GroupedTable => "grouped-table",
            Layout::FlatTable => "flat-table",
            Layout::ProseWithTable => "prose-with-table",
            Layout::NumberedProse => "numbered-prose",
            Layout::BracketedProse => "bracketed-prose",
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A calendar date (proleptic Gregorian), printed as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Returns `None` for impossible dates (month 13, 30 February …).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        (1..=12).contains(&month).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// The last day of a month: "2015年9月底前" is due 2015-09-30.
    pub fn end_of_month(year: i32, month: u32) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month))
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// 1-based, inclusive line range in the source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineRange {
    pub first: usize,
    pub last: usize,
}

/// How the document's city was determined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CitySource {
    /// Named in the title, the opening lines or the signature ("常州市…").
    Title,
    /// Inferred from the districts and places the text mentions.
    Gazetteer,
    /// Given by the user (`--city`).
    Override,
}

/// Bibliographic facts the document states about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    /// The issuing body, e.g. 上海市人民政府.
    pub issuer: Option<String>,
    /// The document number, e.g. 沪府规〔2019〕26号.
    pub number: Option<String>,
    pub issued: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Lead,
    Participant,
    Mentioned,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Participant => "participant",
            Role::Mentioned => "mentioned",
        }
    }
}

/// One government body of one city, e.g. 南通市 / 市民政局.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Department {
    /// The name as the document means it, city prefix distributed (市规划局).
    pub name: String,
    /// Codes from `department-types`; empty when no type matched (reported as unknown).
    pub types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Responsibility {
    pub department: Department,
    pub role: Role,
}

/// The time-progress column of a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub text: String,
    pub due: Option<Date>,
    pub ongoing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// 1-based position in the document, in document order.
    pub position: usize,
    /// The number as printed (序号, or "3" of "3.").
    pub label: String,
    /// Heading path, category first, page-break artefacts repaired.
    pub section: Vec<String>,
    pub text: String,
    /// Where each source line of `text` starts: (byte offset, 1-based line).
    pub text_lines: Vec<(usize, usize)>,
    pub lines: LineRange,
    /// The source lines the task was read from, verbatim (provenance).
    pub excerpt: String,
    pub responsibilities: Vec<Responsibility>,
    pub deadline: Option<Deadline>,
}

/// How a target's value compares with the goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// 以上, 不低于, 不少于, 至少
    AtLeast,
    /// 以下, 不超过
    AtMost,
    /// 左右, 约
    About,
    Equal,
}

impl Comparator {
    pub fn code(self) -> &'static str {
        match self {
            Comparator::AtLeast => ">=",
            Comparator::AtMost => "<=",
            Comparator::About => "~",
            Comparator::Equal => "=",
        }
    }
}

/// Where a number-bearing statement stands: the sentence and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub sentence: String,
    /// 1-based line of the sentence's first character.
    pub line: usize,
    /// Position of the task it belongs to; `None` for the document's goals.
    pub task: Option<usize>,
}

/// A quantitative goal: 护理型床位占比 >= 50 % by 2020.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Code from the indicator scheme (`ontology/indicators.ttl`).
    pub indicator: String,
    pub value: Decimal,
    /// The indicator's unit, as the scheme gives it ("%", "beds per 1000 older people").
    pub unit: String,
    pub comparator: Comparator,
    pub year: Option<i32>,
    pub source: Source,
}

/// What tests compare of a target: (indicator, value, comparator, year, line).
#[cfg(test)]
pub type TargetRow = (String, String, &'static str, Option<i32>, usize);

#[cfg(test)]
impl Target {
    pub fn row(&self) -> TargetRow {
        (
            self.indicator.clone(),
            self.value.normalize().to_string(),
            self.comparator.code(),
            self.year,
            self.source.line,
        )
    }
}

/// What a funding amount is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    PerBed,
    PerBedYear,
    /// Project codes (the contract lists none for these): "每张床位每月",
    /// "每床日", "每人每日".
    PerBedMonth,
    PerBedDay,
    PerPersonDay,
    PerPersonMonth,
    PerPersonYear,
    PerPerson,
    PerOrganization,
    PerProject,
    Total,
}

impl Basis {
    pub fn code(self) -> &'static str {
        match self {
            Basis::PerBed => "per-bed",
            Basis::PerBedYear => "per-bed-year",
            Basis::PerBedMonth => "per-bed-month",
            Basis::PerBedDay => "per-bed-day",
            Basis::PerPersonDay => "per-person-day",
            Basis::PerPersonMonth => "per-person-month",
            Basis::PerPersonYear => "per-person-year",
            Basis::PerPerson => "per-person",
            Basis::PerOrganization => "per-organization",
            Basis::PerProject => "per-project",
            Basis::Total => "total",
        }
    }
}

/// A source of money named for a task or the document, with the amount
/// where the sentence gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingMention {
    /// Code from the funding-source scheme (`ontology/funding-sources.ttl`).
    pub source_code: String,
    /// Amount in yuan; for a range (20-50万元) the lower bound.
    pub amount: Option<Decimal>,
    /// The upper bound of a range, in yuan.
    pub amount_max: Option<Decimal>,
    pub basis: Option<Basis>,
    pub source: Source,
}

/// A sentence with a number that gave neither a target nor a funding mention,
/// reported so that an analyst sees what was missed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub source: Source,
}

/// A document, extracted and normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file name (no folder), which also identifies the document's graph.
    pub file_name: String,
    pub city: String,
    pub city_source: CitySource,
    /// The county or district of the city the document is of, when its
    /// title or issuer names one (孝昌县 of 孝感市).
    pub county: Option<String>,
    pub layout: Layout,
    pub metadata: Metadata,
    pub tasks: Vec<Task>,
    pub targets: Vec<Target>,
    pub funding: Vec<FundingMention>,
    pub unplaced: Vec<Unplaced>,
    /// Number of lines in the source text.
    pub line_count: usize,
}

impl Document {
    /// Department names that matched no type, each once, in document order.
    pub fn unknown_departments(&self) -> Vec<&str> {
        let mut seen = Vec::new();
        for task in &self.tasks {
            for r in &task.responsibilities {
                let name = r.department.name.as_str();
                if r.department.types.is_empty() && !seen.contains(&name) {
                    seen.push(name);
                }
            }
        }
        seen
    }

    /// Distinct departments named in the document.
    pub fn department_count(&self) -> usize {
        let mut names: Vec<&str> = self
            .tasks
            .iter()
            .flat_map(|t| {
                t.responsibilities
                    .iter()
                    .map(|r| r.department.name.as_str())
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    }
}
