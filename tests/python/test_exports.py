"""`eldergraph export` read by the tools analysts use: the seeds' partner
network in every format, parsed by networkx (GraphML, GEXF, D3 node-link),
checked against JSON Schemas (Cytoscape.js and D3 JSON) and read by
Graphviz (DOT), must have exactly the pairs, weights and counts of
`queries/cross-city-partners.rq` run on the same store.

The GraphML and GEXF XSDs are not available offline (and are not copied
into the project), so the XML files also get a structural check of what the
schemas require of them here: namespaces, declared and typed attributes,
values of the declared type, NMTOKEN ids (GraphML), edges between declared
nodes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import networkx as nx
import pytest

from conftest import ROOT, eldergraph_bin, ingest

DT = "https://w3id.org/eldergraph/code/department-type/"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"
SCHEMAS = Path(__file__).parent / "schemas"
FORMATS = {"graphml": "graphml", "gexf": "gexf", "cytoscape": "cyjs", "d3": "json", "dot": "dot"}


def run(store: Path, *args: str) -> subprocess.CompletedProcess:
    out = subprocess.run(
        [eldergraph_bin(), "--store", store, *args],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr.decode()
    return out


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """The seeds' store, the partner network in every format (zh, and
    GraphML in en), and the answer of cross-city-partners.rq."""
    folder = tmp_path_factory.mktemp("exports")
    store = folder / "store"
    ingest(store)
    files = {}
    for fmt, ext in FORMATS.items():
        path = folder / f"partners.{ext}"
        run(store, "export", "partners", "--format", fmt, "--out", str(path))
        files[fmt] = path
    files["graphml-en"] = folder / "partners-en.graphml"
    run(store, "export", "partners", "--lang", "en", "--out", str(files["graphml-en"]))
    answer = run(store, "query", "--file", "queries/cross-city-partners.rq", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(answer.stdout.decode("utf-8"))))
    return files, rows


def expected_pairs(rows) -> dict[tuple[str, str], tuple[int, int]]:
    """(type_a, type_b) → (cities, tasks) of the SPARQL answer."""
    return {(r["type_a"], r["type_b"]): (int(r["cities"]), int(r["tasks"])) for r in rows}


def expected_types(rows) -> set[str]:
    return {r["type_a"] for r in rows} | {r["type_b"] for r in rows}


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def code(iri: str) -> str:
    assert iri.startswith(DT), iri
    return iri[len(DT):]


def check_graph(g: nx.Graph, rows, node_code, weight_of) -> None:
    """Exact node and edge counts, and every pair's weight, cities and tasks."""
    assert g.number_of_nodes() == len(expected_types(rows))
    assert g.number_of_edges() == len(rows)
    assert {node_code(n, d) for n, d in g.nodes(data=True)} == expected_types(rows)
    got = {}
    for a, b, d in g.edges(data=True):
        key = pair(node_code(a, g.nodes[a]), node_code(b, g.nodes[b]))
        assert weight_of(d) == d["tasks"], (key, d)
        got[key] = (d["cities"], d["tasks"])
    assert got == expected_pairs(rows)


# ── GraphML ─────────────────────────────────────────────────────────────────


def test_graphml_read_by_networkx(exports):
    files, rows = exports
    g = nx.read_graphml(files["graphml"])
    assert not g.is_directed()
    assert g.graph["network"] == "partners"
    check_graph(g, rows, lambda n, d: code(d["iri"]), lambda d: d["weight"])
    civil = g.nodes["dt:civil-affairs"]
    assert civil["label"] == "民政"
    assert civil["label_en"] == "Civil Affairs"
    assert civil["family"] == "civil-affairs"
    assert isinstance(civil["tasks_led"], int) and civil["tasks_led"] > 0
    assert g.nodes["dt:aging-office"]["broader"] == "civil-affairs"
    for _, _, d in g.edges(data=True):
        assert isinstance(d["weight"], float)
        assert len(d["city_list"].split("|")) == d["cities"]


