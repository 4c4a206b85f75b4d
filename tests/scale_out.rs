//! Beyond one machine: `extract` shards, concatenated and loaded, equal one
//! `ingest`.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad, Triple};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn eldergraph(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eldergraph"))
        .arg("--store")
        .arg(store)
        .args(args)
        .current_dir(root())
        .output()
        .expect("run eldergraph")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn succeeded(out: Output, what: &str) -> Output {
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        text(&out.stderr),
        text(&out.stdout)
    );
    out
}

const SEEDS: [&str; 5] = [
    "000_3484524b0a9dfb8d.txt",
    "001_7accbb2d390ef01a.txt",
    "002_137a1c981a567de9.txt",
    "003_73366ddd31f24b09.txt",
    "004_4835a2eaf0c18e86.txt",
];

/// The five seeds and two renamed copies: 005 is another document of 南通市
/// and 006 another of 常州市, naming the same departments as 000 and 001.
fn corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    for seed in SEEDS {
        fs::copy(root().join("seeds").join(seed), corpus.join(seed)).unwrap();
    }
    fs::copy(
        root().join("seeds").join(SEEDS[0]),
        corpus.join("005_nantong_copy.txt"),
    )
    .unwrap();
    fs::copy(
        root().join("seeds").join(SEEDS[1]),
        corpus.join("006_changzhou_copy.txt"),
    )
    .unwrap();
    corpus
}

fn parse(format: RdfFormat, bytes: &[u8]) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{format} does not parse: {e}"))
}

fn quad_set(format: RdfFormat, bytes: &[u8]) -> HashSet<Quad> {
    parse(format, bytes).into_iter().collect()
}

/// The whole store as a set of quads.
fn dump(store: &Path) -> HashSet<Quad> {
    let out = succeeded(eldergraph(store, &["dump", "--format", "nquads"]), "dump");
    quad_set(RdfFormat::NQuads, &out.stdout)
}

/// Asserts two sets of quads are equal, showing a few differences if not.
fn assert_same(left: &HashSet<Quad>, right: &HashSet<Quad>, what: &str) {
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
        only(left, right).join("\n  "),
        only(right, left).join("\n  ")
    );
}

fn is_city_graph(graph: &GraphName) -> bool {
    matches!(graph, GraphName::NamedNode(g) if g.as_str().contains("/graph/city/"))
}

#[test]
fn sharded_extraction_concatenated_and_loaded_equals_one_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let file = |name: &str| corpus.join(name).to_str().unwrap().to_owned();

    // One machine: ingest everything into one store.
    let whole = dir.path().join("whole");
    succeeded(
        eldergraph(&whole, &["ingest", corpus.to_str().unwrap()]),
        "ingest",
    );
    let expected = dump(&whole);

    // Many: the ontology once, the documents in three shards run at the same
    // time, each copy in another shard than its original.
    let unused_store = dir.path().join("never-created");
    let shards: Vec<Vec<String>> = vec![
        vec!["--with-ontology".into()],
        vec![
            file(SEEDS[0]),
            file(SEEDS[2]),
            file("006_changzhou_copy.txt"),
        ],
        vec![file(SEEDS[1]), file(SEEDS[3]), file("005_nantong_copy.txt")],
        vec![file(SEEDS[4])],
    ];
    let children: Vec<Child> = shards
        .iter()
        .map(|args| {
            Command::new(env!("CARGO_BIN_EXE_eldergraph"))
                .arg("--store")
                .arg(&unused_store)
                .arg("extract")
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("run eldergraph extract")
        })
        .collect();
    let mut concatenated = Vec::new();
    for child in children {
        let out = succeeded(child.wait_with_output().unwrap(), "extract");
        concatenated.extend_from_slice(&out.stdout);
    }
    assert!(
        !unused_store.exists(),
        "extract must not create or open a store"
    );

    // The shared city graphs came out of several shards: the same quads
    // more than once, which a set-semantics load folds.
    let quads = parse(RdfFormat::NQuads, &concatenated);
    let set: HashSet<Quad> = quads.iter().cloned().collect();
    let repeated = quads.len() - set.len();
    assert!(repeated > 0, "the copies should repeat city-graph quads");
    assert!(
        quads
            .iter()
            .filter(|q| !is_city_graph(&q.graph_name))
            .count()
            == set.iter().filter(|q| !is_city_graph(&q.graph_name)).count(),
        "only city-graph quads may repeat"
    );
    assert_same(&expected, &set, "ingest vs concatenated extract");

    // Loaded into a fresh store with `eldergraph load`.
    let all = dir.path().join("all.nq");
    fs::write(&all, &concatenated).unwrap();
    let loaded = dir.path().join("loaded");
    succeeded(
        eldergraph(&loaded, &["load", all.to_str().unwrap()]),
        "load",
    );
    assert_same(&expected, &dump(&loaded), "ingest vs extract + load");

    // And the contract queries answer the same.
    for query in ["queries/tasks.rq", "queries/responsibilities.rq"] {
        let args = ["query", "--file", query, "--format", "csv"];
        let a = succeeded(eldergraph(&whole, &args), "query");
        let b = succeeded(eldergraph(&loaded, &args), "query");
        assert_eq!(text(&a.stdout), text(&b.stdout), "{query}");
    }
}

