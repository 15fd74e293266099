"""`mapper export --format network-html --out FILE`: the demo's network as a page to open without the app."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from seeds.south_london import build

ROOT = Path(__file__).resolve().parent.parent.parent


class Page(HTMLParser):
    """The tags of a page, and the text of its heading."""

    def __init__(self):
        super().__init__()
        self.tags, self.heading, self._in_h1 = [], "", False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag):
        self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.heading += data


def test_network_html_names_consenting_people_only(demo_store, neo4j_target, tmp_path):
    out = tmp_path / "network.html"
    env = {**os.environ, "NEO4J_URI": neo4j_target.uri, "NEO4J_USER": neo4j_target.user,
           "NEO4J_PASSWORD": neo4j_target.password}
    result = subprocess.run([sys.executable, "-m", "mapper", "export", "--format", "network-html", "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")

    parsed = Page()
    parsed.feed(page)
    assert ("div", {"id": "network"}) in parsed.tags
    assert parsed.heading.startswith("The Collaborative's network on ")

    found = re.search(r"new vis\.DataSet\((\[.*?\])\);\s*var edges", page, re.S)
    labels = {n["label"] for n in json.loads(found.group(1))}
    people = build()["people"]
    named = {p["name"] for p in people if p["consent"]["named"]}
    unnamed = {p["name"] for p in people if not p["consent"]["named"]}
    assert {"Amina Yusuf", "Daniel Okafor", "Hannah Kim"} <= labels  # organisers consent to be named
    assert len(labels & named) > 50
    assert unnamed and not labels & unnamed
    for name in unnamed:  # nowhere in the file, as text or as JSON
        assert name not in page and json.dumps(name)[1:-1] not in page, name
    assert any(label.startswith(("a resident in ", "a peer supporter in ")) for label in labels)
    amina = next(n for n in json.loads(found.group(1)) if n["label"] == "Amina Yusuf")
    assert "If Amina Yusuf steps back" in amina["title"]
