//! The extractor never panics: property-based fuzzing with proptest.
//!
//! Each case takes one of the five seeds and applies a few mutations —
//! lines deleted, duplicated, swapped, joined; the cells of a table row
//! swapped or shuffled; lines spliced in from another seed; random bytes,
//! random Unicode (CJK, full-width, brackets, numbers, 、，。) or policy
//! tokens inserted; the file truncated at a random byte; tabs turned into
//! runs of spaces (a table aligned as `pdftotext -layout` writes it). Bytes that are no
//! longer UTF-8 go through `text::decode`, as `ingest` does. `extract` must
//! return `Ok` or a clean `Err`, and an `Ok` document must be internally
//! consistent (see [`check_document`]); its RDF mapping must not panic either.
//! The same mutated seeds are also laid out as web pages (paragraphs, tab
//! lines as table rows with random spans, markup left unescaped at random)
//! and read through `html::to_text`, as `ingest` reads a page.
//!
//! `cargo test --release` runs a few dozen cases per property, at random;
//! `PROPTEST_CASES=N` raises that, and `scripts/fuzz SECONDS` runs it for a
//! fixed time. A failing case is shrunk and its seed recorded in
//! `proptest-regressions/fuzz_extract.txt` (committed), so that it is
//! replayed first by every later run.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

use eldergraph::extract::{extract, ExtractError, ExtractOptions};
use eldergraph::knowledge::Knowledge;
use eldergraph::model::Document;
use eldergraph::{html, rdf, text};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{FileFailurePersistence, TestRunner};

const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/proptest-regressions/fuzz_extract.txt"
);

/// Cases per property when `PROPTEST_CASES` is not set: enough to catch a
/// regression, few enough for `cargo test --release` to stay fast.
const DEFAULT_CASES: u32 = 64;

fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = DEFAULT_CASES;
    }
    if std::env::var_os("PROPTEST_MAX_SHRINK_TIME").is_none() {
        // Shrinking a 47 KB seed is slow: a minute is plenty to find a small case.
        config.max_shrink_time = 60_000;
    }
    config.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS)));
    config
}

fn kb() -> &'static Knowledge {
    Knowledge::bundled().expect("bundled knowledge")
}

/// The five seeds, (file name, bytes), in name order.
fn seeds() -> &'static [(String, Vec<u8>)] {
    static SEEDS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("seeds/")
            .map(|e| e.expect("seed entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        assert_eq!(files.len(), 5, "five seeds in {}", dir.display());
        files
            .into_iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).expect("seed"))
            })
            .collect()
    })
}

// ── Mutations ─────────────────────────────────────────────────────────────

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLines {
        at: Index,
        count: usize,
    },
    DuplicateLine {
        at: Index,
        times: usize,
    },
    SwapLines {
        a: Index,
        b: Index,
    },
    /// Joins a line with the next `count` ones (their line breaks removed).
    JoinLines {
        at: Index,
        count: usize,
    },
    /// Swaps two cells of a table row: a row is a block of non-blank lines,
    /// its cells are its lines (tab-led, one per line) or, for a one-line
    /// block, its tab-separated fields.
    SwapCells {
        row: Index,
        a: Index,
        b: Index,
    },
    /// Puts the cells of a row in a random order.
    ShuffleRow {
        row: Index,
        seed: u64,
    },
    /// Copies `count` lines of another seed in (a table header into prose …).
    Splice {
        seed: usize,
        from: Index,
        count: usize,
        at: Index,
    },
    /// Arbitrary bytes at an arbitrary byte offset (UTF-8 may break).
    InsertBytes {
        at: Index,
        bytes: Vec<u8>,
    },
    /// Well-formed text at a character boundary.
    InsertText {
        at: Index,
        text: String,
    },
    /// Overwrites a character with other text (a digit for a digit …).
    ReplaceChar {
        at: Index,
        text: String,
    },
    /// Cuts the file at an arbitrary byte (UTF-8 may break).
    Truncate {
        at: Index,
    },
    /// Every tab becomes a run of spaces (`width` of them, full-width when
    /// `wide`): a table aligned with spaces, as `pdftotext -layout` writes.
    SpacesForTabs {
        width: usize,
        wide: bool,
    },
    /// Every line holding a tab becomes a row of `delimiter`-separated
    /// cells: a pipe table ("| 1 | 任务 |", a rule under the first) or, for
    /// a comma, a CSV row (cells quoted when `quoted`).
    DelimitedRows {
        delimiter: char,
        quoted: bool,
    },
}

