"""The protocol's dataset: default-graph-uri and named-graph-uri, sent by
SPARQLWrapper in the URL (GET, POST of the query) or in the form body."""

from __future__ import annotations

import pytest
from SPARQLWrapper import GET, JSON, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

from conftest import ID, PREFIXES

DOC_CHANGZHOU = ID + "document/001_7accbb2d390ef01a"  # 37 tasks
DOC_JINZHONG = ID + "document/002_137a1c981a567de9"  # 22 tasks

COUNT_TASKS = PREFIXES + "SELECT (COUNT(?t) AS ?n) WHERE { ?t a eg:Task }"
TASKS_BY_GRAPH = PREFIXES + """
SELECT ?g (COUNT(?t) AS ?n) WHERE { GRAPH ?g { ?t a eg:Task } } GROUP BY ?g ORDER BY ?g
"""

METHODS = {
    "GET": (GET, URLENCODED),
    "POST-form": (POST, URLENCODED),
    "POST-direct": (POST, POSTDIRECTLY),
}


def run(server, query, method, default=(), named=()):
    sw = SPARQLWrapper(server.query_url)
    sw.setQuery(query)
    sw.setMethod(METHODS[method][0])
    sw.setRequestMethod(METHODS[method][1])
    sw.setReturnFormat(JSON)
    for g in default:
        sw.addDefaultGraph(g)
    for g in named:
        sw.addNamedGraph(g)
    return sw.queryAndConvert()


def solutions(converted):
    return [{k: v["value"] for k, v in b.items()} for b in converted["results"]["bindings"]]


@pytest.mark.parametrize("method", list(METHODS))
def test_default_graph_is_one_document(server, method):
    assert solutions(run(server, COUNT_TASKS, method)) == [{"n": "227"}]
    assert solutions(run(server, COUNT_TASKS, method, default=[DOC_CHANGZHOU])) == [{"n": "37"}]


@pytest.mark.parametrize("method", list(METHODS))
def test_default_graph_is_the_merge_of_two_documents(server, method):
    converted = run(server, COUNT_TASKS, method, default=[DOC_CHANGZHOU, DOC_JINZHONG])
    assert solutions(converted) == [{"n": str(37 + 22)}]


@pytest.mark.parametrize("method", list(METHODS))
def test_graph_pattern_over_two_named_graphs(server, method):
    converted = run(server, TASKS_BY_GRAPH, method, named=[DOC_CHANGZHOU, DOC_JINZHONG])
    assert solutions(converted) == [
        {"g": DOC_CHANGZHOU, "n": "37"},
        {"g": DOC_JINZHONG, "n": "22"},
    ]
    # Without named-graph-uri, GRAPH ?g sees every document (and more graphs).
    every = {row["g"]: row["n"] for row in solutions(run(server, TASKS_BY_GRAPH, method))}
    assert len(every) == 5 and every[DOC_CHANGZHOU] == "37"


def test_named_graphs_only_leave_the_default_graph_empty(server):
    """SPARQL 1.1 Protocol: with named-graph-uri and no default-graph-uri
    the default graph is empty."""
    converted = run(server, COUNT_TASKS, "GET", named=[DOC_CHANGZHOU])
    assert solutions(converted) == [{"n": "0"}]


def test_a_bad_graph_iri_is_a_client_error(server):
    r = server.get("query", {"query": COUNT_TASKS, "default-graph-uri": "not an iri"})
    assert r.status == 400, r.text
    assert "not an iri" in r.text
