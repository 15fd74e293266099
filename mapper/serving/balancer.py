"""Start N app processes (``mapper serve`` under waitress, each on a free loopback port) behind
nginx on one port, and stop them all together.

The app processes are stateless: everything that must outlive a request (sessions' validity,
sign-in counts, import jobs, idempotency keys, the write generation) is kept in Neo4j, and
uploaded files in the shared ``MAPPER_VAR_DIR``; so any process may answer the next request.
nginx (Debian's ``nginx-light``; ``bin/setup`` installs it) runs as an ordinary process with a
generated configuration under ``var/balancer/<port>/`` (see ``mapper.serving.nginx_conf``).

>>> running = start(processes=3, port=5000, env={"NEO4J_URI": "bolt://..."})  # doctest: +SKIP
>>> running.url, running.pids                                                  # doctest: +SKIP
('http://127.0.0.1:5000', [4101, 4102, 4103])
>>> running.kill_one(); running.stop()                                         # doctest: +SKIP

The app processes are told that one proxy stands in front (``MAPPER_TRUSTED_PROXIES=1``), so the
sign-in throttle and session protection see the client's address from ``X-Forwarded-For``.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from mapper.config import VAR_DIR
from mapper.serving.nginx_conf import config as nginx_config

NGINX_PATHS = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")


class BalancerFailed(RuntimeError):
    """nginx is missing, or a process did not start; the message says which and where its log is."""


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return next((p for p in NGINX_PATHS if os.access(p, os.X_OK)), None)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    """Whether an HTTP server answers at ``url`` (any status: a 503 while Neo4j is away is an answer)."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class AppProcess:
    port: int
    log: Path
    process: subprocess.Popen

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None


