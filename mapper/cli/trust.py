"""Trust commands: `mapper backup FILE` and `mapper restore FILE`."""
from __future__ import annotations

import time

import click

from mapper.cli.base import friendly, main, open_store


@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@friendly
def backup_cmd(file):
    """Write the whole graph (accounts included, as hashes) to FILE, gzipped JSON lines, mode 0600."""
    from mapper.db import backup

    began = time.monotonic()
    with open_store() as store:
        try:
            summary = backup.backup(store, file, say=click.echo)
        except backup.BackupError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Backup written to {file}: {summary.nodes:,} nodes and {summary.relationships:,} relationships "
               f"[{time.monotonic() - began:.1f} s]")
    if summary.skipped:
        click.echo(f"Note: {summary.skipped:,} relationships were created while the backup ran and are not in it.")


@main.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Empty a database that is not empty first (deletes everything in it).")
@friendly
def restore_cmd(file, force):
    """Restore a backup FILE into an empty database (the file is checked whole before anything is written)."""
    from mapper.db import backup

    began = time.monotonic()
    with open_store() as store:
        try:
            summary = backup.restore(store, file, force=force, say=click.echo)
        except backup.BackupError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {summary.nodes:,} nodes and {summary.relationships:,} relationships from {file} "
               f"[{time.monotonic() - began:.1f} s]")