/// Text fragments a policy document is made of, and the odd ones.
fn fragment() -> impl Strategy<Value = String> {
    const TOKENS: &[&str] = &[
        "\t",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\u{3000}",
        "\u{a0}",
        "\u{feff}",
        "\u{200b}",
        "、",
        "，",
        "。",
        "；",
        "：",
        ":",
        "！",
        "？",
        "（",
        "）",
        "(",
        ")",
        "【",
        "】",
        "〔",
        "〕",
        "[",
        "]",
        "《",
        "》",
        "“",
        "”",
        "—",
        "-",
        "－",
        "～",
        "~",
        "至",
        "︰",
        "∶",
        "/",
        "%",
        "％",
        "‰",
        "序号",
        "工作任务",
        "牵头部门",
        "参与部门",
        "责任单位",
        "时间进度",
        "完成时限",
        "牵头单位：",
        "配合单位：",
        "负责",
        "实施",
        "参与",
        "配合",
        "一、",
        "二、",
        "三、主要任务",
        "四、具体任务",
        "（一）",
        "（二十）",
        "1.",
        "2、",
        "3）",
        "(4)",
        "十",
        "百",
        "千",
        "万",
        "亿",
        "〇",
        "零",
        "两",
        "三分之一",
        "二分之一",
        "百分之",
        "成",
        "年",
        "月",
        "日",
        "底前",
        "年底",
        "上半年",
        "下半年",
        "持续推进",
        "长期坚持",
        "到2020年，",
        "2015－2020年",
        "以上",
        "以下",
        "不低于",
        "不超过",
        "左右",
        "约",
        "达到",
        "元",
        "万元",
        "亿元",
        "张",
        "个",
        "所",
        "家",
        "人",
        "每张床位",
        "每人每月",
        "每千名老年人",
        "护理型床位",
        "养老床位",
        "占比",
        "市民政局",
        "市财政局（物价局）",
        "各辖市、区人民政府",
        "各县（市）区",
        "老龄办",
        "和",
        "及",
        "等",
        "南通市",
        "常州市",
        "晋中市",
        "银川市",
        "上海市",
        "区",
        "县",
        "人民政府",
        "沪府规〔2019〕26号",
        "１２３",
        "Ａ",
        "ａ",
        "0",
        "00",
        "9",
        "1.5",
        ".",
        "..",
        "0.0.",
    ];
    prop_oneof![
        4 => prop::sample::select(TOKENS).prop_map(str::to_owned),
        // Numbers as written, long enough to overflow anything fixed-width.
        2 => "[0-9]{1,40}(\\.[0-9]{0,30})?(万|亿|%|‰|元|张)?",
        1 => "[一二三四五六七八九十百千万亿〇零两]{1,24}",
        1 => prop::collection::vec(
            prop_oneof![
                prop::char::range('\u{4e00}', '\u{9fff}'), // CJK ideographs
                prop::char::range('\u{3000}', '\u{303f}'), // CJK punctuation
                prop::char::range('\u{ff01}', '\u{ff5e}'), // full-width ASCII
                prop::char::range('\u{2460}', '\u{24ff}'), // circled and bracketed numbers
            ],
            1..8
        )
        .prop_map(|cs| cs.into_iter().collect()),
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn inserted_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 1..6).prop_map(|parts| parts.concat())
}

