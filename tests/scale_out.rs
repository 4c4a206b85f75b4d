//! Beyond one machine: `extract` shards, concatenated and loaded, equal one
//! `ingest`; `ingest --remote` writes an external store (Oxigraph's own
//! server, started here on loopback) that answers as the local store does.

mod common;

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{eldergraph, root};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Graph, GraphName, Quad, Triple};

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
    common::assert_same_quads(&expected, &set, "ingest vs concatenated extract");

    // Loaded into a fresh store with `eldergraph load`.
    let all = dir.path().join("all.nq");
    fs::write(&all, &concatenated).unwrap();
    let loaded = dir.path().join("loaded");
    succeeded(
        eldergraph(&loaded, &["load", all.to_str().unwrap()]),
        "load",
    );
    common::assert_same_quads(&expected, &dump(&loaded), "ingest vs extract + load");

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
    common::assert_same_quads(&nquads, &quad_set(RdfFormat::TriG, &run("trig")), "TriG");

    // Turtle: the triples of every graph, graph names only in comments.
    let turtle = run("turtle");
    let triples: HashSet<Triple> = parse(RdfFormat::Turtle, &turtle)
        .into_iter()
        .map(Triple::from)
        .collect();
    let expected: HashSet<Triple> = nquads.iter().cloned().map(Triple::from).collect();
    // Equal up to blank-node names (the shapes' lists).
    let canonical = |triples: HashSet<Triple>| {
        let mut graph: Graph = triples.into_iter().collect();
        graph.canonicalize(CanonicalizationAlgorithm::Unstable);
        graph
    };
    assert!(
        canonical(triples) == canonical(expected),
        "Turtle carries other statements"
    );
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

// ---------------------------------------------------------------------------
// An external store: Oxigraph's own server, from the PyPI package `oxigraph`.

struct Server {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Server {
    /// `oxigraph serve` on a free loopback port, with the union of all
    /// graphs as the default graph; waits until it answers.
    fn start(dir: &Path) -> Server {
        let binary = root().join(".venv/bin/oxigraph");
        assert!(
            binary.exists(),
            "{} is missing: run ./scripts/bootstrap first",
            binary.display()
        );
        let mut last_log = String::new();
        for attempt in 0..3 {
            // A port the system just gave out and took back: free, unless
            // someone takes it in between (then try again).
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let log = dir.join(format!("oxigraph-{attempt}.log"));
            let child = Command::new(&binary)
                .args(["serve", "--union-default-graph", "--location"])
                .arg(dir.join(format!("oxigraph-{attempt}")))
                .args(["--bind", &format!("127.0.0.1:{port}")])
                .stdout(Stdio::null())
                .stderr(fs::File::create(&log).unwrap())
                .spawn()
                .expect("start oxigraph serve");
            let mut server = Server {
                child,
                base: format!("http://127.0.0.1:{port}"),
                log,
            };
            if server.wait_until_ready() {
                return server;
            }
            last_log = fs::read_to_string(&server.log).unwrap_or_default();
        }
        panic!("oxigraph serve did not start: {last_log}");
    }

