//! The HTTP endpoint and the workbench through real clients: runs the
//! Python suite of `tests/python` (SPARQLWrapper, rdflib, pyoxigraph,
//! headless Chromium; and the exports through networkx, JSON Schema and
//! Graphviz) against this build's binary. `./scripts/bootstrap`
//! installs what it needs (chromium, and the pinned Python packages in
//! `.venv`). Extra pytest options: `PYTEST_ADDOPTS`, e.g. `-k canned`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[test]
fn python_client_suite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run ./scripts/bootstrap first (it makes .venv with the \
         packages of tests/python/requirements.txt and installs chromium)",
        python.display()
    );
    let started = Instant::now();
    // pytest's output is not captured: it goes straight to the terminal.
    let status = Command::new(&python)
        .args(["-m", "pytest", "tests/python", "-q"])
        .current_dir(root)
        .env("ELDERGRAPH_BIN", env!("CARGO_BIN_EXE_eldergraph"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    eprintln!(
        "tests/python ran in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        status.success(),
        "the Python client tests failed ({status}); pytest's report is above"
    );
}
