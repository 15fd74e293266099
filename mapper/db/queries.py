"""Named Cypher queries, loaded from the package's ``cypher/*.cypher`` files into callables.

Each query sits under a header line ``// name: query_name``; comment lines straight after the
header are its description. A query runs with parameters only: nothing is ever formatted into
its text.

>>> q = parse("// name: one\\n// Returns one.\\nRETURN $x AS x\\n")["one"]
>>> q.name, q.doc, q.text
('one', 'Returns one.', 'RETURN $x AS x')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


HEADER = re.compile(r"^//\s*name:\s*([a-z_][a-z0-9_]*)\s*$")


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    doc: str
    source: str

    def __call__(self, tx, **params: Any) -> list[dict]:
        """Run in a transaction (``tx``) and return the records as dicts."""
        return [record.data() for record in tx.run(self.text, params)]


def parse(text: str, source: str = "<string>") -> dict[str, Query]:
    queries: dict[str, Query] = {}
    name: str | None = None
    doc: list[str] = []
    body: list[str] = []

    def finish() -> None:
        if name is None:
            return
        cypher = "\n".join(body).strip()
        if not cypher:
            raise ValueError(f"{source}: query '{name}' has no text")
        if name in queries:
            raise ValueError(f"{source}: query '{name}' is defined twice")
        queries[name] = Query(name, cypher, " ".join(doc).strip(), source)

    for line in text.splitlines():
        match = HEADER.match(line.strip())
        if match:
            finish()
            name, doc, body = match.group(1), [], []
        elif name is not None and not body and line.strip().startswith("//"):
            doc.append(line.strip().lstrip("/").strip())
        elif name is not None:
            body.append(line)
    finish()
    return queries


CYPHER = resources.files("mapper.db") / "cypher"  # package data: found by any install, editable or not


def files() -> list:
    """The ``.cypher`` files shipped with the package, by name."""
    return sorted((f for f in CYPHER.iterdir() if f.name.endswith(".cypher")), key=lambda f: f.name)


def text_of(filename: str) -> str:
    return (CYPHER / filename).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load() -> dict[str, Query]:
    """Every query in every ``.cypher`` file of the package, by name (names are unique)."""
    found: dict[str, Query] = {}
    for path in files():
        for name, query in parse(path.read_text(encoding="utf-8"), path.name).items():
            if name in found:
                raise ValueError(f"query '{name}' is in both {found[name].source} and {path.name}")
            found[name] = query
    return found


def get(name: str) -> Query:
    try:
        return load()[name]
    except KeyError:
        raise KeyError(f"no Cypher query named '{name}' in {CYPHER}") from None


def in_file(filename: str) -> list[Query]:
    """The queries of one file, in the order they are written (used for the schema)."""
    return [q for q in load().values() if q.source == filename]
