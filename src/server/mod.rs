//! The HTTP interface: the SPARQL 1.1 Protocol at `/query` (and `/update`,
//! refused unless allowed), the canned queries of `queries/` at `/queries`,
//! and the analysts' workbench at `/`. Thin: requests are parsed here and
//! handed to `execute`, answers written by Oxigraph's serializers.

mod execute;
mod protocol;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, NamedNode, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::SparqlEvaluator;
use oxigraph::store::Store;

use crate::canned::{self, CannedQuery};
use crate::rdf::vocab::PREFIXES;
use crate::store::GraphStore;
pub use execute::{Answer, Dataset, HttpError, Limits};
use protocol::Operation;

/// Options of `eldergraph serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeOptions {
    /// Address and port to listen on; loopback unless you say otherwise
    /// (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: SocketAddr,
    /// Accept SPARQL Update at /update (refused with 403 otherwise). Opens the store for writing.
    #[arg(long)]
    pub allow_update: bool,
    /// Time limit of one query, in seconds; a longer query is stopped with 503.
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    /// Most solutions (or triples) one answer may hold; a larger one gets 413.
    #[arg(long, default_value_t = 100_000)]
    pub max_results: usize,
    /// Folder of canned queries (default: the project's queries/).
    #[arg(long)]
    pub queries: Option<PathBuf>,
}

struct App {
    store: Store,
    canned: Vec<CannedQuery>,
    limits: Limits,
    allow_update: bool,
}

/// Runs the server until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub fn serve(store_path: &Path, options: ServeOptions) -> Result<()> {
    let store = if options.allow_update {
        let store = GraphStore::open(store_path)?;
        store.load_ontology()?;
        store
    } else {
        GraphStore::open_read_only(store_path)?
    };
    let queries_dir = options.queries.clone().unwrap_or_else(canned::bundled_dir);
    let app = Arc::new(App {
        store: store.inner().clone(),
        canned: canned::load_dir(&queries_dir)?,
        limits: Limits {
            timeout: Duration::from_secs_f64(options.timeout.max(0.001)),
            max_results: options.max_results,
        },
        allow_update: options.allow_update,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.bind)
            .await
            .with_context(|| format!("cannot listen on {}", options.bind))?;
        let address = listener.local_addr()?;
        // Tests and scripts read this line to learn the port.
        println!("eldergraph: listening on http://{address}/ (Ctrl-C to stop)");
        use std::io::Write;
        std::io::stdout().flush().ok();
        axum::serve(listener, router(app))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("server error")
    });
    // A cancelled evaluation may still be winding down on a blocking
    // thread: do not wait long for it.
    runtime.shutdown_timeout(Duration::from_secs(1));
    served
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(page_index))
        .route("/app.js", get(page_script))
        .route("/app.css", get(page_style))
        .route("/query", get(query_get).post(query_post))
        .route("/update", get(update_refused).post(update_post))
        .route("/queries", get(canned_list))
        .route("/queries/{name}", get(canned_run))
        .with_state(app)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    eprintln!("eldergraph: shutting down");
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{}\n", self.message),
        )
            .into_response()
    }
}

// ── The workbench ─────────────────────────────────────────────────────────

async fn page_index() -> Response {
    static_file(
        "text/html; charset=utf-8",
        include_str!("../../web/index.html"),
    )
}

async fn page_script() -> Response {
    static_file(
        "text/javascript; charset=utf-8",
        include_str!("../../web/app.js"),
    )
}

async fn page_style() -> Response {
    static_file("text/css; charset=utf-8", include_str!("../../web/app.css"))
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

// ── The SPARQL 1.1 Protocol ───────────────────────────────────────────────

async fn query_get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut op = Operation::default();
    op.add_form(raw.unwrap_or_default().as_bytes());
    if op.query.is_none() && op.update.is_none() {
        return service_description(&headers, op.format.as_deref())
            .unwrap_or_else(IntoResponse::into_response);
    }
    answer_operation(&app, &headers, op).await
}

async fn query_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    let mut op = Operation::default();
    op.add_form(raw.unwrap_or_default().as_bytes());
    match content_type(&headers).as_str() {
        "application/x-www-form-urlencoded" => op.add_form(&body),
        "application/sparql-query" => match String::from_utf8(body.to_vec()) {
            Ok(text) => op.query = Some(text),
            Err(_) => return HttpError::bad_request("the query is not valid UTF-8").into_response(),
        },
        "application/sparql-update" => op.update = Some(String::new()),
        other => {
            return HttpError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("POST a query as application/sparql-query or application/x-www-form-urlencoded, not {other:?}"),
            )
            .into_response()
        }
    }
    answer_operation(&app, &headers, op).await
}

