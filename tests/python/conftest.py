"""The fixture of the client tests: an `eldergraph serve` over a store built
from the bundled seeds, started once for the whole session and stopped with
SIGTERM at the end (it must exit 0, promptly: graceful shutdown).

The binary is the one in ELDERGRAPH_BIN (`cargo test --release --test
clients` sets it); the tests never build anything themselves.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

EG = "https://w3id.org/eldergraph/ns#"
ID = "https://w3id.org/eldergraph/id/"
PREFIXES = f"""PREFIX eg: <{EG}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

# Seconds the server gets to start, and to stop after SIGTERM.
START_TIMEOUT = 30
STOP_TIMEOUT = 5


def eldergraph_bin() -> Path:
    value = os.environ.get("ELDERGRAPH_BIN")
    if not value:
        pytest.exit(
            "ELDERGRAPH_BIN is not set: run these tests with `cargo test --release --test clients`, "
            "or set it to the eldergraph binary to test",
            returncode=2,
        )
    path = Path(value)
    if not path.is_file():
        pytest.exit(f"ELDERGRAPH_BIN={value} is not a file", returncode=2)
    return path


def ingest(store: Path) -> None:
    """Builds a store from the bundled seeds (`eldergraph ingest`)."""
    out = subprocess.run(
        [eldergraph_bin(), "--store", store, "ingest"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, f"ingest failed:\n{out.stdout}\n{out.stderr}"
    assert "5 document(s) ingested" in out.stdout, out.stdout


@dataclass
class Response:
    status: int
    content_type: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Server:
    """A running `eldergraph serve`, with small helpers for raw HTTP."""

    def __init__(self, store: Path, *options: str):
        self.store = store
        self.proc = subprocess.Popen(
            [eldergraph_bin(), "--store", store, "serve", "--bind", "127.0.0.1:0", *options],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.stderr: list[str] = []
        lines: queue.Queue[str | None] = queue.Queue()

        def pump_stdout() -> None:
            for line in self.proc.stdout:
                lines.put(line)
            lines.put(None)

        def pump_stderr() -> None:
            for line in self.proc.stderr:
                self.stderr.append(line)

        self.pumps = [
            threading.Thread(target=pump_stdout, daemon=True),
            threading.Thread(target=pump_stderr, daemon=True),
        ]
        for pump in self.pumps:
            pump.start()
        try:
            line = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            self.proc.kill()
            raise AssertionError(f"the server printed nothing in {START_TIMEOUT} s") from None
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+/)", line or "")
        if not match:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(
                f"unexpected first line {line!r}; stderr:\n{''.join(self.stderr)}"
            )
        self.url = match.group(1)
        self.query_url = self.url + "query"
        self.update_url = self.url + "update"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> tuple[int | None, float]:
        """SIGTERM; returns the exit code (None if it did not exit) and the seconds taken."""
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            code = None
        for pump in self.pumps:
            pump.join(timeout=2)
        return code, time.monotonic() - started

    def request(
        self,
        method: str,
        path: str,
        params: dict[str, str] | list[tuple[str, str]] | None = None,
        body: bytes | str | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        timeout: float = 30,
    ) -> Response:
        """One HTTP request; error statuses are returned, not raised."""
        url = self.url + path.lstrip("/")
        if params:
            url += "?" + urllib.parse.urlencode(params)
        if isinstance(body, str):
            body = body.encode("utf-8")
        request = urllib.request.Request(url, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        if accept:
            request.add_header("Accept", accept)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as r:
                return Response(r.status, r.headers.get("Content-Type", ""), dict(r.headers), r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, e.headers.get("Content-Type", ""), dict(e.headers), e.read())

    def get(self, path: str, params=None, accept: str | None = None) -> Response:
        return self.request("GET", path, params=params, accept=accept)

    def post_form(self, path: str, params, accept: str | None = None) -> Response:
        return self.request(
            "POST",
            path,
            body=urllib.parse.urlencode(params),
            content_type="application/x-www-form-urlencoded",
            accept=accept,
        )

    def select(self, query: str, **params: str) -> list[dict[str, str]]:
        """The solutions of a SELECT, as {variable: lexical value}."""
        r = self.post_form("query", {"query": query, **params}, accept="application/sparql-results+json")
        assert r.status == 200, f"{r.status}: {r.text}"
        return [
            {k: v["value"] for k, v in row.items()}
            for row in json.loads(r.body)["results"]["bindings"]
        ]

    def quad_count(self) -> int:
        """Every statement of the store, counted graph by graph."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"])


def start_server(tmp_path_factory, *options: str) -> Server:
    store = tmp_path_factory.mktemp("store") / "store"
    ingest(store)
    return Server(store, *options)


def stop_and_check(server: Server) -> None:
    code, seconds = server.stop()
    assert code == 0, (
        f"the server did not exit 0 within {STOP_TIMEOUT} s of SIGTERM (exit {code}); "
        f"stderr:\n{''.join(server.stderr)}"
    )
    assert "shutting down" in "".join(server.stderr)
    print(f"\nserver on {server.url} stopped in {seconds:.2f} s")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The read-only endpoint the tests share: 3 s per query, 5000 results at most."""
    s = start_server(tmp_path_factory, "--timeout", "3", "--max-results", "5000")
    yield s
    stop_and_check(s)


@pytest.fixture(scope="session")
def writable_server(tmp_path_factory):
    """A second endpoint, on a store of its own, that accepts SPARQL Update."""
    s = start_server(tmp_path_factory, "--allow-update", "--timeout", "10")
    yield s
    stop_and_check(s)
