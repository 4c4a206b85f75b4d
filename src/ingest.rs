//! The ingest pipeline: files → text → extraction → RDF → store, one
//! document at a time, each written atomically. A file that fails is
//! reported and skipped; the others go on.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use oxigraph::model::NamedNodeRef;

use crate::extract::{self, ExtractOptions};
use crate::knowledge::Knowledge;
use crate::model::{Document, Layout};
use crate::rdf;
use crate::rdf::mapping::DocumentQuads;
use crate::store::GraphStore;
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
    let document = read_document(path, kb, options)?;
    let quads = rdf::document_quads(&document);
    write(rdf::document_graph(&document).as_ref(), &quads)?;
    Ok(Summary {
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
    })
}
