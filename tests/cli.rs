//! The `eldergraph` binary end to end: ingest into a store on disk, query,
//! bad input, re-ingest.

mod common;

use common::eldergraph;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name)
}

/// A responsibility table of a city the text does not name, as table.txt.
fn table_file(dir: &Path, text: &str) -> PathBuf {
    let file = dir.join("table.txt");
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn ingest_the_bundled_seeds_then_query_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = eldergraph(&store, &["ingest"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("000_3484524b0a9dfb8d.txt  南通市"),
        "{report}"
    );
    assert!(report.contains("5 document(s) ingested"), "{report}");

    let out = eldergraph(
        &store,
        &["query", "--file", "queries/documents.rq", "--format", "csv"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "document,city,title,layout,tasks");
    assert_eq!(lines.len(), 6);
    assert!(lines[1].starts_with("000_3484524b0a9dfb8d.txt,南通市,"));
    assert!(lines[1].ends_with(",grouped-table,97"));

    // The file may be named without --file; a missing one is a file error.
    let out = eldergraph(
        &store,
        &["query", "queries/documents.rq", "--format", "csv"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), csv);
    let out = eldergraph(&store, &["query", "queries/no-such-query.rq"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot read queries/no-such-query.rq"),
        "{}",
        stderr(&out)
    );

    // Re-ingesting replaces each document's graph: nothing is duplicated.
    let count = |store: &Path| {
        let out = eldergraph(
            store,
            &[
                "query",
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                "--format",
                "csv",
            ],
        );
        stdout(&out).lines().nth(1).unwrap_or("").to_owned()
    };
    let before = count(&store);
    let out = eldergraph(
        &store,
        &["ingest", seed("001_7accbb2d390ef01a.txt").to_str().unwrap()],
    );
    assert!(out.status.success());
    assert_eq!(count(&store), before);

    let out = eldergraph(&store, &["show", "南通市", "4"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(
        shown.contains("lead         市老龄办  [aging-office]"),
        "{shown}"
    );
    assert!(shown.contains("2015年年底前出台具体措施"), "{shown}");
    assert!(shown.contains("lines 37–42"), "{shown}");

    let out = eldergraph(&store, &["stats"]);
    assert!(stdout(&out).contains("上海市"), "{}", stdout(&out));
}

#[test]
fn query_over_documents_in_memory_answers_as_the_ingested_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let seeds = common::root().join("seeds");
    let seeds = seeds.to_str().unwrap();
    // Every quad but the shapes' blank nodes, whose labels differ per load.
    let quads = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } \
                 FILTER(!isBlank(?s) && !isBlank(?o)) }";
    let sorted = |out: &Output| {
        assert!(out.status.success(), "{}", stderr(out));
        let mut lines: Vec<String> = stdout(out).lines().map(String::from).collect();
        lines.sort();
        lines
    };
    let in_memory = eldergraph(
        &store,
        &["query", "--documents", seeds, quads, "--format", "csv"],
    );
    let in_memory = sorted(&in_memory);
    assert!(!store.exists(), "--documents must not create the store");
    assert!(in_memory.len() > 10_000, "{}", in_memory.len());

    assert!(eldergraph(&store, &["ingest"]).status.success());
    let stored = sorted(&eldergraph(&store, &["query", quads, "--format", "csv"]));
    assert_eq!(in_memory, stored);

    // A file that cannot be read is named, the others still answer: exit 1.
    let bad = dir.path().join("letter.txt");
    std::fs::write(&bad, "尊敬的各位：\n今天天气很好。\n").unwrap();
    let out = eldergraph(
        &store,
        &[
            "query",
            "--documents",
            bad.to_str().unwrap(),
            "--documents",
            seed("001_7accbb2d390ef01a.txt").to_str().unwrap(),
            "SELECT ?c WHERE { ?d a eg:PolicyDocument ; eg:city/rdfs:label ?c }",
            "--format",
            "csv",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("letter.txt: not a policy document"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), ["c", "常州市"]);
    let out = eldergraph(
        &store,
        &["query", "--documents", bad.to_str().unwrap(), "ASK {}"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no document could be read"));
}

#[test]
fn query_over_documents_takes_their_city_and_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    // A table whose text names no city, in GBK.
    let text = "序号\t工作任务\t牵头单位\t完成时限\n1\t建立评估制度\t市民政局\t2021年底前\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let file = dir.path().join("gbk.txt");
    std::fs::write(&file, gbk).unwrap();
    let file = file.to_str().unwrap();
    let ask = "SELECT ?c ?d WHERE { ?doc a eg:PolicyDocument ; eg:city/rdfs:label ?c . \
               ?task eg:lead/rdfs:label ?d }";
    let out = eldergraph(
        &store,
        &[
            "query",
            "--documents",
            file,
            "--city",
            "泰州市",
            "--encoding",
            "gbk",
            ask,
            "--format",
            "csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        ["c,d", "泰州市,市民政局"]
    );
    // Without --documents the options mean nothing: refused.
    let out = eldergraph(&store, &["query", "--city", "泰州市", "ASK {}"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--documents"), "{}", stderr(&out));
}

#[test]
fn bad_files_are_reported_and_the_others_still_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a_empty.txt"), "").unwrap();
    std::fs::write(input.join("b_binary.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(input.join("c_latin1.txt"), b"\xe5\xb8\x82\n\xff\xfe bad").unwrap();
    std::fs::write(input.join("d_letter.txt"), "尊敬的各位：\n今天天气很好。\n").unwrap();
    std::fs::copy(seed("001_7accbb2d390ef01a.txt"), input.join("e_good.txt")).unwrap();
    let store = dir.path().join("store");
    let out = eldergraph(&store, &["ingest", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("a_empty.txt: the file is empty"), "{err}");
    assert!(err.contains("b_binary.txt: not a text file"), "{err}");
    // Not UTF-8: decoded as the detector guesses, then found not to be a policy document.
    assert!(err.contains("c_latin1.txt: not a policy document"), "{err}");
    assert!(err.contains("d_letter.txt: not a policy document"), "{err}");
    assert!(
        stdout(&out).contains("1 document(s) ingested"),
        "{}",
        stdout(&out)
    );
    let out = eldergraph(
        &store,
        &[
            "query",
            "SELECT ?c WHERE { ?d a eg:PolicyDocument ; eg:city/rdfs:label ?c }",
            "--format",
            "csv",
        ],
    );
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), ["c", "常州市"]);
}

#[test]
fn a_forced_encoding_that_does_not_fit_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.txt");
    std::fs::write(&file, b"\xe5\xb8\x82\n\xff\xfe bad").unwrap();
    let store = dir.path().join("store");
    let path = file.to_str().unwrap();
    let out = eldergraph(
        &store,
        &["ingest", "--dry-run", "--encoding", "utf-8", path],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("latin1.txt: line 2, byte 1: not valid UTF-8"),
        "{err}"
    );
    let out = eldergraph(&store, &["ingest", "--encoding", "klingon", path]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "clap rejects an unknown encoding"
    );
    assert!(
        stderr(&out).contains("unknown encoding"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_document_without_a_city_is_refused_unless_given_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = table_file(
        dir.path(),
        "序号\t工作任务\t牵头部门\t时间进度\n1\t建立制度。\t市民政局\t持续实施\n",
    );
    let store = dir.path().join("store");
    let out = eldergraph(&store, &["ingest", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--city"), "{}", stderr(&out));
    let out = eldergraph(
        &store,
        &["ingest", "--city", "无锡市", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = eldergraph(
        &store,
        &[
            "query",
            "--file",
            "queries/responsibilities.rq",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        [
            "city,task,role,department,department_type",
            "无锡市,1,lead,市民政局,civil-affairs"
        ]
    );
}

#[test]
fn explain_writes_the_plan_with_its_row_counts_and_the_same_answer() {
    let dir = tempfile::tempdir().unwrap();
    let file = table_file(
        dir.path(),
        "序号\t工作任务\t牵头部门\t参与部门\t时间进度\n\
         1\t建立制度。\t市民政局\t市财政局、市卫生健康委\t持续实施\n",
    );
    let store = dir.path().join("store");
    let ingest = ["ingest", "--city", "无锡市", file.to_str().unwrap()];
    assert!(eldergraph(&store, &ingest).status.success());
    let plan = dir.path().join("plan.json");
    let query = ["query", "--file", "queries/responsibilities.rq"];
    let plain = eldergraph(&store, &query);
    let explained = eldergraph(
        &store,
        &[&query[..], &["--explain", plan.to_str().unwrap()]].concat(),
    );
    assert!(explained.status.success(), "{}", stderr(&explained));
    assert_eq!(stdout(&explained), stdout(&plain));
    assert_eq!(stdout(&plain).lines().count(), 4, "{}", stdout(&plain));

    // The plan's root counts the three rows before they were sorted.
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    assert_eq!(plan["plan"]["number of results"], 3, "{plan}");
    assert!(plan["plan"]["children"].is_array(), "{plan}");

    // A plan that cannot be written stops the query before it runs.
    let nowhere = dir.path().join("no-such-folder").join("plan.json");
    let out = eldergraph(
        &store,
        &[&query[..], &["--explain", nowhere.to_str().unwrap()]].concat(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot write the plan"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");

    // - sends it to standard error.
    let out = eldergraph(&store, &[&query[..], &["--explain", "-"]].concat());
    assert!(
        stderr(&out).contains("\"number of results\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn query_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = eldergraph(&store, &["query", "SELECT ?x WHERE { ?x ?y ?z }"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no store at"), "{}", stderr(&out));
    assert!(eldergraph(
        &store,
        &["ingest", seed("002_137a1c981a567de9.txt").to_str().unwrap()]
    )
    .status
    .success());
    let out = eldergraph(&store, &["query", "SELECT WHERE {"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("SPARQL syntax error"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ingest_shows_a_progress_bar_on_a_terminal_and_none_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let bar = regex::Regex::new(r"[1-5]/5 documents").unwrap();

    // Piped (a script, CI): the report only.
    let piped = eldergraph(&dir.path().join("a"), &["ingest", seeds.to_str().unwrap()]);
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert!(!bar.is_match(&stderr(&piped)), "{}", stderr(&piped));

    // On a terminal: `script` (util-linux, in every Debian) gives the
    // command a pseudo-terminal and copies what it draws.
    let command = format!(
        "{} --store {} ingest {}",
        env!("CARGO_BIN_EXE_eldergraph"),
        dir.path().join("b").display(),
        seeds.display()
    );
    let tty = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    assert!(
        tty.status.success(),
        "{}",
        String::from_utf8_lossy(&tty.stderr)
    );
    let drawn = String::from_utf8_lossy(&tty.stdout);
    assert!(bar.is_match(&drawn), "no progress bar in {drawn:?}");
    assert!(drawn.contains("5 document(s) ingested"), "{drawn}");
}

#[test]
fn compaction_can_be_left_for_later_and_changes_no_answer() {
    let dir = tempfile::tempdir().unwrap();
    let sst_files = |store: &Path| {
        std::fs::read_dir(store)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sst"))
            })
            .count()
    };
    let documents = |store: &Path| {
        let out = eldergraph(
            store,
            &["query", "--file", "queries/documents.rq", "--format", "csv"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let (compacted, later) = (dir.path().join("compacted"), dir.path().join("later"));
    assert!(eldergraph(&compacted, &["ingest"]).status.success());
    let out = eldergraph(&later, &["ingest", "--no-compact"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("5 document(s) ingested"));
    assert_eq!(documents(&later), documents(&compacted));

    let before = sst_files(&later);
    let out = eldergraph(&later, &["compact"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("compacted "), "{}", stderr(&out));
    // Merged (RocksDB deletes the merged files in the background: no exact count).
    assert!(sst_files(&later) < before, "{before} files before");
    assert_eq!(documents(&later), documents(&compacted));

    let out = eldergraph(&later, &["ingest", "--no-compact", "--dry-run"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--no-compact"), "{}", stderr(&out));
}

/// `compact` reopens the store through RocksDB itself, on every core: with
/// the options RocksDB recorded when Oxigraph opened it, but for the thread
/// counts, and leaves every quad as it was.
#[test]
fn compaction_keeps_the_stores_options_and_quads() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let dump = |store: &Path| {
        let out = eldergraph(store, &["dump", "--format", "nquads"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let mut lines: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
        lines.sort();
        lines
    };
    let out = eldergraph(&store, &["ingest", "--no-compact"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = dump(&store);
    assert!(before.len() > 10_000, "{} quads", before.len());
    let out = eldergraph(&store, &["compact"]);
    assert!(out.status.success(), "{}", stderr(&out));

    // RocksDB writes an OPTIONS file at each open for writing and keeps the
    // last two: Oxigraph's (`compact` opens the store with Oxigraph first)
    // and the compaction's.
    let mut written: Vec<(u64, PathBuf)> = std::fs::read_dir(&store)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let number = path.file_name()?.to_str()?.strip_prefix("OPTIONS-")?;
            Some((number.parse().ok()?, path))
        })
        .collect();
    written.sort();
    let [(_, oxigraph), (_, compaction)] = &written[..] else {
        panic!("{written:?}");
    };
    let text = |path: &Path| std::fs::read_to_string(path).unwrap();
    let (oxigraph, compaction) = (text(oxigraph), text(compaction));
    let changed: Vec<(&str, &str)> = oxigraph
        .lines()
        .zip(compaction.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.trim(), b.trim()))
        .collect();
    let keys: Vec<&str> = changed
        .iter()
        .map(|(a, _)| a.split('=').next().unwrap_or(a))
        .collect();
    assert_eq!(
        keys,
        [
            "max_background_jobs",
            "max_subcompactions",
            "create_if_missing"
        ],
        "{changed:?}"
    );
    assert_eq!(oxigraph.lines().count(), compaction.lines().count());
    assert_eq!(dump(&store), before);
}
