//! Extraction: text → layout → records → normalised [`Document`].
//! Pure: no I/O and no RDF, so every step is unit-tested on snippets.

pub mod aligned;
pub mod cells;
pub mod city;
pub mod deadline;
pub mod delimited;
pub mod departments;
pub mod funding;
pub mod headings;
pub mod indicator_table;
pub mod metadata;
pub mod numbers;
pub mod passages;
pub mod prose;
pub mod records;
pub mod table;
pub mod targets;

use std::collections::HashSet;
use std::fmt;

use crate::knowledge::Knowledge;
use crate::model::{
    CitySource, Document, FundingMention, Layout, LineRange, Source, Target, Task, Unplaced,
};
use crate::text;
use passages::{CharPairs, PairIndex, Passage};
use records::TaskRecord;

/// Choices the user can impose on extraction.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The city, when the document does not tell (`--city`).
    pub city: Option<String>,
}

/// Why a text could not be read as a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    Empty,
    /// Neither a responsibility table nor numbered task paragraphs were found.
    NoTasks,
    /// The city could not be found; the user can give it with `--city`.
    UnknownCity,
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtractError::Empty => f.write_str("the file is empty"),
            ExtractError::NoTasks => f.write_str(
                "not a policy document of a known kind: found neither a responsibility table \
                 (a header row such as 序号 | 工作任务 | 牵头单位 | 完成时限) nor numbered tasks under a task section \
                 (such as 三、主要任务)",
            ),
            ExtractError::UnknownCity => f.write_str(
                "cannot tell which city this document belongs to: the title names no city and \
                 no known district or county is mentioned; give it with --city NAME (e.g. --city 南通市)",
            ),
        }
    }
}

impl std::error::Error for ExtractError {}

/// A layout and the task records read with it.
struct Reading {
    layout: Layout,
    records: Vec<TaskRecord>,
}

/// Reads one document.
pub fn extract(
    file_name: &str,
    source: &str,
    kb: &Knowledge,
    options: &ExtractOptions,
) -> Result<Document, ExtractError> {
    let readable = Readable::of(text::lines(source), kb);
    let lines = readable.lines();
    if lines.iter().all(|l| text::trim(l).is_empty()) {
        return Err(ExtractError::Empty);
    }
    let outline = headings::Outline::of(&lines);
    let reading = read_layout(&lines, outline, kb).ok_or(ExtractError::NoTasks)?;
    let metadata = metadata::extract_metadata(&lines, &kb.lexicon);
    let (city, city_source) = match &options.city {
        Some(city) => (city.clone(), CitySource::Override),
        None => city::detect_city(
            metadata.title.as_deref(),
            metadata.issuer.as_deref(),
            source,
            kb,
        )
        .ok_or(ExtractError::UnknownCity)?,
    };
    let county = city::county_named(
        metadata.title.as_deref(),
        metadata.issuer.as_deref(),
        &city,
        kb,
    );
    let place = Place {
        city: &city,
        county: county.as_deref(),
    };
    let reference_year = metadata.issued.map(|d| d.year);
    // A note anywhere that the body listed first leads holds for every task.
    let first_leads = departments::says_first_listed_leads(source, kb);
    let tasks: Vec<Task> = reading
        .records
        .into_iter()
        .enumerate()
        .map(|(i, mut record)| {
            if first_leads {
                record.responsibility = record.responsibility.first_listed_leading();
            }
            let excerpt = excerpt(&lines, record.lines);
            normalise(i + 1, record, excerpt, place, reference_year, kb)
        })
        .collect();
    let tables = indicator_table::indicator_tables(&lines, reference_year, kb);
    let table_lines: Vec<LineRange> = tables.iter().map(|t| t.lines).collect();
    let passages = passages(&lines, outline, reading.layout, &tasks, &table_lines, kb);
    let table_targets = tables.into_iter().flat_map(|t| t.targets).collect();
    let (targets, funding, unplaced) = quantities(&passages, table_targets, reference_year, kb);
    Ok(Document {
        file_name: file_name.to_owned(),
        city,
        city_source,
        county,
        layout: reading.layout,
        metadata,
        tasks,
        targets,
        funding,
        unplaced,
        line_count: lines.len(),
    })
}

/// The layout a document's lines are read as, or `None` when they hold no
/// tasks (the task records are read to tell, then dropped).
pub fn detect_layout(lines: &[&str], kb: &Knowledge) -> Option<Layout> {
    let readable = Readable::of(lines.to_vec(), kb);
    let lines = readable.lines();
    read_layout(&lines, headings::Outline::of(&lines), kb).map(|reading| reading.layout)
}

/// A document's lines as the readers take them, line for line: page
/// numbers ("— 2 —") blanked, so a cell or a paragraph broken at a page
/// break reads on, and tables written with delimiters (pipes, commas) or
/// aligned with spaces as tab rows.
struct Readable<'a> {
    lines: Vec<&'a str>,
    tabulated: Option<Vec<String>>,
}

