"""The endpoint's answers against a reference evaluator: the store dumped
as N-Quads, loaded into pyoxigraph (Oxigraph's Python bindings) and queried
there with the union default graph must give the same solutions, for every
canned query run at /queries/NAME (parameters at their defaults)."""

from __future__ import annotations

import json
import subprocess

import pyoxigraph as ox
import pytest

from conftest import ROOT, eldergraph_bin

XSD = "http://www.w3.org/2001/XMLSchema#"
CANNED = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
# Queries whose answer on the seeds is empty.
EMPTY_ON_SEEDS = {"untyped-departments"}


@pytest.fixture(scope="module")
def reference(server):
    # The server holds the store read-only; dump reads it alongside.
    out = subprocess.run(
        [eldergraph_bin(), "--store", server.store, "dump", "--format", "nquads"],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr.decode()
    store = ox.Store()
    store.load(out.stdout, format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def parameters(server):
    listed = json.loads(server.get("queries").body)
    return {q["name"]: q["parameters"] for q in listed}


def typed(kind: str, value: str):
    if kind == "iri":
        return ox.NamedNode(value)
    datatype = {"integer": "integer", "decimal": "decimal", "date": "date"}.get(kind)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(value)


def normalised(rows: list[dict[str, str]]) -> list[tuple]:
    """Rows that tie under ORDER BY, and the items of a GROUP_CONCAT, come in
    storage order, which differs between the two stores: the rows as a
    multiset, each comma-separated list as a set."""

    def value(v: str) -> str:
        return ", ".join(sorted(v.split(", ")))

    return sorted(tuple(sorted((k, value(v)) for k, v in row.items())) for row in rows)


@pytest.mark.parametrize("name", CANNED)
def test_every_canned_query_answers_as_pyoxigraph_does(server, reference, parameters, name):
    r = server.get(f"queries/{name}", accept="application/sparql-results+json")
    assert r.status == 200, r.text
    served = [
        {k: v["value"] for k, v in b.items()} for b in json.loads(r.body)["results"]["bindings"]
    ]

    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    substitutions = {
        ox.Variable(p["name"]): typed(p["type"], p["default"])
        for p in parameters[name]
        if p["default"] is not None
    }
    solutions = reference.query(text, use_default_graph_as_union=True, substitutions=substitutions)
    variables = [v.value for v in solutions.variables]
    expected = [
        {v: s[v].value for v in variables if s[v] is not None} for s in solutions
    ]

    assert normalised(served) == normalised(expected)
    assert len(served) == len(expected)
    assert served or name in EMPTY_ON_SEEDS, "no rows: the seeds should answer this"


def test_quad_count_matches_the_dump(server, reference):
    assert server.quad_count() == len(reference)