/// A line of a generated document: fragments, or a numbered row or task.
fn generated_line() -> impl Strategy<Value = String> {
    const DEPARTMENTS: &[&str] = &[
        "市民政局",
        "市发改委、财政局和各辖市、区人民政府",
        "市国土局、规划局",
        "市民政局（老龄办）",
        "牵头单位：市卫计委\n\n配合单位：市人社局",
        "",
    ];
    prop_oneof![
        2 => inserted_text(),
        2 => (1..60u32, inserted_text(), prop::sample::select(DEPARTMENTS), inserted_text())
            .prop_map(|(n, task, dept, deadline)| format!("\t{n}\n\t{task}\n\t{dept}\n\t{deadline}\n")),
        1 => (1..30u32, inserted_text(), prop::sample::select(DEPARTMENTS))
            .prop_map(|(n, task, dept)| format!("{n}.{task}（{dept}负责）")),
        1 => (prop::sample::select(&["一", "二", "三", "四", "十二"][..]), inserted_text())
            .prop_map(|(n, heading)| format!("（{n}）{heading}")),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 1..12usize).prop_map(|(at, count)| Mutation::DeleteLines { at, count }),
        2 => (any::<Index>(), 1..4usize).prop_map(|(at, times)| Mutation::DuplicateLine { at, times }),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        2 => (any::<Index>(), 1..6usize).prop_map(|(at, count)| Mutation::JoinLines { at, count }),
        3 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(row, a, b)| Mutation::SwapCells { row, a, b }),
        2 => (any::<Index>(), any::<u64>()).prop_map(|(row, seed)| Mutation::ShuffleRow { row, seed }),
        1 => (0..5usize, any::<Index>(), 1..20usize, any::<Index>())
            .prop_map(|(seed, from, count, at)| Mutation::Splice { seed, from, count, at }),
        2 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::InsertBytes { at, bytes }),
        4 => (any::<Index>(), inserted_text()).prop_map(|(at, text)| Mutation::InsertText { at, text }),
        2 => (any::<Index>(), fragment()).prop_map(|(at, text)| Mutation::ReplaceChar { at, text }),
        1 => any::<Index>().prop_map(|at| Mutation::Truncate { at }),
        1 => (1..9usize, any::<bool>()).prop_map(|(width, wide)| Mutation::SpacesForTabs { width, wide }),
        1 => (prop::sample::select(vec!['|', ',', '│', '｜']), any::<bool>())
            .prop_map(|(delimiter, quoted)| Mutation::DelimitedRows { delimiter, quoted }),
    ]
}

/// A tab-separated line as a row of cells separated by `delimiter`, and a
/// rule to go under it.
fn delimited(line: &[u8], delimiter: char, quoted: bool) -> (Vec<u8>, Vec<u8>) {
    let text = String::from_utf8_lossy(line);
    let cells: Vec<String> = text
        .split('\t')
        .map(|c| match (delimiter, quoted) {
            (',', true) => format!("\"{}\"", c.replace('"', "\"\"")),
            _ => c.to_owned(),
        })
        .collect();
    if delimiter == ',' {
        return (cells.join(",").into_bytes(), Vec::new());
    }
    let sep = delimiter.to_string();
    let row = format!("{sep} {} {sep}", cells.join(&format!(" {sep} ")));
    let rule = format!("{sep}{}", " --- |".repeat(cells.len()));
    (row.into_bytes(), rule.into_bytes())
}

fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect()
}

fn join_lines(lines: &[Vec<u8>]) -> Vec<u8> {
    lines.join(&b'\n')
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// The rows of a file: maximal runs of non-blank lines, as line ranges.
fn rows(lines: &[Vec<u8>]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, line) in lines.iter().enumerate() {
        match (start, is_blank(line)) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..lines.len());
    }
    out
}

/// Applies `f` to the cells of one row: its lines, or the tab-separated
/// fields of a one-line row.
fn with_row_cells(lines: &mut Vec<Vec<u8>>, row: &Index, f: impl FnOnce(&mut Vec<Vec<u8>>)) {
    let rows = rows(lines);
    if rows.is_empty() {
        return;
    }
    let range = rows[row.index(rows.len())].clone();
    if range.len() > 1 {
        let mut cells: Vec<Vec<u8>> = lines[range.clone()].to_vec();
        f(&mut cells);
        lines.splice(range, cells);
    } else {
        let line = &mut lines[range.start];
        let mut cells: Vec<Vec<u8>> = line.split(|b| *b == b'\t').map(<[u8]>::to_vec).collect();
        f(&mut cells);
        *line = cells.join(&b'\t');
    }
}

