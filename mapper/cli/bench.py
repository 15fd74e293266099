"""`mapper bench`: speed figures, each against a baseline measured in the same run.

The benchmarks write large synthetic data, so they run on a Neo4j of their own (var/neo4j-bench,
started and stopped here), never on the product's database.

The sections live in the checkout's ``bench/`` (with the test oracles they measure against in
``tests/``), outside the installed package: an installed build says so and exits non-zero.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

import click

from mapper.db import server as neo4j_server
from mapper.cli.base import friendly, main
from mapper.config import PROJECT_ROOT, VAR_DIR, LocalNeo4j, Neo4jTarget, bench_memory, bench_server_place
from mapper.db.store import Store

# In this order: each section starts from the data it needs (the network section empties the
# database and loads 600k rows, so it comes last).
SECTIONS = {
    "load": "bench.load",
    "directory": "bench.directory",
    "organisers": "bench.organisers",
    "picture": "bench.picture",  # the network picture in Chromium: the demo, then 10,000 people
    "backup": "bench.backup",  # `mapper backup` and `mapper restore` of the synthetic network (--people, --ties)
    "network": "bench.network",
}
BENCH_SERVER = LocalNeo4j(home=bench_server_place()[0], bolt_port=bench_server_place()[1],
                          http_port=bench_server_place()[2], heap=bench_memory()[0],
                          page_cache=bench_memory()[1], tx_log_retention="1G size")


NOT_IN_A_CHECKOUT = ("benchmarks run from a checkout of the project (bench/ is not part of the installed "
                     "package): run `mapper bench` from the project's own environment")


def sections(wanted: list[str]) -> dict:
    """The wanted sections' modules from the checkout's ``bench/``, imported before anything starts."""
    if (PROJECT_ROOT / "bench" / "__init__.py").is_file() and str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))  # a console script does not have the checkout on its path
    if importlib.util.find_spec("bench") is None:
        raise click.ClickException(NOT_IN_A_CHECKOUT)
    return {section: importlib.import_module(SECTIONS[section]) for section in wanted}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}"


@main.command("bench")
@click.option("--only", default="", help="Comma-separated sections: " + ", ".join(SECTIONS))
@click.option("--people", default=100_000, show_default=True, help="People in the synthetic network.")
@click.option("--ties", default=500_000, show_default=True, help="Ties in the synthetic network.")
@click.option("--assets", default=2_000, show_default=True, help="Assets in the synthetic network.")
@click.option("--no-networkx", is_flag=True, help="Skip the (slow) networkx baseline of the analytics.")
@click.option("--keep-server", is_flag=True, help="Leave the benchmark Neo4j running afterwards.")
@click.option("--url", default=None, help="The load section: a deployment already running on the bench's "
                                          "Neo4j (http://host:port) instead of the two it starts.")
@friendly
def bench(only, people, ties, assets, no_networkx, keep_server, url):
    """Measure import, search and analytics speed against baselines measured in the same run."""
    wanted = [s.strip() for s in only.split(",") if s.strip()] or list(SECTIONS)
    unknown = set(wanted) - set(SECTIONS)
    if unknown:
        raise click.ClickException(f"unknown section(s): {', '.join(sorted(unknown))}")
    modules = sections([s for s in SECTIONS if s in wanted])  # in the order that gives each its data
    say = lambda msg: click.echo(msg)  # noqa: E731
    say(f"Machine: {machine()}")
    server = bench_server(with_gds="network" in wanted)
    target = Neo4jTarget(server.uri, "neo4j", server.password_file.read_text().strip(), external=False)
    results = {"machine": machine(), "date": time.strftime("%Y-%m-%d"), "sections": {}}
    out = Path(VAR_DIR) / "bench" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with Store(target, retry_seconds=30) as store:
            from mapper.db import schema

            schema.init(store)
            for section, module in modules.items():
                kwargs = {"people": people, "ties": ties, "assets": assets,
                          "networkx_baseline": not no_networkx} if section == "network" else {}
                if section == "backup":
                    kwargs = {"people": people, "ties": ties, "assets": assets}
                if section == "load" and url:
                    kwargs = {"base_url": url}
                results["sections"][section] = module.run(store, say, **kwargs)
            aims = importlib.import_module("bench.aims").table(results["sections"])
            if aims:
                say("The speed aims, each figure of this run beside its baseline from the same run:")
                for line in aims:
                    say(line)
            _write(results, out, people, ties, say)  # before the store closes: the figures are in
    finally:
        if not keep_server:
            neo4j_server.stop(server)


def bench_server(with_gds: bool) -> LocalNeo4j:
    """The bench's Neo4j, started; with OpenGDS where asked for and Maven can fetch it (a server
    already running without the plugin is restarted with it)."""
    from mapper.db import gds

    server = replace(BENCH_SERVER, plugins=gds.plugins_dir()) if with_gds and gds.fetch() else BENCH_SERVER
    neo4j_server.start(server)
    if server.plugins:
        target = Neo4jTarget(server.uri, "neo4j", server.password_file.read_text().strip(), external=False)
        with Store(target) as store:
            missing = gds.version(store) is None
        if missing:
            click.echo("[neo4j] restarting the bench's Neo4j with OpenGDS")
            neo4j_server.stop(server)
            neo4j_server.start(server)
    return server


def _write(results: dict, out: Path, people: int, ties: int, say) -> None:
    out.write_text(json.dumps(results, indent=2, default=str))
    say(f"Figures written to {out}")
    if "network" in results["sections"]:  # kept per size too: the README quotes both sizes
        sized = out.with_name(f"network-{people}-{ties}.json")
        sized.write_text(json.dumps({**results, "sections": {"network": results["sections"]["network"]}},
                                    indent=2, default=str))
        say(f"and to {sized}")
