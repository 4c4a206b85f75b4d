//! The ingest pipeline: files → text → extraction → RDF → store. Files are
//! read and extracted on every core; documents are written in file order,
//! each wholly or not at all. A file that fails is reported and skipped;
//! the others go on.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

use anyhow::{anyhow, Result};
use oxigraph::model::NamedNode;

use crate::extract::{self, ExtractOptions};
use crate::knowledge::Knowledge;
use crate::model::{Document, Layout};
use crate::rdf;
use crate::rdf::mapping::DocumentQuads;
use crate::store::{DocumentWriter, GraphStore, Outcomes};
use crate::text;

/// What one document gave.
#[derive(Debug, Clone)]
pub struct Summary {
    pub path: PathBuf,
    pub file_name: String,
    pub city: String,
    pub layout: Layout,
    pub tasks: usize,
    pub departments: usize,
    pub unknown_departments: Vec<String>,
    pub targets: usize,
    pub funding: usize,
    /// Number-bearing sentences that gave no target or funding: (line, sentence).
    pub unplaced: Vec<(usize, String)>,
    pub quads: usize,
}

/// A file that could not be ingested, and why.
#[derive(Debug)]
pub struct Failure {
    pub path: PathBuf,
    pub error: anyhow::Error,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {:#}", self.path.display(), self.error)
    }
}

/// The files named by `paths`: files as given, folders walked in name order
/// (hidden entries skipped). A folder or file reached twice through
/// symbolic links is taken once; unreadable entries are failures, not aborts.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut walk = Walk::default();
    for path in paths {
        walk.visit(path);
    }
    (walk.files, walk.failures)
}

#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    failures: Vec<Failure>,
    /// Canonical paths already taken: a link loop ends here.
    seen: HashSet<PathBuf>,
}

impl Walk {
    fn fail(&mut self, path: &Path, error: anyhow::Error) {
        self.failures.push(Failure {
            path: path.to_owned(),
            error,
        });
    }

    fn visit(&mut self, path: &Path) {
        let canonical = match std::fs::canonicalize(path) {
            Ok(c) => c,
            Err(e) => return self.fail(path, anyhow!("cannot read: {e}")),
        };
        if !self.seen.insert(canonical.clone()) {
            if canonical.is_dir() {
                self.fail(
                    path,
                    anyhow!(
                        "skipped: a symbolic link back to a folder already read (a link loop?)"
                    ),
                );
            }
            return;
        }
        if !canonical.is_dir() {
            self.files.push(path.to_owned());
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => return self.fail(path, anyhow!("cannot list folder: {e}")),
        };
        let mut children: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                !p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        children.sort();
        for child in children {
            self.visit(&child);
        }
    }
}

/// How files are read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Decode every file with this encoding instead of detecting it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Files larger than this are refused unread.
    pub max_bytes: u64,
    pub extract: ExtractOptions,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            encoding: None,
            max_bytes: DEFAULT_MAX_BYTES,
            extract: ExtractOptions::default(),
        }
    }
}

/// 64 MiB: policy documents are tens of kilobytes; anything near this is the wrong file.
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;

