//! Shared by the integration tests: a store built once from the seeds, and
//! contract queries run on it as CSV rows.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use eldergraph::ingest;
use eldergraph::knowledge::Knowledge;
use eldergraph::query::{self, OutputFormat};
use eldergraph::store::GraphStore;
use oxigraph::model::dataset::{CanonicalizationAlgorithm, Dataset};
use oxigraph::model::Quad;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built binary on `store`, from the project folder.
pub fn eldergraph(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eldergraph"))
        .arg("--store")
        .arg(store)
        .args(args)
        .current_dir(root())
        .output()
        .expect("run eldergraph")
}

pub fn seed_files() -> Vec<PathBuf> {
    let (files, failures) = ingest::collect_files(&[root().join("seeds")]);
    assert!(failures.is_empty());
    files
}

/// An in-memory store holding the five seeds and the ontology.
pub fn seeds_store() -> &'static GraphStore {
    static STORE: OnceLock<GraphStore> = OnceLock::new();
    STORE.get_or_init(new_seeds_store)
}

/// A new in-memory store of the seeds, for a test that changes it.
pub fn new_seeds_store() -> GraphStore {
    let kb = Knowledge::bundled().expect("bundled knowledge");
    let store = GraphStore::in_memory().expect("store");
    store.load_ontology().expect("ontology");
    for file in seed_files() {
        ingest::ingest_file(&file, Some(&store), kb, &ingest::ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e:#}", file.display()));
    }
    store
}

/// A row of CSV results, by column name.
pub type Row = BTreeMap<String, String>;

/// Runs SPARQL text and returns the CSV rows, as an analyst's script would read them.
pub fn run_csv(store: &GraphStore, sparql: &str) -> Vec<Row> {
    let results = store.query(sparql).unwrap_or_else(|e| panic!("{e:#}"));
    let mut bytes = Vec::new();
    query::write_results(results, OutputFormat::Csv, &mut bytes).expect("csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// Runs `queries/NAME.rq` on the seeds' store.
pub fn contract(name: &str) -> Vec<Row> {
    let text = std::fs::read_to_string(root().join("queries").join(format!("{name}.rq")))
        .expect("query file");
    run_csv(seeds_store(), &text)
}

/// The header of `queries/NAME.rq`'s answer.
pub fn columns(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("queries").join(format!("{name}.rq")))
        .expect("query file");
    let results = seeds_store().query(&text).expect("query");
    let mut bytes = Vec::new();
    query::write_results(results, OutputFormat::Csv, &mut bytes).expect("csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect()
}

pub fn rows_where<'a>(rows: &'a [Row], conditions: &[(&str, &str)]) -> Vec<&'a Row> {
    rows.iter()
        .filter(|r| {
            conditions
                .iter()
                .all(|(k, v)| r.get(*k).map(String::as_str) == Some(*v))
        })
        .collect()
}

/// The single row matching `conditions`.
pub fn one<'a>(rows: &'a [Row], conditions: &[(&str, &str)]) -> &'a Row {
    let found = rows_where(rows, conditions);
    assert_eq!(found.len(), 1, "rows matching {conditions:?}: {found:?}");
    found[0]
}

/// Quads with blank nodes relabelled canonically: two loads of the same
/// Turtle (the SHACL shapes' lists) name their blank nodes differently.
pub fn canonical_quads(quads: impl IntoIterator<Item = Quad>) -> HashSet<Quad> {
    let mut dataset: Dataset = quads.into_iter().collect();
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    dataset.iter().map(|q| q.into_owned()).collect()
}

/// Asserts two sets of quads are equal up to blank-node names, showing a
/// few differences if not.
pub fn assert_same_quads(left: &HashSet<Quad>, right: &HashSet<Quad>, what: &str) {
    let left = canonical_quads(left.iter().cloned());
    let right = canonical_quads(right.iter().cloned());
    if left == right {
        return;
    }
    let only = |a: &HashSet<Quad>, b: &HashSet<Quad>| -> Vec<String> {
        let all: BTreeSet<String> = a.difference(b).map(|q| q.to_string()).collect();
        all.into_iter().take(8).collect()
    };
    panic!(
        "{what}: {} vs {} quads\nonly left:\n  {}\nonly right:\n  {}",
        left.len(),
        right.len(),
        only(&left, &right).join("\n  "),
        only(&right, &left).join("\n  ")
    );
}