def test_graphml_labels_in_english(exports):
    files, rows = exports
    g = nx.read_graphml(files["graphml-en"])
    assert g.nodes["dt:civil-affairs"]["label"] == "Civil Affairs"
    assert g.graph["lang"] == "en"
    assert g.number_of_edges() == len(rows)


NMTOKEN = re.compile(r"^[A-Za-z0-9._:\-\u4e00-\u9fa5]+$")
GRAPHML_TYPES = {"boolean", "int", "long", "float", "double", "string"}


def parses_as(value: str, attr_type: str) -> bool:
    try:
        if attr_type in ("int", "long"):
            int(value)
        elif attr_type in ("float", "double"):
            float(value)
        elif attr_type == "boolean":
            return value in ("true", "false")
        return True
    except ValueError:
        return False


def test_graphml_structure(exports):
    files, _ = exports
    root = ET.parse(files["graphml"]).getroot()
    assert root.tag == f"{GRAPHML}graphml"
    keys = {}
    for key in root.findall(f"{GRAPHML}key"):
        assert NMTOKEN.match(key.get("id")), key.get("id")
        assert key.get("for") in ("graph", "node", "edge")
        assert key.get("attr.type") in GRAPHML_TYPES
        assert NMTOKEN.match(key.get("attr.name"))
        assert key.get("id") not in keys, "duplicate key"
        keys[key.get("id")] = (key.get("for"), key.get("attr.type"))
    # Keys come before the graph, as the schema's sequence wants.
    children = [c.tag for c in root]
    assert children.index(f"{GRAPHML}graph") > max(
        i for i, t in enumerate(children) if t == f"{GRAPHML}key"
    )
    graph = root.find(f"{GRAPHML}graph")
    assert graph.get("edgedefault") == "undirected"
    assert list(graph)[0].tag == f"{GRAPHML}desc"

    def check_data(element, domain):
        for data in element.findall(f"{GRAPHML}data"):
            on, attr_type = keys[data.get("key")]
            assert on == domain, (data.get("key"), domain)
            assert parses_as(data.text or "", attr_type), (data.get("key"), data.text)

    check_data(graph, "graph")
    ids = set()
    for node in graph.findall(f"{GRAPHML}node"):
        assert NMTOKEN.match(node.get("id")), node.get("id")
        assert node.get("id") not in ids
        ids.add(node.get("id"))
        check_data(node, "node")
    for edge in graph.findall(f"{GRAPHML}edge"):
        assert edge.get("source") in ids and edge.get("target") in ids
        check_data(edge, "edge")


# ── GEXF ────────────────────────────────────────────────────────────────────


def test_gexf_read_by_networkx(exports):
    files, rows = exports
    g = nx.read_gexf(files["gexf"])
    assert not g.is_directed()
    check_graph(g, rows, lambda n, d: code(n), lambda d: d["weight"])
    civil = g.nodes[DT + "civil-affairs"]
    assert civil["label"] == "民政"
    assert civil["code"] == "civil-affairs"
    assert isinstance(civil["tasks_joined"], int)
    assert set(civil["viz"]) >= {"color", "size"}
    # The heaviest node is drawn largest.
    sizes = {n: d["viz"]["size"] for n, d in g.nodes(data=True)}
    strength = dict(g.degree(weight="weight"))
    assert max(sizes, key=sizes.get) == max(strength, key=strength.get)


GEXF_TYPES = {"integer", "long", "double", "float", "boolean", "liststring", "string", "anyURI"}