/// Reads and extracts one file, without touching a store.
pub fn read_document(path: &Path, kb: &Knowledge, options: &ReadOptions) -> Result<Document> {
    let size = std::fs::metadata(path)
        .map_err(|e| anyhow!("cannot read: {e}"))?
        .len();
    if size > options.max_bytes {
        return Err(anyhow!(
            "the file is {} bytes, over the limit of {} (raise it with --max-size)",
            size,
            options.max_bytes
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| anyhow!("cannot read: {e}"))?;
    let source = text::decode(&bytes, options.encoding)?.text;
    if let Some(kind) = text::markup_kind(&source) {
        return Err(anyhow!(
            "{kind}, not the text of a policy document: save it as plain text first"
        ));
    }
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| anyhow!("the file name is not valid UTF-8"))?;
    Ok(extract::extract(file_name, &source, kb, &options.extract)?)
}

/// Extracts one file and, given a store, replaces its graph there.
pub fn ingest_file(
    path: &Path,
    store: Option<&GraphStore>,
    kb: &Knowledge,
    options: &ReadOptions,
) -> Result<Summary> {
    let prepared = prepare(path, kb, options)?;
    if let Some(store) = store {
        store.replace_document(prepared.graph.as_ref(), &prepared.quads)?;
    }
    Ok(prepared.summary)
}

/// A document read and mapped, ready to be written.
pub struct Prepared {
    pub summary: Summary,
    pub graph: NamedNode,
    pub quads: DocumentQuads,
}

/// Reads, extracts and maps one file to quads; touches no store.
pub fn prepare(path: &Path, kb: &Knowledge, options: &ReadOptions) -> Result<Prepared> {
    let document = read_document(path, kb, options)?;
    let quads = rdf::document_quads(&document);
    let summary = Summary {
        path: path.to_owned(),
        file_name: document.file_name.clone(),
        city: document.city.clone(),
        layout: document.layout,
        tasks: document.tasks.len(),
        departments: document.department_count(),
        unknown_departments: document
            .unknown_departments()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        targets: document.targets.len(),
        funding: document.funding.len(),
        unplaced: document
            .unplaced
            .iter()
            .map(|u| (u.source.line, u.source.sentence.clone()))
            .collect(),
        quads: quads.document.len() + quads.city.len(),
    };
    Ok(Prepared {
        graph: rdf::document_graph(&document),
        summary,
        quads,
    })
}

/// How many documents the extraction threads may run ahead of the writer,
/// per thread: enough to keep them busy while a batch is written, few
/// enough that memory stays small (a document's quads are about a megabyte).
const AHEAD_PER_THREAD: usize = 32;

/// Ingests `files`: read and extracted on every core, written in file order
/// (one document wholly or not at all, see [`DocumentWriter`]); without a
/// store, only read. `progress` is called once per file, in order, when it
/// is done with. Returns the summaries and the failures, both in file order.
pub fn ingest_files(
    files: &[PathBuf],
    store: Option<&GraphStore>,
    kb: &Knowledge,
    options: &ReadOptions,
    threads: usize,
    progress: &mut dyn FnMut(&Path),
) -> (Vec<Summary>, Vec<Failure>) {
    let threads = threads.clamp(1, files.len().max(1));
    let window = AHEAD_PER_THREAD * threads;
    // The writer's progress: a thread waits before taking a file further
    // than `window` ahead of it, so at most `window` documents are in memory.
    let written = (Mutex::new(0usize), Condvar::new());
    let next = AtomicUsize::new(0);
    let mut summaries: Vec<(usize, Summary)> = Vec::new();
    let mut failures: Vec<(usize, Failure)> = Vec::new();
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, Result<Prepared>)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, written) = (&next, &written);
            let worker = std::thread::Builder::new().name("extract".into());
            let spawned = worker.spawn_scoped(scope, move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else {
                    return;
                };
                {
                    let mut done = written.0.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *done + window {
                        done = written.1.wait(done).unwrap_or_else(|e| e.into_inner());
                    }
                }
                let prepared = catch_unwind(AssertUnwindSafe(|| prepare(path, kb, options)))
                    .unwrap_or_else(|panic| Err(anyhow!("internal error: {}", panic_text(&panic))));
                if tx.send((i, prepared)).is_err() {
                    return;
                }
            });
            // A thread that cannot start leaves its files to the others; with
            // none at all, every file is reported below.
            drop(spawned);
        }
        drop(tx);
        let mut writer = store.map(|s| DocumentWriter::<usize>::new(s));
        let mut waiting: HashMap<usize, Summary> = HashMap::new();
        let mut ready: BTreeMap<usize, Result<Prepared>> = BTreeMap::new();
        let mut turn = 0;
        for (i, prepared) in rx {
            ready.insert(i, prepared);
            while let Some(prepared) = ready.remove(&turn) {
                match (prepared, writer.as_mut()) {
                    (Err(error), _) => failures.push((
                        turn,
                        Failure {
                            path: files[turn].clone(),
                            error,
                        },
                    )),
                    (Ok(p), None) => summaries.push((turn, p.summary)),
                    (Ok(p), Some(writer)) => {
                        waiting.insert(turn, p.summary);
                        let outcomes = writer.add(turn, p.graph, p.quads);
                        settle(outcomes, &mut waiting, &mut summaries, &mut failures);
                    }
                }
                progress(&files[turn]);
                turn += 1;
                *written.0.lock().unwrap_or_else(|e| e.into_inner()) = turn;
                written.1.notify_all();
            }
        }
        if let Some(writer) = writer {
            settle(writer.finish(), &mut waiting, &mut summaries, &mut failures);
        }
        for (i, path) in files.iter().enumerate().skip(turn) {
            failures.push((
                i,
                Failure {
                    path: path.clone(),
                    error: anyhow!("not read: the extraction threads stopped"),
                },
            ));
        }
        // Unblock any thread still waiting (only after a panic, which the
        // scope then propagates).
        *written.0.lock().unwrap_or_else(|e| e.into_inner()) = usize::MAX / 2;
        written.1.notify_all();
    });
    summaries.sort_by_key(|(i, _)| *i);
    failures.sort_by_key(|(i, _)| *i);
    (
        summaries.into_iter().map(|(_, s)| s).collect(),
        failures.into_iter().map(|(_, f)| f).collect(),
    )
}

/// Documents whose writing is over become summaries or failures.
fn settle(
    outcomes: Outcomes<usize>,
    waiting: &mut HashMap<usize, Summary>,
    summaries: &mut Vec<(usize, Summary)>,
    failures: &mut Vec<(usize, Failure)>,
) {
    for (i, outcome) in outcomes {
        let Some(summary) = waiting.remove(&i) else {
            continue;
        };
        match outcome {
            Ok(()) => summaries.push((i, summary)),
            Err(error) => failures.push((
                i,
                Failure {
                    path: summary.path,
                    error,
                },
            )),
        }
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}
