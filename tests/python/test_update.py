"""SPARQL Update on a server started with --allow-update (a store of its own)."""

from __future__ import annotations

import pytest
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

GRAPH = "urn:eldergraph:test"


def ask(server, query: str) -> bool:
    sw = SPARQLWrapper(server.query_url)
    sw.setQuery(query)
    sw.setReturnFormat(JSON)
    return sw.queryAndConvert()["boolean"]


@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_insert_data_then_query(writable_server, request_method):
    subject = f"urn:eldergraph:test:{request_method}"
    before = writable_server.quad_count()
    assert not ask(writable_server, f"ASK {{ <{subject}> ?p ?o }}")

    sw = SPARQLWrapper(writable_server.query_url, updateEndpoint=writable_server.update_url)
    sw.setMethod(POST)
    sw.setRequestMethod(request_method)
    sw.setQuery(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{subject}> rdfs:label "测试"@zh }} }}'
    )
    result = sw.query()
    assert result.response.status == 204

    assert ask(
        writable_server,
        f'ASK {{ GRAPH <{GRAPH}> {{ <{subject}> <http://www.w3.org/2000/01/rdf-schema#label> "测试"@zh }} }}',
    )
    # The union default graph sees it too.
    assert ask(writable_server, f"ASK {{ <{subject}> ?p ?o }}")
    assert writable_server.quad_count() == before + 1


def test_malformed_update_is_400(writable_server):
    r = writable_server.post_form("update", {"update": "INSERT DATA { <a:b> }"})
    assert r.status == 400, r.text
    assert "SPARQL syntax error" in r.text


def test_update_sent_to_query_is_redirected_by_message(writable_server):
    r = writable_server.post_form("query", {"update": "DROP ALL"})
    assert r.status == 403, r.text
    assert "/update" in r.text
    assert writable_server.quad_count() > 9000