impl<'a> Readable<'a> {
    fn of(mut lines: Vec<&'a str>, kb: &Knowledge) -> Readable<'a> {
        for line in &mut lines {
            if text::is_page_number(line) {
                *line = "";
            }
        }
        let delimited = delimited::tabulate(&lines, kb);
        let tabulated = match delimited {
            Some(rows) => {
                let view: Vec<&str> = rows.iter().map(String::as_str).collect();
                aligned::tabulate(&view, kb).or(Some(rows))
            }
            None => aligned::tabulate(&lines, kb),
        };
        Readable { lines, tabulated }
    }

    fn lines(&self) -> Vec<&str> {
        match &self.tabulated {
            Some(rows) => rows.iter().map(String::as_str).collect(),
            None => self.lines.clone(),
        }
    }
}

/// Detects the layout from the content: a responsibility table wins over
/// the prose around it, which only words its tasks (a table that splits an
/// opinion into tasks), unless the table lists projects (项目名称) and the
/// prose before it names its own tasks' bodies (an opinion's tasks, then
/// its key projects in an annex): then both. Otherwise numbered task
/// paragraphs.
fn read_layout(lines: &[&str], outline: headings::Outline, kb: &Knowledge) -> Option<Reading> {
    if let Some(table) = table::read_table(lines, kb) {
        let before = &lines[..table.header_line.saturating_sub(1).min(lines.len())];
        let mut records = table
            .lists_projects
            .then(|| prose::read_prose(before, outline, kb))
            .flatten()
            .filter(|prose| {
                prose.records.len() >= 2 && prose.stating_bodies() * 2 >= prose.records.len()
            })
            .map(|prose| prose.records)
            .unwrap_or_default();
        let layout = if table.prose_lines_before >= 5 || !records.is_empty() {
            Layout::ProseWithTable
        } else if table.has_sections() {
            Layout::GroupedTable
        } else {
            Layout::FlatTable
        };
        records.extend(table.records);
        return Some(Reading { layout, records });
    }
    let prose = prose::read_prose(lines, outline, kb)?;
    let layout = if prose.bracketed() * 2 >= prose.records.len() {
        Layout::BracketedProse
    } else {
        Layout::NumberedProse
    };
    Some(Reading {
        layout,
        records: prose.records,
    })
}

/// Where a document is of: its city, and the county or district when the
/// document is one's.
#[derive(Clone, Copy)]
struct Place<'a> {
    city: &'a str,
    county: Option<&'a str>,
}

/// Records become tasks: departments split and typed (a county's bodies
/// named with it), deadlines interpreted.
fn normalise(
    position: usize,
    record: TaskRecord,
    excerpt: String,
    place: Place,
    reference_year: Option<i32>,
    kb: &Knowledge,
) -> Task {
    let mut responsibilities =
        departments::responsibilities(&record.responsibility, &record.text, place.city, kb);
    if let Some(county) = place.county {
        for r in &mut responsibilities {
            if let Some(name) = departments::of_county(&r.department.name, county, kb) {
                r.department = departments::department(&name, kb);
            }
        }
    }
    let deadline = record
        .deadline
        .as_deref()
        .map(|d| deadline::parse_deadline(d, reference_year, kb));
    Task {
        position,
        label: record.label,
        section: record.section,
        text: record.text,
        text_lines: record.text_lines,
        lines: record.lines,
        excerpt,
        responsibilities,
        deadline,
    }
}

/// The verbatim source lines of a range (1-based, inclusive).
fn excerpt(lines: &[&str], range: LineRange) -> String {
    let first = range.first.saturating_sub(1);
    let last = range.last.min(lines.len());
    lines.get(first..last).unwrap_or_default().join("\n")
}

/// Where targets and funding are looked for: each task's text first, then
/// the body text outside the tasks and the `indicator_tables` (read on their
/// own). In a prose document with a table, a paragraph that the table
/// restates belongs to that table task.
fn passages(
    lines: &[&str],
    outline: headings::Outline,
    layout: Layout,
    tasks: &[Task],
    indicator_tables: &[LineRange],
    kb: &Knowledge,
) -> Vec<Passage> {
    let ranges: Vec<LineRange> = tasks
        .iter()
        .map(|t| t.lines)
        .chain(indicator_tables.iter().copied())
        .collect();
    let mut out: Vec<Passage> = tasks.iter().map(task_passage).collect();
    let table_tasks = (layout == Layout::ProseWithTable).then(|| TableTasks::of(tasks));
    for mut passage in passages::document_passages(lines, outline, &ranges, kb) {
        if let Some(table_tasks) = &table_tasks {
            passage.task = table_tasks.restated_by(&passage);
        }
        out.push(passage);
    }
    out
}

/// The tasks of a table, ready to be compared with every paragraph of the
/// prose around it: their character pairs indexed, and which of them are
/// long enough to be told by containment, each worked out once.
struct TableTasks<'t> {
    tasks: &'t [Task],
    pairs: PairIndex,
    telling: Vec<bool>,
}

impl<'t> TableTasks<'t> {
    /// A share of pairs at or above this restates.
    const RESTATES: f64 = 0.6;
    /// A short cell ("积极推行养老服务机构责任保险") is "contained" in many long
    /// paragraphs: containment needs a text at least this long to tell.
    const TELLING: usize = 20;

