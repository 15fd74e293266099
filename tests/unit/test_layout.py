"""The house rules of the layout, checked on the import graph (built by grimp, imports inside
functions included): the domain loads no web framework, command line, demo data or browser; no
module imports one that imports it back; chains of imports stay short; modules stay small."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCT = ("mapper", "web", "seeds", "bench")
DOMAIN = ("mapper.config", "mapper.db", "mapper.accounts", "mapper.privacy", "mapper.organising",
          "mapper.directory", "mapper.network", "mapper.analytics", "mapper.geo")
NOT_IN_THE_DOMAIN = ("flask", "flask_login", "flask_wtf", "werkzeug", "click", "web", "seeds", "bench",
                     "playwright", "tests", "pyvis")
MAX_DEPTH = 8  # import edges on the longest chain (every import counts, those inside functions too)
MAX_LINES = 400


@pytest.fixture(scope="module")
def imports() -> nx.DiGraph:
    graph = grimp.build_graph(*PRODUCT, exclude_type_checking_imports=True)  # those never run
    found = nx.DiGraph()
    for module in graph.modules:
        found.add_node(module)
        for target in graph.find_modules_directly_imported_by(module):
            found.add_edge(module, target)
    return found


def domain_modules(imports) -> list[str]:
    return sorted(m for m in imports if any(m == d or m.startswith(d + ".") for d in DOMAIN))


def test_no_domain_module_imports_the_web_the_command_line_or_the_demo(imports):
    for module in domain_modules(imports):
        wrong = [t for t in imports.successors(module) if t.split(".")[0] in NOT_IN_THE_DOMAIN]
        assert not wrong, f"{module} imports {wrong}"


@pytest.mark.parametrize("package", DOMAIN)
def test_importing_a_domain_package_loads_none_of_them(package):
    code = ("import importlib, json, sys; importlib.import_module(%r); "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))" % package)
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                           capture_output=True, text=True).stdout))
    assert not loaded & set(NOT_IN_THE_DOMAIN), f"import {package} loads {sorted(loaded & set(NOT_IN_THE_DOMAIN))}"


def test_no_import_cycle(imports):
    cycles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert not cycles, f"modules that import each other: {cycles}"


def layers(imports) -> nx.DiGraph:
    """The import graph without the edges that start one program from another: ``mapper serve`` and
    the benchmarks start the web app (``mapper.cli`` -> ``web``, ``bench`` -> ``web``). The command
    line and the web app are each measured from their own entry point; every other import counts."""
    return imports.edge_subgraph([(a, b) for a, b in imports.edges
                                  if not (a.startswith(("mapper.cli", "bench")) and b.split(".")[0] == "web")])


def test_import_chains_are_at_most_eight_deep(imports):
    chain = nx.dag_longest_path(layers(imports))
    assert len(chain) - 1 <= MAX_DEPTH, " -> ".join(chain)


def test_a_cycle_or_a_long_chain_would_be_caught():
    looped = nx.DiGraph([("a", "b"), ("b", "a")])
    assert [c for c in nx.strongly_connected_components(looped) if len(c) > 1]
    long = nx.DiGraph([(i, i + 1) for i in range(MAX_DEPTH + 1)])
    assert len(nx.dag_longest_path(long)) - 1 > MAX_DEPTH


def test_no_module_is_over_400_lines():
    big = {str(p.relative_to(ROOT)): n for d in PRODUCT for p in (ROOT / d).rglob("*.py")
           if "node_modules" not in p.parts and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_only_the_config_module_reads_the_environment():
    """Every setting is read in mapper/config.py; the local Neo4j's start passes the environment on."""
    readers = {str(p.relative_to(ROOT)) for d in PRODUCT for p in (ROOT / d).rglob("*.py")
               if "node_modules" not in p.parts and re.search(r"os\.environ\.get|os\.getenv|os\.environ\[",
                                                              p.read_text(encoding="utf-8"))}
    assert readers <= {"mapper/config.py"}, readers
