"""Canned queries: listed with their parameters at /queries, run at
/queries/NAME with typed values that cannot change what the query does."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import ROOT


def test_the_list_names_queries_and_parameters(server):
    r = server.get("queries")
    assert r.status == 200
    assert r.content_type.startswith("application/json")
    listed = {q["name"]: q for q in json.loads(r.body)}
    assert "cross-city-partners" in listed
    assert listed["cross-city-partners"]["parameters"] == []
    assert listed["cross-city-partners"]["description"]
    params = listed["targets-by-indicator"]["parameters"]
    assert [(p["name"], p["type"], p["default"]) for p in params] == [
        ("indicator", "string", "beds-per-1000-elderly")
    ]
    # Every .rq file of queries/ is listed.
    assert set(listed) == {p.stem for p in (ROOT / "queries").glob("*.rq")}


def test_targets_by_indicator_as_csv(server):
    r = server.get("queries/targets-by-indicator", {"indicator": "nursing-bed-share", "format": "csv"})
    assert r.status == 200, r.text
    assert r.content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text, newline="")))
    assert [(row["city"], row["value"], row["year"]) for row in rows] == [
        ("上海市", "60", "2022"),
        ("南通市", "50", "2020"),
        ("常州市", "60", "2020"),
        ("晋中市", "35", "2020"),
    ]
    assert {row["indicator"] for row in rows} == {"nursing-bed-share"}


def test_a_canned_query_answers_as_its_text_does(server):
    text = (ROOT / "queries" / "cross-city-partners.rq").read_text(encoding="utf-8")
    canned = server.get("queries/cross-city-partners", accept="application/sparql-results+json")
    posted = server.post_form("query", {"query": text}, accept="application/sparql-results+json")
    assert canned.status == posted.status == 200
    assert json.loads(canned.body) == json.loads(posted.body)
    assert len(json.loads(canned.body)["results"]["bindings"]) > 10


@pytest.mark.parametrize(
    "value",
    [
        'x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o',
        'nursing-bed-share") || true || ("',
        "nursing-bed-share' } UNION { ?target ?p ?o } #",
        "nursing-bed-share\n} LIMIT 1",
    ],
)
def test_a_hostile_value_is_only_a_value(server, value):
    before = server.quad_count()
    r = server.get("queries/targets-by-indicator", {"indicator": value, "format": "json"})
    assert r.status == 200, r.text
    assert json.loads(r.body)["results"]["bindings"] == []
    assert server.quad_count() == before


def test_unknown_parameter_is_400(server):
    r = server.get("queries/targets-by-indicator", {"indicatr": "nursing-bed-share"})
    assert r.status == 400, r.text
    assert 'no parameter "indicatr"' in r.text
    assert "indicator" in r.text


def test_ill_typed_date_is_400(server):
    r = server.get("queries/due-in-half-year", {"from": "2015-13-01"})
    assert r.status == 400, r.text
    assert "not a valid date" in r.text


def test_typed_dates_are_used(server):
    r = server.get(
        "queries/due-in-half-year",
        {"from": "2015-07-01", "to": "2015-12-31"},
        accept="application/sparql-results+json",
    )
    assert r.status == 200, r.text
    rows = json.loads(r.body)["results"]["bindings"]
    assert rows
    assert all("2015-07-01" <= row["due"]["value"] <= "2015-12-31" for row in rows)
    assert {row["from"]["datatype"] for row in rows} == {"http://www.w3.org/2001/XMLSchema#date"}


def test_unknown_canned_query_is_404(server):
    r = server.get("queries/no-such-query")
    assert r.status == 404
    assert "cross-city-partners" in r.text
