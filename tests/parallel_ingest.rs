//! Parallel ingest (documents extracted on several threads, written in file
//! order by the bulk-loading `DocumentWriter`) leaves the store that writing
//! each document in a transaction of its own leaves: on a first ingest, on
//! re-ingest of changed documents, when the store holds an older description
//! of a department, with failing files in the middle, and with batches and
//! commits small enough that one run makes many of each.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::root;
use eldergraph::ingest::{self, Destination, ReadOptions};
use eldergraph::knowledge::Knowledge;
use eldergraph::store::{DocumentWriter, GraphStore};
use oxigraph::model::{Literal, NamedNode, Quad};

fn kb() -> &'static Knowledge {
    Knowledge::bundled().unwrap()
}

/// `n` synthetic documents from bench/generate.py (five layouts, distinct
/// cities, perturbed numbers and department lists), in file order.
fn corpus(dir: &Path, n: usize) -> Vec<PathBuf> {
    let out = Command::new("python3")
        .arg(root().join("bench/generate.py"))
        .args(["--n", &n.to_string(), "--out"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (files, failures) = ingest::collect_files(&[dir.to_owned()]);
    assert!(failures.is_empty());
    assert_eq!(files.len(), n);
    files
}

fn disk_store(dir: &Path, name: &str) -> GraphStore {
    let store = GraphStore::open(&dir.join(name)).unwrap();
    store.load_ontology().unwrap();
    store
}

/// Each file in a transaction of its own, as `ingest` did before it ran in
/// parallel: the reference.
fn one_by_one(files: &[PathBuf], store: &GraphStore) -> Vec<String> {
    let mut failed = Vec::new();
    for file in files {
        if let Err(e) = ingest::ingest_file(file, Some(store), kb(), &ReadOptions::default()) {
            failed.push(format!("{}: {e:#}", file.display()));
        }
    }
    failed
}

/// `ingest_files` on two threads; returns the failures as `one_by_one` does,
/// and checks the summaries come in file order.
fn in_parallel(files: &[PathBuf], store: &GraphStore) -> Vec<String> {
    let mut progressed = Vec::new();
    let ingest::Ingested {
        summaries,
        failures,
        ..
    } = ingest::ingest_files(
        files,
        Destination::Store(store),
        kb(),
        &ReadOptions::default(),
        2,
        &mut |path| progressed.push(path.to_owned()),
    );
    assert_eq!(
        progressed, files,
        "progress is reported once per file, in order"
    );
    let ingested: Vec<&PathBuf> = summaries.iter().map(|s| &s.path).collect();
    let mut expected: Vec<&PathBuf> = files.iter().collect();
    expected.retain(|f| !failures.iter().any(|x| &x.path == *f));
    assert_eq!(ingested, expected, "summaries in file order");
    failures
        .iter()
        .map(|f| format!("{}: {:#}", f.path.display(), f.error))
        .collect()
}

/// Asserts two stores hold the same quads, up to blank-node names.
fn assert_same(left: &GraphStore, right: &GraphStore, what: &str) {
    let quads = |store: &GraphStore| -> HashSet<Quad> {
        store.inner().iter().map(|q| q.unwrap()).collect()
    };
    common::assert_same_quads(&quads(left), &quads(right), what);
}

fn document_graphs(store: &GraphStore) -> usize {
    store
        .inner()
        .named_graphs()
        .filter(|g| {
            let g = g.as_ref().unwrap().to_string();
            g.contains("/id/document/")
        })
        .count()
}

#[test]
fn a_first_ingest_in_parallel_equals_one_document_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(&dir.path().join("corpus"), 40);
    let (parallel, reference) = (disk_store(dir.path(), "p"), disk_store(dir.path(), "r"));
    assert_eq!(in_parallel(&files, &parallel), Vec::<String>::new());
    assert_eq!(one_by_one(&files, &reference), Vec::<String>::new());
    assert_same(&parallel, &reference, "first ingest");
    assert!(
        parallel.len().unwrap() > 40 * 1000,
        "{}",
        parallel.len().unwrap()
    );
}

#[test]
fn re_ingesting_changed_documents_replaces_them_as_one_by_one_does() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(&dir.path().join("corpus"), 24);
    let (parallel, reference) = (disk_store(dir.path(), "p"), disk_store(dir.path(), "r"));
    let first = &files[..16];
    assert!(in_parallel(first, &parallel).is_empty());
    assert!(one_by_one(first, &reference).is_empty());

    // Documents 8..12 change: their second half is cut off (fewer tasks,
    // targets, departments); then 8..24 are ingested again, old and new.
    for file in &files[8..12] {
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        std::fs::write(file, lines[..lines.len() / 2].join("\n")).unwrap();
    }
    let second = &files[8..];
    assert!(in_parallel(second, &parallel).is_empty());
    assert!(one_by_one(second, &reference).is_empty());
    assert_same(&parallel, &reference, "re-ingest");
}