    fn of(tasks: &'t [Task]) -> TableTasks<'t> {
        TableTasks {
            tasks,
            pairs: PairIndex::of(tasks.iter().map(|t| t.text.as_str())),
            telling: tasks
                .iter()
                .map(|t| t.text.chars().count() >= Self::TELLING)
                .collect(),
        }
    }

    /// The task a paragraph belongs to: the one whose text restates the
    /// paragraph's topic sentence ("2.建立开办和运营补助机制，…。"), else the
    /// one whose whole (telling) text the paragraph contains.
    fn restated_by(&self, paragraph: &Passage) -> Option<usize> {
        let topic = paragraph.sentences().first().map_or("", |s| s.text);
        let topic = CharPairs::of(headings::numbered(topic).map_or(topic, |n| n.rest));
        let of_topic = self
            .pairs
            .common(&topic)
            .into_iter()
            .map(|common| share(common, topic.len()));
        self.best(of_topic).or_else(|| {
            let common = self.pairs.common(&CharPairs::of(&paragraph.text));
            let contained =
                common
                    .into_iter()
                    .zip(&self.telling)
                    .enumerate()
                    .map(|(i, (common, &telling))| {
                        if telling {
                            share(common, self.pairs.size(i))
                        } else {
                            0.0
                        }
                    });
            self.best(contained)
        })
    }

    /// The task of the best share at or above RESTATES; of equals, the last.
    fn best(&self, shares: impl Iterator<Item = f64>) -> Option<usize> {
        self.tasks
            .iter()
            .zip(shares)
            .map(|(t, share)| (share, t.position))
            .filter(|(s, _)| *s >= Self::RESTATES)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, position)| position)
    }
}

/// `part` of `whole`, 0 when `whole` is.
fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A task's text as a passage (its text starts on the task's first line).
fn task_passage(task: &Task) -> Passage {
    Passage {
        text: task.text.clone(),
        line_starts: task.text_lines.clone(),
        task: Some(task.position),
        breaks: Vec::new(),
    }
}

/// Targets and funding of every passage (after `targets` read elsewhere),
/// and the number-bearing sentences that gave neither.
/// The targets and funding of the passages, after `targets` (an indicator
/// table's). A target due before `reference_year`, the year the document was
/// issued, reports what was achieved ("“十三五”期间，…达到32张"): it is none.
fn quantities(
    passages: &[Passage],
    targets: Vec<Target>,
    reference_year: Option<i32>,
    kb: &Knowledge,
) -> (Vec<Target>, Vec<FundingMention>, Vec<Unplaced>) {
    let mut all_targets = targets;
    let mut all_funding = Vec::new();
    let mut unplaced = Vec::new();
    let achieved = |t: &Target| {
        t.year
            .zip(reference_year)
            .is_some_and(|(due, issued)| due < issued)
    };
    for passage in passages {
        let mut found_targets = targets::targets(passage, kb);
        found_targets.retain(|t| !achieved(t));
        let found_funding = funding::funding(passage, kb);
        for sentence in passage.sentences() {
            let placed = found_targets
                .iter()
                .map(|t| &t.source)
                .chain(found_funding.iter().map(|f| &f.source))
                .any(|s| states(s, &sentence));
            if !placed && !numbers::quantities(sentence.text).is_empty() {
                unplaced.push(Unplaced {
                    source: Source {
                        sentence: sentence.text.to_owned(),
                        line: sentence.line,
                        task: passage.task,
                    },
                });
            }
        }
        all_targets.extend(found_targets);
        all_funding.extend(found_funding);
    }
    // A table task and the paragraph it restates state the same goal twice.
    let mut seen = HashSet::new();
    all_targets.retain(|t| {
        seen.insert(format!(
            "{:?}|{}|{}|{}|{:?}",
            t.source.task,
            t.indicator,
            t.value.normalize(),
            t.comparator.code(),
            t.year
        ))
    });
    let mut seen = HashSet::new();
    all_funding.retain(|f| {
        seen.insert(format!(
            "{:?}|{}|{:?}|{:?}|{:?}",
            f.source.task,
            f.source_code,
            f.amount.map(|a| a.normalize()),
            f.amount_max.map(|a| a.normalize()),
            f.basis
        ))
    });
    (all_targets, all_funding, unplaced)
}

/// Whether a target's or funding mention's source is the sentence, or a
/// statement of sentences read as one (a payer and the amounts it pays)
/// that holds it.
fn states(source: &Source, sentence: &passages::Sentence) -> bool {
    if source.sentence == sentence.text {
        return source.line == sentence.line;
    }
    source.line <= sentence.line && source.sentence.contains(sentence.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    type Bodies<'a> = Vec<(&'a str, Role)>;

    /// A document's targets: indicator, value, year and source line.
    fn targets(doc: &Document) -> Vec<(&str, String, Option<i32>, usize)> {
        doc.targets
            .iter()
            .map(|t| {
                let value = t.value.normalize().to_string();
                (t.indicator.as_str(), value, t.year, t.source.line)
            })
            .collect()
    }

    /// Each task's label and bodies.
    fn labelled_bodies(doc: &Document) -> Vec<(&str, Bodies<'_>)> {
        doc.tasks
            .iter()
            .map(|t| (t.label.as_str(), bodies(t)))
            .collect()
    }

    /// A task's bodies (names as written out) and roles.
    fn bodies(task: &Task) -> Bodies<'_> {
        task.responsibilities
            .iter()
            .map(|r| (r.department.name.as_str(), r.role))
            .collect()
    }

    /// A prose document whose tasks are "（一）" sections closing with
    /// labelled brackets, the shape of many municipal implementation plans.
    const SECTION_TASKS: &str = "\
扬州市加快推进养老服务体系建设实施方案

一、总体目标
到2020年，全市每千名老年人拥有养老床位数达到40张。

二、重点任务
（一）加强居家养老服务。推进社区居家养老服务中心建设。（责任单位：市民政局、市财政局，各县（市、区）人民政府）
（二）推进医养结合。鼓励医疗机构与养老机构签约合作。（牵头单位：市卫生健康委；配合单位：市民政局、市医保局）

