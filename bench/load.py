#!/usr/bin/env python3
"""A bounded load test of `eldergraph serve`, over loopback.

Builds a store from the bundled seeds with the binary, starts
`serve --bind 127.0.0.1:0 --timeout 2`, warms it up (every light request
form once, then a mixed run like the measured one, default 1000 requests),
then sends a fixed number of requests (default 2000) from several concurrent
clients (default 8), each client on its own keep-alive connection:

  canned     /queries/NAME with parameters                        expect 200
  get        ad-hoc SELECT / ASK / CONSTRUCT by GET, several formats  200
  post       the same by POST (form or application/sparql-query)  200
  malformed  syntax errors, bad parameters, a body not UTF-8      400
  update     SPARQL Update on the read-only endpoint              403
  heavy      a cartesian product past the time limit              503

Heavy requests are few (2 % by default) and spread over the run, never more
than concurrency/2 at a time: a cancelled evaluation stops only at its next
read of the store, so it may keep a core busy after its 503.

While it runs, the server's memory is sampled from /proc/PID/status (VmRSS,
VmHWM) and its CPU time from /proc/PID/stat. Prints requests, concurrency,
duration, requests/s, errors, p50/p95/p99 latency per kind, RSS at start,
after warm-up, at each quarter of the run and at the end, peak RSS, and the
server's CPU use once the last answer is in. Memory is called flat when the
end RSS is within --flat-within % of the RSS after warm-up (printed, not a
failure). Exits 1 if any request (warm-up included) got an unexpected status
or a connection error, the run outlived --max-seconds, or the server died.

Standard library only. Example (from the repository root):
    cargo build --release && python3 bench/load.py
    python3 bench/load.py --bin /work/target-robust/release/eldergraph --requests 5000 --concurrency 16
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

EG = "https://w3id.org/eldergraph/ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PREFIXES = f"PREFIX eg: <{EG}>\nPREFIX rdfs: <{RDFS}>\n"

# Ad-hoc queries, each with the Accept header it is asked with.
SELECTS = [
    (PREFIXES + "SELECT ?city WHERE { ?c a eg:City ; rdfs:label ?city } ORDER BY ?city", "text/csv"),
    (
        PREFIXES + "SELECT ?city (COUNT(?t) AS ?tasks) WHERE { ?t a eg:Task ; eg:city ?c . "
        "?c rdfs:label ?city } GROUP BY ?city ORDER BY DESC(?tasks)",
        "application/sparql-results+json",
    ),
    (
        PREFIXES + "SELECT ?t ?text WHERE { ?t a eg:Task ; eg:text ?text "
        'FILTER(CONTAINS(?text, "护理")) } LIMIT 50',
        "application/sparql-results+xml",
    ),
    (
        PREFIXES + "SELECT ?d ?name WHERE { ?d a eg:Department ; rdfs:label ?name } LIMIT 200",
        "text/tab-separated-values",
    ),
    (PREFIXES + "ASK { ?t a eg:Task ; eg:ongoing true }", "application/sparql-results+json"),
    (
        PREFIXES + "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a eg:City ; rdfs:label ?l }",
        "text/turtle",
    ),
]

# Past a 2 s limit, and (unlike a product of three or more patterns) quick to
# stop once cancelled: the inner pattern reads the store all the time.
HEAVY = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c } . ?d ?e ?f }",
]
# With --three-way: answered 503 at the limit too, but its evaluation runs on
# well after (it reads the store seldom), keeping a core busy.
THREE_WAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

MALFORMED = [
    ("GET", "/query", {"query": "SELECT ?x WHERE { ?x ?y }"}, None, None),
    ("GET", "/query", {"query": "SELECT WHERE {"}, None, None),
    ("POST", "/query", None, "query=" + urllib.parse.quote("PREFIX : <x> SELEC * {}"),
     "application/x-www-form-urlencoded"),
    ("POST", "/query", None, b"SELECT * WHERE { \xff\xfe }", "application/sparql-query"),
    ("POST", "/query", None, "", "application/x-www-form-urlencoded"),
    ("GET", "/queries/due-in-half-year", {"from": "2015-13-01"}, None, None),
    ("GET", "/queries/targets-by-indicator", {"colour": "red"}, None, None),
]

UPDATES = [
    ("POST", "/update", None, "DROP ALL", "application/sparql-update"),
    ("POST", "/update", None, "update=" + urllib.parse.quote("CLEAR DEFAULT"),
     "application/x-www-form-urlencoded"),
    ("POST", "/query", None, "update=" + urllib.parse.quote("DROP ALL"),
     "application/x-www-form-urlencoded"),
    ("GET", "/update", None, None, None),
]

EXPECTED = {"canned": 200, "get": 200, "post": 200, "malformed": 400, "update": 403, "heavy": 503}
KINDS = list(EXPECTED)


@dataclass
class Request:
    kind: str
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def expected(self) -> int:
        return EXPECTED[self.kind]


@dataclass
class Result:
    kind: str
    status: int | None  # None: a connection error
    seconds: float
    detail: str = ""
    path: str = ""


def url(path: str, params: dict[str, str] | None) -> str:
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


def make_request(kind: str, rng: random.Random, canned: list[dict]) -> Request:
    def raw(method, path, params, body, content_type):
        headers = {"Content-Type": content_type} if content_type else {}
        if isinstance(body, str):
            body = body.encode("utf-8")
        return Request(kind, method, url(path, params), body, headers)

    if kind == "canned":
        q = rng.choice(canned)
        params = {p["name"]: p["default"] for p in q["parameters"] if p.get("default")}
        if q["name"] == "targets-by-indicator":
            params["indicator"] = rng.choice(
                ["nursing-bed-share", "beds-per-1000-elderly", "no-such-indicator"]
            )
        params["format"] = rng.choice(["csv", "json", "tsv", "xml"])
        return Request(kind, "GET", url("/queries/" + q["name"], params))
    if kind == "get":
        query, accept = rng.choice(SELECTS)
        return Request(kind, "GET", url("/query", {"query": query}), None, {"Accept": accept})
    if kind == "post":
        query, accept = rng.choice(SELECTS)
        if rng.random() < 0.5:
            body = urllib.parse.urlencode({"query": query}).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            body, content_type = query.encode("utf-8"), "application/sparql-query"
        return Request(kind, "POST", "/query", body, {"Accept": accept, "Content-Type": content_type})
    if kind == "heavy":
        return raw("GET", "/query", {"query": rng.choice(HEAVY)}, None, None)
    if kind == "malformed":
        return raw(*rng.choice(MALFORMED))
    if kind == "update":
        return raw(*rng.choice(UPDATES))
    raise ValueError(kind)


def plan(n: int, heavy_share: float, rng: random.Random, canned: list[dict]) -> list[Request]:
    """n requests in a shuffled order, the heavy ones spread evenly over the run."""
    heavy = round(n * heavy_share)
    light = n - heavy
    weights = {"canned": 0.40, "get": 0.20, "post": 0.20, "malformed": 0.10, "update": 0.10}
    kinds = [k for k, w in weights.items() for _ in range(round(light * w))]
    kinds = (kinds + ["canned"] * light)[:light]
    rng.shuffle(kinds)
    requests = [make_request(k, rng, canned) for k in kinds]
    for i in range(heavy):
        # The first heavy request comes after a short light start.
        at = (i * n) // heavy + n // (2 * heavy) if heavy else 0
        requests.insert(min(at, len(requests)), make_request("heavy", rng, canned))
    return requests


# ── The server ────────────────────────────────────────────────────────────


class Server:
    def __init__(self, binary: Path, store: Path, timeout: float):
        self.proc = subprocess.Popen(
            [str(binary), "--store", str(store), "serve", "--bind", "127.0.0.1:0",
             "--timeout", str(timeout)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stderr: list[str] = []
        lines: queue.Queue[str | None] = queue.Queue()

        def pump_stdout():
            for line in self.proc.stdout:
                lines.put(line)
            lines.put(None)

        def pump_stderr():
            for line in self.proc.stderr:
                self.stderr.append(line)

        self.pumps = [threading.Thread(target=f, daemon=True) for f in (pump_stdout, pump_stderr)]
        for p in self.pumps:
            p.start()
        try:
            line = lines.get(timeout=30)
        except queue.Empty:
            line = None
        match = re.search(r"listening on http://(127\.0\.0\.1):(\d+)/", line or "")
        if not match:
            self.proc.kill()
            self.proc.wait()
            raise SystemExit(f"the server did not start: {line!r}\n{''.join(self.stderr)}")
        self.host, self.port = match.group(1), int(match.group(2))

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> tuple[int | None, float]:
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            code = None
        return code, time.monotonic() - started


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in KiB, and its number of threads."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                out[key] = int(value.split()[0])
    return out


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Sampler(threading.Thread):
    """Samples the server's RSS every `every` seconds until stopped."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, int]] = []
        self.hwm = 0
        self.threads = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            try:
                s = proc_status(self.pid)
            except (FileNotFoundError, ProcessLookupError):
                return
            self.samples.append((time.monotonic(), s.get("VmRSS", 0)))
            self.hwm = max(self.hwm, s.get("VmHWM", 0))
            self.threads = max(self.threads, s.get("Threads", 0))
            self.done.wait(self.every)