/// The start of the character at or after byte `i` (for well-formed insertions).
fn char_boundary(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i] & 0xc0) == 0x80 {
        i += 1;
    }
    i
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let mut lines = split_lines(bytes);
    let n = lines.len();
    match mutation {
        Mutation::DeleteLines { at, count } => {
            let i = at.index(n);
            lines.drain(i..(i + count).min(n));
        }
        Mutation::DuplicateLine { at, times } => {
            let i = at.index(n);
            let line = lines[i].clone();
            for _ in 0..*times {
                lines.insert(i, line.clone());
            }
        }
        Mutation::SwapLines { a, b } => lines.swap(a.index(n), b.index(n)),
        Mutation::SpacesForTabs { width, wide } => {
            let space = if *wide { "\u{3000}" } else { " " };
            let run = space.repeat(*width).into_bytes();
            for line in &mut lines {
                let spaced = line
                    .split(|b| *b == b'\t')
                    .collect::<Vec<_>>()
                    .join(&run[..]);
                *line = spaced;
            }
        }
        Mutation::DelimitedRows { delimiter, quoted } => {
            let mut rule_at = None;
            for (i, line) in lines.iter_mut().enumerate() {
                if line.contains(&b'\t') {
                    let (row, rule) = delimited(line, *delimiter, *quoted);
                    *line = row;
                    rule_at = rule_at.or((!rule.is_empty()).then_some((i + 1, rule)));
                }
            }
            // A rule under the first row, as under a Markdown table's header.
            if let Some((i, rule)) = rule_at {
                lines.insert(i, rule);
            }
        }
        Mutation::JoinLines { at, count } => {
            let i = at.index(n);
            let joined: Vec<Vec<u8>> = lines.drain(i..(i + 1 + count).min(n)).collect();
            lines.insert(i, joined.concat());
        }
        Mutation::SwapCells { row, a, b } => with_row_cells(&mut lines, row, |cells| {
            let len = cells.len();
            cells.swap(a.index(len), b.index(len));
        }),
        Mutation::ShuffleRow { row, seed } => with_row_cells(&mut lines, row, |cells| {
            // Fisher–Yates with a small xorshift, so the case replays exactly.
            let mut state = seed | 1;
            for i in (1..cells.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                cells.swap(i, (state % (i as u64 + 1)) as usize);
            }
        }),
        Mutation::Splice {
            seed,
            from,
            count,
            at,
        } => {
            let other = split_lines(&seeds()[*seed].1);
            let start = from.index(other.len());
            let taken = &other[start..(start + count).min(other.len())];
            let i = at.index(n + 1);
            lines.splice(i..i, taken.iter().cloned());
        }
        Mutation::InsertBytes {
            at,
            bytes: inserted,
        } => {
            let i = at.index(bytes.len() + 1);
            bytes.splice(i..i, inserted.iter().copied());
            return;
        }
        Mutation::InsertText { at, text } => {
            let i = char_boundary(bytes, at.index(bytes.len() + 1));
            bytes.splice(i..i, text.bytes());
            return;
        }
        Mutation::ReplaceChar { at, text } => {
            if bytes.is_empty() {
                return;
            }
            let i = char_boundary(bytes, at.index(bytes.len()));
            let end = char_boundary(bytes, (i + 1).min(bytes.len()));
            bytes.splice(i..end, text.bytes());
            return;
        }
        Mutation::Truncate { at } => {
            bytes.truncate(at.index(bytes.len() + 1));
            return;
        }
    }
    *bytes = join_lines(&lines);
}

fn mutated_seed() -> impl Strategy<Value = (usize, Vec<Mutation>, ExtractOptions)> {
    (
        0..5usize,
        prop::collection::vec(mutation(), 1..8),
        options(),
    )
}

/// Mostly the defaults; sometimes a `--city`, which may be any text.
fn options() -> impl Strategy<Value = ExtractOptions> {
    prop_oneof![
        6 => Just(None),
        1 => prop::sample::select(&["南通市", "上海市", "某市"][..]).prop_map(|c| Some(c.to_owned())),
        1 => inserted_text().prop_map(Some),
    ]
    .prop_map(|city| ExtractOptions { city })
}

// ── What extraction must guarantee ────────────────────────────────────────

