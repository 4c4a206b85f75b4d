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
use oxigraph::model::{NamedNode, NamedNodeRef};

use crate::extract::{self, ExtractError, ExtractOptions};
use crate::html;
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

/// What [`ingest_files`] did.
#[derive(Debug)]
pub struct Ingested {
    /// The documents written, in file order.
    pub summaries: Vec<Summary>,
    /// The files that could not be, in file order.
    pub failures: Vec<Failure>,
    /// The store should now be compacted: enough was bulk-loaded that the
    /// queries would pay for the loader's overlapping files.
    pub compaction_pays: bool,
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
    let decoded = text::decode(&bytes, options.encoding)?.text;
    // A web page is read as the lines it shows.
    let (source, page) = if html::is_html(&decoded) {
        (html::to_text(&decoded), Some(decoded))
    } else {
        (decoded, None)
    };
    if let Some(kind) = text::markup_kind(&source) {
        return Err(anyhow!(
            "{kind}, not the text of a policy document: save it as plain text first"
        ));
    }
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| anyhow!("the file name is not valid UTF-8"))?;
    let read = extract::extract(file_name, &source, kb, &options.extract);
    // A page that names its city only in its tab's title (<title>) is read
    // with that title as its first line.
    let read = match (read, &page) {
        (Err(ExtractError::UnknownCity), Some(page)) => match html::tab_title(page) {
            Some(title) => {
                let titled = format!("{title}\n\n{source}");
                extract::extract(file_name, &titled, kb, &options.extract)
            }
            None => Err(ExtractError::UnknownCity),
        },
        (read, _) => read,
    };
    Ok(read?)
}

/// Extracts one file and, given a store, replaces its graph there.
pub fn ingest_file(
    path: &Path,
    store: Option<&GraphStore>,
    kb: &Knowledge,
    options: &ReadOptions,
) -> Result<Summary> {
    ingest_file_with(path, kb, options, |graph, quads| match store {
        Some(store) => store.replace_document(graph, quads),
        None => Ok(()),
    })
}

/// Extracts one file and hands its graph's name and its quads to `write`
/// (a local store, a remote one, standard output).
pub fn ingest_file_with(
    path: &Path,
    kb: &Knowledge,
    options: &ReadOptions,
    write: impl FnOnce(NamedNodeRef<'_>, &DocumentQuads) -> Result<()>,
) -> Result<Summary> {
    let prepared = prepare(path, kb, options)?;
    write(prepared.graph.as_ref(), &prepared.quads)?;
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

/// Where [`ingest_files`] writes the documents.
pub enum Destination<'a> {
    /// Nowhere: a dry run.
    Nowhere,
    /// The local store, through a [`DocumentWriter`] (which tells whether
    /// the store should be compacted after: [`Ingested::compaction_pays`]).
    Store(&'a GraphStore),
    /// One call per document, in file order (a remote store).
    Each(&'a dyn Fn(NamedNodeRef<'_>, &DocumentQuads) -> Result<()>),
}

/// Ingests `files`: read and extracted on `threads` threads, written in file
/// order, each document wholly or not at all (see [`DocumentWriter`]).
/// `progress` is called once per file, in order, when it is done with.
pub fn ingest_files(
    files: &[PathBuf],
    destination: Destination<'_>,
    kb: &Knowledge,
    options: &ReadOptions,
    threads: usize,
    progress: &mut dyn FnMut(&Path),
) -> Ingested {
    let threads = threads.clamp(1, files.len().max(1));
    let gate = Gate::new(AHEAD_PER_THREAD * threads);
    let next = AtomicUsize::new(0);
    let mut results = Results::default();
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, Result<Prepared>)>();
        for _ in 0..threads {
            let (tx, next, gate) = (tx.clone(), &next, &gate);
            // A thread that cannot start leaves its files to the others; with
            // none at all, every file is reported as not read below.
            std::thread::Builder::new()
                .name("extract".into())
                .spawn_scoped(scope, move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { return };
                    gate.wait_for(i);
                    if tx.send((i, prepare_guarded(path, kb, options))).is_err() {
                        return;
                    }
                })
                .ok();
        }
        drop(tx);
        let mut sink = Sink::new(destination);
        let mut ready: BTreeMap<usize, Result<Prepared>> = BTreeMap::new();
        let mut turn = 0;
        for (i, prepared) in rx {
            ready.insert(i, prepared);
            while let Some(prepared) = ready.remove(&turn) {
                sink.write(turn, &files[turn], prepared, &mut results);
                progress(&files[turn]);
                turn += 1;
                gate.advance(turn);
            }
        }
        sink.finish(&mut results);
        for (i, path) in files.iter().enumerate().skip(turn) {
            let error = anyhow!("not read: the extraction threads stopped");
            results.failed(i, path, error);
        }
        // Unblocks any thread still waiting (only after a panic, which the
        // scope then propagates).
        gate.advance(usize::MAX / 2);
    });
    results.in_file_order()
}

