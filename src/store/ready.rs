//! A query readied for the store: the one way the CLI, the server and the
//! SHACL engine evaluate SPARQL, so that they answer alike.

use oxigraph::model::{GraphName, NamedOrBlankNode, Term, Variable};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryExplanation, QueryResults,
    SparqlEvaluator,
};
use oxigraph::store::Store;
use spargebra::Query;

use crate::ordering::{self, LiftedOrder};

/// A parsed query with its ORDER BY lifted out for `ordering` when it can
/// be, and the union of all graphs as its default graph (documents live in
/// named graphs) unless the query names its dataset with FROM / FROM NAMED.
pub struct ReadyQuery {
    prepared: PreparedSparqlQuery,
    order: Option<LiftedOrder>,
}

impl ReadyQuery {
    pub fn new(query: Query) -> ReadyQuery {
        ReadyQuery::with_evaluator(SparqlEvaluator::new(), query)
    }

    /// A query whose evaluation stops when `token` is cancelled.
    pub fn cancellable(query: Query, token: CancellationToken) -> ReadyQuery {
        ReadyQuery::with_evaluator(SparqlEvaluator::new().with_cancellation_token(token), query)
    }

    fn with_evaluator(evaluator: SparqlEvaluator, query: Query) -> ReadyQuery {
        let (query, order) = ordering::lift(query);
        let mut prepared = evaluator.for_query(query);
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        ReadyQuery { prepared, order }
    }

    /// The dataset a protocol request names (`default-graph-uri`,
    /// `named-graph-uri`), which overrides the query's own; naming only
    /// named graphs leaves the default graph empty, as the protocol says.
    pub fn with_dataset(
        mut self,
        default_graphs: Vec<GraphName>,
        named_graphs: Vec<NamedOrBlankNode>,
    ) -> ReadyQuery {
        if default_graphs.is_empty() && named_graphs.is_empty() {
            return self;
        }
        let dataset = self.prepared.dataset_mut();
        dataset.set_default_graph(default_graphs);
        if !named_graphs.is_empty() {
            dataset.set_available_named_graphs(named_graphs);
        }
        self
    }

    /// Binds a variable to a value (SEP-0007 substitution): values are
    /// never pasted into the query text.
    pub fn bind(mut self, variable: Variable, value: Term) -> ReadyQuery {
        self.prepared = self.prepared.substitute_variable(variable, value);
        self
    }

    /// The answer, sorted by the lifted order if there is one.
    pub fn execute(self, store: &Store) -> Result<QueryResults<'static>, QueryEvaluationError> {
        let results = self.prepared.on_store(store).execute();
        ordering::sorted(results, self.order.as_ref())
    }

    /// The answer and Oxigraph's plan, whose statistics (rows and time per
    /// step) are filled once the results have been read to the end.
    pub fn explain(
        self,
        store: &Store,
    ) -> (
        Result<QueryResults<'static>, QueryEvaluationError>,
        QueryExplanation,
    ) {
        let (results, plan) = self.prepared.on_store(store).compute_statistics().explain();
        (ordering::sorted(results, self.order.as_ref()), plan)
    }
}

#[cfg(test)]
mod tests {
    use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
    use oxigraph::sparql::{QueryResults, Variable};
    use oxigraph::store::Store;
    use spargebra::SparqlParser;

    use super::ReadyQuery;

    fn store_with_one_graph(graph: &NamedNode) -> Store {
        let store = Store::new().unwrap();
        let subject = NamedNode::new("https://example.org/t1").unwrap();
        let predicate = NamedNode::new("https://example.org/p").unwrap();
        for value in ["b", "a"] {
            let quad = Quad::new(
                subject.clone(),
                predicate.clone(),
                Literal::from(value),
                GraphName::from(graph.clone()),
            );
            store.insert(&quad).unwrap();
        }
        store
    }

    fn values(ready: ReadyQuery, store: &Store) -> Vec<String> {
        let QueryResults::Solutions(rows) = ready.execute(store).unwrap() else {
            panic!("a SELECT answers with solutions");
        };
        rows.map(|row| row.unwrap().get("v").map_or(String::new(), Term::to_string))
            .collect()
    }

    fn parse(sparql: &str) -> spargebra::Query {
        SparqlParser::new().parse_query(sparql).unwrap()
    }

    #[test]
    fn the_default_graph_is_the_union_and_the_order_is_kept() {
        let graph = NamedNode::new("https://example.org/g").unwrap();
        let store = store_with_one_graph(&graph);
        let ready = ReadyQuery::new(parse("SELECT ?v WHERE { ?s ?p ?v } ORDER BY ?v"));
        assert_eq!(values(ready, &store), ["\"a\"", "\"b\""]);
    }

    #[test]
    fn a_request_naming_only_named_graphs_leaves_the_default_graph_empty() {
        let graph = NamedNode::new("https://example.org/g").unwrap();
        let store = store_with_one_graph(&graph);
        let query = "SELECT ?v WHERE { ?s ?p ?v }";
        let named = vec![NamedOrBlankNode::from(graph.clone())];
        let ready = ReadyQuery::new(parse(query)).with_dataset(Vec::new(), named.clone());
        assert!(values(ready, &store).is_empty());
        let in_graph = "SELECT ?v WHERE { GRAPH ?g { ?s ?p ?v } } ORDER BY DESC(?v)";
        let ready = ReadyQuery::new(parse(in_graph)).with_dataset(Vec::new(), named);
        assert_eq!(values(ready, &store), ["\"b\"", "\"a\""]);
    }

    #[test]
    fn a_bound_variable_narrows_the_answer() {
        let graph = NamedNode::new("https://example.org/g").unwrap();
        let store = store_with_one_graph(&graph);
        let ready = ReadyQuery::new(parse("SELECT ?v WHERE { ?s ?p ?v }"))
            .bind(Variable::new("v").unwrap(), Literal::from("a").into());
        assert_eq!(values(ready, &store), ["\"a\""]);
    }
}