#[test]
fn an_older_description_of_a_department_is_replaced_not_added_to() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(&dir.path().join("corpus"), 10);
    // What an earlier version of a document said of a department it names:
    // a label this version does not give. Re-ingest must drop it.
    let prepared = ingest::prepare(&files[3], kb(), &ReadOptions::default()).unwrap();
    let described = prepared
        .quads
        .city
        .iter()
        .find(|q| q.subject.to_string().contains("/department/"))
        .expect("a department in the city graph")
        .clone();
    let stale = Quad::new(
        described.subject.clone(),
        NamedNode::new("http://www.w3.org/2004/02/skos/core#altLabel").unwrap(),
        Literal::new_language_tagged_literal("an old name", "en").unwrap(),
        described.graph_name.clone(),
    );
    let (parallel, reference) = (disk_store(dir.path(), "p"), disk_store(dir.path(), "r"));
    for store in [&parallel, &reference] {
        store.inner().insert(&stale).unwrap();
    }
    assert!(in_parallel(&files, &parallel).is_empty());
    assert!(one_by_one(&files, &reference).is_empty());
    assert_same(&parallel, &reference, "older description");
    assert!(!parallel.inner().contains(&stale).unwrap());
}

#[test]
fn failing_files_are_reported_in_order_and_the_others_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = corpus(&dir.path().join("corpus"), 12);
    let binary = dir.path().join("corpus/zz-binary.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0]).unwrap();
    let empty = dir.path().join("corpus/zz-empty.txt");
    std::fs::write(&empty, "").unwrap();
    files.insert(3, binary.clone());
    files.insert(9, empty.clone());

    let (parallel, reference) = (disk_store(dir.path(), "p"), disk_store(dir.path(), "r"));
    let failed = in_parallel(&files, &parallel);
    assert_eq!(failed, one_by_one(&files, &reference));
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(
        failed[0].starts_with(&binary.display().to_string()),
        "{failed:?}"
    );
    assert!(
        failed[1].starts_with(&empty.display().to_string()),
        "{failed:?}"
    );
    assert_same(&parallel, &reference, "with failures");
    assert_eq!(document_graphs(&parallel), 12);
}

#[test]
fn many_small_batches_and_commits_give_what_transactions_give() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(&dir.path().join("corpus"), 20);
    let (bulk, reference) = (disk_store(dir.path(), "b"), disk_store(dir.path(), "r"));
    // Batches of about two documents, committed every five or so; the same
    // document twice in one run (the second must replace the first).
    let mut order: Vec<&PathBuf> = files.iter().collect();
    order.insert(15, &files[2]);
    let mut bulk_writer = DocumentWriter::with_sizes(&bulk, 3_000, 8_000);
    let mut reference_writer = DocumentWriter::new(&reference).transactions_only();
    let mut outcomes = Vec::new();
    for (i, file) in order.iter().enumerate() {
        for (writer, out) in [(&mut bulk_writer, true), (&mut reference_writer, false)] {
            let p = ingest::prepare(file, kb(), &ReadOptions::default()).unwrap();
            let done = writer.add(i, p.graph, p.quads);
            if out {
                outcomes.extend(done);
            }
        }
    }
    outcomes.extend(bulk_writer.finish().outcomes);
    reference_writer.finish();
    let tokens: Vec<usize> = outcomes.iter().map(|(t, _)| *t).collect();
    assert_eq!(
        tokens,
        (0..order.len()).collect::<Vec<_>>(),
        "outcomes in order"
    );
    assert!(outcomes.iter().all(|(_, r)| r.is_ok()));
    assert_same(&bulk, &reference, "small batches");
}

#[test]
fn a_dry_run_writes_nothing_and_reads_everything() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(&dir.path().join("corpus"), 6);
    let ingest::Ingested {
        summaries,
        failures,
        compaction_pays,
    } = ingest::ingest_files(
        &files,
        Destination::Nowhere,
        kb(),
        &ReadOptions::default(),
        2,
        &mut |_| {},
    );
    assert!(failures.is_empty());
    assert!(
        !compaction_pays,
        "nothing was loaded, so nothing to compact"
    );
    assert_eq!(summaries.len(), 6);
    assert!(summaries.iter().all(|s| s.tasks > 0 && s.quads > 0));
}
