"""The SHACL shapes of ontology/shapes.ttl checked by pyshacl, the reference
implementation, against `eldergraph validate`: the seeds' store, dumped as
N-Quads and its graphs merged, conforms; a store broken by
tests/shacl/broken.ru gives the same results in both (focus node, path,
source shape, constraint component, value).

pyshacl runs each SPARQL constraint once per focus node and parses the query
every time (~30 ms): the two validations take ~20 s each, so they run in
parallel processes.
"""

from __future__ import annotations

import concurrent.futures
import gc
import json
import multiprocessing
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib.namespace import SH

from conftest import ID, ROOT, eldergraph_bin, ingest

SHAPES = ROOT / "ontology" / "shapes.ttl"
BROKEN = ROOT / "tests" / "shacl" / "broken.ru"
DOC = f"{ID}document/000_3484524b0a9dfb8d"

# (focus node, path, source shape, constraint component, value), terms as
# eldergraph's JSON writes them: IRIs bare, literals in N-Triples syntax.
Result = tuple[str, str, str, str, str]


def text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.URIRef):
        return str(term)
    return term.n3()


def run_pyshacl(nquads: str) -> tuple[bool, list[Result]]:
    """pyshacl on the union of the dump's graphs (in a worker process)."""
    dataset = rdflib.Dataset()
    dataset.parse(nquads, format="nquads")
    data = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        data.add((s, p, o))
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes)
    results = []
    for r in report.objects(None, SH.result):
        results.append(
            tuple(
                text(report.value(r, p))
                for p in (SH.focusNode, SH.resultPath, SH.sourceShape, SH.sourceConstraintComponent, SH.value)
            )
        )
    return conforms, sorted(results)


def eldergraph(store: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [eldergraph_bin(), "--store", store, *args],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )


def dump(store: Path, into: Path) -> str:
    out = eldergraph(store, "dump", "--format", "nquads")
    assert out.returncode == 0, out.stderr.decode()
    into.write_bytes(out.stdout)
    return str(into)


def validate_json(store: Path) -> tuple[int, dict]:
    out = eldergraph(store, "validate", "--format", "json")
    assert out.returncode in (0, 1), out.stderr.decode()
    return out.returncode, json.loads(out.stdout)


def eldergraph_results(report: dict) -> list[Result]:
    return sorted(
        (
            r["focusNode"],
            r["resultPath"] or "",
            r["sourceShape"],
            r["sourceConstraintComponent"],
            r["value"] or "",
        )
        for r in report["results"]
    )


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The seeds' store and a broken copy, each validated by pyshacl (in
    parallel) and by eldergraph."""
    tmp = tmp_path_factory.mktemp("shacl")
    seeds, broken = tmp / "seeds", tmp / "broken"
    ingest(seeds)
    ingest(broken)
    # broken.ru applied with pyoxigraph, which opens the same on-disk store.
    store = ox.Store(str(broken))
    store.update(BROKEN.read_text(encoding="utf-8"))
    store.flush()
    del store
    gc.collect()
    dumps = [dump(seeds, tmp / "seeds.nq"), dump(broken, tmp / "broken.nq")]
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        reference = list(pool.map(run_pyshacl, dumps))
    return {
        "seeds": (reference[0], validate_json(seeds)),
        "broken": (reference[1], validate_json(broken)),
    }


def test_pyshacl_finds_the_seeds_conform(stores):
    (conforms, results), (status, report) = stores["seeds"]
    assert results == []
    assert conforms
    assert status == 0
    assert report["conforms"] is True
    assert report["results"] == []


def test_pyshacl_and_eldergraph_agree_on_the_broken_store(stores):
    (conforms, reference), (status, report) = stores["broken"]
    assert not conforms
    assert status == 1
    assert report["conforms"] is False
    assert eldergraph_results(report) == reference
    # Exactly the four violations broken.ru makes.
    assert [(focus, path) for focus, path, *_ in reference] == sorted(
        [
            (f"{DOC}/task/999", "https://w3id.org/eldergraph/ns#lead"),
            (f"{ID}department/南通市/市测试局", "http://www.w3.org/ns/org#classification"),
            (f"{DOC}/target/1", "https://w3id.org/eldergraph/ns#value"),
            (f"{DOC}/target/10", "https://w3id.org/eldergraph/ns#comparator"),
        ]
    )