三、保障措施
加强组织领导。
";

    #[test]
    fn an_opinion_s_tasks_and_its_annexed_projects_are_all_read() {
        let kb = Knowledge::bundled().unwrap();
        let opinion = "黄冈市关于推进养老服务高质量发展的实施意见\n\
                       二、重点任务\n\
                       （一）完善设施。推进街道综合养老服务中心建设。（市民政局牵头，市住建局配合）\n\
                       （二）推进医养结合。推动签约合作。（市卫健委牵头，市民政局配合）\n\
                       附件：重点项目表\n";
        let labels_and_leads = |src: &str| -> (Layout, Vec<(String, String)>) {
            let doc = extract("a.txt", src, kb, &ExtractOptions::default()).unwrap();
            let tasks = doc
                .tasks
                .iter()
                .map(|t| {
                    let lead = t.responsibilities.iter().find(|r| r.role == Role::Lead);
                    (
                        t.label.clone(),
                        lead.map(|r| r.department.name.clone()).unwrap_or_default(),
                    )
                })
                .collect();
            (doc.layout, tasks)
        };
        let pair = |label: &str, lead: &str| (label.to_owned(), lead.to_owned());
        // A table of projects: tasks of its own after the opinion's.
        let projects = format!(
            "{opinion}序号\t项目名称\t建设内容\t牵头单位\t完成时限\n\
             1\t市福利院改扩建\t新增床位200张\t市民政局\t2024年\n"
        );
        assert_eq!(
            labels_and_leads(&projects),
            (
                Layout::ProseWithTable,
                vec![
                    pair("一", "市民政局"),
                    pair("二", "市卫健委"),
                    pair("1", "市民政局")
                ]
            )
        );
        // A table that splits the opinion's tasks into rows: its rows only.
        let split = format!(
            "{opinion}序号\t工作任务\t牵头单位\t完成时限\n\
             1\t建设街道综合养老服务中心\t市民政局\t2024年\n"
        );
        assert_eq!(
            labels_and_leads(&split),
            (Layout::FlatTable, vec![pair("1", "市民政局")])
        );
    }

    #[test]
    fn sections_closing_with_labelled_brackets_are_tasks_with_their_bodies() {
        let kb = Knowledge::bundled().unwrap();
        let doc = extract("a.txt", SECTION_TASKS, kb, &ExtractOptions::default()).unwrap();
        assert_eq!(
            (doc.city.as_str(), doc.layout),
            ("扬州市", Layout::BracketedProse)
        );
        assert_eq!(
            labelled_bodies(&doc),
            [
                (
                    "一",
                    vec![
                        ("市民政局", Role::Lead),
                        ("市财政局", Role::Lead),
                        ("各县（市、区）人民政府", Role::Lead),
                    ]
                ),
                (
                    "二",
                    vec![
                        ("市卫生健康委", Role::Lead),
                        ("市民政局", Role::Participant),
                        ("市医保局", Role::Participant),
                    ]
                ),
            ]
        );
        assert_eq!(doc.targets.len(), 1);
        assert_eq!(doc.targets[0].indicator, "beds-per-1000-elderly");
    }

    #[test]
    fn an_indicator_table_gives_the_documents_targets_and_nothing_else() {
        let src = "鄂州市养老服务体系建设规划\n\n一、发展目标\n\
                   到2025年，基本建成养老服务体系。\n\
                   序号\t指标名称\t2020年\t2025年\t指标属性\n\
                   1\t养老机构护理型床位占比（%）\t38%\t55%\t约束性\n\
                   2\t每千名老年人拥有养老床位数（张）\t35\t40\t预期性\n\
                   二、主要任务\n1.建设设施。（责任单位：市民政局）\n";
        let kb = Knowledge::bundled().unwrap();
        let doc = extract("i.txt", src, kb, &ExtractOptions::default()).unwrap();
        let got: Vec<String> = doc
            .targets
            .iter()
            .map(|t| {
                let (value, source) = (t.value.normalize(), &t.source);
                let year = t.year.unwrap_or_default();
                format!(
                    "{} {value} {year} {:?} line {}",
                    t.indicator, source.task, source.line
                )
            })
            .collect();
        // The baseline 38% is no target, though its row reads like a sentence.
        assert_eq!(
            got,
            [
                "nursing-bed-share 55 2025 None line 6",
                "beds-per-1000-elderly 40 2025 None line 7"
            ]
        );
        assert!(doc.unplaced.is_empty(), "{:?}", doc.unplaced);
    }

    /// A responsibility table as `pdftotext -layout` writes it: columns
    /// aligned with spaces, cells wrapped under their column, a page number
    /// inside a row.
    const ALIGNED_TABLE: &str = "\
常宁市养老服务体系建设任务分解表
 序号   工作任务                              牵头单位          配合单位                    完成时限
  1     落实养老服务设施用地保障，新建        市自然资源局      市民政局、市住建局          2021年12月
        城区按标准配建养老服务设施
  2     推进公办养老机构改革，到2022年        市民政局          市财政局、市发改委、        2022年底前
        底护理型床位占比达到50%                                 市卫健局
                                        — 2 —
  3     开展养老护理员职业技能培训            市人社局                                      每年
