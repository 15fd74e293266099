"""Start, stop and inspect the project's own Neo4j Community 5.26 server.

The jars come from Maven Central (``neo4j/pom.xml``) and run on the machine's Java 17 through
the server's own entry point, ``org.neo4j.server.CommunityEntryPoint``, which reads a normal
``neo4j.conf``. Bolt listens on 127.0.0.1 only; authentication is on, with a generated password
kept in ``<home>/password`` (mode 0600).
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from mapper.config import NEO4J_RUNTIME_DIR, LocalNeo4j

NEO4J_VERSION = "5.26.30"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
JVM_OPENS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
]


class Neo4jServerError(RuntimeError):
    """The local server could not be set up or started; the message says what to do."""


def say(message: str) -> None:
    print(f"[neo4j] {message}", file=sys.stderr, flush=True)


def lib_dir() -> Path:
    return NEO4J_RUNTIME_DIR / "lib"


def jars_present() -> bool:
    lib = lib_dir()
    return lib.is_dir() and any(lib.glob(f"neo4j-server-{NEO4J_VERSION}.jar"))


def fetch_jars() -> None:
    """Resolve the Neo4j jars from Maven Central into neo4j/lib (once)."""
    if jars_present():
        return
    for tool, hint in (("java", "a Java 17 runtime (e.g. apt-get install openjdk-17-jre-headless)"),
                       ("mvn", "Maven 3 (e.g. apt-get install maven)")):
        if shutil.which(tool) is None:
            raise Neo4jServerError(f"'{tool}' was not found: install {hint}, or set NEO4J_URI to use another Neo4j.")
    say(f"fetching Neo4j {NEO4J_VERSION} jars from Maven Central (once, about 120 MB)...")
    result = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(NEO4J_RUNTIME_DIR / "pom.xml"), "dependency:copy-dependencies"],
        capture_output=True, text=True,
    )
    if result.returncode != 0 or not jars_present():
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-5:])
        raise Neo4jServerError(f"Maven could not fetch the Neo4j jars:\n{tail}")
    say(f"jars ready in {lib_dir()}")


def java_command(server: LocalNeo4j, main_class: str, *args: str, heap: str | None = None) -> list[str]:
    cmd = ["java"]
    if heap:
        cmd += [f"-Xms{heap}", f"-Xmx{heap}"]
    cmd += ["-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", *JVM_OPENS,
            "-cp", class_path(server), main_class, *args]
    return cmd


def class_path(server: LocalNeo4j) -> str:
    """Neo4j's jars, and a plugin's (its extensions load from the class path, as Neo4j's own start
    script has them)."""
    return os.pathsep.join([str(lib_dir() / "*")] + ([str(server.plugins / "*")] if server.plugins else []))


def write_conf(server: LocalNeo4j) -> None:
    conf_dir = server.home / "conf"
    conf_dir.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Written by `mapper neo4j start`; edited copies are overwritten.",
        "server.default_listen_address=127.0.0.1",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{server.bolt_port}",
        "server.http.enabled=true",
        f"server.http.listen_address=127.0.0.1:{server.http_port}",
        "server.https.enabled=false",
        f"server.directories.data={server.home / 'data'}",
        f"server.directories.logs={server.home / 'logs'}",
        f"server.directories.run={server.home / 'run'}",
        f"server.directories.import={server.home / 'import'}",
        f"server.memory.pagecache.size={server.page_cache}",
        "dbms.memory.transaction.total.max=4g",
        "db.memory.transaction.max=2g",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        f"db.tx_log.rotation.retention_policy={server.tx_log_retention}",
    ]
    if server.plugins:
        lines += [f"server.directories.plugins={server.plugins}", "dbms.security.procedures.unrestricted=gds.*"]
    (conf_dir / "neo4j.conf").write_text("\n".join(lines) + "\n")


def ensure_password(server: LocalNeo4j) -> str:
    """Generate the password once and set it as the initial password before first start."""
    server.home.mkdir(parents=True, exist_ok=True)
    os.chmod(server.home, 0o700)
    pw_file = server.password_file
    auth_ini = server.home / "data" / "dbms" / "auth.ini"
    if pw_file.exists() and auth_ini.exists():
        return pw_file.read_text().strip()
    password = pw_file.read_text().strip() if pw_file.exists() else ""
    if not password or password.startswith("-"):
        # Never set yet (no auth.ini), so a new one is safe. Hex: a password starting with "-" (one in
        # 64 of the URL-safe ones made before) is taken by neo4j-admin for an option, and refused.
        password = secrets.token_hex(24)
    fd = os.open(pw_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(password + "\n")
    env = {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_CONF": str(server.home / "conf")}
    result = subprocess.run(java_command(server, ADMIN_TOOL, "dbms", "set-initial-password", password),
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise Neo4jServerError(f"could not set the initial Neo4j password: {result.stderr.strip()[-400:]}")
    return password


def pid_file(server: LocalNeo4j) -> Path:
    return server.home / "run" / "mapper-neo4j.pid"


def running_pid(server: LocalNeo4j) -> int | None:
    """The pid of this home's server: from the pid file, or (if that is stale) found by its command line."""
    marker = f"--home-dir={server.home}".encode() + b"\0"
    pf = pid_file(server)
    if pf.exists():
        try:
            pid = int(pf.read_text().strip())
            if marker in Path(f"/proc/{pid}/cmdline").read_bytes():  # arguments end with NUL
                return pid
        except (ValueError, OSError):
            pass
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if ENTRY_POINT.encode() in cmdline and marker in cmdline:
            return int(proc.name)
    return None


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def bolt_answers(server: LocalNeo4j, password: str) -> bool:
    from neo4j import GraphDatabase
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    try:
        with GraphDatabase.driver(server.uri, auth=("neo4j", password), connection_timeout=2) as driver:
            driver.verify_connectivity()
        return True
    except (ServiceUnavailable, SessionExpired, OSError):
        return False


