"""`mapper import-oruk FILE` and `mapper export --format csv|geojson|oruk|network-html [-o FILE]`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from mapper.directory import exports, oruk_import
from mapper.cli.base import friendly, main, open_store

NETWORK_HTML = "network-html"  # the Collaborative's network drawn as one HTML file (mapper.network.drawing)


@main.command("import-oruk")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@friendly
def import_oruk(path: Path):
    """Add the services of an Open Referral UK JSON feed as assets, or update those imported before without
    undoing stewards' edits (conflicts listed); all or nothing."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path} is not valid JSON: {exc}") from None
    with open_store() as store:
        try:
            done = oruk_import.import_feed(store, data, source=path.name)
        except oruk_import.FeedError as exc:
            lines = [f"  entry {i}: {reason}" if i is not None else f"  {reason}" for i, reason in exc.problems]
            raise click.ClickException(f"nothing imported; {len(exc.problems)} problem(s) in {path}:\n"
                                       + "\n".join(lines)) from None
    click.echo(f"Imported {done['services']} services as assets from {path.name}: {done['added']} added, "
               f"{done['updated']} updated, {done['unchanged']} unchanged, {done['retired']} retired (left so); "
               f"{done['links']} links to themes and areas.")
    for c in done["conflicts"]:
        click.echo(f"  conflict: {c['name']} ({c['entry']}): {c['field']} was changed by a steward; kept as they "
                   "left it (resolve it in the stewards' work queue)")


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS + (NETWORK_HTML,)), required=True,
              help="File format.")
@click.option("-o", "--output", "--out", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (default stdout).")
@friendly
def export_cmd(fmt: str, output: Path | None):
    """Export every asset as CSV, GeoJSON or Open Referral UK JSON (hidden addresses by area only), or
    (network-html) today's network as a page that opens in any browser, people named only with consent."""
    with open_store() as store:
        if fmt == NETWORK_HTML:
            from mapper.network.drawing import network_html
            from mapper.network.projection import Projection

            text = network_html(Projection.pull(store).graph())  # today, links live for the default window
        else:
            text = exports.export(store, fmt)
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8", newline="" if fmt == "csv" else None)
    click.echo(f"Wrote {output}", err=True)
