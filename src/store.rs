//! The persistent Oxigraph store: one named graph per document, replaced
//! atomically; the ontology and code lists in graphs of their own.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use anyhow::{anyhow, Context, Result};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Variable,
};
use oxigraph::sparql::{QueryEvaluationError, QueryExplanation, QueryResults};
use oxigraph::store::Store;
use spargebra::{Query, SparqlParser};

use crate::knowledge::ONTOLOGY_FILES;
use crate::rdf::mapping::DocumentQuads;
use crate::rdf::vocab::GRAPH;

mod compaction;
mod ready;

pub use ready::ReadyQuery;

/// The store the CLI and the server work on.
pub struct GraphStore {
    store: Store,
    /// Where it is on disk (none in memory).
    path: Option<PathBuf>,
}

impl GraphStore {
    /// Opens (or creates) the store at `path`.
    pub fn open(path: &Path) -> Result<GraphStore> {
        let store = Store::open(path).map_err(|e| open_error(path, &e.to_string()))?;
        remove_stale_bulk_files(path);
        Ok(GraphStore {
            store,
            path: Some(path.to_owned()),
        })
    }

    /// Opens a read-only view: for queries while another process writes.
    pub fn open_read_only(path: &Path) -> Result<GraphStore> {
        if !path.exists() {
            return Err(anyhow!(
                "no store at {}: run `eldergraph ingest` first (or pass --store PATH)",
                path.display()
            ));
        }
        let store = Store::open_read_only(path).map_err(|e| open_error(path, &e.to_string()))?;
        Ok(GraphStore {
            store,
            path: Some(path.to_owned()),
        })
    }

    /// An in-memory store, for tests and dry runs.
    pub fn in_memory() -> Result<GraphStore> {
        Ok(GraphStore {
            store: Store::new()?,
            path: None,
        })
    }

    pub fn inner(&self) -> &Store {
        &self.store
    }

    /// Replaces the content of `graph` by `quads` in one transaction: a
    /// reader sees the old graph or the new one, never a mix.
    pub fn replace_graph(&self, graph: NamedNodeRef<'_>, quads: &[Quad]) -> Result<()> {
        let mut transaction = self.store.start_transaction()?;
        transaction.clear_graph(GraphNameRef::NamedNode(graph))?;
        transaction.extend(quads.iter());
        transaction.commit()?;
        Ok(())
    }

    /// Writes a document in one transaction: its graph is replaced, and the
    /// descriptions of the city and departments it names are replaced in the
    /// city's graph (so that a re-typed department loses its old type).
    pub fn replace_document(&self, graph: NamedNodeRef<'_>, quads: &DocumentQuads) -> Result<()> {
        let mut transaction = self.store.start_transaction()?;
        transaction.clear_graph(GraphNameRef::NamedNode(graph))?;
        transaction.extend(quads.document.iter());
        let mut described: Vec<(&NamedOrBlankNode, &GraphName)> = quads
            .city
            .iter()
            .map(|q| (&q.subject, &q.graph_name))
            .collect();
        described.dedup();
        for (subject, city_graph) in described {
            let old = transaction
                .quads_for_pattern(
                    Some(subject.as_ref()),
                    None,
                    None,
                    Some(city_graph.as_ref()),
                )
                .collect::<Result<Vec<_>, _>>()?;
            for quad in &old {
                transaction.remove(quad);
            }
        }
        transaction.extend(quads.city.iter());
        transaction.commit()?;
        Ok(())
    }

    /// Loads (or reloads) the bundled ontology, code lists and shapes.
    pub fn load_ontology(&self) -> Result<()> {
        for (graph, quads) in ontology_graphs()? {
            self.replace_graph(graph.as_ref(), &quads)?;
        }
        Ok(())
    }

