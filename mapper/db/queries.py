"""Named Cypher queries, loaded from the package's ``cypher/*.cypher`` files into callables.

Each query sits under a header line ``// name: query_name``; comment lines straight after the
header are its description. A query runs with parameters only: nothing is ever formatted into
its text. A description line ``generation: kept`` marks a write that changes nothing the derived
data reads (the audit trail, accounts): it does not advance the write generation; ``names: kept``
marks one that cannot change how a person already recorded is named or shown (a new 1:1 between
people, a flag on an asset): it advances the generation but not its naming part (see
``mapper.db.store``). Every other write is taken to change both.

>>> q = parse("// name: one\\n// Returns one.\\nRETURN $x AS x\\n")["one"]
>>> q.name, q.doc, q.text, q.keeps_generation
('one', 'Returns one.', 'RETURN $x AS x', False)
>>> parse("// name: note\\n// generation: kept\\nCREATE (:Note)\\n")["note"].keeps_generation
True
>>> parse("// name: tie\\n// Ties two.\\n// names: kept\\nCREATE ()-[:T]->()\\n")["tie"].keeps_names
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable


HEADER = re.compile(r"^//\s*name:\s*([a-z_][a-z0-9_]*)\s*$")
GENERATION_KEPT = "generation: kept"
NAMES_KEPT = "names: kept"


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    doc: str
    source: str
    keeps_generation: bool = False
    keeps_names: bool = False

    def __call__(self, tx, **params: Any) -> list[dict]:
        """Run in a transaction (``tx``) and return the records as dicts."""
        return self.run(tx, params)[0]

    def run(self, tx, params: dict) -> tuple[list[dict], bool]:
        """Run in a transaction: the records as dicts, and whether the graph was changed."""
        result = tx.run(self.text, params)
        rows = [record.data() for record in result]
        return rows, result.consume().counters.contains_updates

    def send(self, tx, params: dict) -> Callable[[], tuple[list[dict], bool]]:
        """Send to a transaction without waiting for the answer; what it returns waits and gives
        what ``run`` gives, each value as it came (no walk through nested lists, as ``values``).
        The driver pipelines queries sent one after another in a transaction, so Python can prepare
        the next batch while Neo4j runs this one (though it waits for Neo4j to have finished the
        query before, to hand back the next). Only for queries answering a row or a few, of plain
        values: a long answer left unread holds up the connection."""
        result = tx.run(self.text, params)

        def answer() -> tuple[list[dict], bool]:
            rows = [dict(record.items()) for record in result]
            return rows, result.consume().counters.contains_updates

        return answer

    def values(self, tx, params: dict) -> list[list]:
        """Run a read in a transaction and return each record's values as they came, in the order
        of its columns: no dict per record and no walk through every value (``record.data()``
        walks nested lists), so a record holding long lists is handed over as it is. For bulk reads.

        >>> class Result(list):
        ...     def values(self): return [list(r) for r in self]
        >>> class FakeTx:
        ...     def run(self, text, params): return Result([(params["x"], [1, 2])])
        >>> parse("// name: two\\nRETURN $x AS x, [1, 2] AS xs\\n")["two"].values(FakeTx(), {"x": 3})
        [[3, [1, 2]]]
        """
        return tx.run(self.text, params).values()


def parse(text: str, source: str = "<string>") -> dict[str, Query]:
    queries: dict[str, Query] = {}
    name: str | None = None
    doc: list[str] = []
    body: list[str] = []
    kept = names_kept = False

    def finish() -> None:
        if name is None:
            return
        cypher = "\n".join(body).strip()
        if not cypher:
            raise ValueError(f"{source}: query '{name}' has no text")
        if name in queries:
            raise ValueError(f"{source}: query '{name}' is defined twice")
        queries[name] = Query(name, cypher, " ".join(doc).strip(), source, kept, kept or names_kept)

    for line in text.splitlines():
        match = HEADER.match(line.strip())
        if match:
            finish()
            name, doc, body, kept, names_kept = match.group(1), [], [], False, False
        elif name is not None and not body and line.strip().startswith("//"):
            words = line.strip().lstrip("/").strip()
            if words == GENERATION_KEPT:
                kept = True
            elif words == NAMES_KEPT:
                names_kept = True
            else:
                doc.append(words)
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