async fn answer_operation(app: &App, headers: &HeaderMap, op: Operation) -> Response {
    if op.update.is_some() {
        return update_refused_or_elsewhere(app);
    }
    let Some(query) = op.query else {
        return HttpError::bad_request(
            "no query: send query=… (or a body of type application/sparql-query)",
        )
        .into_response();
    };
    let dataset = Dataset {
        default_graphs: op.default_graphs,
        named_graphs: op.named_graphs,
    };
    respond(
        app,
        headers,
        op.format.as_deref(),
        &query,
        &dataset,
        Vec::new(),
    )
    .await
}

/// Evaluates and writes the answer in the negotiated format.
async fn respond(
    app: &App,
    headers: &HeaderMap,
    format: Option<&str>,
    query: &str,
    dataset: &Dataset,
    bindings: Vec<(String, oxigraph::model::Term)>,
) -> Response {
    let answer =
        match execute::evaluate(app.store.clone(), query, dataset, bindings, app.limits).await {
            Ok(answer) => answer,
            Err(e) => return e.into_response(),
        };
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    write_answer(answer, accept, format).unwrap_or_else(IntoResponse::into_response)
}

fn not_acceptable(what: &str) -> HttpError {
    HttpError::new(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "cannot write {what} in the requested format; accepted: {}",
            if what == "a graph" {
                "text/turtle, application/n-triples, application/n-quads, application/ld+json, application/rdf+xml"
            } else {
                "application/sparql-results+json, application/sparql-results+xml, text/csv, text/tab-separated-values"
            }
        ),
    )
}

fn write_answer(
    answer: Answer,
    accept: Option<&str>,
    format: Option<&str>,
) -> Result<Response, HttpError> {
    let io = |e: std::io::Error| HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    match answer {
        Answer::Boolean(value) => {
            let f = protocol::results_format(accept, format)
                .ok_or_else(|| not_acceptable("a boolean"))?;
            let body = QueryResultsSerializer::from_format(f)
                .serialize_boolean_to_writer(Vec::new(), value)
                .map_err(io)?;
            Ok(body_response(f.media_type(), body))
        }
        Answer::Solutions { variables, rows } => {
            let f = protocol::results_format(accept, format)
                .ok_or_else(|| not_acceptable("solutions"))?;
            let mut writer = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(Vec::new(), variables)
                .map_err(io)?;
            for row in &rows {
                writer.serialize(row).map_err(io)?;
            }
            Ok(body_response(f.media_type(), writer.finish().map_err(io)?))
        }
        Answer::Graph(triples) => {
            let f =
                protocol::graph_format(accept, format).ok_or_else(|| not_acceptable("a graph"))?;
            Ok(body_response(
                f.media_type(),
                serialize_graph(f, &triples).map_err(io)?,
            ))
        }
    }
}

fn serialize_graph(format: RdfFormat, triples: &[Triple]) -> std::io::Result<Vec<u8>> {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .map_err(std::io::Error::other)?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in triples {
        writer.serialize_triple(triple)?;
    }
    writer.finish()
}

