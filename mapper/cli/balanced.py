"""``mapper serve --processes N``: N app processes behind nginx, until Ctrl-C or SIGTERM."""
from __future__ import annotations

import sys
import time

import click

from mapper.cli.base import stopped_by_term
from mapper.serving import balancer


def serve_balanced(processes: int, host: str, port: int, threads: int) -> None:
    with stopped_by_term():
        _serve_until_stopped(processes, host, port, threads)


def _serve_until_stopped(processes: int, host: str, port: int, threads: int) -> None:
    running = None
    try:
        try:
            running = balancer.start(processes=processes, port=port, host=host, threads=threads, log=click.echo)
        except balancer.BalancerFailed as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Serving on {running.url}/ through nginx (pid {running.nginx_pid}) over app processes "
                   f"{', '.join(map(str, running.pids))} (Ctrl-C to stop them all)")
        while True:
            time.sleep(1)
            if running.nginx.poll() is not None:
                click.echo(f"[serve] nginx stopped (exit {running.nginx.returncode}); stopping the app processes",
                           err=True)
                sys.exit(1)
            if not all(running.alive()):
                try:
                    running.revive()
                except balancer.BalancerFailed as exc:
                    click.echo(f"[serve] {exc}", err=True)
    except KeyboardInterrupt:
        click.echo("[serve] stopping")
    finally:
        if running is not None:
            running.stop()
