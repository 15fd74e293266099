"""``mapper serve --processes N``: N app processes behind nginx, until Ctrl-C or SIGTERM."""
from __future__ import annotations

import signal
import sys
import time

import click

from mapper.serving import balancer


def _stop_on_term(signum, frame):
    raise KeyboardInterrupt


def serve_balanced(processes: int, host: str, port: int, threads: int) -> None:
    previous = signal.signal(signal.SIGTERM, _stop_on_term)
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
        signal.signal(signal.SIGTERM, previous)
