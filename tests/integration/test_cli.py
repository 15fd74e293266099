"""The `mapper` command line: accounts, tokens, one-line errors when Neo4j cannot be reached, and
`mapper serve` stopping cleanly."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from mapper.accounts import users as accounts

from tests.conftest import csrf_token_from, free_port

ROOT = Path(__file__).resolve().parent.parent.parent


def mapper(*args: str, env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mapper", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **env}, timeout=120)


@pytest.fixture()
def target_env(neo4j_target):
    return {"NEO4J_URI": neo4j_target.uri, "NEO4J_USER": neo4j_target.user, "NEO4J_PASSWORD": neo4j_target.password}


def test_help_lists_every_command():
    out = mapper("--help", env={}).stdout
    for command in ("neo4j", "init", "demo", "user", "serve"):
        assert f"  {command}" in out


def test_user_add_with_password_stdin_then_sign_in_and_token(store, target_env):
    result = mapper("user", "add", "Link.Worker@Example.org", "--role", "prescriber", "--password-stdin",
                    env=target_env, stdin="a long enough password\n")
    assert result.returncode == 0, result.stderr
    assert "link.worker@example.org" in result.stdout
    assert accounts.authenticate(store, "link.worker@example.org", "a long enough password").role == "prescriber"
    assert accounts.authenticate(store, "link.worker@example.org", "wrong") is None
    token = mapper("user", "token", "link.worker@example.org", env=target_env).stdout.strip()
    assert token.startswith("cm_") and accounts.by_token(store, token).role == "prescriber"


def test_bad_role_and_short_password_are_refused(store, target_env):
    bad_role = mapper("user", "add", "a@example.org", "--role", "king", "--password-stdin", env=target_env,
                      stdin="a long enough password\n")
    assert bad_role.returncode != 0 and "king" in bad_role.stderr
    short = mapper("user", "add", "a@example.org", "--role", "admin", "--password-stdin", env=target_env,
                   stdin="short\n")
    assert short.returncode != 0 and "at least 10 characters" in short.stderr
    assert "Traceback" not in short.stderr


def test_unreachable_neo4j_is_one_line_and_non_zero():
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "x"}
    for args in (("init",), ("demo",), ("user", "token", "a@example.org")):
        result = mapper(*args, env=env)
        assert result.returncode != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Neo4j is not reachable" in lines[0], result.stderr


def test_wrong_password_is_a_clear_message(neo4j_target):
    env = {"NEO4J_URI": neo4j_target.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "not-the-password"}
    result = mapper("init", env=env)
    assert result.returncode != 0
    assert "refused the user name or password" in result.stderr and "Traceback" not in result.stderr


def test_external_neo4j_means_no_local_server_is_managed(target_env):
    result = mapper("neo4j", "start", env=target_env)
    assert result.returncode == 0 and "NEO4J_URI is set" in result.stdout
    status = mapper("neo4j", "status", env=target_env)
    assert status.returncode == 0 and "5.26" in status.stdout


def test_analyse_prints_cut_offs_and_bridges_for_files(tmp_path):
    (tmp_path / "nodes.csv").write_text("id,kind\nhub,asset\namina,person\nben,person\ncal,person\n")
    (tmp_path / "edges.csv").write_text("source,target\nhub,amina\namina,ben\nben,cal\n")
    args = ("analyse", "--nodes", str(tmp_path / "nodes.csv"), "--edges", str(tmp_path / "edges.csv"))
    result = mapper(*args, env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["id,cut_off", "hub,3", "amina,2", "ben,1"]
    bridges = mapper(*args, "--bridges", env={}).stdout.splitlines()
    assert bridges[0].startswith("source,target") and len(bridges) == 4
    (tmp_path / "edges.csv").write_text("source,target\nhub,nobody\n")
    bad = mapper(*args, env={})
    assert bad.returncode == 1 and "nobody" in bad.stderr and "Traceback" not in bad.stderr


def running(pid: str) -> bool:
    """The process is there and not a zombie (ended, waiting to be reaped)."""
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False


def _as_from_a_terminal() -> None:
    """Ctrl-C as a terminal gives it: a suite started in the background (``cmd &`` in a script)
    has SIGINT ignored, which `mapper serve` would inherit and, by design, keep ignoring."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stop", ["SIGTERM to the app", "Ctrl-C (SIGINT to its process group)"])
def test_serve_stops_cleanly(stop, demo_store, accounts_ready, target_env, tmp_path):
    """SIGTERM (as a service manager or `kill` sends it) stops `mapper serve` as Ctrl-C does: exit 0
    within seconds, the analyses' process ended with it, nothing leaked and no traceback behind."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "mapper", "serve", "--port", str(port)], cwd=ROOT,
                                  env={**os.environ, **target_env, "MAPPER_SECRET_KEY": "k" * 64,
                                       "MAPPER_REPORT_WAIT_SECONDS": "120"},  # the page waits for the report
                                  stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                  preexec_fn=_as_from_a_terminal)
    try:
        http = requests.Session()
        began = time.monotonic()
        while True:
            try:
                if http.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() - began < 60 and server.poll() is None, log.read_text()
            time.sleep(0.2)
        email, password = accounts_ready["collaborative"]
        token = csrf_token_from(http.get(f"{base}/login").text)
        assert http.post(f"{base}/login", data={"email": email, "password": password, "csrf_token": token},
                         allow_redirects=False).status_code == 302
        page = http.get(f"{base}/collaborative/", timeout=150)
        assert page.status_code == 200 and "is being computed" not in page.text  # made in the analyses' process
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        analyses = [c for c in children if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text()]
        assert len(analyses) == 1, children  # beside it, Python's resource tracker

        if stop.startswith("SIGTERM"):
            server.send_signal(signal.SIGTERM)
        else:  # a terminal's Ctrl-C reaches every process of the foreground group, the analyses' too
            os.killpg(server.pid, signal.SIGINT)
        try:
            code = server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail(f"mapper serve still running 20 s after {stop}; its output:\n{log.read_text()}")
        assert code == 0, log.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    deadline = time.monotonic() + 20  # the resource tracker (a child too) reports leaks as it ends
    while any(running(child) for child in children):
        assert time.monotonic() < deadline, [c for c in children if running(c)]
        time.sleep(0.2)
    text = log.read_text()
    assert "[serve] stopping" in text and "leaked" not in text and "Traceback" not in text, text
    assert "Process SpawnProcess" not in text, text  # the analyses' process said nothing of it either
