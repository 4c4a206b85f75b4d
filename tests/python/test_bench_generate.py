"""bench/generate.py writes the same bytes for the same --n and --seed,
whatever Python's hash seed, so that two benchmark runs read one corpus;
and every copy it writes is a distinct city that eldergraph reads as such."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATE = ROOT / "bench" / "generate.py"


def generate(out: Path, hash_seed: str, n: int = 30) -> dict[str, bytes]:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    subprocess.run(
        [sys.executable, str(GENERATE), "--n", str(n), "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_the_same_arguments_give_the_same_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", "1")
    second = generate(tmp_path / "b", "2")
    assert len([n for n in first if n.endswith(".txt")]) == 30
    assert first == second


def test_each_copy_is_a_city_of_its_own(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    generate(out, "0", n=10)
    with open(out / ".manifest.csv", encoding="utf-8") as f:
        manifest = list(csv.DictReader(f))
    assert len(manifest) == 10
    assert len({row["city"] for row in manifest}) == 10
    binary = os.environ.get("ELDERGRAPH_BIN", str(ROOT / "target/release/eldergraph"))
    query = ROOT / "queries" / "documents.rq"
    result = subprocess.run(
        [binary, "query", "--documents", str(out), "--file", str(query), "--format", "csv"],
        check=True,
        capture_output=True,
        text=True,
    )
    rows = list(csv.DictReader(result.stdout.splitlines()))
    read = {row["document"]: row["city"] for row in rows}
    assert read == {row["file"]: row["city"] for row in manifest}