";

    #[test]
    fn a_table_aligned_with_spaces_reads_like_a_tabbed_one() {
        let kb = Knowledge::bundled().unwrap();
        let doc = extract("c.txt", ALIGNED_TABLE, kb, &ExtractOptions::default()).unwrap();
        assert_eq!(
            (doc.city.as_str(), doc.layout),
            ("常宁市", Layout::FlatTable)
        );
        type Read<'a> = (&'a str, Bodies<'a>, Option<&'a str>, (usize, usize));
        let got: Vec<Read> = doc
            .tasks
            .iter()
            .map(|t| {
                let deadline = t.deadline.as_ref().map(|d| d.text.as_str());
                (
                    t.text.as_str(),
                    bodies(t),
                    deadline,
                    (t.lines.first, t.lines.last),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "落实养老服务设施用地保障，新建城区按标准配建养老服务设施",
                    vec![
                        ("市自然资源局", Role::Lead),
                        ("市民政局", Role::Participant),
                        ("市住建局", Role::Participant),
                    ],
                    Some("2021年12月"),
                    (3, 3)
                ),
                (
                    "推进公办养老机构改革，到2022年底护理型床位占比达到50%",
                    vec![
                        ("市民政局", Role::Lead),
                        ("市财政局", Role::Participant),
                        ("市发改委", Role::Participant),
                        ("市卫健局", Role::Participant),
                    ],
                    Some("2022年底前"),
                    (5, 5)
                ),
                (
                    "开展养老护理员职业技能培训",
                    vec![("市人社局", Role::Lead)],
                    Some("每年"),
                    (8, 8)
                ),
            ]
        );
        assert_eq!(
            targets(&doc),
            [("nursing-bed-share", "50".into(), Some(2022), 5)]
        );
    }

    #[test]
    fn an_aligned_table_without_numbers_has_a_task_per_row() {
        let doc = extracted(
            "咸宁市养老服务重点任务清单\n\
             \x20 重点任务                      牵头单位    配合单位            完成时限\n\
             \x20 建立基本养老服务清单制度，    市民政局    市财政局、市发改委  2022年6月底前\n\
             \x20 明确服务对象和内容\n\
             \x20 实施养老护理员技能提升行动    市人社局    市民政局            持续推进\n",
        );
        assert_eq!(
            (doc.city.as_str(), doc.layout),
            ("咸宁市", Layout::FlatTable)
        );
        let labels: Vec<&str> = doc.tasks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["", ""]);
        assert_eq!(
            tasks_read(&doc),
            [
                (
                    "建立基本养老服务清单制度，明确服务对象和内容",
                    vec![
                        ("市民政局", Role::Lead),
                        ("市财政局", Role::Participant),
                        ("市发改委", Role::Participant),
                    ],
                    Some("2022年6月底前")
                ),
                (
                    "实施养老护理员技能提升行动",
                    vec![("市人社局", Role::Lead), ("市民政局", Role::Participant)],
                    Some("持续推进")
                ),
            ]
        );
    }

    /// A document read with the bundled knowledge and default options.
    fn extracted(src: &str) -> Document {
        let kb = Knowledge::bundled().unwrap();
        extract("doc.txt", src, kb, &ExtractOptions::default()).unwrap()
    }

    /// Each task's text, bodies and deadline.
    fn tasks_read(doc: &Document) -> Vec<(&str, Bodies<'_>, Option<&str>)> {
        doc.tasks
            .iter()
            .map(|t| {
                let deadline = t.deadline.as_ref().map(|d| d.text.as_str());
                (t.text.as_str(), bodies(t), deadline)
            })
            .collect()
    }

    /// A responsibility table written as a Markdown table (a web page or a
    /// Word file converted with pandoc), the signature under it.
    const MARKDOWN_TABLE: &str = "\
宜昌市推进养老服务体系建设重点任务分工方案

| 序号 | 主要任务 | 具体措施 | 牵头部门 | 参与部门 | 时间进度 |
| --- | --- | --- | --- | --- | --- |
| 1 | 完善设施 | 到2022年，每千名老年人拥有养老床位数达到40张。 | 市民政局 | 市发改委、市住建局 | 2022年底前 |
| 2 | 加大投入 | 市级福彩公益金55%以上用于发展养老服务业。 | 市财政局 | 市民政局 | 每年 |

