#!/usr/bin/env python3
"""How eldergraph's cost grows with the corpus, side by side with the peers.

    cargo build --release
    python3 bench/run.py                         # N = 100, 1000, 10000
    python3 bench/run.py --sizes 100,1000 --rdflib-max 1000
    python3 bench/run.py --help

For each N it writes N synthetic documents with bench/generate.py, then:

1. ingests them into a fresh store, as `eldergraph ingest --no-compact` then
   `eldergraph compact` (what `ingest` does in one run), so that the load
   compares with `oxigraph load`, which does not compact: wall time,
   documents/s, MB/s of text, triples/s, CPU use (cores busy on average),
   peak memory (the child's own peak RSS, from wait4) and the store's size
   on disk;
2. times every contract query through `eldergraph query --file ... --format
   csv` (the median of three runs, each a new process that opens the store,
   as an analyst's script pays it);
3. asks cross-city-partners.rq of the text alone, in memory, in one process
   (`eldergraph query --documents CORPUS`: extraction, load and query, as
   rdflib is timed on its file), up to --in-memory-max;
4. dumps the store as N-Triples (the same triples, graphs merged) and, on the
   same machine in the same run, has each peer load that file and answer
   cross-city-partners.rq: Oxigraph's own CLI (`oxigraph load` then `oxigraph
   query`), pyoxigraph in memory and on disk, and rdflib. Each peer runs in
   a process of its own with a time limit; its answer is checked against
   eldergraph's (same rows). Each runs the form of the query it runs
   fastest: the Oxigraph family the file of queries/, rdflib the same
   question as one basic graph pattern (bench/queries/). rdflib-contract is
   rdflib given the file of queries/ itself, the very text the others run,
   at small N only (--rdflib-contract-max) and under a time limit of its own.

The peers come from PyPI into bench/.venv (made on first use; pinned below),
unless --python names an interpreter that has them. Standard library only on
this side. Prints Markdown tables and writes every figure to
WORK/results.json. Figures, never pass/fail: the script exits 1 only when a
step fails outright or an answer differs.
"""

import argparse
import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_PACKAGES = ["oxigraph==0.5.13", "pyoxigraph==0.5.13", "rdflib==7.6.0"]
CONTRACT_QUERIES = [
    "documents",
    "tasks",
    "responsibilities",
    "deadlines",
    "targets",
    "funding",
    "cross-city-partners",
]
PEERS = ["oxigraph-cli", "oxigraph-cli-nquads", "pyoxigraph-memory", "pyoxigraph-disk", "rdflib", "rdflib-contract"]
# The form of cross-city-partners.rq each engine runs fastest (the answers
# are checked equal): Oxigraph's joined scans, or one basic graph pattern.
CONTRACT_FORM = "queries/cross-city-partners.rq"
PEER_QUERY = {"rdflib": "bench/queries/cross-city-partners-plain.rq"}

# Run in the peers' interpreter: load an N-Triples file, answer one query,
# print the timings and the answer as JSON.
PEER_SCRIPT = r"""
import json, sys, time
kind, nt, query_file, where = sys.argv[1:5]
query = open(query_file, encoding="utf-8").read()
t0 = time.perf_counter()
if kind.startswith("rdflib"):
    import rdflib
    g = rdflib.Graph()
    g.parse(nt, format="nt")
    t1 = time.perf_counter()
    rows = [[str(v) if v is not None else "" for v in r] for r in g.query(query)]
    size = len(g)
else:
    import pyoxigraph as ox
    store = ox.Store() if kind == "pyoxigraph-memory" else ox.Store(where)
    store.bulk_load(path=nt, format=ox.RdfFormat.N_TRIPLES)
    t1 = time.perf_counter()
    rows = [[v.value if v is not None else "" for v in r] for r in store.query(query)]
    size = len(store)
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "query": t2 - t1, "triples": size, "rows": rows}))
"""