    fn wait_until_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            let ask = format!("{}/query?query=ASK%7B%7D", self.base);
            if agent()
                .get(&ask)
                .call()
                .is_ok_and(|r| r.status().is_success())
            {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    /// The Graph Store Protocol endpoint.
    fn store(&self) -> String {
        format!("{}/store", self.base)
    }

    /// A SELECT query's answer as CSV.
    fn csv(&self, sparql: &str) -> String {
        let mut response = agent()
            .post(&format!("{}/query", self.base))
            .header("Content-Type", "application/sparql-query")
            .header("Accept", "text/csv")
            .send(sparql)
            .unwrap();
        let body = response.body_mut().read_to_string().unwrap();
        assert_eq!(response.status().as_u16(), 200, "{body}");
        body
    }

    /// Everything in the server, by the Graph Store Protocol.
    fn dump(&self) -> HashSet<Quad> {
        let mut response = agent()
            .get(&self.store())
            .header("Accept", "application/n-quads")
            .call()
            .unwrap();
        let body = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_vec()
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{}", text(&body));
        quad_set(RdfFormat::NQuads, &body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

fn local_csv(store: &Path, args: &[&str]) -> String {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv"]);
    text(&succeeded(eldergraph(store, &all), "query").stdout)
}

/// tasks.rq and responsibilities.rq, locally and on the server: the same CSV.
fn assert_same_answers(local: &Path, server: &Server) {
    for name in ["tasks", "responsibilities"] {
        let path = format!("queries/{name}.rq");
        let sparql = fs::read_to_string(root().join(&path)).unwrap();
        let here = local_csv(local, &["--file", &path]);
        let there = server.csv(&sparql);
        assert!(here.lines().count() > 200, "{name}: {here}");
        if here != there {
            let (a, b): (Vec<&str>, Vec<&str>) = (here.lines().collect(), there.lines().collect());
            let first = (0..a.len().max(b.len()))
                .find(|&i| a.get(i) != b.get(i))
                .unwrap_or(0);
            panic!(
                "{name}.rq: local ({} lines) and remote ({} lines) answers differ from line {}:\n\
                 local:  {:?}\nremote: {:?}",
                a.len(),
                b.len(),
                first + 1,
                &a[first.min(a.len())..(first + 3).min(a.len())],
                &b[first.min(b.len())..(first + 3).min(b.len())],
            );
        }
    }
}

#[test]
fn remote_ingest_answers_as_the_local_store_and_replaces_on_reingest() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let corpus = corpus(dir.path());
    let corpus_arg = corpus.to_str().unwrap();

    let local = dir.path().join("local");
    succeeded(eldergraph(&local, &["ingest", corpus_arg]), "ingest");

    let untouched = dir.path().join("untouched");
    let out = succeeded(
        eldergraph(
            &untouched,
            &["ingest", corpus_arg, "--remote", &server.store()],
        ),
        "ingest --remote",
    );
    let report = text(&out.stdout);
    assert!(
        report.contains(&format!(
            "7 document(s) pushed to {}; 0 failed",
            server.store()
        )),
        "{report}"
    );
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("005_nantong_copy.txt ") && l.contains(" 南通市 ")),
        "{report}"
    );
    assert!(
        !untouched.exists(),
        "--remote must not open the local store"
    );

    assert_same_answers(&local, &server);
    common::assert_same_quads(&dump(&local), &server.dump(), "local store vs server");

    // Re-ingest one file as it is: nothing added, nothing duplicated.
    let count = server.csv(COUNT);
    let one = corpus.join(SEEDS[1]);
    let one_arg = one.to_str().unwrap();
    succeeded(
        eldergraph(
            &untouched,
            &["ingest", one_arg, "--remote", &server.store()],
        ),
        "re-ingest --remote",
    );
    assert_eq!(server.csv(COUNT), count);
    assert_same_answers(&local, &server);

    // Re-ingest it shortened (its last third cut): its graph is replaced,
    // its dropped tasks gone, as in the local store.
    let tasks_of_001 = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/eldergraph/ns#Task> ; \
         <https://w3id.org/eldergraph/ns#document> <https://w3id.org/eldergraph/id/document/001_7accbb2d390ef01a> }";
    assert_eq!(server.csv(tasks_of_001), "n\r\n37\r\n");
    let original = fs::read_to_string(&one).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let mut shortened = fs::File::create(&one).unwrap();
    for line in &lines[..lines.len() * 2 / 3] {
        writeln!(shortened, "{line}").unwrap();
    }
    drop(shortened);
    succeeded(eldergraph(&local, &["ingest", one_arg]), "re-ingest");
    succeeded(
        eldergraph(
            &untouched,
            &["ingest", one_arg, "--remote", &server.store()],
        ),
        "re-ingest --remote",
    );
    let remaining = server.csv(tasks_of_001);
    assert_eq!(remaining, local_csv(&local, &[tasks_of_001]));
    let remaining: usize = remaining.lines().nth(1).unwrap().parse().unwrap();
    assert!(remaining > 0 && remaining < 37, "{remaining} tasks left");
    assert_same_answers(&local, &server);
    common::assert_same_quads(&dump(&local), &server.dump(), "after re-ingest");
}

#[test]
fn remote_errors_name_the_url_and_the_status_and_the_other_files_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let store = dir.path().join("untouched");
    let seed = root().join("seeds").join(SEEDS[4]);
    let seed_arg = seed.to_str().unwrap();

    // A path the server does not serve: the status and its message; the
    // password never printed.
    let wrong = server
        .base
        .replace("http://", "http://ann:s3cret@")
        .to_owned()
        + "/nothere";
    let out = eldergraph(&store, &["ingest", seed_arg, "--remote", &wrong]);
    assert_eq!(out.status.code(), Some(1));
    let errors = text(&out.stderr);
    let shown = server.base.replace("http://", "http://ann:***@") + "/nothere";
    assert!(errors.contains(&shown), "{errors}");
    assert!(errors.contains("HTTP 404 Not Found"), "{errors}");
    assert!(!errors.contains("s3cret"), "{errors}");

    // Nothing listening.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/store", listener.local_addr().unwrap())
    };
    let out = eldergraph(&store, &["ingest", seed_arg, "--remote", &closed]);
    assert_eq!(out.status.code(), Some(1));
    let errors = text(&out.stderr);
    assert!(
        errors.contains(&closed) && errors.contains("cannot connect"),
        "{errors}"
    );

    // Not a URL.
    let out = eldergraph(&store, &["ingest", seed_arg, "--remote", "localhost:7878"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("http://"),
        "{}",
        text(&out.stderr)
    );

    // A file that cannot be read: reported, the others pushed, status 1.
    let page = dir.path().join("page.txt");
    fs::write(&page, "<!DOCTYPE html>\n<html><body>上海市</body></html>\n").unwrap();
    let out = eldergraph(
        &store,
        &[
            "ingest",
            page.to_str().unwrap(),
            seed_arg,
            "--remote",
            &server.store(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("page.txt"));
    assert!(
        text(&out.stdout).contains("1 document(s) pushed to"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        server.csv(
            "SELECT ?f WHERE { ?d a <https://w3id.org/eldergraph/ns#PolicyDocument> ; \
             <https://w3id.org/eldergraph/ns#fileName> ?f }"
        ),
        "f\r\n004_4835a2eaf0c18e86.txt\r\n"
    );
    assert!(!store.exists());
}
