#!/usr/bin/env python3
"""Times the contract queries on stores that already exist, as bench/run.py
does (the median of three `eldergraph query` processes, each opening the
store), without generating or ingesting anything: for working on a query.

    cargo build --release
    python3 bench/queries.py /tmp/eldergraph-bench/store-1000 /tmp/eldergraph-bench/store-10000
    python3 bench/queries.py --query cross-city-partners --runs 5 STORE

bench/run.py leaves its stores in its --work folder (store-N). Prints a
Markdown table: seconds per query and store, and the three runs.
"""

import argparse
import statistics
import sys
from pathlib import Path

# bench/run.py, beside this file: the same queries, timed the same way.
from run import CONTRACT_QUERIES, ROOT, run


def seconds(binary, store, query):
    """Wall time of one `eldergraph query` process."""
    wall, code, _, err = run([binary, "--store", store, "query", "--file", f"queries/{query}.rq", "--format", "csv"])
    if code != 0:
        raise SystemExit(f"{query} on {store} failed: {err.decode()[-2000:]}")
    return wall


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stores", nargs="+", help="store folders, as made by eldergraph ingest")
    parser.add_argument("--query", action="append", help="a contract query to time (default: all seven)")
    parser.add_argument("--runs", type=int, default=3, help="processes per query and store; the median is shown")
    parser.add_argument("--bin", default=str(ROOT / "target/release/eldergraph"), help="the eldergraph binary")
    args = parser.parse_args()
    for store in args.stores:
        if not Path(store).is_dir():
            raise SystemExit(f"no store at {store}")
    queries = args.query or CONTRACT_QUERIES
    print("| query | store | median s | runs s |")
    print("| --- | --- | ---: | --- |")
    for store in args.stores:
        for query in queries:
            runs = [seconds(args.bin, store, query) for _ in range(max(args.runs, 1))]
            shown = ", ".join(f"{r:.2f}" for r in runs)
            print(f"| {query} | {store} | {statistics.median(runs):.3f} | {shown} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