    /// Evaluates a SPARQL query; the default graph is the union of all graphs.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        self.query_with(sparql, &[])
    }

    /// Evaluates a query with variables bound to values (SEP-0007
    /// substitution): values are never pasted into the query text.
    pub fn query_with(
        &self,
        sparql: &str,
        bindings: &[(&str, Term)],
    ) -> Result<QueryResults<'static>> {
        self.evaluate(parse_query(sparql)?, bindings)
    }

    /// Evaluates a parsed query, with the union default graph and bound variables.
    pub fn evaluate(
        &self,
        query: Query,
        bindings: &[(&str, Term)],
    ) -> Result<QueryResults<'static>> {
        ready(query, bindings)?
            .execute(&self.store)
            .map_err(query_failed)
    }

    /// Evaluates a query as [`Self::query_with`] does and also returns
    /// Oxigraph's plan, whose statistics (rows and time per step) are filled
    /// once the results have been read to the end.
    pub fn explain(
        &self,
        sparql: &str,
        bindings: &[(&str, Term)],
    ) -> Result<(QueryResults<'static>, QueryExplanation)> {
        let (results, plan) = ready(parse_query(sparql)?, bindings)?.explain(&self.store);
        Ok((results.map_err(query_failed)?, plan))
    }

    /// Merges the store's files into one sorted run per index, as after a
    /// large bulk load: queries read one file instead of many. A store on
    /// disk is closed and compacted on every core (see `compaction`); it
    /// must be this process's only handle on the store.
    pub fn compact(self) -> Result<()> {
        let GraphStore { store, path } = self;
        match path {
            Some(path) => {
                drop(store);
                let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
                compaction::compact(&path, threads).map_err(|e| compaction_error(&path, e))
            }
            None => store
                .optimize()
                .map_err(|e| anyhow!("cannot compact the store: {e}")),
        }
    }

    pub fn len(&self) -> Result<usize> {
        Ok(self.store.len()?)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }
}

/// Sorted files a bulk load was writing when its process was killed: never
/// ingested, so garbage. Only the process holding the store's lock (this
/// one, just opened) writes them, so none can be in use.
fn remove_stale_bulk_files(path: &Path) {
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            std::fs::remove_file(entry.path()).ok();
        }
    }
}

/// The bundled ontology, code lists and shapes, each file's statements in
/// its own graph: what `load_ontology` writes, `extract --with-ontology`
/// prints and `ingest --remote` puts.
pub fn ontology_graphs() -> Result<Vec<(NamedNode, Vec<Quad>)>> {
    ONTOLOGY_FILES
        .iter()
        .map(|file| {
            let graph = ontology_graph(file.name);
            let quads = RdfParser::from_format(RdfFormat::Turtle)
                .with_default_graph(graph.clone())
                .for_slice(file.turtle.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .with_context(|| format!("ontology/{}", file.name))?;
            Ok((graph, quads))
        })
        .collect()
}

/// The graph of an ontology file: `eldergraph.ttl` → `…/graph/eldergraph`.
pub fn ontology_graph(file_name: &str) -> NamedNode {
    let stem = file_name.strip_suffix(".ttl").unwrap_or(file_name);
    NamedNode::new_unchecked(format!("{GRAPH}{stem}"))
}

fn compaction_error(path: &Path, error: anyhow::Error) -> anyhow::Error {
    let message = error.to_string();
    if message.contains("lock") {
        open_error(path, &message)
    } else {
        anyhow!("cannot compact the store at {}: {message}", path.display())
    }
}

fn open_error(path: &Path, message: &str) -> anyhow::Error {
    if message.contains("lock") || message.contains("LOCK") {
        anyhow!(
            "the store at {} is in use by another eldergraph process (it is locked); \
             stop that process or use another --store",
            path.display()
        )
    } else {
        anyhow!("cannot open the store at {}: {message}", path.display())
    }
}

/// Writes documents one after another, each wholly or not at all, with the
/// result [`GraphStore::replace_document`] would give, but fast when the
/// documents are new to the store.
///
/// A document whose graph is not in the store yet, and whose descriptions
/// of its city and departments only add to what the store says of them, is
/// only added: it joins a batch, and batches are turned into sorted files on
/// a thread of their own while the caller goes on (Oxigraph's bulk loader,
/// as `oxigraph load` does). The files enter RocksDB in one atomic step
/// each time `commit_quads` quads have been loaded (see
/// [`DocumentWriter::with_sizes`]; by default once, at the end): every
/// document of the step lands, or none.
///
/// Any other document (re-ingested, or re-typing a department) waits for
/// what is loaded to be committed and is written in a transaction of its
/// own. [`DocumentWriter::add`] and [`DocumentWriter::finish`] return the
/// outcomes known so far, in the order the documents were added.
pub struct DocumentWriter<T: Send + 'static> {
    store: Store,
    /// The documents waiting for the next batch.
    batch: Batch<T>,
    /// Quads a batch holds before it is sent.
    batch_quads: usize,
    to_loader: Option<mpsc::SyncSender<ToLoader<T>>>,
    from_loader: mpsc::Receiver<Outcomes<T>>,
    loader: Option<std::thread::JoinHandle<()>>,
    /// Documents sent to the loader whose outcome has not been received.
    unanswered: usize,
    /// Document graphs written in this run (committed or not).
    graphs: HashSet<NamedNode>,
    /// What this run wrote of each subject described in a city graph: a
    /// document may be bulk-loaded when its description contains all of it.
    described: HashMap<(NamedOrBlankNode, GraphName), HashSet<u64>>,
    /// Only transactions (to compare the two ways in tests).
    transactions_only: bool,
    /// Documents that went to the bulk loader in this run.
    bulk_documents: usize,
}