/// Counts of what the cases gave (shrinking included), printed at the end of
/// each property (seen with `--nocapture`) so that a run shows what it exercised.
struct Stats {
    /// Cases generated and passed (regression replays included).
    passed: AtomicU64,
    /// Every input tried, shrinking included.
    inputs: AtomicU64,
    readings: AtomicU64,
    ok: AtomicU64,
    empty: AtomicU64,
    no_tasks: AtomicU64,
    unknown_city: AtomicU64,
    undecodable: AtomicU64,
    slowest_us: AtomicU64,
}

impl Stats {
    fn new() -> Stats {
        Stats {
            passed: AtomicU64::new(0),
            inputs: AtomicU64::new(0),
            readings: AtomicU64::new(0),
            ok: AtomicU64::new(0),
            empty: AtomicU64::new(0),
            no_tasks: AtomicU64::new(0),
            unknown_city: AtomicU64::new(0),
            undecodable: AtomicU64::new(0),
            slowest_us: AtomicU64::new(0),
        }
    }

    fn print(&self, property: &str) {
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        eprintln!(
            "fuzz_extract: {property}: {} cases passed, {} inputs, {} readings: ok {}, no-tasks {}, unknown-city {}, empty {}, undecodable {}; slowest extract {:.1} ms",
            get(&self.passed),
            get(&self.inputs),
            get(&self.readings),
            get(&self.ok),
            get(&self.no_tasks),
            get(&self.unknown_city),
            get(&self.empty),
            get(&self.undecodable),
            get(&self.slowest_us) as f64 / 1000.0,
        );
    }
}

/// Reads the bytes as `ingest` does (decode, then extract); when they are
/// UTF-8, also as given (`extract` is public and takes any `&str`); when they
/// are not, also with the bad bytes replaced by U+FFFD, so that a mutation
/// that breaks the encoding still reaches the extractor.
fn check_bytes(
    name: &str,
    bytes: &[u8],
    options: &ExtractOptions,
    stats: &Stats,
) -> Result<(), TestCaseError> {
    stats.inputs.fetch_add(1, Ordering::Relaxed);
    let decoded = match text::decode(bytes, None) {
        Ok(decoded) => Some(decoded.text),
        Err(_) => {
            stats.undecodable.fetch_add(1, Ordering::Relaxed);
            None
        }
    };
    let raw = String::from_utf8_lossy(bytes);
    check_text(name, &raw, options, stats)?;
    match decoded {
        Some(text) if text != raw => check_text(name, &text, options, stats),
        _ => Ok(()),
    }
}

fn check_text(
    name: &str,
    source: &str,
    options: &ExtractOptions,
    stats: &Stats,
) -> Result<(), TestCaseError> {
    stats.readings.fetch_add(1, Ordering::Relaxed);
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| extract(name, source, kb(), options)));
    stats
        .slowest_us
        .fetch_max(started.elapsed().as_micros() as u64, Ordering::Relaxed);
    let result = result.map_err(|panic| {
        TestCaseError::fail(format!(
            "extract panicked ({}) on {} bytes of text:\n{}",
            panic_message(&panic),
            source.len(),
            shorten(source)
        ))
    })?;
    let counter = match &result {
        Ok(_) => &stats.ok,
        Err(ExtractError::Empty) => &stats.empty,
        Err(ExtractError::NoTasks) => &stats.no_tasks,
        Err(ExtractError::UnknownCity) => &stats.unknown_city,
    };
    counter.fetch_add(1, Ordering::Relaxed);
    if let Ok(document) = result {
        check_document(&document, source).map_err(|e| {
            TestCaseError::fail(format!(
                "{e}; the text ({} bytes):\n{}",
                source.len(),
                shorten(source)
            ))
        })?;
        let quads =
            catch_unwind(AssertUnwindSafe(|| rdf::document_quads(&document))).map_err(|panic| {
                TestCaseError::fail(format!(
                    "rdf::document_quads panicked ({})",
                    panic_message(&panic)
                ))
            })?;
        check_iris(quads.document.iter().chain(&quads.city)).map_err(TestCaseError::fail)?;
    }
    Ok(())
}