宜昌市人民政府办公室
2021年5月20日
";

    #[test]
    fn a_markdown_table_reads_like_a_tabbed_one() {
        let doc = extracted(MARKDOWN_TABLE);
        assert_eq!(
            (doc.city.as_str(), doc.layout),
            ("宜昌市", Layout::FlatTable)
        );
        assert_eq!(
            tasks_read(&doc),
            [
                (
                    "完善设施：到2022年，每千名老年人拥有养老床位数达到40张。",
                    vec![
                        ("市民政局", Role::Lead),
                        ("市发改委", Role::Participant),
                        ("市住建局", Role::Participant),
                    ],
                    Some("2022年底前")
                ),
                (
                    "加大投入：市级福彩公益金55%以上用于发展养老服务业。",
                    vec![("市财政局", Role::Lead), ("市民政局", Role::Participant)],
                    Some("每年")
                ),
            ]
        );
        assert_eq!(
            targets(&doc),
            [
                ("beds-per-1000-elderly", "40".into(), Some(2022), 5),
                ("lottery-fund-share", "55".into(), None, 6)
            ]
        );
    }

    #[test]
    fn a_table_reads_the_same_with_tabs_pipes_box_lines_or_commas() {
        let rows = [
            ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
            [
                "1",
                "编制养老服务设施专项规划。",
                "市自然资源和规划局",
                "市民政局",
                "2021年底前",
            ],
            [
                "2",
                "建设家庭养老床位，每千名老年人拥有养老床位达到40张。",
                "市民政局",
                "",
                "每年",
            ],
            [
                "3",
                "落实运营补贴，市财政每张床位补助3000元。",
                "市财政局",
                "市民政局、市医保局",
                "持续推进",
            ],
        ];
        let written =
            |row: &[&str; 5], sep: &str, open: &str| format!("{open}{}{open}", row.join(sep));
        let table = |sep: &str, open: &str, rule: &str| {
            let mut lines = vec!["眉山市养老服务重点任务分工".to_owned(), String::new()];
            lines.extend(rows.iter().map(|r| written(r, sep, open)));
            if !rule.is_empty() {
                lines.insert(3, rule.to_owned());
            }
            lines.join("\n")
        };
        let read = |src: &str| {
            let doc = extracted(src);
            let targets: Vec<_> = targets(&doc)
                .into_iter()
                .map(|(i, v, y, _)| (i.to_owned(), v, y))
                .collect();
            let tasks: Vec<_> = tasks_read(&doc)
                .into_iter()
                .map(|(t, b, d)| (t.to_owned(), format!("{b:?}"), d.map(str::to_owned)))
                .collect();
            (doc.layout, tasks, targets)
        };
        let tabs = read(&table("\t", "", ""));
        assert_eq!(tabs.1.len(), 3);
        assert_eq!(tabs.2.len(), 1);
        for (sep, open, rule) in [
            (" | ", "|", "|---|---|---|---|---|"),
            (" | ", "", "---|---|---|---|---"),
            ("│", "│", "├──┼──┼──┼──┼──┤"),
            ("｜", "｜", ""),
            (",", "", ""),
        ] {
            assert_eq!(read(&table(sep, open, rule)), tabs, "written with {sep:?}");
        }
    }

    #[test]
    fn a_spreadsheet_with_merged_cells_saved_as_csv() {
        // A category column whose merged cells are left blank below their
        // first row, and a header over two lines (责任单位 over 牵头 | 配合).
        let doc = extracted(
            "眉山市养老服务重点任务分工表,,,,,\n\
             类别,序号,重点任务,责任单位,,完成时限\n\
             ,,,牵头单位,配合单位,\n\
             居家养老,1,建设家庭养老床位500张。,市民政局,市卫生健康委,2022年12月\n\
             ,2,\"开展适老化改造，改造800户。\",市民政局,市残联,2022年底前\n\
             机构养老,3,公办养老机构护理型床位占比达到60%。,市民政局,,2023年6月\n",
        );
        assert_eq!(
            (doc.city.as_str(), doc.layout),
            ("眉山市", Layout::GroupedTable)
        );
        let sections: Vec<&[String]> = doc.tasks.iter().map(|t| t.section.as_slice()).collect();
        assert_eq!(sections, [["居家养老"], ["居家养老"], ["机构养老"]]);
        assert_eq!(
            tasks_read(&doc),
            [
                (
                    "建设家庭养老床位500张。",
                    vec![
                        ("市民政局", Role::Lead),
                        ("市卫生健康委", Role::Participant)
                    ],
                    Some("2022年12月")
                ),
                (
                    "开展适老化改造，改造800户。",
                    vec![("市民政局", Role::Lead), ("市残联", Role::Participant)],
                    Some("2022年底前")
                ),
                (
                    "公办养老机构护理型床位占比达到60%。",
                    vec![("市民政局", Role::Lead)],
                    Some("2023年6月")
                ),
            ]
        );
    }

    /// A county's table, its header over two rows (责任单位 over 牵头单位 and
    /// 配合单位): the title names the county only.
    const COUNTY_TABLE: &str = "\
孝昌县养老服务体系建设任务清单

序号\t重点任务\t责任单位\t\t完成时限
\t\t牵头单位\t配合单位\t
1\t建设县级失能照护中心\t县民政局\t县发改局、市医保局孝昌分局\t2024年底
";

    #[test]
    fn a_county_named_only_in_the_red_head() {
        let doc = extracted(
            "孝昌县人民政府办公室文件\n\
             孝政办发〔2023〕5号\n\n\
             关于印发养老服务体系建设实施方案的通知\n\n\
             二、重点任务\n\
             （一）加强设施建设。推进乡镇区域养老服务中心建设。（县民政局负责）\n",
        );
        assert_eq!(doc.city, "孝感市");
        assert_eq!(
            labelled_bodies(&doc),
            [("一", vec![("孝昌县民政局", Role::Lead)])]
        );
    }

    #[test]
    fn a_countys_document_is_of_its_city_and_its_bodies_are_the_countys() {
        let doc = extracted(COUNTY_TABLE);
        assert_eq!(
            (doc.city.as_str(), doc.city_source, doc.layout),
            ("孝感市", CitySource::Gazetteer, Layout::FlatTable)
        );
        assert_eq!(doc.county.as_deref(), Some("孝昌县"));
        assert_eq!(
            tasks_read(&doc),
            [(
                "建设县级失能照护中心",
                vec![
                    ("孝昌县民政局", Role::Lead),
                    ("孝昌县发改局", Role::Participant),
                    ("市医保局孝昌分局", Role::Participant)
                ],
                Some("2024年底")
            )]
        );
    }

    /// A responsibility table saved from a spreadsheet as CSV: a title row,
    /// a quoted cell holding a comma and a line break.
    const CSV_TABLE: &str = "\
镇江市养老服务体系建设任务分工表,,,
序号,重点任务,责任单位,完成时限
1,\"推进医养结合，
养老机构与医疗机构签约服务率达到100%。\",市卫生健康委、市民政局,2021年12月底前
2,开展养老护理员培训，每年培训不少于2000人次。,市人力资源社会保障局,长期坚持
";

    #[test]
    fn a_table_saved_as_csv_reads_like_a_tabbed_one() {
        let doc = extracted(CSV_TABLE);
        assert_eq!(
            (doc.city.as_str(), doc.layout, doc.metadata.title.as_deref()),
            (
                "镇江市",
                Layout::FlatTable,
                Some("镇江市养老服务体系建设任务分工表")
            )
        );
        assert_eq!(
            tasks_read(&doc),
            [
                (
                    "推进医养结合，养老机构与医疗机构签约服务率达到100%。",
                    vec![("市卫生健康委", Role::Lead), ("市民政局", Role::Lead)],
                    Some("2021年12月底前")
                ),
                (
                    "开展养老护理员培训，每年培训不少于2000人次。",
                    vec![("市人力资源社会保障局", Role::Lead)],
                    Some("长期坚持")
                ),
            ]
        );
        let lines: Vec<(usize, usize)> = doc
            .tasks
            .iter()
            .map(|t| (t.lines.first, t.lines.last))
            .collect();
        assert_eq!(lines, [(3, 3), (5, 5)]);
    }

    /// Tasks whose bodies and time limit stand on labelled lines of their own.
    const FIELD_LINES: &str = "\
株洲市养老服务体系建设实施方案

