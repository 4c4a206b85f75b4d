//! Wrong input and hard stops: each bad file gets a clear error with its
//! path while the others are ingested; a process killed mid-ingest leaves
//! every document wholly there or wholly absent; a locked store says so.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::eldergraph;
use eldergraph::store::GraphStore;

fn seeds() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    files.sort();
    files
}

#[test]
fn wrong_files_and_folders_are_reported_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("page.html"),
        "<!DOCTYPE html>\n<html><body>养老服务</body></html>",
    )
    .unwrap();
    std::fs::write(
        input.join("feed.xml"),
        "<?xml version=\"1.0\"?>\n<rss><item>养老服务</item></rss>",
    )
    .unwrap();
    std::fs::write(
        input.join("scan.pdf"),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    )
    .unwrap();
    std::fs::write(input.join("huge.txt"), vec![b'a'; 3 << 20]).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", input.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(".", input.join("loop")).unwrap();
    std::fs::copy(&seeds()[1], input.join("good.txt")).unwrap();
    let store = dir.path().join("store");
    let out = eldergraph(
        &store,
        &["ingest", "--max-size", "2", input.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for expected in [
        // A web page is read as the text it shows; this one holds no tasks.
        "page.html: not a policy document of a known kind",
        "feed.xml: an XML file, not the text of a policy document",
        "scan.pdf: not a text file (a PDF document)",
        "huge.txt: the file is 3145728 bytes, over the limit of 2097152 (raise it with --max-size)",
        "dangling.txt: cannot read",
        "loop: skipped: a symbolic link back to a folder already read",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
    // The good file is ingested once, though the loop reaches it twice.
    assert!(report.contains("1 document(s) ingested"), "{report}");
    assert!(report.contains("6 failed"), "{report}");
}

#[test]
fn a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = eldergraph(&store, &["ingest", "--dry-run"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("5 document(s) read (dry run, nothing written)"));
    assert!(!store.exists(), "a dry run creates no store");
}

#[test]
fn a_store_in_use_by_another_process_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    assert!(
        eldergraph(&store, &["ingest", seeds()[1].to_str().unwrap()])
            .status
            .success()
    );
    // A server open for writing holds the store's lock.
    let mut server = Command::new(env!("CARGO_BIN_EXE_eldergraph"))
        .arg("--store")
        .arg(&store)
        .args(["serve", "--bind", "127.0.0.1:0", "--allow-update"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let ingest = eldergraph(&store, &["ingest", seeds()[1].to_str().unwrap()]);
    let compact = eldergraph(&store, &["compact"]);
    server.kill().ok();
    server.wait().ok();
    for out in [ingest, compact] {
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            err.contains("is in use by another eldergraph process"),
            "{err}"
        );
    }
}

/// Quads per named graph.
fn graph_sizes(store: &GraphStore) -> HashMap<String, usize> {
    let mut sizes = HashMap::new();
    for quad in store.inner().iter() {
        *sizes
            .entry(quad.unwrap().graph_name.to_string())
            .or_insert(0) += 1;
    }
    sizes
}

#[test]
fn a_process_killed_mid_ingest_leaves_every_document_whole_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    // Many documents, so that a kill lands in the middle of the run.
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for copy in 0..12 {
        for seed in seeds() {
            let name = format!("{copy:02}_{}", seed.file_name().unwrap().to_str().unwrap());
            std::fs::copy(&seed, input.join(&name)).unwrap();
        }
    }
    // The size of each document's graph when written whole.
    let reference = dir.path().join("reference");
    assert!(eldergraph(&reference, &["ingest", input.to_str().unwrap()])
        .status
        .success());
    let whole = graph_sizes(&GraphStore::open(&reference).unwrap());
    let document_graphs: Vec<&String> = whole
        .keys()
        .filter(|g| g.contains("/id/document/"))
        .collect();
    assert_eq!(document_graphs.len(), 60);

    let mut killed_mid_run = 0;
    for round in 0..10u64 {
        // Even rounds write into an empty store (documents new to it go
        // through the bulk loader), odd rounds over a store that holds every
        // document already (each replaced in a transaction of its own).
        let store = dir.path().join(format!("store-{round}"));
        if round % 2 == 1 {
            assert!(eldergraph(&store, &["ingest", input.to_str().unwrap()])
                .status
                .success());
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_eldergraph"))
            .arg("--store")
            .arg(&store)
            .args(["ingest", input.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // A different moment each round (a fixed sequence: repeatable).
        std::thread::sleep(Duration::from_millis(40 + (round * 7919) % 400));
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        child.kill().ok();
        child.wait().unwrap();
        let sizes = graph_sizes(&GraphStore::open(&store).unwrap());
        let leftovers: Vec<_> = std::fs::read_dir(&store)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("bulk-"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
        for graph in &document_graphs {
            let found = sizes.get(*graph).copied().unwrap_or(0);
            // Old and new versions are the same size; a document already
            // in the store must never go missing.
            let absent_allowed = round % 2 == 0;
            assert!(
                (absent_allowed && found == 0) || found == whole[*graph],
                "round {round}: {graph} has {found} of {} statements",
                whole[*graph]
            );
        }
    }
    assert!(
        killed_mid_run >= 5,
        "only {killed_mid_run} kills landed mid-run"
    );
}