/// An extracted document agrees with itself and with its source text.
fn check_document(doc: &Document, source: &str) -> Result<(), String> {
    let line_count = text::lines(source).len();
    if doc.line_count != line_count {
        return Err(format!(
            "line_count {} but the text has {line_count} lines",
            doc.line_count
        ));
    }
    let in_file = |line: usize| (1..=line_count).contains(&line);
    let task_count = doc.tasks.len();
    if task_count == 0 {
        return Err("a document without tasks".into());
    }
    for (i, task) in doc.tasks.iter().enumerate() {
        let at = format!("task {} (label {:?})", task.position, task.label);
        if task.position != i + 1 {
            return Err(format!("{at} is at index {i}: positions are not 1..n"));
        }
        let range = task.lines;
        if !(in_file(range.first) && in_file(range.last) && range.first <= range.last) {
            return Err(format!(
                "{at}: lines {}..{} outside 1..{line_count}",
                range.first, range.last
            ));
        }
        for (offset, line) in &task.text_lines {
            if !task.text.is_char_boundary(*offset) || !in_file(*line) {
                return Err(format!(
                    "{at}: text line ({offset}, {line}) is not a character of the text ({} bytes) on a line of the file",
                    task.text.len()
                ));
            }
        }
        for r in &task.responsibilities {
            if text::trim(&r.department.name).is_empty() {
                return Err(format!("{at}: a {} with an empty name", r.role.code()));
            }
        }
    }
    let sources = doc
        .targets
        .iter()
        .map(|t| &t.source)
        .chain(doc.funding.iter().map(|f| &f.source))
        .chain(doc.unplaced.iter().map(|u| &u.source));
    for s in sources {
        if !in_file(s.line) {
            return Err(format!(
                "sentence {:?} on line {} outside 1..{line_count}",
                s.sentence, s.line
            ));
        }
        if s.task.is_some_and(|t| !(1..=task_count).contains(&t)) {
            return Err(format!(
                "sentence {:?} belongs to task {:?} of {task_count}",
                s.sentence, s.task
            ));
        }
    }
    Ok(())
}

/// Every IRI the mapping minted is a valid IRI (they are built unchecked).
fn check_iris<'a>(quads: impl Iterator<Item = &'a Quad>) -> Result<(), String> {
    for quad in quads {
        let mut iris = vec![quad.predicate.as_str()];
        if let NamedOrBlankNode::NamedNode(n) = &quad.subject {
            iris.push(n.as_str());
        }
        if let Term::NamedNode(n) = &quad.object {
            iris.push(n.as_str());
        }
        if let GraphName::NamedNode(n) = &quad.graph_name {
            iris.push(n.as_str());
        }
        for iri in iris {
            if let Err(e) = NamedNode::new(iri) {
                return Err(format!("minted an invalid IRI {iri:?}: {e}"));
            }
        }
    }
    Ok(())
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without message".into())
}

/// The text for a failure message: whole when short, else its ends.
fn shorten(source: &str) -> String {
    const KEEP: usize = 600;
    let chars: Vec<char> = source.chars().collect();
    if chars.len() <= 2 * KEEP {
        return source.to_owned();
    }
    let head: String = chars[..KEEP].iter().collect();
    let tail: String = chars[chars.len() - KEEP..].iter().collect();
    format!(
        "{head}\n[… {} characters …]\n{tail}",
        chars.len() - 2 * KEEP
    )
}

// ── The properties ────────────────────────────────────────────────────────