def test_gexf_structure(exports):
    files, _ = exports
    root = ET.parse(files["gexf"]).getroot()
    assert root.tag == f"{GEXF}gexf"
    assert root.get("version") == "1.2"
    assert root.find(f"{GEXF}meta/{GEXF}creator").text.startswith("eldergraph ")
    graph = root.find(f"{GEXF}graph")
    assert graph.get("defaultedgetype") == "undirected"
    declared = {}
    for attributes in graph.findall(f"{GEXF}attributes"):
        cls = attributes.get("class")
        assert cls in ("node", "edge")
        for a in attributes.findall(f"{GEXF}attribute"):
            assert a.get("type") in GEXF_TYPES
            declared[(cls, a.get("id"))] = a.get("type").replace("integer", "int")

    def check_values(element, cls):
        for v in element.findall(f"{GEXF}attvalues/{GEXF}attvalue"):
            attr_type = declared[(cls, v.get("for"))]
            assert parses_as(v.get("value"), attr_type), (v.get("for"), v.get("value"))

    ids = set()
    for node in graph.findall(f"{GEXF}nodes/{GEXF}node"):
        assert node.get("id") and node.get("id") not in ids
        ids.add(node.get("id"))
        assert node.get("label")
        check_values(node, "node")
        color = node.find(f"{VIZ}color")
        assert all(0 <= int(color.get(c)) <= 255 for c in "rgb")
        assert float(node.find(f"{VIZ}size").get("value")) > 0
    for edge in graph.findall(f"{GEXF}edges/{GEXF}edge"):
        assert edge.get("source") in ids and edge.get("target") in ids
        assert float(edge.get("weight")) > 0
        check_values(edge, "edge")


# ── Cytoscape.js JSON ───────────────────────────────────────────────────────


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def test_cytoscape_json_valid_and_complete(exports):
    files, rows = exports
    document = json.loads(files["cytoscape"].read_text(encoding="utf-8"))
    jsonschema.validate(document, schema("cytoscape.schema.json"))
    nodes = document["elements"]["nodes"]
    edges = document["elements"]["edges"]
    ids = [n["data"]["id"] for n in nodes]
    assert len(ids) == len(set(ids)) == len(expected_types(rows))
    assert {code(i) for i in ids} == expected_types(rows)
    edge_ids = [e["data"]["id"] for e in edges]
    assert len(edge_ids) == len(set(edge_ids)) == len(rows)
    got = {}
    for e in edges:
        d = e["data"]
        assert d["source"] in ids and d["target"] in ids
        assert d["weight"] == d["tasks"]
        assert len(d["city_list"]) == d["cities"]
        got[pair(code(d["source"]), code(d["target"]))] = (d["cities"], d["tasks"])
    assert got == expected_pairs(rows)
    civil = next(n["data"] for n in nodes if n["data"]["id"] == DT + "civil-affairs")
    assert civil["name"] == "民政" and civil["label_en"] == "Civil Affairs"


def test_cytoscape_schema_rejects_broken_documents(exports):
    files, _ = exports
    document = json.loads(files["cytoscape"].read_text(encoding="utf-8"))
    del document["elements"]["edges"][0]["data"]["source"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema("cytoscape.schema.json"))


# ── D3 node-link JSON ───────────────────────────────────────────────────────


def test_d3_json_valid_and_read_by_networkx(exports):
    files, rows = exports
    document = json.loads(files["d3"].read_text(encoding="utf-8"))
    jsonschema.validate(document, schema("d3.schema.json"))
    g = nx.node_link_graph(document, edges="links")
    check_graph(g, rows, lambda n, d: code(n), lambda d: d["weight"])
    assert g.graph["network"] == "partners"
    assert g.nodes[DT + "aging-office"]["group"] == "civil-affairs"


# ── DOT ─────────────────────────────────────────────────────────────────────


def graphviz(*args: str, stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(["dot", *args], input=stdin, capture_output=True, timeout=120)


def test_dot_drawn_and_read_by_graphviz(exports):
    files, rows = exports
    dot = files["dot"].read_bytes()
    drawn = graphviz("-Tsvg", stdin=dot)
    assert drawn.returncode == 0, drawn.stderr.decode()
    assert b"<svg" in drawn.stdout and "民政".encode() in drawn.stdout
    parsed = graphviz("-Tjson0", stdin=dot)
    assert parsed.returncode == 0, parsed.stderr.decode()
    graph = json.loads(parsed.stdout)
    objects = graph["objects"]
    assert {code(o["name"]) for o in objects} == expected_types(rows)
    got = {}
    for e in graph["edges"]:
        a, b = code(objects[e["tail"]]["name"]), code(objects[e["head"]]["name"])
        assert e["weight"] == e["tasks"]
        got[pair(a, b)] = (int(e["cities"]), int(e["tasks"]))
    assert got == expected_pairs(rows)
