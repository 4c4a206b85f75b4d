//! `eldergraph serve` end to end over loopback: protocol forms, refusals,
//! limits, canned parameters, graceful shutdown. (Real third-party clients
//! are exercised by tests/python, run from tests/clients.rs.)

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let bin = env!("CARGO_BIN_EXE_eldergraph");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let ingest = Command::new(bin)
            .arg("--store")
            .arg(&store)
            .arg("ingest")
            .current_dir(root)
            .output()
            .unwrap();
        assert!(
            ingest.status.success(),
            "{}",
            String::from_utf8_lossy(&ingest.stderr)
        );
        let mut child = Command::new(bin)
            .arg("--store")
            .arg(&store)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        Server {
            child,
            base,
            _dir: dir,
        }
    }

    /// Stops the server with SIGTERM and returns its exit status.
    fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        self.child.wait().unwrap()
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// (status, content type, body)
fn get(url: &str, accept: &str) -> (u16, String, String) {
    let mut response = agent().get(url).header("Accept", accept).call().unwrap();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (
        response.status().as_u16(),
        content_type,
        response.body_mut().read_to_string().unwrap(),
    )
}

fn post(url: &str, content_type: &str, body: &str) -> (u16, String) {
    let mut response = agent()
        .post(url)
        .header("Content-Type", content_type)
        .header("Accept", "text/csv")
        .send(body)
        .unwrap();
    (
        response.status().as_u16(),
        response.body_mut().read_to_string().unwrap(),
    )
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

const CITIES: &str = "SELECT ?c WHERE { ?x a <https://w3id.org/eldergraph/ns#City> ; <http://www.w3.org/2000/01/rdf-schema#label> ?c } ORDER BY ?c";
const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

#[test]
fn protocol_forms_refusals_limits_and_shutdown() {
    let server = Server::start(&["--timeout", "2", "--max-results", "1000"]);
    let base = &server.base;
    let cities = "c\r\n上海市\r\n南通市\r\n常州市\r\n晋中市\r\n银川市\r\n";

    let (status, content_type, body) = get(
        &format!("{base}/query?query={}", encode(CITIES)),
        "text/csv",
    );
    assert_eq!(
        (status, content_type.as_str(), body.as_str()),
        (200, "text/csv; charset=utf-8", cities)
    );
    assert_eq!(
        post(
            &format!("{base}/query"),
            "application/x-www-form-urlencoded",
            &format!("query={}", encode(CITIES))
        ),
        (200, cities.into())
    );
    assert_eq!(
        post(&format!("{base}/query"), "application/sparql-query", CITIES),
        (200, cities.into())
    );

    let (status, content_type, body) = get(
        &format!("{base}/query?query={}", encode(CITIES)),
        "application/sparql-results+json",
    );
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/sparql-results+json")
    );
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["results"]["bindings"].as_array().unwrap().len(), 5);

    // The dataset of the protocol: one document's graph as the default graph.
    let tasks = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/eldergraph/ns#Task> }";
    let graph = encode("https://w3id.org/eldergraph/id/document/001_7accbb2d390ef01a");
    let (_, _, body) = get(
        &format!(
            "{base}/query?query={}&default-graph-uri={graph}",
            encode(tasks)
        ),
        "text/csv",
    );
    assert_eq!(body, "n\r\n37\r\n");

    let before = get(&format!("{base}/query?query={}", encode(COUNT)), "text/csv").2;
    let (status, body) = post(
        &format!("{base}/update"),
        "application/sparql-update",
        "DROP ALL",
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("read-only"), "{body}");
    assert_eq!(
        post(
            &format!("{base}/query"),
            "application/x-www-form-urlencoded",
            "update=DROP%20ALL"
        )
        .0,
        403
    );

    let (status, _, body) = get(
        &format!("{base}/query?query={}", encode("SELECT WHERE {")),
        "text/csv",
    );
    assert_eq!(status, 400);
    assert!(body.contains("SPARQL syntax error"), "{body}");

    let heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let (status, _, body) = get(&format!("{base}/query?query={}", encode(heavy)), "text/csv");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("time limit"), "{body}");
    let (status, _, body) = get(
        &format!(
            "{base}/query?query={}",
            encode("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
        ),
        "text/csv",
    );
    assert_eq!(status, 413, "{body}");
    // Still serving after both.
    assert_eq!(
        get(
            &format!("{base}/query?query={}", encode(CITIES)),
            "text/csv"
        )
        .2,
        cities
    );

    // A canned query with a typed parameter, and one that tries to inject SPARQL.
    let (status, _, body) = get(
        &format!("{base}/queries/targets-by-indicator?indicator=nursing-bed-share&format=csv"),
        "*/*",
    );
    assert_eq!(status, 200);
    assert_eq!(body.lines().count(), 5, "{body}");
    for hostile in [
        "x\" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o",
        "nursing-bed-share\") || true || (\"",
    ] {
        let (status, _, body) = get(
            &format!(
                "{base}/queries/targets-by-indicator?indicator={}&format=csv",
                encode(hostile)
            ),
            "*/*",
        );
        assert_eq!((status, body.lines().count()), (200, 1), "{body}");
    }
    assert_eq!(
        get(
            &format!("{base}/queries/due-in-half-year?from=2015-13-01"),
            "*/*"
        )
        .0,
        400
    );
    assert_eq!(
        get(
            &format!("{base}/queries/targets-by-indicator?colour=red"),
            "*/*"
        )
        .0,
        400
    );
    assert_eq!(get(&format!("{base}/queries/no-such-query"), "*/*").0, 404);
    assert_eq!(
        get(&format!("{base}/query?query={}", encode(COUNT)), "text/csv").2,
        before
    );

    // The service description.
    let (status, content_type, body) = get(&format!("{base}/query"), "text/turtle");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/turtle; charset=utf-8")
    );
    assert!(
        body.contains("sparql-service-description#endpoint"),
        "{body}"
    );

    // The workbench, its labels and a network picture of the partner network.
    let (status, content_type, body) = get(&format!("{base}/"), "text/html");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    assert!(body.contains("id=\"results\""), "{body}");
    let (status, _, body) = get(&format!("{base}/labels"), "application/json");
    let labels: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (status, &labels["department-type"]["civil-affairs"]["zh"]),
        (200, &serde_json::json!("民政"))
    );
    let (status, content_type, body) = get(
        &format!("{base}/network.svg?canned=cross-city-partners&lang=zh"),
        "image/svg+xml",
    );
    assert_eq!(
        (status, content_type.as_str()),
        (200, "image/svg+xml; charset=utf-8"),
        "{body}"
    );
    assert!(
        body.starts_with("<svg") && body.contains("民政"),
        "{}",
        &body[..body.len().min(300)]
    );
    let (status, _, body) = get(
        &format!("{base}/network.svg?query={}", encode(CITIES)),
        "image/svg+xml",
    );
    assert_eq!(
        status, 422,
        "a result without source/target columns is not a network: {body}"
    );

    assert!(server.stop().success(), "graceful shutdown exits 0");
}

#[test]
fn updates_are_accepted_only_when_allowed() {
    let server = Server::start(&["--allow-update"]);
    let base = &server.base;
    let (status, body) = post(
        &format!("{base}/update"),
        "application/sparql-update",
        "INSERT DATA { GRAPH <urn:test> { <urn:a> <urn:b> \"c\" } }",
    );
    assert_eq!(status, 204, "{body}");
    let ask = encode("ASK { GRAPH <urn:test> { <urn:a> <urn:b> \"c\" } }");
    let (_, _, body) = get(
        &format!("{base}/query?query={ask}"),
        "application/sparql-results+json",
    );
    assert!(body.contains("true"), "{body}");
    assert!(server.stop().success());
}
