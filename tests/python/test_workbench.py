"""The workbench page in a real headless Chromium (Debian's `chromium`).

The contract: after its first automatic run (cross-city-partners) the page
sets document.body.dataset.state to "ready", shows the rows in
<table id="results"> and draws the network as an <svg> inside
<div id="network">."""

from __future__ import annotations

import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
WIDTH, HEIGHT = 1400, 1000


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run ./scripts/bootstrap first"
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--virtual-time-budget=15000",
            f"--window-size={WIDTH},{HEIGHT}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, **attrs: str) -> Element | None:
        return next(
            (e for e in self.walk() if all(e.attrs.get(k) == v for k, v in attrs.items())), None
        )

    def count(self, tag: str) -> int:
        return sum(1 for e in self.walk() if e.tag == tag and e is not self)


class Tree(HTMLParser):
    """The element tree of Chromium's serialised DOM (every non-void element closed)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent


@pytest.fixture(scope="module")
def page(server, tmp_path_factory) -> subprocess.CompletedProcess:
    """The page's DOM after its scripts ran (stdout), and the browser's log
    with the page's console messages (stderr)."""
    out = chromium(
        tmp_path_factory.mktemp("chromium"),
        "--enable-logging=stderr",
        "--v=0",
        "--dump-dom",
        server.url,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "<html" in out.stdout, out.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def dom(page) -> tuple[str, Tree]:
    return page.stdout, Tree(page.stdout)


def test_page_runs_without_errors(page):
    console = [line for line in page.stderr.splitlines() if ":CONSOLE" in line]
    errors = [
        line for line in console if "Uncaught" in line or "Failed to load resource" in line
    ]
    assert not errors, "\n".join(errors)


def test_page_is_ready_after_its_first_run(dom):
    html, tree = dom
    assert 'data-state="ready"' in html, html[:2000]
    body = next(e for e in tree.root.walk() if e.tag == "body")
    assert body.attrs.get("data-state") == "ready"


def test_results_table_has_rows(dom):
    html, tree = dom
    assert '<table id="results"' in html, html[:2000]
    table = tree.root.find(id="results")
    assert table is not None and table.tag == "table"
    assert table.count("tr") >= 10, f"{table.count('tr')} rows"


def test_network_is_drawn_as_svg(dom):
    html, tree = dom
    network = tree.root.find(id="network")
    assert network is not None, html[:2000]
    assert network.count("svg") >= 1, "no <svg> inside id=network"


def test_screenshot(server, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png = ARTIFACTS / "workbench.png"
    png.unlink(missing_ok=True)
    out = chromium(tmp_path, f"--screenshot={png}", server.url)
    assert out.returncode == 0, out.stderr[-3000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(data) > 20_000, f"a {len(data)}-byte screenshot is likely blank"
