"""Every Cypher query lives in cypher/, under a name, and runs with parameters."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from mapper.db import queries

ROOT = Path(__file__).resolve().parent.parent.parent


def test_headers_split_files_into_named_queries():
    parsed = queries.parse("// name: first\n// Says hello.\nRETURN 1\n\n// name: second\nRETURN $x AS x\n")
    assert list(parsed) == ["first", "second"]
    assert parsed["first"].doc == "Says hello."
    assert parsed["second"].text == "RETURN $x AS x"


def test_a_name_used_twice_is_refused():
    with pytest.raises(ValueError, match="defined twice"):
        queries.parse("// name: a\nRETURN 1\n// name: a\nRETURN 2\n")


def test_a_header_without_text_is_refused():
    with pytest.raises(ValueError, match="has no text"):
        queries.parse("// name: a\n// name: b\nRETURN 2\n")


def test_every_query_file_loads_with_unique_names():
    loaded = queries.load()
    assert {"neo4j_version", "graph_counts", "upsert_people", "list_assets", "account_by_email"} <= set(loaded)
    files = {q.source for q in loaded.values()}
    assert files == {p.name for p in (ROOT / "mapper" / "db" / "cypher").glob("*.cypher")}


def test_unknown_query_name_says_so():
    with pytest.raises(KeyError, match="no Cypher query named 'nope'"):
        queries.get("nope")


CYPHER_WORDS = re.compile(r"""["'][^"'\n]*\b(MATCH|MERGE|CREATE|DETACH DELETE|UNWIND)\s*\(""")


def test_no_cypher_text_in_python():
    offenders = []
    for folder in ("mapper", "web", "seeds"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if CYPHER_WORDS.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_a_named_query_runs_with_parameters(empty_store):
    empty_store.write("upsert_themes", rows=[{"id": "theme-housing", "name": "Housing"},
                                             {"id": "theme-work", "name": "Work and wages"}])
    rows = empty_store.read("list_themes")
    assert rows == [{"id": "theme-housing", "name": "Housing"}, {"id": "theme-work", "name": "Work and wages"}]
    # A parameter is a value, never Cypher: a hostile name is stored as the text it is.
    hostile = "x'}) DETACH DELETE n //"
    empty_store.write("upsert_themes", rows=[{"id": "theme-evil", "name": hostile}])
    assert {"id": "theme-evil", "name": hostile} in empty_store.read("list_themes")
    assert len(empty_store.read("list_themes")) == 3


def test_a_transaction_lands_whole_or_not_at_all(empty_store):
    def work(tx):
        tx.run("upsert_themes", rows=[{"id": "theme-a", "name": "A"}])
        tx.run("no_such_query")

    with pytest.raises(KeyError):
        empty_store.transaction(work)
    assert empty_store.read("list_themes") == []