@dataclass
class Running:
    """The balancer and its app processes, started by ``start``."""

    url: str
    port: int
    folder: Path
    apps: list[AppProcess]
    nginx: subprocess.Popen
    command: list[str]
    env: dict
    threads: int
    log: Callable[[str], None] = print
    _stopped: bool = field(default=False, repr=False)

    @property
    def pids(self) -> list[int]:
        """The app processes' ids (nginx's is ``nginx_pid``)."""
        return [app.pid for app in self.apps]

    @property
    def app_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{app.port}" for app in self.apps]

    @property
    def nginx_pid(self) -> int:
        return self.nginx.pid

    def alive(self) -> list[bool]:
        return [app.alive() for app in self.apps]

    def kill_one(self, index: int | None = None) -> int:
        """Kill one app process outright (SIGKILL, as a crash would), the first one alive unless
        ``index`` says which; returns its id. The balancer routes around it."""
        candidates = [a for a in self.apps if a.alive()] if index is None else [self.apps[index]]
        if not candidates:
            raise BalancerFailed("no app process is running")
        app = candidates[0]
        app.process.kill()
        app.process.wait(timeout=10)
        self.log(f"[serve] killed the app process on port {app.port} (pid {app.pid})")
        return app.pid

    def revive(self, timeout: float = 60) -> list[int]:
        """Start again, on the same ports, the app processes that have stopped; returns their new ids."""
        started = []
        for i, app in enumerate(self.apps):
            if not app.alive():
                self.log(f"[serve] the app process on port {app.port} (pid {app.pid}) stopped "
                         f"(exit {app.process.returncode}); starting it again")
                self.apps[i] = _start_app(self.command, app.port, self.threads, self.env, app.log)
                started.append(self.apps[i].pid)
        _wait_for_apps([a for a in self.apps if a.pid in started], timeout)
        return started

    def stop(self, timeout: float = 10) -> None:
        """Stop nginx, then every app process (SIGTERM, then SIGKILL after ``timeout`` s)."""
        if self._stopped:
            return
        self._stopped = True
        processes = [self.nginx] + [a.process for a in self.apps]
        for process in processes:
            if process.poll() is None:
                try:
                    process.send_signal(signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + timeout
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        self.log(f"[serve] stopped nginx and {len(self.apps)} app processes")

    def __enter__(self) -> "Running":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _start_app(command: list[str], port: int, threads: int, env: dict, log: Path) -> AppProcess:
    with open(log, "ab") as out:
        process = subprocess.Popen([*command, "--host", "127.0.0.1", "--port", str(port), "--threads", str(threads)],
                                   env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return AppProcess(port=port, log=log, process=process)


def _wait_for_apps(apps: list[AppProcess], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = list(apps)
    while waiting:
        for app in list(waiting):
            if not app.alive():
                raise BalancerFailed(f"the app process on port {app.port} stopped (exit {app.process.returncode}); "
                                     f"its log, {app.log}, ends:\n{_tail(app.log)}")
            if _answers(f"http://127.0.0.1:{app.port}/healthz"):
                waiting.remove(app)
        if waiting and time.monotonic() > deadline:
            raise BalancerFailed(f"the app process on port {waiting[0].port} did not answer within {timeout:.0f} s; "
                                 f"its log is {waiting[0].log}")
        if waiting:
            time.sleep(0.2)


def start(processes: int = 3, port: int = 5000, env: dict | None = None, host: str = "127.0.0.1",
          threads: int = 8, folder: Path | None = None, timeout: float = 90,
          log: Callable[[str], None] = print) -> Running:
    """Start ``processes`` app processes on free loopback ports and nginx on ``host:port`` in front.

    ``env`` is added to this process's environment for the app processes (e.g. ``NEO4J_URI``,
    ``MAPPER_VAR_DIR``, ``MAPPER_SECRET_KEY``). Returns once nginx and every process answer; on a
    failure everything started is stopped and ``BalancerFailed`` says why."""
    if processes < 1:
        raise BalancerFailed("at least one app process is needed")
    nginx = nginx_binary()
    if nginx is None:
        raise BalancerFailed("nginx is not installed: run bin/setup, which installs Debian's nginx-light "
                             "(or: apt-get install nginx-light)")
    folder = Path(folder) if folder else Path(VAR_DIR) / "balancer" / str(port)
    for sub in ("logs", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    app_env = {**os.environ, **(env or {}), "MAPPER_TRUSTED_PROXIES": "1", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "mapper", "serve"]
    apps: list[AppProcess] = []
    nginx_process = None
    try:
        for i in range(processes):
            app_port = free_port()
            log(f"[serve] starting app process {i + 1} of {processes} on 127.0.0.1:{app_port} "
                f"(log: {folder / 'logs' / f'app-{i + 1}.log'})")
            apps.append(_start_app(command, app_port, threads, app_env, folder / "logs" / f"app-{i + 1}.log"))
        _wait_for_apps(apps, timeout)
        conf = folder / "nginx.conf"
        conf.write_text(nginx_config([a.port for a in apps], port=port, prefix=folder.resolve(), host=host))
        log(f"[serve] starting nginx on http://{host}:{port}/ over {processes} processes, each request to the "
            f"least busy (config: {conf})")
        error_log = folder / "logs" / "error.log"
        with open(folder / "logs" / "nginx.out", "ab") as out:
            nginx_process = subprocess.Popen([nginx, "-p", str(folder.resolve()), "-c", str(conf.resolve()),
                                              "-e", str(error_log.resolve()), "-g", "daemon off;"],
                                             stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while not _answers(f"http://{host}:{port}/healthz"):
            if nginx_process.poll() is not None or time.monotonic() > deadline:
                raise BalancerFailed(f"nginx did not start on {host}:{port}; {error_log} ends:\n"
                                     f"{_tail(error_log)}\n{_tail(folder / 'logs' / 'nginx.out')}")
            time.sleep(0.1)
    except BaseException:
        for process in ([nginx_process] if nginx_process else []) + [a.process for a in apps]:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=5)
        raise
    return Running(url=f"http://{host}:{port}", port=port, folder=folder, apps=apps, nginx=nginx_process,
                   command=command, env=app_env, threads=threads, log=log)