fn body_response(media_type: &str, body: Vec<u8>) -> Response {
    let content_type = if media_type.starts_with("text/") && !media_type.contains("charset") {
        format!("{media_type}; charset=utf-8")
    } else {
        media_type.to_owned()
    };
    let mut response = body.into_response();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The SPARQL 1.1 Service Description of this endpoint (for a request without query).
fn service_description(headers: &HeaderMap, format: Option<&str>) -> Result<Response, HttpError> {
    let sd = |local: &str| {
        NamedNode::new_unchecked(format!(
            "http://www.w3.org/ns/sparql-service-description#{local}"
        ))
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let endpoint = NamedNode::new(format!("http://{host}/query"))
        .map_err(|e| HttpError::bad_request(format!("bad Host header: {e}")))?;
    let service = BlankNode::default();
    let dataset = BlankNode::default();
    let default_graph = BlankNode::default();
    let mut triples = vec![
        Triple::new(service.clone(), rdf::TYPE, sd("Service")),
        Triple::new(service.clone(), sd("endpoint"), endpoint),
        Triple::new(
            service.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Query"),
        ),
        Triple::new(service.clone(), sd("feature"), sd("UnionDefaultGraph")),
        Triple::new(service.clone(), sd("defaultDataset"), dataset.clone()),
        Triple::new(dataset.clone(), rdf::TYPE, sd("Dataset")),
        Triple::new(dataset, sd("defaultGraph"), default_graph.clone()),
        Triple::new(default_graph, rdf::TYPE, sd("Graph")),
    ];
    let results = [
        QueryResultsFormat::Json,
        QueryResultsFormat::Xml,
        QueryResultsFormat::Csv,
        QueryResultsFormat::Tsv,
    ];
    for f in results {
        triples.push(Triple::new(
            service.clone(),
            sd("resultFormat"),
            NamedNode::new_unchecked(f.iri()),
        ));
    }
    for f in [
        RdfFormat::Turtle,
        RdfFormat::NTriples,
        RdfFormat::NQuads,
        RdfFormat::RdfXml,
    ] {
        triples.push(Triple::new(
            service.clone(),
            sd("resultFormat"),
            NamedNode::new_unchecked(f.iri()),
        ));
    }
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let f = protocol::graph_format(accept, format).ok_or_else(|| not_acceptable("a graph"))?;
    let body = serialize_graph(f, &triples)
        .map_err(|e| HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(body_response(f.media_type(), body))
}

// ── SPARQL Update: refused unless allowed ─────────────────────────────────

fn update_refused_or_elsewhere(app: &App) -> Response {
    let message = if app.allow_update {
        "send updates to /update"
    } else {
        "this endpoint is read-only: SPARQL Update is refused (start the server with --allow-update to accept it at /update)"
    };
    HttpError::new(StatusCode::FORBIDDEN, message).into_response()
}

async fn update_refused(State(app): State<Arc<App>>) -> Response {
    if app.allow_update {
        return HttpError::new(StatusCode::METHOD_NOT_ALLOWED, "POST updates to /update")
            .into_response();
    }
    update_refused_or_elsewhere(&app)
}

async fn update_post(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    if !app.allow_update {
        return update_refused_or_elsewhere(&app);
    }
    let update = match content_type(&headers).as_str() {
        "application/sparql-update" => String::from_utf8_lossy(&body).into_owned(),
        "application/x-www-form-urlencoded" => {
            let mut op = Operation::default();
            op.add_form(&body);
            match op.update {
                Some(u) => u,
                None => return HttpError::bad_request("no update: send update=…").into_response(),
            }
        }
        other => {
            return HttpError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("POST an update as application/sparql-update, not {other:?}"),
            )
            .into_response()
        }
    };
    let prepared = match SparqlEvaluator::new().parse_update(&update) {
        Ok(p) => p,
        Err(e) => {
            return HttpError::bad_request(format!("SPARQL syntax error: {e}")).into_response()
        }
    };
    let store = app.store.clone();
    match tokio::task::spawn_blocking(move || prepared.on_store(&store).execute()).await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(e)) => HttpError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("update failed: {e}"),
        )
        .into_response(),
        Err(e) => HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

// ── Canned queries ────────────────────────────────────────────────────────

async fn canned_list(State(app): State<Arc<App>>) -> Response {
    axum::Json(&app.canned).into_response()
}

async fn canned_run(
    State(app): State<Arc<App>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let name = name.strip_suffix(".rq").unwrap_or(&name);
    let Some(canned) = app.canned.iter().find(|q| q.name == name) else {
        let names: Vec<&str> = app.canned.iter().map(|q| q.name.as_str()).collect();
        return HttpError::new(
            StatusCode::NOT_FOUND,
            format!("no canned query {name:?}; there are: {}", names.join(", ")),
        )
        .into_response();
    };
    let mut op = Operation::default();
    op.add_form(raw.unwrap_or_default().as_bytes());
    let values = op.others.into_iter().collect();
    let bindings = match canned.bindings(&values) {
        Ok(b) => b,
        Err(e) => return HttpError::bad_request(format!("{e:#}")).into_response(),
    };
    respond(
        &app,
        &headers,
        op.format.as_deref(),
        &canned.query,
        &Dataset::default(),
        bindings,
    )
    .await
}