# ── The clients ───────────────────────────────────────────────────────────


class Client:
    """One keep-alive connection; reconnects after an error."""

    def __init__(self, host: str, port: int, timeout: float):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn: http.client.HTTPConnection | None = None

    def send(self, r: Request) -> Result:
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.request(r.method, r.path, body=r.body, headers=r.headers)
            response = self.conn.getresponse()
            body = response.read()
            status = response.status
            if response.will_close:
                self.conn.close()
                self.conn = None
            detail = "" if status == r.expected else body[:200].decode("utf-8", "replace")
            return Result(r.kind, status, time.perf_counter() - started, detail, r.path)
        except (OSError, http.client.HTTPException) as e:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return Result(r.kind, None, time.perf_counter() - started, f"{type(e).__name__}: {e}",
                          r.path)

    def close(self):
        if self.conn is not None:
            self.conn.close()


def run(server: Server, requests: list[Request], concurrency: int, max_heavy: int,
        client_timeout: float, deadline: float, progress) -> list[Result]:
    """Sends every request from `concurrency` clients; stops taking new ones at `deadline`."""
    work: queue.Queue[Request] = queue.Queue()
    for r in requests:
        work.put(r)
    heavy_slots = threading.BoundedSemaphore(max(1, max_heavy))
    results: list[Result] = []
    lock = threading.Lock()

    def worker():
        client = Client(server.host, server.port, client_timeout)
        try:
            while time.monotonic() < deadline:
                try:
                    r = work.get_nowait()
                except queue.Empty:
                    return
                if r.kind == "heavy":
                    # Wait for a slot, but not past the deadline.
                    while not heavy_slots.acquire(timeout=0.5):
                        if time.monotonic() >= deadline:
                            return
                    try:
                        result = client.send(r)
                    finally:
                        heavy_slots.release()
                else:
                    result = client.send(r)
                with lock:
                    results.append(result)
                    progress(len(results))
        finally:
            client.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()) + client_timeout + 5)
    with lock:
        return list(results)


