//! Evaluating a query within limits: a time limit (the evaluation is
//! cancelled, the server goes on) and a cap on the number of answers.

use std::time::Duration;

use axum::http::StatusCode;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term, Triple, Variable};
use oxigraph::sparql::{CancellationToken, QueryResults, QuerySolution};
use oxigraph::store::Store;
use spargebra::SparqlParser;

use crate::store::ReadyQuery;

/// An error with the HTTP status it answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    pub status: StatusCode,
    pub message: String,
}

impl HttpError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> HttpError {
        HttpError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> HttpError {
        HttpError::new(StatusCode::BAD_REQUEST, message)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub max_results: usize,
}

/// A query's answer, held in memory (at most `max_results` items).
pub enum Answer {
    Solutions {
        variables: Vec<Variable>,
        rows: Vec<QuerySolution>,
    },
    Boolean(bool),
    Graph(Vec<Triple>),
}

/// The dataset a request names (`default-graph-uri`, `named-graph-uri`);
/// when it names none and the query has no FROM, the default graph is the
/// union of all graphs.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
}

impl Dataset {
    fn default_graphs(&self) -> Result<Vec<GraphName>, HttpError> {
        self.default_graphs
            .iter()
            .map(|s| graph_iri(s).map(GraphName::from))
            .collect()
    }

    fn named_graphs(&self) -> Result<Vec<NamedOrBlankNode>, HttpError> {
        self.named_graphs
            .iter()
            .map(|s| graph_iri(s).map(NamedOrBlankNode::from))
            .collect()
    }
}

fn graph_iri(iri: &str) -> Result<NamedNode, HttpError> {
    NamedNode::new(iri)
        .map_err(|e| HttpError::bad_request(format!("invalid graph IRI {iri:?}: {e}")))
}

/// Parses, binds and evaluates a query on a blocking thread, within the limits.
pub async fn evaluate(
    store: Store,
    sparql: &str,
    dataset: &Dataset,
    bindings: Vec<(String, Term)>,
    limits: Limits,
) -> Result<Answer, HttpError> {
    let token = CancellationToken::new();
    let query = SparqlParser::new()
        .parse_query(sparql)
        .map_err(|e| HttpError::bad_request(format!("SPARQL syntax error: {e}")))?;
    let mut ready = ReadyQuery::cancellable(query, token.clone())
        .with_dataset(dataset.default_graphs()?, dataset.named_graphs()?);
    for (name, value) in bindings {
        let variable = Variable::new(&name).map_err(|e| HttpError::bad_request(e.to_string()))?;
        ready = ready.bind(variable, value);
    }
    let job =
        tokio::task::spawn_blocking(move || collect(ready.execute(&store), limits.max_results));
    match tokio::time::timeout(limits.timeout, job).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(join)) => Err(HttpError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("query evaluation failed: {join}"),
        )),
        Err(_) => {
            // Stop the evaluation; the thread ends at its next check.
            token.cancel();
            Err(HttpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the query ran longer than the time limit of {} s and was stopped; narrow it, add a LIMIT, or start the server with a larger --timeout",
                    limits.timeout.as_secs_f64()
                ),
            ))
        }
    }
}

fn collect(
    results: Result<QueryResults<'static>, oxigraph::sparql::QueryEvaluationError>,
    max: usize,
) -> Result<Answer, HttpError> {
    let failed = |e: &dyn std::fmt::Display| {
        HttpError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("query evaluation failed: {e}"),
        )
    };
    let too_many = || {
        HttpError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the answer has more than {max} results; add a LIMIT or start the server with a larger --max-results"),
        )
    };
    match results.map_err(|e| failed(&e))? {
        QueryResults::Boolean(b) => Ok(Answer::Boolean(b)),
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for solution in solutions {
                rows.push(solution.map_err(|e| failed(&e))?);
                if rows.len() > max {
                    return Err(too_many());
                }
            }
            Ok(Answer::Solutions { variables, rows })
        }
        QueryResults::Graph(triples) => {
            let mut out = Vec::new();
            for triple in triples {
                out.push(triple.map_err(|e| failed(&e))?);
                if out.len() > max {
                    return Err(too_many());
                }
            }
            Ok(Answer::Graph(out))
        }
    }
}