三、主要任务
（一）扩大居家社区养老服务供给
全面推进街道综合养老服务中心建设。
责任单位：市民政局、市住房和城乡建设局，各县市区人民政府
完成时限：2023年底前
（二）推进医养康养融合发展
到2025年，养老机构医疗卫生服务覆盖率达到100%。
牵头单位：市卫生健康委
配合单位：市民政局、市医保局
完成时限：持续推进
";

    #[test]
    fn labelled_lines_give_bodies_and_deadlines() {
        let kb = Knowledge::bundled().unwrap();
        let doc = extract("d.txt", FIELD_LINES, kb, &ExtractOptions::default()).unwrap();
        type DueOngoing = Option<(Option<crate::model::Date>, bool)>;
        let got: Vec<(Bodies, DueOngoing)> = doc
            .tasks
            .iter()
            .map(|t| (bodies(t), t.deadline.as_ref().map(|d| (d.due, d.ongoing))))
            .collect();
        assert_eq!(
            got,
            [
                (
                    vec![
                        ("市民政局", Role::Lead),
                        ("市住房和城乡建设局", Role::Lead),
                        ("各县市区人民政府", Role::Lead),
                    ],
                    Some((crate::model::Date::new(2023, 12, 31), false))
                ),
                (
                    vec![
                        ("市卫生健康委", Role::Lead),
                        ("市民政局", Role::Participant),
                        ("市医保局", Role::Participant),
                    ],
                    Some((None, true))
                ),
            ]
        );
    }

    #[test]
    fn what_was_achieved_before_the_document_is_no_target() {
        let src = "株洲市“十四五”养老服务体系建设规划\n株洲市人民政府\n2021年11月8日\n\
                   “十三五”期间，每千名老年人拥有养老床位数达到32张。\n\
                   一、发展基础\n全市护理型床位占比达到45%。\n\
                   二、发展目标\n到“十四五”末，护理型床位占比达到60%以上。\n\
                   三、主要任务\n1.建设设施。到2021年底，建成助餐点300个。（市民政局负责）\n";
        let kb = Knowledge::bundled().unwrap();
        let doc = extract("z.txt", src, kb, &ExtractOptions::default()).unwrap();
        assert_eq!(
            targets(&doc),
            [
                ("meal-service-sites", "300".into(), Some(2021), 10),
                ("nursing-bed-share", "60".into(), Some(2025), 8),
            ]
        );
    }

    #[test]
    fn an_action_plan_s_goal_year_carries_over_its_numbered_goals() {
        let src =
            "萍乡市养老服务三年行动方案\n一、行动目标\n到2023年，全市养老服务体系更加完善：\n\
                   1.养老床位总量达到1.8万张，护理型床位占比达到55%以上；\n\
                   2.社区居家养老服务设施覆盖率城市达到100%。\n\
                   二、重点行动\n1.建设中心。（市民政局负责）\n";
        let kb = Knowledge::bundled().unwrap();
        let doc = extract("p.txt", src, kb, &ExtractOptions::default()).unwrap();
        assert_eq!(
            targets(&doc),
            [
                ("total-elderly-care-beds", "18000".into(), Some(2023), 3),
                ("nursing-bed-share", "55".into(), Some(2023), 3),
                (
                    "urban-community-facility-coverage",
                    "100".into(),
                    Some(2023),
                    5
                ),
            ]
        );
    }

    /// Numbered tasks whose last sentences say who does them and by when,
    /// without brackets.
    const STATED_BODIES: &str = "\
关于加快发展养老服务业的实施意见
荆州市人民政府

二、重点任务
1.加快养老机构建设。各县市区至少建成1所护理型养老机构。市民政局牵头，市发展改革委、市财政局配合。完成时限：2019年底。
2.加强人才培养。养老护理员持证上岗率达到80%以上。市人社局牵头，市民政局配合。
";

    #[test]
    fn closing_sentences_give_bodies_roles_and_deadlines() {
        let kb = Knowledge::bundled().unwrap();
        let doc = extract("b.txt", STATED_BODIES, kb, &ExtractOptions::default()).unwrap();
        assert_eq!(
            (doc.city.as_str(), doc.layout),
            ("荆州市", Layout::NumberedProse)
        );
        let got: Vec<(Bodies, Option<Option<crate::model::Date>>)> = doc
            .tasks
            .iter()
            .map(|t| (bodies(t), t.deadline.as_ref().map(|d| d.due)))
            .collect();
        let due = crate::model::Date::new(2019, 12, 31);
        assert_eq!(
            got,
            [
                (
                    vec![
                        ("市民政局", Role::Lead),
                        ("市发展改革委", Role::Participant),
                        ("市财政局", Role::Participant),
                    ],
                    Some(due)
                ),
                (
                    vec![("市人社局", Role::Lead), ("市民政局", Role::Participant)],
                    None
                ),
            ]
        );
    }

    /// A division of duties by department: a paragraph a body, none numbered.
    const DUTIES: &str = "\
南平市加快发展养老服务业实施方案