# ── Figures ───────────────────────────────────────────────────────────────


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def cpu_after(pid: int, limit: float) -> tuple[float, float, bool]:
    """Watches the server's CPU once the run is over: (CPU seconds used,
    seconds watched, whether it settled: under 0.1 core for a whole second)."""
    started = time.monotonic()
    first = previous = cpu_seconds(pid)
    while time.monotonic() - started < limit:
        time.sleep(1)
        now = cpu_seconds(pid)
        if now - previous < 0.1:
            return now - first, time.monotonic() - started, True
        previous = now
    return cpu_seconds(pid) - first, time.monotonic() - started, False


def main() -> int:
    default_bin = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "eldergraph"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", type=Path, default=default_bin,
                    help=f"the eldergraph binary (default: {default_bin})")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--timeout", type=float, default=2.0, help="the server's --timeout, seconds")
    ap.add_argument("--heavy-share", type=float, default=0.02,
                    help="share of heavy requests (default 0.02)")
    ap.add_argument("--max-heavy", type=int, default=None,
                    help="most heavy requests at a time (default: concurrency/2)")
    ap.add_argument("--warmup", type=int, default=1000,
                    help="requests of the mixed warm-up run, heavy ones included (default 1000)")
    ap.add_argument("--client-timeout", type=float, default=30.0, help="per request, seconds")
    ap.add_argument("--max-seconds", type=float, default=600.0,
                    help="the run stops taking requests after this (a failure)")
    ap.add_argument("--flat-within", type=float, default=20.0,
                    help="memory is called flat when the end RSS is within this %% of the warm RSS")
    ap.add_argument("--three-way", action="store_true",
                    help="add a three-pattern product to the heavy queries, to watch a cancelled "
                    "evaluation keep the CPU busy after its 503")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.three_way:
        HEAVY.append(THREE_WAY)
    if args.requests < 1 or args.concurrency < 1:
        ap.error("--requests and --concurrency must be positive")
    max_heavy = args.max_heavy if args.max_heavy is not None else max(1, args.concurrency // 2)
    binary = args.bin if args.bin.is_absolute() else (Path.cwd() / args.bin)
    if not binary.is_file():
        binary = ROOT / args.bin
    if not binary.is_file():
        ap.error(f"no binary at {args.bin}: build it with cargo build --release, or give --bin")

    work_dir = Path(tempfile.mkdtemp(prefix="eldergraph-load-"))
    try:
        store = work_dir / "store"
        started = time.monotonic()
        out = subprocess.run([str(binary), "--store", str(store), "ingest"], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
        if out.returncode != 0:
            print(out.stdout, out.stderr, file=sys.stderr)
            return 1
        print(f"store built from seeds/ in {time.monotonic() - started:.1f} s")
        server = Server(binary, store, args.timeout)
        try:
            return load(server, args, max_heavy)
        finally:
            if server.proc.poll() is None:
                code, seconds = server.stop()
                print(f"server stopped by SIGTERM in {seconds:.2f} s, exit {code}")
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def load(server: Server, args, max_heavy: int) -> int:
    print(f"server pid {server.pid} on http://{server.host}:{server.port}/ "
          f"(--timeout {args.timeout:g}); binary {args.bin}")
    rss_start = proc_status(server.pid)["VmRSS"]
    conn = http.client.HTTPConnection(server.host, server.port, timeout=args.client_timeout)
    conn.request("GET", "/queries")
    canned = json.loads(conn.getresponse().read())
    conn.close()
    rng = random.Random(args.seed)

    # Warm-up, 1: every light request form once, each answer as expected.
    forms = [make_request(k, random.Random(i), canned)
             for i in range(40) for k in ("canned", "get", "post", "malformed", "update")]
    forms += [Request("canned", "GET", url("/queries/" + q["name"], {
        p["name"]: p["default"] for p in q["parameters"] if p.get("default")})) for q in canned]
    client = Client(server.host, server.port, args.client_timeout)
    bad_warm = []
    for r in forms:
        res = client.send(r)
        if res.status != r.expected:
            bad_warm.append(res)
    client.close()
    rss_forms = proc_status(server.pid)["VmRSS"]
    # Warm-up, 2: a mixed run like the measured one, so that the thread
    # pools and the allocator's arenas are as large as the load makes them.
    started = time.monotonic()
    warm = run(server, plan(args.warmup, args.heavy_share, random.Random(-args.seed), canned),
               args.concurrency, max_heavy, args.client_timeout, started + args.max_seconds,
               lambda done: None)
    cpu_after(server.pid, limit=30)
    bad_warm += [r for r in warm if r.status != EXPECTED[r.kind]]
    if len(warm) < max(0, args.warmup):
        bad_warm.append(Result("warm-up", None, 0.0, f"{args.warmup - len(warm)} not sent"))
    for res in bad_warm[:5]:
        print(f"warm-up: {res.kind} → {res.status}, expected {EXPECTED.get(res.kind)}: {res.detail}",
              file=sys.stderr)
    warm_status = proc_status(server.pid)
    rss_warm = warm_status["VmRSS"]
    print(f"warm-up: {len(forms)} request forms, then {len(warm)} mixed requests in "
          f"{time.monotonic() - started:.1f} s")

    requests = plan(args.requests, args.heavy_share, rng, canned)
    quarters = {len(requests) * q // 4: q for q in (1, 2, 3, 4)}
    rss_at: dict[int, int] = {}

    def progress(done: int):
        if done in quarters:
            rss_at[quarters[done]] = proc_status(server.pid)["VmRSS"]

    sampler = Sampler(server.pid)
    sampler.start()
    cpu_before = cpu_seconds(server.pid)
    started = time.monotonic()
    results = run(server, requests, args.concurrency, max_heavy, args.client_timeout,
                  started + args.max_seconds, progress)
    duration = time.monotonic() - started
    cpu_during = cpu_seconds(server.pid) - cpu_before
    cpu_tail, watched, settled = cpu_after(server.pid, limit=60)
    sampler.done.set()
    sampler.join(timeout=2)
    end_status = proc_status(server.pid)
    rss_end = end_status["VmRSS"]
    hwm = max(sampler.hwm, proc_status(server.pid)["VmHWM"])
    alive = server.proc.poll() is None

    # ── The report ──
    unsent = len(requests) - len(results)
    errors = [r for r in results if r.status != EXPECTED[r.kind]]
    print()
    print(f"{'requests':<28}{len(requests)} ({len(results)} answered, {unsent} not sent)")
    mix = ", ".join(f"{k} {sum(r.kind == k for r in requests)}" for k in KINDS)
    print(f"{'mix':<28}{mix}")
    print(f"{'concurrency':<28}{args.concurrency} clients (keep-alive), heavy at most {max_heavy} at a time")
    print(f"{'duration':<28}{duration:.2f} s")
    print(f"{'requests/s':<28}{len(results) / duration:.1f}")
    print(f"{'errors':<28}{len(errors)} unexpected statuses or connection errors"
          f" (+ {len(bad_warm)} in warm-up)")
    print()
    print(f"{'kind':<10}{'expect':>7}{'n':>7}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}"
          f"{'p99 ms':>10}{'max ms':>10}")
    for kind in KINDS + ["all"]:
        rs = [r for r in results if kind in ("all", r.kind)]
        if not rs:
            continue
        ms = [r.seconds * 1000 for r in rs]
        expect = str(EXPECTED.get(kind, "")) if kind != "all" else ""
        err = sum(r.status != EXPECTED[r.kind] for r in rs)
        print(f"{kind:<10}{expect:>7}{len(rs):>7}{err:>8}{percentile(ms, 50):>10.1f}"
              f"{percentile(ms, 95):>10.1f}{percentile(ms, 99):>10.1f}{max(ms):>10.1f}")
    light = [r.seconds * 1000 for r in results if r.kind != "heavy"]
    if light:
        print(f"{'light':<10}{'':>7}{len(light):>7}{'':>8}{percentile(light, 50):>10.1f}"
              f"{percentile(light, 95):>10.1f}{percentile(light, 99):>10.1f}{max(light):>10.1f}"
              "   (all but heavy)")
    print()
    print("canned queries, by name (ms):")
    names = sorted({r.path.split("?")[0].rsplit("/", 1)[-1] for r in results if r.kind == "canned"})
    for name in names:
        ms = [r.seconds * 1000 for r in results
              if r.kind == "canned" and r.path.split("?")[0].endswith("/" + name)]
        print(f"  {name:<28}{len(ms):>5}  p50 {percentile(ms, 50):7.1f}  p95 {percentile(ms, 95):7.1f}"
              f"  max {max(ms):7.1f}")
    print()
    print(f"{'RSS at start':<28}{mib(rss_start)}")
    print(f"{'RSS after request forms':<28}{mib(rss_forms)}")
    print(f"{'RSS after warm-up':<28}{mib(rss_warm)} (after {args.warmup} mixed requests)")
    for q in (1, 2, 3, 4):
        if q in rss_at:
            print(f"{'RSS at ' + str(q * 25) + ' % of the run':<28}{mib(rss_at[q])}")
    print(f"{'RSS at end':<28}{mib(rss_end)} (after the CPU settled)")
    print(f"{'peak RSS (VmHWM)':<28}{mib(hwm)}")
    print(f"{'server threads':<28}{warm_status['Threads']} after warm-up, at most {sampler.threads} "
          f"during the run, {end_status['Threads']} at end")
    growth = (rss_end - rss_warm) / rss_warm * 100 if rss_warm else float("nan")
    verdict = "flat" if abs(growth) <= args.flat_within else "NOT flat"
    print(f"{'memory':<28}{verdict}: end {growth:+.1f} % against warm-up (flat = within ±{args.flat_within:g} %)")
    if 2 in rss_at:
        half = (rss_end - rss_at[2]) / rss_at[2] * 100
        print(f"{'':<28}second half of the run {half:+.1f} % (a leak grows as much as in the first)")
    print()
    cores = os.cpu_count() or 1
    print(f"{'server CPU during run':<30}{cpu_during:.1f} s ({cpu_during / duration:.2f} of {cores} cores)")
    print(f"{'server CPU after last answer':<30}{cpu_tail:.1f} s over {watched:.0f} s; "
          + ("settled (< 0.1 core for 1 s)" if settled else "STILL BUSY after 60 s"))
    print(f"{'server alive':<28}{'yes' if alive else 'NO'}")

    if errors:
        print("\nunexpected answers (first 10):", file=sys.stderr)
        for r in errors[:10]:
            print(f"  {r.kind}: {r.status} (expected {EXPECTED[r.kind]}) after {r.seconds:.2f} s: {r.detail}",
                  file=sys.stderr)
    return 0 if not errors and not bad_warm and unsent == 0 and alive else 1


if __name__ == "__main__":
    sys.exit(main())
