"""OpenGDS (Graph Data Science 2.13, GPLv3, the line paired with Neo4j 5.26) for the project's own
Neo4j: its jars resolved from Maven Central on demand (``neo4j/gds/pom.xml``), put on the server's
class path and in its plugins folder (see ``mapper.db.server``), and a way to ask any Neo4j whether
it has the plugin.

The product's analytics run in Python (igraph) against any Neo4j, Aura Free and a bare server
included; the bench (``bench.gds``) times the same analyses inside the database where the plugin
is there, so the README can say which wins at London scale.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from neo4j.exceptions import ClientError

from mapper.config import NEO4J_RUNTIME_DIR

GDS_VERSION = "2.13.9"
_VERSIONED = re.compile(r"^(?P<name>.+?)-\d[\w.\-]*\.jar$")


def plugins_dir() -> Path:
    return NEO4J_RUNTIME_DIR / "gds" / "plugins"


def present() -> bool:
    return any(plugins_dir().glob(f"proc-{GDS_VERSION}.jar"))


def fetch(say=lambda message: print(f"[gds] {message}", file=sys.stderr, flush=True)) -> bool:
    """Resolve the plugin's jars into ``neo4j/gds/plugins`` (once); False, with the reason said, when
    Maven cannot (the bench then runs without the comparison)."""
    if present():
        return True
    if shutil.which("mvn") is None:
        say("Maven was not found: OpenGDS is left out")
        return False
    say(f"fetching OpenGDS {GDS_VERSION} from Maven Central (once, about 30 MB)...")
    result = subprocess.run(["mvn", "-q", "-B", "-f", str(NEO4J_RUNTIME_DIR / "gds" / "pom.xml"),
                             "dependency:copy-dependencies"], capture_output=True, text=True)
    if result.returncode != 0 or not present():
        say("Maven could not fetch OpenGDS: " + " ".join((result.stdout + result.stderr).split()[-30:]))
        return False
    prune(plugins_dir(), NEO4J_RUNTIME_DIR / "lib")
    say(f"OpenGDS ready in {plugins_dir()}")
    return True


def prune(plugins: Path, lib: Path) -> list[str]:
    """Remove from ``plugins`` the libraries Neo4j brings itself (another version of the same one
    loaded twice breaks the plugin); GDS's own modules stay, whatever their names.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()); (root / "p").mkdir(); (root / "l").mkdir()
    >>> for name in ("l/commons-text-1.12.0.jar", "p/commons-text-1.14.0.jar", "l/annotations-5.26.30.jar",
    ...              f"p/annotations-{GDS_VERSION}.jar", "p/hppc-0.7.3.jar"):
    ...     _ = (root / name).write_bytes(b"")
    >>> prune(root / "p", root / "l"), sorted(p.name for p in (root / "p").iterdir())
    (['commons-text-1.14.0.jar'], ['annotations-2.13.9.jar', 'hppc-0.7.3.jar'])
    """
    def name(path: Path) -> str | None:
        found = _VERSIONED.match(path.name)
        return found.group("name") if found else None

    neo4j_has = {name(p) for p in lib.glob("*.jar")}
    removed = []
    for jar in sorted(plugins.glob("*.jar")):
        if not jar.name.endswith(f"-{GDS_VERSION}.jar") and name(jar) in neo4j_has:
            jar.unlink()
            removed.append(jar.name)
    return removed


def version(store) -> str | None:
    """The server's OpenGDS version, or None where it has no such plugin."""
    try:
        row = store.read_one("gds_version")
    except ClientError:
        return None
    return row["version"] if row else None
