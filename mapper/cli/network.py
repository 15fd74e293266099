"""`mapper analyse`: the Collaborative's single-point-of-failure analysis on a network given as files."""
from __future__ import annotations

import sys

import click

from mapper.cli.base import main


@main.command("analyse")
@click.option("--nodes", "nodes_path", required=True, type=click.Path(dir_okay=False),
              help="CSV with columns id,kind (kind: person, asset or organisation).")
@click.option("--edges", "edges_path", required=True, type=click.Path(dir_okay=False),
              help="CSV with columns source,target.")
@click.option("--bridges", is_flag=True, help="Print the bridges instead of the cut-off counts.")
def analyse(nodes_path, edges_path, bridges):
    """Print, as CSV id,cut_off, every node whose removal cuts someone off from every asset."""
    from mapper.network.files import run

    sys.exit(run(nodes_path, edges_path, bridges=bridges))
