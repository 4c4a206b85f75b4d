"""rdflib's SPARQLStore against the endpoint: rdflib's Graph API over HTTP."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from conftest import EG, ID, PREFIXES

EGNS = Namespace(EG)
CITIES = ["上海市", "南通市", "常州市", "晋中市", "银川市"]


@pytest.fixture(params=["GET", "POST"])
def graph(request, server):
    # Not context-aware: the endpoint's default graph (the union of its
    # graphs) is the graph; rdflib sends no default-graph-uri of its own.
    store = SPARQLStore(server.query_url, method=request.param, context_aware=False)
    yield Graph(store=store)
    store.close()


def test_query_through_the_graph(graph):
    result = graph.query(
        PREFIXES
        + "SELECT ?city (COUNT(?t) AS ?tasks) WHERE { ?t a eg:Task ; eg:city/rdfs:label ?city } "
        + "GROUP BY ?city ORDER BY ?city"
    )
    rows = [(str(r.city), r.tasks.toPython()) for r in result]
    assert rows == list(zip(CITIES, [26, 97, 37, 22, 45]))


def test_triples_and_values(graph):
    cities = sorted(graph.subjects(RDF.type, EGNS.City))
    assert cities == [URIRef(ID + "city/" + name) for name in CITIES]
    shanghai = URIRef(ID + "city/上海市")
    assert graph.value(shanghai, RDFS.label) == Literal("上海市", lang="zh")
    assert (shanghai, RDF.type, EGNS.City) in graph
    assert (shanghai, RDF.type, EGNS.Task) not in graph


def test_init_bindings(graph):
    """rdflib binds initBindings with a VALUES clause it writes into the query."""
    result = graph.query(
        PREFIXES + "SELECT ?t WHERE { ?t a eg:Task ; eg:city ?c }",
        initBindings={"c": URIRef(ID + "city/常州市")},
    )
    assert len(list(result)) == 37


def test_len_counts_the_default_graph(graph, server):
    expected = int(server.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    assert len(graph) == expected > 9000