/// [`prepare`], with a panic turned into an error of its file.
fn prepare_guarded(path: &Path, kb: &Knowledge, options: &ReadOptions) -> Result<Prepared> {
    catch_unwind(AssertUnwindSafe(|| prepare(path, kb, options)))
        .unwrap_or_else(|panic| Err(anyhow!("internal error: {}", panic_text(&panic))))
}

/// The writer's position in the file list: extraction threads wait before
/// taking a file further than `window` ahead of it, so that at most
/// `window` documents are held in memory.
struct Gate {
    written: Mutex<usize>,
    moved: Condvar,
    window: usize,
}

impl Gate {
    fn new(window: usize) -> Gate {
        Gate {
            written: Mutex::new(0),
            moved: Condvar::new(),
            window,
        }
    }

    fn wait_for(&self, file: usize) {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        while file >= *written + self.window {
            written = self.moved.wait(written).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn advance(&self, written: usize) {
        *self.written.lock().unwrap_or_else(|e| e.into_inner()) = written;
        self.moved.notify_all();
    }
}

/// Where the documents go, once in order.
enum Sink<'a> {
    Nowhere,
    Writer(Box<DocumentWriter<usize>>),
    Each(&'a dyn Fn(NamedNodeRef<'_>, &DocumentQuads) -> Result<()>),
}

impl<'a> Sink<'a> {
    fn new(destination: Destination<'a>) -> Sink<'a> {
        match destination {
            Destination::Nowhere => Sink::Nowhere,
            Destination::Store(store) => Sink::Writer(Box::new(DocumentWriter::new(store))),
            Destination::Each(write) => Sink::Each(write),
        }
    }

    fn write(&mut self, i: usize, path: &Path, prepared: Result<Prepared>, results: &mut Results) {
        let prepared = match prepared {
            Ok(prepared) => prepared,
            Err(error) => return results.failed(i, path, error),
        };
        match self {
            Sink::Nowhere => results.summaries.push((i, prepared.summary)),
            Sink::Each(write) => match write(prepared.graph.as_ref(), &prepared.quads) {
                Ok(()) => results.summaries.push((i, prepared.summary)),
                Err(error) => results.failed(i, path, error),
            },
            Sink::Writer(writer) => {
                results.waiting.insert(i, prepared.summary);
                let outcomes = writer.add(i, prepared.graph, prepared.quads);
                results.settle(outcomes);
            }
        }
    }

    fn finish(self, results: &mut Results) {
        if let Sink::Writer(writer) = self {
            let finished = writer.finish();
            results.settle(finished.outcomes);
            results.compaction_pays = finished.compaction_pays;
        }
    }
}

/// Summaries and failures by file index.
#[derive(Default)]
struct Results {
    summaries: Vec<(usize, Summary)>,
    failures: Vec<(usize, Failure)>,
    /// Documents handed to the writer whose outcome is not known yet.
    waiting: HashMap<usize, Summary>,
    compaction_pays: bool,
}

impl Results {
    fn failed(&mut self, i: usize, path: &Path, error: anyhow::Error) {
        let path = path.to_owned();
        self.failures.push((i, Failure { path, error }));
    }

    /// Documents whose writing is over become summaries or failures.
    fn settle(&mut self, outcomes: Outcomes<usize>) {
        for (i, outcome) in outcomes {
            let Some(summary) = self.waiting.remove(&i) else {
                continue;
            };
            match outcome {
                Ok(()) => self.summaries.push((i, summary)),
                Err(error) => self.failed(i, &summary.path, error),
            }
        }
    }

    fn in_file_order(mut self) -> Ingested {
        self.summaries.sort_by_key(|(i, _)| *i);
        self.failures.sort_by_key(|(i, _)| *i);
        Ingested {
            summaries: self.summaries.into_iter().map(|(_, s)| s).collect(),
            failures: self.failures.into_iter().map(|(_, f)| f).collect(),
            compaction_pays: self.compaction_pays,
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