/// What [`DocumentWriter::finish`] leaves to its caller.
pub struct Finished<T> {
    /// The outcomes not returned before, in the order of `add`.
    pub outcomes: Outcomes<T>,
    /// Whether the store should now be compacted ([`GraphStore::compact`]):
    /// this run bulk-loaded a quarter of its graphs or more.
    pub compaction_pays: bool,
}

/// The documents of one batch.
struct Batch<T> {
    quads: Vec<Quad>,
    tokens: Vec<T>,
}

impl<T> Default for Batch<T> {
    fn default() -> Self {
        Batch {
            quads: Vec::new(),
            tokens: Vec::new(),
        }
    }
}

enum ToLoader<T> {
    Batch(Batch<T>),
    /// Ingest what is loaded, and answer for every document sent.
    Commit,
}

/// Documents (by their caller's token) and whether they were written.
pub type Outcomes<T> = Vec<(T, Result<()>)>;

/// Quads per batch (one set of sorted files): about 150 documents of the
/// seeds' size, some 100 MB in memory while it is built and loaded.
pub const BATCH_QUADS: usize = 250_000;

/// Quads loaded between two ingestions, by default: all of a run.
pub const COMMIT_QUADS: usize = usize::MAX;

impl<T: Send + 'static> DocumentWriter<T> {
    pub fn new(store: &GraphStore) -> DocumentWriter<T> {
        DocumentWriter::with_sizes(store, BATCH_QUADS, COMMIT_QUADS)
    }

    /// A writer that sends batches of `batch_quads` quads to the loader and
    /// ingests them each time `commit_quads` quads have been loaded.
    pub fn with_sizes(
        store: &GraphStore,
        batch_quads: usize,
        commit_quads: usize,
    ) -> DocumentWriter<T> {
        let batch_quads = batch_quads.max(1);
        // A rendezvous: the writer waits while the loader is busy.
        let (to_loader, messages) = mpsc::sync_channel::<ToLoader<T>>(0);
        let (outcomes, from_loader) = mpsc::channel();
        let inner = store.store.clone();
        let loader = std::thread::Builder::new()
            .name("bulk-load".into())
            .spawn(move || load(&inner, messages, &outcomes, batch_quads, commit_quads))
            .ok();
        DocumentWriter {
            store: store.store.clone(),
            batch: Batch::default(),
            batch_quads,
            to_loader: Some(to_loader),
            from_loader,
            // Without a thread every document fails ("the bulk loader stopped").
            loader,
            unanswered: 0,
            graphs: HashSet::new(),
            described: HashMap::new(),
            transactions_only: false,
            bulk_documents: 0,
        }
    }

    /// Writes every document in a transaction of its own, as
    /// [`GraphStore::replace_document`] does.
    pub fn transactions_only(mut self) -> Self {
        self.transactions_only = true;
        self
    }

    /// Adds a document; returns the outcomes known so far.
    pub fn add(&mut self, token: T, graph: NamedNode, quads: DocumentQuads) -> Outcomes<T> {
        let mut done = self.received();
        match self.may_bulk_load(&graph, &quads) {
            Ok(true) => {
                self.remember(graph, &quads);
                self.batch.quads.extend(quads.document);
                self.batch.quads.extend(quads.city);
                self.batch.tokens.push(token);
                if self.batch.quads.len() >= self.batch_quads {
                    self.send_batch(&mut done);
                }
            }
            _ => {
                // In order: whatever is loaded lands before this one.
                self.commit(&mut done);
                let written = GraphStore {
                    store: self.store.clone(),
                    path: None,
                }
                .replace_document(graph.as_ref(), &quads);
                if written.is_ok() {
                    self.remember(graph, &quads);
                }
                done.push((token, written));
            }
        }
        done
    }

    /// Writes what is loaded and waits; returns the remaining outcomes.
    ///
    /// Transactions leave their writes in the write-ahead log, which every
    /// read-only open would replay (seconds per open), so they are flushed
    /// first, while level 0 holds few files: once the loaded files land
    /// there, RocksDB holds a flush back until it has compacted them (its
    /// guard against write stalls), half a minute at N = 10 000. Whether
    /// the store should then be compacted is the caller's to act on: that
    /// takes the store closed (see [`GraphStore::compact`]).
    pub fn finish(mut self) -> Finished<T> {
        let mut outcomes = Vec::new();
        if let Err(e) = self.store.flush() {
            // The data is in the write-ahead log; only later opens are slower.
            eprintln!("warning: the store could not be flushed before loading: {e}");
        }
        self.commit(&mut outcomes);
        Finished {
            outcomes,
            compaction_pays: self.compaction_pays(),
        }
    }

    /// The bulk loader's files overlap one another until they are compacted,
    /// which makes queries about twice as slow (bench/README.md); compacting
    /// rewrites the whole store. It pays when this run loaded at least a
    /// quarter of the store's graphs; a few documents added to a large store
    /// are left to RocksDB's own background compaction.
    fn compaction_pays(&self) -> bool {
        self.bulk_documents > 0
            && compaction_pays(self.bulk_documents, self.store.named_graphs().count())
    }

    /// True when adding the document's quads gives what replacing would.
    fn may_bulk_load(&self, graph: &NamedNode, quads: &DocumentQuads) -> Result<bool> {
        if self.transactions_only
            || self.graphs.contains(graph)
            || self.store.contains_named_graph(graph)?
        {
            return Ok(false);
        }
        for (key, new) in descriptions(quads) {
            let contained = match self.described.get(&key) {
                // Checked against the store when first described.
                Some(old) => old.iter().all(|h| new.contains(h)),
                None => {
                    let mut all = true;
                    for old in self.store.quads_for_pattern(
                        Some(key.0.as_ref()),
                        None,
                        None,
                        Some(key.1.as_ref()),
                    ) {
                        all &= new.contains(&quad_hash(&old?));
                    }
                    all
                }
            };
            if !contained {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn remember(&mut self, graph: NamedNode, quads: &DocumentQuads) {
        self.graphs.insert(graph);
        for (key, new) in descriptions(quads) {
            self.described.insert(key, new);
        }
    }

    fn send(&mut self, message: ToLoader<T>, done: &mut Outcomes<T>) {
        let unsent = match &self.to_loader {
            Some(tx) => tx.send(message).err().map(|mpsc::SendError(m)| m),
            None => Some(message),
        };
        match unsent {
            None => {}
            Some(ToLoader::Batch(batch)) => {
                self.unanswered -= batch.tokens.len();
                done.extend(
                    batch
                        .tokens
                        .into_iter()
                        .map(|t| (t, Err(anyhow!("the bulk loader stopped")))),
                );
            }
            Some(ToLoader::Commit) => {}
        }
    }

    fn send_batch(&mut self, done: &mut Outcomes<T>) {
        if self.batch.tokens.is_empty() {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        self.unanswered += batch.tokens.len();
        self.bulk_documents += batch.tokens.len();
        self.send(ToLoader::Batch(batch), done);
        done.extend(self.received());
    }

    /// Sends what is batched, has it ingested, and waits for every answer.
    fn commit(&mut self, done: &mut Outcomes<T>) {
        self.send_batch(done);
        if self.unanswered == 0 {
            return;
        }
        self.send(ToLoader::Commit, done);
        while self.unanswered > 0 {
            match self.from_loader.recv() {
                Ok(outcomes) => {
                    self.unanswered -= outcomes.len();
                    done.extend(outcomes);
                }
                Err(_) => break,
            }
        }
    }

    /// Outcomes received without waiting.
    fn received(&mut self) -> Outcomes<T> {
        let mut done = Vec::new();
        while let Ok(outcomes) = self.from_loader.try_recv() {
            self.unanswered -= outcomes.len();
            done.extend(outcomes);
        }
        done
    }
}

impl<T: Send + 'static> Drop for DocumentWriter<T> {
    fn drop(&mut self) {
        // Without `finish`, what is loaded is dropped with its files.
        self.to_loader = None;
        if let Some(loader) = self.loader.take() {
            loader.join().ok();
        }
    }
}

/// The loader thread: batches become sorted files (on a thread of the bulk
/// loader's own, while this one waits for the next batch); files are
/// ingested on `Commit`, or when `commit_quads` quads are loaded.
fn load<T>(
    store: &Store,
    messages: mpsc::Receiver<ToLoader<T>>,
    outcomes: &mpsc::Sender<Outcomes<T>>,
    batch_quads: usize,
    commit_quads: usize,
) {
    let mut loader = None;
    let mut tokens: Vec<T> = Vec::new();
    let mut loaded = 0usize;
    let mut failed: Option<String> = None;
    for message in messages {
        let commit = match message {
            ToLoader::Batch(batch) => {
                loaded += batch.quads.len();
                tokens.extend(batch.tokens);
                if failed.is_none() {
                    // Each half of a batch is sorted into files on a thread
                    // of its own while the next batch is built. The loader
                    // would cut at a fixed size (its memory setting × 1000 /
                    // threads), leaving a short batch (the last, or a small
                    // corpus's only one) mostly to one thread; so its cut is
                    // set above a batch and the halves are cut here.
                    let loader = loader.get_or_insert_with(|| {
                        store
                            .bulk_loader()
                            .with_num_threads(2)
                            .with_max_memory_size_in_megabytes(
                                batch_quads.saturating_mul(2) / 1000 + 1,
                            )
                    });
                    let mut first = batch.quads;
                    let second = first.split_off(first.len() / 2);
                    if let Err(e) = loader
                        .load_quads(first)
                        .and_then(|()| loader.load_quads(second))
                    {
                        failed = Some(format!("{e:#}"));
                    }
                }
                loaded >= commit_quads
            }
            ToLoader::Commit => true,
        };
        if !commit {
            continue;
        }
        let result = match (failed.take(), loader.take()) {
            (Some(e), _) => Err(e),
            (None, Some(loader)) => loader.commit().map_err(|e| format!("{e:#}")),
            (None, None) => Ok(()),
        };
        loaded = 0;
        let answers = tokens
            .drain(..)
            .map(|t| {
                let r = match &result {
                    Ok(()) => Ok(()),
                    Err(e) => Err(anyhow!("cannot write to the store: {e}")),
                };
                (t, r)
            })
            .collect();
        if outcomes.send(answers).is_err() {
            return;
        }
    }
}

fn parse_query(sparql: &str) -> Result<Query> {
    SparqlParser::new()
        .parse_query(sparql)
        .map_err(|e| anyhow!("SPARQL syntax error: {e}"))
}

/// A query readied for evaluation with its variables bound.
fn ready(query: Query, bindings: &[(&str, Term)]) -> Result<ReadyQuery> {
    let mut ready = ReadyQuery::new(query);
    for (name, value) in bindings {
        ready = ready.bind(Variable::new(*name)?, value.clone());
    }
    Ok(ready)
}

fn query_failed(e: QueryEvaluationError) -> anyhow::Error {
    anyhow!("query failed: {e}")
}

/// Whether a run that bulk-loaded `loaded` documents should compact a store
/// that now has `graphs` named graphs (documents, cities, ontology).
fn compaction_pays(loaded: usize, graphs: usize) -> bool {
    loaded > 0 && loaded.saturating_mul(4) >= graphs
}

/// A document's city-graph quads by described subject, as quad hashes.
fn descriptions(quads: &DocumentQuads) -> HashMap<(NamedOrBlankNode, GraphName), HashSet<u64>> {
    let mut out: HashMap<(NamedOrBlankNode, GraphName), HashSet<u64>> = HashMap::new();
    for quad in &quads.city {
        out.entry((quad.subject.clone(), quad.graph_name.clone()))
            .or_default()
            .insert(quad_hash(quad));
    }
    out
}

fn quad_hash(quad: &Quad) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    quad.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::compaction_pays;

    #[test]
    fn a_run_compacts_when_it_loaded_a_quarter_of_the_graphs() {
        // A fresh store: N documents, N city graphs, the ontology's graphs.
        assert!(compaction_pays(1000, 2006));
        assert!(compaction_pays(5, 14));
        // Ten documents added to ten thousand.
        assert!(!compaction_pays(10, 20_016));
        assert!(compaction_pays(5000, 20_000));
        assert!(!compaction_pays(4999, 20_000));
        assert!(!compaction_pays(0, 0));
    }
}