#[test]
fn seeds_read_whole_and_consistent() {
    let stats = Stats::new();
    for (name, bytes) in seeds() {
        let source = text::decode(bytes, None).expect("seed decodes").text;
        let document = extract(name, &source, kb(), &ExtractOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        check_document(&document, &source).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_bytes(name, bytes, &ExtractOptions::default(), &stats).unwrap();
    }
    let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
    assert_eq!(
        get(&stats.ok),
        get(&stats.readings),
        "every reading of a seed is a document"
    );
}

/// Runs one property for the configured number of cases, then prints what
/// the cases gave; a failure (shrunk, and recorded in the regressions file)
/// fails the test with the smallest input found.
fn run_property<S: Strategy>(
    property: &str,
    strategy: S,
    test: impl Fn(S::Value, &Stats) -> Result<(), TestCaseError>,
) {
    let stats = Stats::new();
    let failed = std::sync::atomic::AtomicBool::new(false);
    let mut runner = TestRunner::new(config());
    let result = runner.run(&strategy, |value| {
        let outcome = test(value, &stats);
        // Once a case fails, the calls that follow are shrinking.
        if outcome.is_err() {
            failed.store(true, Ordering::Relaxed);
        } else if !failed.load(Ordering::Relaxed) {
            stats.passed.fetch_add(1, Ordering::Relaxed);
        }
        outcome
    });
    stats.print(property);
    if let Err(e) = result {
        panic!("{e}\n{runner}");
    }
}

/// Seeds with a few mutations read to a document or a clean error.
#[test]
fn mutated_seeds_never_panic() {
    run_property(
        "mutated seeds",
        mutated_seed(),
        |(seed, mutations, options), stats| {
            let (name, original) = &seeds()[seed];
            let mut bytes = original.clone();
            for m in &mutations {
                apply(&mut bytes, m);
            }
            check_bytes(name, &bytes, &options, stats)
        },
    );
}

/// Documents made of nothing but policy fragments, after (at random) a
/// title with a table header or a task section.
#[test]
fn generated_texts_never_panic() {
    const STARTS: &[&str] = &[
        "",
        "常州市养老服务责任分解方案\n\t序号\n\t工作任务\n\t牵头部门\n\t参与部门\n\t时间进度\n",
        "上海市养老服务实施方案\n三、主要任务\n",
        "序号\t工作任务\t责任单位\t完成时限\n",
    ];
    let texts = (
        prop::sample::select(STARTS),
        prop::collection::vec(generated_line(), 0..40),
        options(),
    );
    run_property(
        "generated texts",
        texts,
        |(start, lines, options), stats| {
            let source = format!("{start}{}", lines.join("\n"));
            check_bytes("generated.txt", source.as_bytes(), &options, stats)
        },
    );
}

/// The text as a web page: lines as paragraphs, runs of tab lines as the
/// rows of a table whose cells span now and then; `salt` picks the spans and
/// leaves some lines' markup unescaped (broken pages exist too).
fn as_page(text: &str, salt: u64) -> String {
    let mut page = String::from("<!DOCTYPE html><html><head><title>页</title></head><body>");
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let bits = salt.rotate_left(i as u32 % 64);
        let escape = |s: &str| {
            if bits.is_multiple_of(13) {
                s.to_owned()
            } else {
                s.replace('&', "&amp;").replace('<', "&lt;")
            }
        };
        if line.contains('\t') {
            if !in_table {
                page.push_str("<table>");
                in_table = true;
            }
            page.push_str("<tr>");
            for (k, cell) in line.split('\t').enumerate() {
                let span = match (bits >> (k % 32)) % 7 {
                    0 => " rowspan=\"2\"",
                    1 => " colspan=\"2\"",
                    _ => "",
                };
                page.push_str(&format!("<td{span}>{}</td>", escape(cell)));
            }
            page.push_str("</tr>");
        } else {
            if in_table {
                page.push_str("</table>");
                in_table = false;
            }
            page.push_str(&format!("<p>{}</p>", escape(line)));
        }
    }
    page.push_str("</body></html>");
    page
}

/// Mutated seeds shown on a web page read as the text it shows does.
#[test]
fn mutated_seeds_as_web_pages_never_panic() {
    run_property(
        "mutated seeds as web pages",
        (mutated_seed(), any::<u64>()),
        |((seed, mutations, options), salt), stats| {
            let (name, original) = &seeds()[seed];
            let mut bytes = original.clone();
            for m in &mutations {
                apply(&mut bytes, m);
            }
            let page = as_page(&String::from_utf8_lossy(&bytes), salt);
            let shown = catch_unwind(|| html::to_text(&page)).map_err(|panic| {
                TestCaseError::fail(format!(
                    "html::to_text panicked ({}) on:\n{}",
                    panic_message(&panic),
                    shorten(&page)
                ))
            })?;
            check_text(name, &shown, &options, stats)
        },
    );
}