一、工作目标
到2020年，全市每千名老年人拥有养老床位35张以上，其中护理型床位比例不低于30%。

二、任务分工
市民政局：负责制定养老服务业发展规划，到2018年新增养老床位2000张。
市财政局、市民政局：安排养老服务业发展资金，福彩公益金用于养老服务的比例不低于50%。
各县（市、区）人民政府：落实属地责任。

三、工作要求
各部门要加强协作。
";

    #[test]
    fn a_division_of_duties_gives_a_task_per_body() {
        let kb = Knowledge::bundled().unwrap();
        let doc = extract("d.txt", DUTIES, kb, &ExtractOptions::default()).unwrap();
        assert_eq!(
            (doc.city.as_str(), doc.layout),
            ("南平市", Layout::NumberedProse)
        );
        assert_eq!(
            labelled_bodies(&doc),
            [
                ("1", vec![("市民政局", Role::Lead)]),
                (
                    "2",
                    vec![("市财政局", Role::Lead), ("市民政局", Role::Lead)]
                ),
                ("3", vec![("各县（市、区）人民政府", Role::Lead)]),
            ]
        );
        assert_eq!(
            targets(&doc),
            [
                ("new-elderly-care-beds", "2000".into(), Some(2018), 7),
                ("lottery-fund-share", "50".into(), None, 8),
                ("beds-per-1000-elderly", "35".into(), Some(2020), 4),
                ("nursing-bed-share", "30".into(), Some(2020), 4),
            ]
        );
    }

    #[test]
    fn a_note_that_the_body_listed_first_leads_holds_for_every_task() {
        let roles = |src: &str| -> Vec<Vec<(String, Role)>> {
            extracted(src)
                .tasks
                .iter()
                .map(|t| {
                    t.responsibilities
                        .iter()
                        .map(|r| (r.department.name.clone(), r.role))
                        .collect()
                })
                .collect()
        };
        let tasks = "二、主要任务\n\
                     1.建立监管制度。（市民政局、市市场监管局负责）\n\
                     2.推进医养结合。（市卫生健康局牵头，市民政局配合）\n";
        let noted =
            format!("清远市养老服务实施方案\n（各项任务中排在第一位的为牵头单位）\n{tasks}");
        let lead = |n: &str| (n.to_owned(), Role::Lead);
        let part = |n: &str| (n.to_owned(), Role::Participant);
        assert_eq!(
            roles(&noted),
            [
                vec![lead("市民政局"), part("市市场监管局")],
                vec![lead("市卫生健康局"), part("市民政局")],
            ]
        );
        // Without the note, every body before 负责 leads.
        let plain = format!("清远市养老服务实施方案\n{tasks}");
        assert_eq!(roles(&plain)[0], [lead("市民政局"), lead("市市场监管局")]);
        // The same note in a table's header.
        for note in ["（列第一位的为牵头单位）", "(排在首位的为牵头部门)"] {
            let table = format!(
                "清远市重点任务分工\n序号\t重点任务\t责任单位{note}\t完成时限\n\
                 1\t建立监管制度\t市民政局、市市场监管局\t2021年底前\n"
            );
            assert_eq!(
                roles(&table),
                [vec![lead("市民政局"), part("市市场监管局")]],
                "{note}"
            );
        }
    }

    #[test]
    fn a_box_of_a_plan_states_the_document_s_targets() {
        let src = "扬州市“十四五”养老服务体系建设规划\n\n第一章 发展基础\n\n\
                   全市养老床位达到2.6万张。\n\n第二章 主要任务\n\n\
                   一、完善居家社区养老服务网络\n\n\
                   （一）推进中心建设。到2023年，护理型床位占比达到60%。（市民政局负责）\n\n\
                   专栏1 居家社区养老服务提升工程\n1.老年助餐服务。建成社区老年助餐点300个。\n\n\
                   （二）发展社区嵌入式养老。新建小区按标准配建。（市住建局负责）\n\n\
                   第三章 保障措施\n\n加强组织领导。\n";
        let doc = extracted(src);
        let tasks: Vec<(&str, &str)> = doc
            .tasks
            .iter()
            .map(|t| (t.label.as_str(), t.text.as_str()))
            .collect();
        assert_eq!(
            tasks,
            [
                (
                    "一",
                    "推进中心建设。到2023年，护理型床位占比达到60%。（市民政局负责）"
                ),
                (
                    "二",
                    "发展社区嵌入式养老。新建小区按标准配建。（市住建局负责）"
                ),
            ]
        );
        let by_task: Vec<(&str, Option<usize>)> = doc
            .targets
            .iter()
            .map(|t| (t.indicator.as_str(), t.source.task))
            .collect();
        assert_eq!(
            by_task,
            [("nursing-bed-share", Some(1)), ("meal-service-sites", None)]
        );
    }
}