def run(cmd):
    """Runs a command; returns (wall seconds, exit status, stdout, stderr)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start, proc.returncode, proc.stdout, proc.stderr


def run_measured(cmd, timeout=None, stdout_path=None):
    """Runs a command to its end with wait4, so that its own peak RSS and CPU
    time are known. Returns a dict, or None on timeout."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
    deadline = None if timeout is None else start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline and time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return None
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if stdout_path:
        out.close()
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{stderr[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,
        "stderr": stderr,
    }


def peer_python(args):
    if args.python:
        return args.python
    venv = ROOT / "bench" / ".venv"
    python = venv / "bin" / "python"
    stamp = venv / "packages.txt"
    if not python.exists() or not stamp.exists() or stamp.read_text() != "\n".join(PEER_PACKAGES):
        print(f"bench: installing {', '.join(PEER_PACKAGES)} into {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PEER_PACKAGES],
            check=True,
        )
        stamp.write_text("\n".join(PEER_PACKAGES))
    return str(python)


def dir_size(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def csv_rows(data):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    return rows[1:] if rows else []


def normalise(rows):
    """Rows as sorted tuples of strings: answers compared across engines."""
    return sorted(tuple(r) for r in rows)


def eldergraph_query(args, store, name):
    """Median wall time of three CLI runs, and the CSV rows."""
    times, rows = [], None
    for _ in range(3):
        wall, code, out, err = run(
            [args.bin, "--store", store, "query", "--file", f"queries/{name}.rq", "--format", "csv"]
        )
        if code != 0:
            raise SystemExit(f"query {name} failed: {err.decode()[-2000:]}")
        times.append(wall)
        rows = csv_rows(out)
    return statistics.median(times), rows


def bench_size(args, n, python):
    work = Path(args.work)
    corpus = work / f"corpus-{n}"
    if not (corpus / ".manifest.csv").exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench/generate.py"), "--n", str(n), "--out", str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    text_bytes = dir_size(corpus) - (corpus / ".manifest.csv").stat().st_size
    store = work / f"store-{n}"
    shutil.rmtree(store, ignore_errors=True)
    print(f"bench: N = {n}: ingest", file=sys.stderr)
    # `ingest` is `ingest --no-compact` then `compact`: run apart, the load
    # compares with `oxigraph load` (which does not compact) on equal terms.
    loaded = run_measured([args.bin, "--store", str(store), "ingest", "--no-compact", str(corpus)])
    compacted = run_measured([args.bin, "--store", str(store), "compact"])
    ingest = {
        "wall": loaded["wall"] + compacted["wall"],
        "cpu": loaded["cpu"] + compacted["cpu"],
        "peak_rss_mib": max(loaded["peak_rss_mib"], compacted["peak_rss_mib"]),
    }
    quads = int(
        csv_rows(
            run(
                [
                    args.bin,
                    "--store",
                    str(store),
                    "query",
                    "--format",
                    "csv",
                    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                ]
            )[2]
        )[0][0]
    )
    result = {
        "n": n,
        "text_mb": text_bytes / 1e6,
        "ingest_s": ingest["wall"],
        "load_s": loaded["wall"],
        "compact_s": compacted["wall"],
        "docs_per_s": n / ingest["wall"],
        "mb_per_s": text_bytes / 1e6 / ingest["wall"],
        "quads": quads,
        "quads_per_s": quads / ingest["wall"],
        "cores_busy": ingest["cpu"] / ingest["wall"],
        "peak_rss_mib": ingest["peak_rss_mib"],
        "store_mb": dir_size(store) / 1e6,
        "queries": {},
        "peers": {},
    }
    print(f"bench: N = {n}: contract queries", file=sys.stderr)
    answer = None
    for name in CONTRACT_QUERIES:
        seconds, rows = eldergraph_query(args, str(store), name)
        result["queries"][name] = {"seconds": seconds, "rows": len(rows)}
        if name == "cross-city-partners":
            answer = normalise(rows)

    if n <= args.in_memory_max:
        # The same question asked of the text alone, read into memory in the
        # process that answers: what rdflib does with its file.
        print(f"bench: N = {n}: query --documents (in memory)", file=sys.stderr)
        answer_file = work / "in-memory-answer.csv"
        measured = run_measured(
            [args.bin, "query", "--documents", str(corpus), "--file", "queries/cross-city-partners.rq", "--format", "csv"],
            stdout_path=answer_file,
        )
        result["in_memory"] = {
            "load_query_s": measured["wall"],
            "peak_rss_mib": measured["peak_rss_mib"],
            "same_answer": normalise(csv_rows(answer_file.read_bytes())) == answer,
        }

    nt = work / f"dump-{n}.nt"
    run_measured([args.bin, "--store", str(store), "dump", "--format", "ntriples"], stdout_path=nt)
    nq = work / f"dump-{n}.nq"
    run_measured([args.bin, "--store", str(store), "dump", "--format", "nquads"], stdout_path=nq)
    result["ntriples"] = sum(1 for _ in open(nt, "rb"))
    result["eldergraph_load_query_s"] = ingest["wall"] + result["queries"]["cross-city-partners"]["seconds"]
    for peer in args.peers:
        if peer == "rdflib" and n > args.rdflib_max:
            result["peers"][peer] = {"skipped": f"N > --rdflib-max {args.rdflib_max}"}
            continue
        if peer == "rdflib-contract" and n > args.rdflib_contract_max:
            result["peers"][peer] = {"skipped": f"N > --rdflib-contract-max {args.rdflib_contract_max}"}
            continue
        print(f"bench: N = {n}: {peer}", file=sys.stderr)
        result["peers"][peer] = run_peer(args, peer, nt, nq, python, answer)
    if not args.keep:
        nt.unlink()
        nq.unlink()
    return result


def run_peer(args, peer, nt, nq, python, answer):
    query = ROOT / PEER_QUERY.get(peer, CONTRACT_FORM)
    timeout = args.rdflib_contract_timeout if peer == "rdflib-contract" else args.peer_timeout
    where = Path(args.work) / f"peer-{peer}"
    shutil.rmtree(where, ignore_errors=True)
    if peer.startswith("oxigraph-cli"):
        # oxigraph-cli-nquads: the store's own dataset, every document in its
        # named graph, as eldergraph keeps it (Oxigraph indexes a quad of a
        # named graph six ways, a triple of the default graph three).
        data, union = (nq, ["--union-default-graph"]) if peer.endswith("nquads") else (nt, [])
        oxigraph = str(Path(python).parent / "oxigraph")
        load = run_measured([oxigraph, "load", "--location", str(where), "--file", str(data)], timeout=timeout)
        if load is None:
            return {"timeout": timeout}
        results = where.parent / "peer-answer.csv"
        q = run_measured(
            [oxigraph, "query", "--location", str(where), "--query-file", str(query), "--results-file", str(results)]
            + union,
            timeout=timeout,
        )
        if q is None:
            return {"load_s": load["wall"], "timeout": timeout}
        rows = csv_rows(results.read_bytes())
        out = {"load_s": load["wall"], "query_s": q["wall"], "peak_rss_mib": max(load["peak_rss_mib"], q["peak_rss_mib"])}
    else:
        script = Path(args.work) / "peer.py"
        script.write_text(PEER_SCRIPT)
        stdout = Path(args.work) / "peer-answer.json"
        measured = run_measured(
            [python, str(script), peer, str(nt), str(query), str(where)], timeout=timeout, stdout_path=stdout
        )
        if measured is None:
            return {"timeout": timeout}
        data = json.loads(stdout.read_text())
        rows = data["rows"]
        out = {"load_s": data["load"], "query_s": data["query"], "peak_rss_mib": measured["peak_rss_mib"]}
    shutil.rmtree(where, ignore_errors=True)
    out["load_query_s"] = out["load_s"] + out["query_s"]
    out["same_answer"] = normalise(rows) == answer
    return out


def fmt(x, digits=2):
    if isinstance(x, str):
        return x
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def print_tables(results):
    print("\n## eldergraph ingest\n")
    print("| N | text MB | wall s | of which compaction s | docs/s | MB/s | quads | quads/s | cores busy | peak RSS MiB | store MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['n']:,} | {fmt(r['text_mb'])} | {fmt(r['ingest_s'])} | {fmt(r['compact_s'])} | {fmt(r['docs_per_s'], 1)} | "
            f"{fmt(r['mb_per_s'])} | {r['quads']:,} | {fmt(r['quads_per_s'])} | {fmt(r['cores_busy'])} | "
            f"{fmt(r['peak_rss_mib'])} | {fmt(r['store_mb'])} |"
        )
    print("\n## Contract queries (seconds, median of 3 `eldergraph query` runs, process start included; rows)\n")
    print("| query | " + " | ".join(f"N = {r['n']:,}" for r in results) + " |")
    print("| --- | " + " | ".join("---:" for _ in results) + " |")
    for name in CONTRACT_QUERIES:
        cells = [f"{r['queries'][name]['seconds']:.3f} ({r['queries'][name]['rows']:,})" for r in results]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\n## Load the same triples and answer cross-city-partners.rq (seconds)\n")
    print("| N | engine | load | query | load + query | peak RSS MiB | same answer | eldergraph is … × faster |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | --- | ---: |")
    for r in results:
        ours = r["eldergraph_load_query_s"]
        q = r["queries"]["cross-city-partners"]["seconds"]
        print(
            f"| {r['n']:,} | **eldergraph** (ingest from text) | {fmt(r['ingest_s'])} | {q:.3f} | {fmt(ours)} | "
            f"{fmt(r['peak_rss_mib'])} | — | — |"
        )
        mem = r.get("in_memory")
        if mem:
            print(
                f"| {r['n']:,} | **eldergraph** in memory (`query --documents`: text → answer, one process) | — | — | "
                f"{fmt(mem['load_query_s'])} | {fmt(mem['peak_rss_mib'])} | {'yes' if mem['same_answer'] else '**no**'} | — |"
            )
        for peer, p in r["peers"].items():
            if "skipped" in p:
                print(f"| {r['n']:,} | {peer} | skipped: {p['skipped']} | | | | | |")
            elif "query_s" not in p:
                print(f"| {r['n']:,} | {peer} | over the {p['timeout']} s limit | | | | | > {p['timeout'] / ours:.0f} |")
            else:
                print(
                    f"| {r['n']:,} | {peer} | {fmt(p['load_s'])} | {p['query_s']:.3f} | {fmt(p['load_query_s'])} | "
                    f"{fmt(p['peak_rss_mib'])} | {'yes' if p['same_answer'] else '**no**'} | "
                    f"{p['load_query_s'] / ours:.2f} |"
                )
    print("\n## Targets\n")
    for r in results:
        for peer, what in [("oxigraph-cli", "the same triples (N-Triples)"), ("oxigraph-cli-nquads", "the same quads (N-Quads, named graphs)")]:
            ox = r["peers"].get(peer, {})
            if "load_s" in ox:
                print(
                    f"- N = {r['n']:,}: eldergraph ingest (text → store) runs at "
                    f"{100 * ox['load_s'] / r['load_s']:.0f} % of the speed of `oxigraph load` on {what} "
                    f"without compaction, as `oxigraph load` does, and at {100 * ox['load_s'] / r['ingest_s']:.0f} % "
                    f"with it (target ≥ 80 %)"
                )
        slowest = max(r["queries"].items(), key=lambda kv: kv[1]["seconds"])
        print(f"- N = {r['n']:,}: slowest contract query {slowest[0]} {slowest[1]['seconds']:.3f} s")
        ours = r["eldergraph_load_query_s"]
        rd = r["peers"].get("rdflib", {})
        if "load_query_s" in rd:
            print(
                f"- N = {r['n']:,}: load + query {rd['load_query_s'] / ours:.0f}× faster "
                f"than rdflib on the form of the query it runs fastest (target ≥ 20×)"
            )
        mem = r.get("in_memory")
        if mem and "load_query_s" in rd:
            print(
                f"- N = {r['n']:,}: in memory (`query --documents`), text → answer "
                f"{rd['load_query_s'] / mem['load_query_s']:.0f}× faster than rdflib's load + query (target ≥ 20×)"
            )
        same = r["peers"].get("rdflib-contract", {})
        if "load_query_s" in same:
            print(f"- N = {r['n']:,}: {same['load_query_s'] / ours:.0f}× faster than rdflib on the same query file")
        elif "timeout" in same:
            print(
                f"- N = {r['n']:,}: more than {same['timeout'] / ours:.0f}× faster than rdflib on the same query file "
                f"(stopped at its {same['timeout']:.0f} s limit)"
            )
        print(f"- N = {r['n']:,}: peak memory {r['peak_rss_mib']:.0f} MiB (target < 1024), "
              f"{r['cores_busy']:.2f} cores busy on average")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="corpus sizes N, comma-separated")
    parser.add_argument("--bin", default=str(ROOT / "target/release/eldergraph"), help="the eldergraph binary")
    parser.add_argument("--work", default="/tmp/eldergraph-bench", help="folder for corpora, stores and dumps")
    parser.add_argument("--peers", default=",".join(PEERS), help=f"peers to run, of {','.join(PEERS)} (empty: none)")
    parser.add_argument("--rdflib-max", type=int, default=1000, help="largest N rdflib is given (it holds every triple as Python objects)")
    parser.add_argument("--peer-timeout", type=float, default=1800, help="seconds a peer may take for load or query")
    parser.add_argument(
        "--rdflib-contract-max", type=int, default=100, help="largest N rdflib is given queries/cross-city-partners.rq itself"
    )
    parser.add_argument(
        "--rdflib-contract-timeout", type=float, default=300, help="seconds rdflib may take on queries/cross-city-partners.rq"
    )
    parser.add_argument(
        "--in-memory-max",
        type=int,
        default=1000,
        help="largest N asked with `eldergraph query --documents` (the whole graph in memory: some 0.8 GiB at 1000)",
    )
    parser.add_argument("--python", help="an interpreter that has pyoxigraph, rdflib and the oxigraph CLI (default: bench/.venv, made here)")
    parser.add_argument("--keep", action="store_true", help="keep the N-Triples dumps")
    args = parser.parse_args()
    args.peers = [p for p in args.peers.split(",") if p]
    unknown = set(args.peers) - set(PEERS)
    if unknown:
        parser.error(f"unknown peers: {', '.join(sorted(unknown))}")
    if not Path(args.bin).exists():
        parser.error(f"no binary at {args.bin}: run `cargo build --release` first")
    Path(args.work).mkdir(parents=True, exist_ok=True)
    python = peer_python(args) if args.peers else None
    results = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        results.append(bench_size(args, n, python))
        (Path(args.work) / "results.json").write_text(json.dumps(results, indent=2))
    print(f"# eldergraph benchmark ({os.cpu_count()} cores, {args.bin})")
    print_tables(results)
    different = [
        (r["n"], peer) for r in results for peer, p in r["peers"].items() if p.get("same_answer") is False
    ] + [(r["n"], "in memory") for r in results if r.get("in_memory", {}).get("same_answer") is False]
    if different:
        print(f"\nanswers differ: {different}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