@dataclass
class ServerStatus:
    running: bool
    pid: int | None
    version: str | None
    uri: str
    data_dir: Path


def start(server: LocalNeo4j, timeout: float = 120.0) -> ServerStatus:
    """Start the server (or find it running) and wait until Bolt answers."""
    pid = running_pid(server)
    if pid and port_open(server.bolt_port):
        say(f"already running (pid {pid}) on {server.uri}")
        return status(server)
    if port_open(server.bolt_port):
        raise Neo4jServerError(
            f"port {server.bolt_port} is taken by another program; stop it, set MAPPER_NEO4J_BOLT_PORT, "
            "or point NEO4J_URI at that Neo4j")
    if shutil.which("java") is None:
        raise Neo4jServerError("'java' was not found: install a Java 17 runtime, or set NEO4J_URI.")
    fetch_jars()
    for sub in ("data", "logs", "run", "import", "conf"):
        (server.home / sub).mkdir(parents=True, exist_ok=True)
    write_conf(server)
    password = ensure_password(server)
    say(f"starting Neo4j {NEO4J_VERSION} on {server.uri} (data in {server.home / 'data'})...")
    began = time.monotonic()
    log = open(server.home / "logs" / "console.log", "ab")
    proc = subprocess.Popen(
        java_command(server, ENTRY_POINT, f"--home-dir={server.home}", f"--config-dir={server.home / 'conf'}",
                     heap=server.heap),
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "NEO4J_HOME": str(server.home)},
    )
    pid_file(server).write_text(str(proc.pid))
    while time.monotonic() - began < timeout:
        if proc.poll() is not None:
            raise Neo4jServerError(
                f"Neo4j exited during start-up (code {proc.returncode}); see {server.home / 'logs'}")
        if port_open(server.bolt_port) and bolt_answers(server, password):
            say(f"Neo4j is up after {time.monotonic() - began:.1f} s")
            return status(server)
        time.sleep(0.5)
    stop(server)
    raise Neo4jServerError(f"Neo4j did not answer on {server.uri} within {timeout:.0f} s; see {server.home / 'logs'}")


def stop(server: LocalNeo4j, timeout: float = 60.0) -> bool:
    """Stop the server cleanly (SIGTERM, then SIGKILL after the time limit). True if one was running."""
    pid = running_pid(server)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        try:  # reap it if it is our child
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
    pid_file(server).unlink(missing_ok=True)
    return True


def status(server: LocalNeo4j) -> ServerStatus:
    pid = running_pid(server)
    version = None
    if pid and port_open(server.bolt_port) and server.password_file.exists():
        from mapper.config import Neo4jTarget
        from mapper.db.store import Store

        target = Neo4jTarget(server.uri, "neo4j", server.password_file.read_text().strip(), external=False)
        try:
            with Store(target, retry_seconds=1.0) as store:
                version = store.read_one("neo4j_version")["version"]
        except Exception:  # noqa: BLE001 - status reports, it does not fail
            version = None
    return ServerStatus(running=pid is not None and version is not None, pid=pid, version=version,
                        uri=server.uri, data_dir=server.home / "data")