#[test]
fn extract_formats_carry_the_same_statements() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let store = dir.path().join("never-created");
    let run = |format: &str| {
        let out = eldergraph(
            &store,
            &[
                "extract",
                "--with-ontology",
                "--format",
                format,
                corpus.to_str().unwrap(),
            ],
        );
        let out = succeeded(out, "extract");
        assert!(
            text(&out.stderr).contains("7 document(s) extracted; 0 failed"),
            "{}",
            text(&out.stderr)
        );
        out.stdout
    };
    let nquads = quad_set(RdfFormat::NQuads, &run("nquads"));
    assert_same(&nquads, &quad_set(RdfFormat::TriG, &run("trig")), "TriG");

    // Turtle: the triples of every graph, graph names only in comments.
    let turtle = run("turtle");
    let triples: HashSet<Triple> = parse(RdfFormat::Turtle, &turtle)
        .into_iter()
        .map(Triple::from)
        .collect();
    let expected: HashSet<Triple> = nquads.iter().cloned().map(Triple::from).collect();
    assert_eq!(triples, expected, "Turtle");
    let turtle = text(&turtle);
    assert!(turtle.contains("# graph <https://w3id.org/eldergraph/id/document/005_nantong_copy>\n"));
    assert!(turtle.contains("# graph <https://w3id.org/eldergraph/graph/city/南通市>\n"));
    assert!(turtle.contains("# graph <https://w3id.org/eldergraph/graph/eldergraph>\n"));
    assert!(!store.exists());
}

#[test]
fn extract_reports_a_bad_file_and_writes_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    fs::write(
        &page,
        "<!DOCTYPE html>\n<html><body>常州市养老</body></html>\n",
    )
    .unwrap();
    let seed = root().join("seeds").join(SEEDS[1]);
    let out = eldergraph(
        &dir.path().join("store"),
        &["extract", page.to_str().unwrap(), seed.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let errors = text(&out.stderr);
    assert!(errors.contains("page.txt"), "{errors}");
    assert!(
        errors.contains("1 document(s) extracted; 1 failed"),
        "{errors}"
    );
    let quads = quad_set(RdfFormat::NQuads, &out.stdout);
    assert!(quads.iter().any(|q| q
        .graph_name
        .to_string()
        .contains("/id/document/001_7accbb2d390ef01a")));
    assert!(quads.iter().any(|q| is_city_graph(&q.graph_name)));
    assert!(
        !quads
            .iter()
            .any(|q| q.graph_name.to_string().contains("/graph/eldergraph>")),
        "no ontology unless asked"
    );

    let out = eldergraph(&dir.path().join("store"), &["extract"]);
    assert_eq!(out.status.code(), Some(2), "files or --with-ontology");
}
