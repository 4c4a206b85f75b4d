"""The endpoint through SPARQLWrapper: every request form of the SPARQL 1.1
Protocol and every results format give the same answer, parsed by
SPARQLWrapper, rdflib and the csv module; ASK, CONSTRUCT and DESCRIBE."""

from __future__ import annotations

import csv
import io
import re

import pytest
import rdflib
from rdflib.compare import isomorphic
from SPARQLWrapper import (
    CSV,
    DESCRIBE,
    GET,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from conftest import EG, ID, PREFIXES

# Tasks per city: the five seeds, 227 tasks.
TASKS_PER_CITY = PREFIXES + """
SELECT ?city (COUNT(?t) AS ?tasks)
WHERE { ?t a eg:Task ; eg:city/rdfs:label ?city }
GROUP BY ?city
ORDER BY ?city
"""
EXPECTED = [
    ("上海市", 26),
    ("南通市", 97),
    ("常州市", 37),
    ("晋中市", 22),
    ("银川市", 45),
]

METHODS = {
    "GET": (GET, URLENCODED),
    "POST-form": (POST, URLENCODED),
    "POST-direct": (POST, POSTDIRECTLY),
}


def wrapper(server, query: str, method: str = "GET", fmt: str = JSON, conneg: bool = False):
    sw = SPARQLWrapper(server.query_url)
    sw.setQuery(query)
    http_method, request_method = METHODS[method]
    sw.setMethod(http_method)
    sw.setRequestMethod(request_method)
    sw.setReturnFormat(fmt)
    # By default SPARQLWrapper also sends format=, output= and results=
    # parameters; with onlyConneg it relies on the Accept header alone.
    sw.setOnlyConneg(conneg)
    return sw


# ── Parsers of each results format, to (city, tasks) rows ──────────────────


def rows_from_json(converted: dict) -> list[tuple[str, int]]:
    assert converted["head"]["vars"] == ["city", "tasks"]
    rows = []
    for b in converted["results"]["bindings"]:
        assert b["city"]["type"] == "literal" and b["city"]["xml:lang"] == "zh", b
        assert b["tasks"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer", b
        rows.append((b["city"]["value"], int(b["tasks"]["value"])))
    return rows


def rows_from_xml(body: bytes) -> list[tuple[str, int]]:
    result = rdflib.query.Result.parse(io.BytesIO(body), format="xml")
    assert [str(v) for v in result.vars] == ["city", "tasks"]
    rows = []
    for row in result:
        assert row.city.language == "zh", row
        rows.append((str(row.city), int(row.tasks.toPython())))
    return rows


def rows_from_csv(body: bytes) -> list[tuple[str, int]]:
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    header, *rows = list(reader)
    assert header == ["city", "tasks"]
    return [(city, int(tasks)) for city, tasks in rows]


TSV_LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$')


def tsv_term(cell: str) -> str:
    """The lexical value of a term written in SPARQL TSV (Turtle syntax)."""
    m = TSV_LITERAL.match(cell)
    if m:
        return (
            m.group(1)
            .replace("\\t", "\t")
            .replace("\\n", "\n")
            .replace("\\r", "\r")
            .replace('\\"', '"')
            .replace("\\\\", "\\")
        )
    if cell.startswith("<") and cell.endswith(">"):
        return cell[1:-1]
    return cell  # numbers and booleans are written bare


def rows_from_tsv(body: bytes) -> list[tuple[str, int]]:
    lines = body.decode("utf-8").splitlines()
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header, *rows = list(reader)
    assert header == ["?city", "?tasks"]
    for city, _ in rows:
        assert city.endswith('"@zh'), city
    return [(tsv_term(city), int(tsv_term(tasks))) for city, tasks in rows]


@pytest.mark.parametrize("conneg", [False, True], ids=["with-format-params", "accept-only"])
@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select_same_answer_in_every_form_and_format(server, fmt, method, conneg):
    result = wrapper(server, TASKS_PER_CITY, method, fmt, conneg).query()
    content_type = result.info()["content-type"]
    if fmt == JSON:
        assert content_type.startswith("application/sparql-results+json")
        rows = rows_from_json(result.convert())
    elif fmt == XML:
        assert content_type.startswith("application/sparql-results+xml")
        # SPARQLWrapper gives a DOM; rdflib parses the same bytes as a Result.
        dom = result.convert()
        assert dom.getElementsByTagName("variable")[0].getAttribute("name") == "city"
        rows = rows_from_xml(dom.toxml("utf-8"))
    elif fmt == CSV:
        assert content_type.startswith("text/csv")
        rows = rows_from_csv(result.convert())
    else:
        assert content_type.startswith("text/tab-separated-values")
        rows = rows_from_tsv(result.convert())
    assert rows == EXPECTED
    assert sum(n for _, n in rows) == 227


@pytest.mark.parametrize("accept", [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
])
def test_content_type_is_well_formed(server, accept):
    r = server.get("query", {"query": TASKS_PER_CITY}, accept=accept)
    assert r.status == 200, r.text
    media_type, *params = [p.strip() for p in r.content_type.split(";")]
    assert media_type == accept
    names = [p.split("=")[0].lower() for p in params]
    assert len(names) == len(set(names)), f"a parameter is repeated: {r.content_type!r}"
    if accept.startswith("text/"):
        assert names == ["charset"] and params[0].lower() == "charset=utf-8", r.content_type


def test_rdflib_parses_every_results_format_alike(server):
    """rdflib's own results parsers (json, xml, csv, tsv) agree on the raw bodies."""
    answers = {}
    for fmt, accept in [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ]:
        r = server.get("query", {"query": TASKS_PER_CITY}, accept=accept)
        assert r.status == 200, r.text
        result = rdflib.query.Result.parse(io.BytesIO(r.body), format=fmt)
        answers[fmt] = [(str(row[0]), int(str(row[1]))) for row in result]
    for fmt, rows in answers.items():
        assert rows == EXPECTED, fmt


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(server, method, fmt):
    def ask(query: str) -> bool:
        result = wrapper(server, PREFIXES + query, method, fmt).query()
        converted = result.convert()
        if fmt == JSON:
            return converted["boolean"]
        text = converted.getElementsByTagName("boolean")[0].firstChild.data
        return {"true": True, "false": False}[text]

    assert ask('ASK { ?c a eg:City ; rdfs:label "上海市"@zh }') is True
    assert ask('ASK { ?c a eg:City ; rdfs:label "北京市"@zh }') is False


# ── Graphs: CONSTRUCT and DESCRIBE ────────────────────────────────────────

CONSTRUCT = PREFIXES + """
CONSTRUCT { ?t eg:position ?position ; eg:text ?text ; eg:city ?c }
WHERE {
  ?t a eg:Task ; eg:position ?position ; eg:text ?text ; eg:city ?c .
  ?c rdfs:label "常州市"@zh .
}
"""
# 常州市 has 37 tasks, three triples each.
CONSTRUCT_TRIPLES = 37 * 3


def constructed_graph(server, fmt: str, accept: str | None = None) -> tuple[str, rdflib.Graph]:
    sw = wrapper(server, CONSTRUCT, "GET", fmt, conneg=accept is not None)
    if accept:
        sw.addCustomHttpHeader("Accept", accept)
    result = sw.query()
    content_type = result.info()["content-type"]
    converted = result.convert()
    if isinstance(converted, rdflib.Graph):  # RDF/XML, JSON-LD: SPARQLWrapper parses with rdflib
        graph = rdflib.Graph()
        for triple in converted:
            graph.add(triple)
        return content_type, graph
    rdf_format = {"text/turtle": "turtle", "application/n-triples": "nt"}[content_type.split(";")[0]]
    return content_type, rdflib.Graph().parse(data=converted.decode("utf-8"), format=rdf_format)


def test_construct_in_every_rdf_format(server):
    graphs = {}
    for name, fmt, accept, media_type in [
        ("turtle", TURTLE, None, "text/turtle"),
        ("ntriples", TURTLE, "application/n-triples", "application/n-triples"),
        ("jsonld", JSONLD, None, "application/ld+json"),
        ("rdfxml", RDFXML, None, "application/rdf+xml"),
    ]:
        content_type, graph = constructed_graph(server, fmt, accept)
        assert content_type.split(";")[0] == media_type, name
        assert len(graph) == CONSTRUCT_TRIPLES, name
        graphs[name] = graph
    reference = graphs["turtle"]
    for name, graph in graphs.items():
        assert isomorphic(graph, reference), f"{name} differs from turtle"
    # The texts kept their language tag and their Chinese.
    task = rdflib.URIRef(ID + "document/001_7accbb2d390ef01a/task/1")
    text = reference.value(task, rdflib.URIRef(EG + "text"))
    assert text is not None and text.language == "zh" and re.search("[\u4e00-\u9fff]", text)


@pytest.mark.parametrize("conneg", [False, True], ids=["with-format-params", "accept-only"])
def test_construct_as_jsonld_with_sparqlwrapper_defaults(server, conneg):
    """SPARQLWrapper asks for JSON-LD with format=json-ld and
    format=application/ld+json,application/x-json+ld unless onlyConneg."""
    sw = wrapper(server, CONSTRUCT, "GET", JSONLD, conneg)
    graph = sw.queryAndConvert()
    assert len(graph) == CONSTRUCT_TRIPLES


def test_describe_a_city(server):
    city = rdflib.URIRef(ID + "city/上海市")
    sw = wrapper(server, f"DESCRIBE <{city}>", "GET", TURTLE)
    assert sw.queryType == DESCRIBE
    body = sw.queryAndConvert()
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (city, rdflib.RDF.type, rdflib.URIRef(EG + "City")) in graph
    assert (city, rdflib.RDFS.label, rdflib.Literal("上海市", lang="zh")) in graph
    assert set(graph.subjects()) == {city}


def test_describe_by_post_as_ntriples(server):
    city = ID + "city/晋中市"
    r = server.post_form("query", {"query": f"DESCRIBE <{city}>"}, accept="application/n-triples")
    assert r.status == 200, r.text
    assert r.content_type.split(";")[0] == "application/n-triples"
    graph = rdflib.Graph().parse(data=r.text, format="nt")
    assert graph.value(rdflib.URIRef(city), rdflib.RDFS.label) == rdflib.Literal("晋中市", lang="zh")

