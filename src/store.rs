//! The persistent Oxigraph store: one named graph per document, replaced
//! atomically; the ontology and code lists in graphs of their own.

use std::path::Path;

use anyhow::{anyhow, Context, Result};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Variable,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::{Query, SparqlParser};

use crate::knowledge::ONTOLOGY_FILES;
use crate::rdf::mapping::DocumentQuads;
use crate::rdf::vocab::GRAPH;

/// The store the CLI and the server work on.
pub struct GraphStore {
    store: Store,
}

impl GraphStore {
    /// Opens (or creates) the store at `path`.
    pub fn open(path: &Path) -> Result<GraphStore> {
        let store = Store::open(path).map_err(|e| open_error(path, &e.to_string()))?;
        Ok(GraphStore { store })
    }

    /// Opens a read-only view: for queries while another process writes.
    pub fn open_read_only(path: &Path) -> Result<GraphStore> {
        if !path.exists() {
            return Err(anyhow!(
                "no store at {}: run `eldergraph ingest` first (or pass --store PATH)",
                path.display()
            ));
        }
        let store = Store::open_read_only(path).map_err(|e| open_error(path, &e.to_string()))?;
        Ok(GraphStore { store })
    }

    /// An in-memory store, for tests and dry runs.
    pub fn in_memory() -> Result<GraphStore> {
        Ok(GraphStore {
            store: Store::new()?,
        })
    }

    pub fn inner(&self) -> &Store {
        &self.store
    }

    /// Replaces the content of `graph` by `quads` in one transaction: a
    /// reader sees the old graph or the new one, never a mix.
    pub fn replace_graph(&self, graph: NamedNodeRef<'_>, quads: &[Quad]) -> Result<()> {
        let mut transaction = self.store.start_transaction()?;
        transaction.clear_graph(GraphNameRef::NamedNode(graph))?;
        transaction.extend(quads.iter());
        transaction.commit()?;
        Ok(())
    }

    /// Writes a document in one transaction: its graph is replaced, and the
    /// descriptions of the city and departments it names are replaced in the
    /// city's graph (so that a re-typed department loses its old type).
    pub fn replace_document(&self, graph: NamedNodeRef<'_>, quads: &DocumentQuads) -> Result<()> {
        let mut transaction = self.store.start_transaction()?;
        transaction.clear_graph(GraphNameRef::NamedNode(graph))?;
        transaction.extend(quads.document.iter());
        let mut described: Vec<(&NamedOrBlankNode, &GraphName)> = quads
            .city
            .iter()
            .map(|q| (&q.subject, &q.graph_name))
            .collect();
        described.dedup();
        for (subject, city_graph) in described {
            let old = transaction
                .quads_for_pattern(
                    Some(subject.as_ref()),
                    None,
                    None,
                    Some(city_graph.as_ref()),
                )
                .collect::<Result<Vec<_>, _>>()?;
            for quad in &old {
                transaction.remove(quad);
            }
        }
        transaction.extend(quads.city.iter());
        transaction.commit()?;
        Ok(())
    }

    /// Loads (or reloads) the bundled ontology, code lists and shapes.
    pub fn load_ontology(&self) -> Result<()> {
        for (graph, quads) in ontology_graphs()? {
            self.replace_graph(graph.as_ref(), &quads)?;
        }
        Ok(())
    }

    /// Evaluates a SPARQL query; the default graph is the union of all graphs.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        self.query_with(sparql, &[])
    }

    /// Evaluates a query with variables bound to values (SEP-0007
    /// substitution): values are never pasted into the query text.
    pub fn query_with(
        &self,
        sparql: &str,
        bindings: &[(&str, Term)],
    ) -> Result<QueryResults<'static>> {
        let query = SparqlParser::new()
            .parse_query(sparql)
            .map_err(|e| anyhow!("SPARQL syntax error: {e}"))?;
        self.evaluate(query, bindings)
    }

    /// Evaluates a parsed query, with the union default graph and bound variables.
    pub fn evaluate(
        &self,
        query: Query,
        bindings: &[(&str, Term)],
    ) -> Result<QueryResults<'static>> {
        let mut prepared = SparqlEvaluator::new().for_query(query);
        if prepared.dataset().is_default_dataset() {
            // Documents live in named graphs; FROM / FROM NAMED still narrow it.
            prepared.dataset_mut().set_default_graph_as_union();
        }
        for (name, value) in bindings {
            prepared = prepared.substitute_variable(Variable::new(*name)?, value.clone());
        }
        prepared
            .on_store(&self.store)
            .execute()
            .map_err(|e| anyhow!("query failed: {e}"))
    }

    pub fn len(&self) -> Result<usize> {
        Ok(self.store.len()?)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }
}

/// The bundled ontology, code lists and shapes, each file's statements in
/// its own graph: what `load_ontology` writes, `extract --with-ontology`
/// prints and `ingest --remote` puts.
pub fn ontology_graphs() -> Result<Vec<(NamedNode, Vec<Quad>)>> {
    ONTOLOGY_FILES
        .iter()
        .map(|file| {
            let graph = ontology_graph(file.name);
            let quads = RdfParser::from_format(RdfFormat::Turtle)
                .with_default_graph(graph.clone())
                .for_slice(file.turtle.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .with_context(|| format!("ontology/{}", file.name))?;
            Ok((graph, quads))
        })
        .collect()
}

/// The graph of an ontology file: `eldergraph.ttl` → `…/graph/eldergraph`.
pub fn ontology_graph(file_name: &str) -> NamedNode {
    let stem = file_name.strip_suffix(".ttl").unwrap_or(file_name);
    NamedNode::new_unchecked(format!("{GRAPH}{stem}"))
}

fn open_error(path: &Path, message: &str) -> anyhow::Error {
    if message.contains("lock") || message.contains("LOCK") {
        anyhow!(
            "the store at {} is in use by another eldergraph process (it is locked); \
             stop that process or use another --store",
            path.display()
        )
    } else {
        anyhow!("cannot open the store at {}: {message}", path.display())
    }
}
