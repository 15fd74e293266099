"""Every setting read from the environment, with local defaults: where things live, how to reach
Neo4j, and the few knobs of the app and the analyses. No other module reads the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MAPPER_VAR_DIR", PROJECT_ROOT / "var"))
IMPORTS_DIR = VAR_DIR / "imports"  # uploaded CSVs waiting for the organiser to confirm them
NEO4J_RUNTIME_DIR = PROJECT_ROOT / "neo4j"


@dataclass(frozen=True)
class LocalNeo4j:
    """A Neo4j server the project starts itself: its home folder and its ports."""

    home: Path
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "2g"
    page_cache: str = "1g"
    plugins: Path | None = None  # a folder of plugin jars (OpenGDS, for the bench)
    # How much of the transaction log Neo4j keeps beyond what recovery needs ("2 days" is Neo4j's
    # own default; the bench, which writes and removes millions of records a run, keeps 1 GB).
    tx_log_retention: str = "2 days"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def password_file(self) -> Path:
        return self.home / "password"


def local_neo4j() -> LocalNeo4j:
    """The local server for the product (or, with MAPPER_NEO4J_HOME and ports set, another)."""
    return LocalNeo4j(
        home=Path(os.environ.get("MAPPER_NEO4J_HOME", VAR_DIR / "neo4j")),
        bolt_port=int(os.environ.get("MAPPER_NEO4J_BOLT_PORT", "7687")),
        http_port=int(os.environ.get("MAPPER_NEO4J_HTTP_PORT", "7474")),
        heap=os.environ.get("MAPPER_NEO4J_HEAP", "2g"),
        page_cache=os.environ.get("MAPPER_NEO4J_PAGECACHE", "1g"),
    )


@dataclass(frozen=True)
class Neo4jTarget:
    """How to reach Neo4j: an external server from the environment, or the local one."""

    uri: str
    user: str
    password: str
    external: bool


def external_neo4j() -> Neo4jTarget | None:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return Neo4jTarget(
        uri=uri,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        external=True,
    )


def neo4j_target() -> Neo4jTarget:
    """The Neo4j everything talks to: NEO4J_URI if set, else the local server's address."""
    ext = external_neo4j()
    if ext:
        return ext
    local = local_neo4j()
    password = local.password_file.read_text().strip() if local.password_file.exists() else ""
    return Neo4jTarget(uri=local.uri, user="neo4j", password=password, external=False)


def geo_dir() -> Path:
    """The folder for the postcode index and borough shapes.

    ``MAPPER_GEO_DIR`` if set, else ``$MAPPER_VAR_DIR/geo``, else ``<project root>/var/geo``.
    """
    explicit = os.environ.get("MAPPER_GEO_DIR")
    if explicit:
        return Path(explicit)
    var = os.environ.get("MAPPER_VAR_DIR")
    return (Path(var) if var else PROJECT_ROOT / "var") / "geo"


def live_months() -> int:
    """For how many months a tie stays live after its last 1:1 by default (0: never lapses)."""
    return int(os.environ.get("MAPPER_LIVE_MONTHS", "60"))


def served_areas() -> list[str]:
    """The areas the network serves, from ``MAPPER_SERVED_AREAS`` (comma-separated London borough
    codes or names, e.g. ``E09000028,Lambeth``); empty when unset: then the areas with people or
    assets in them are served (see ``mapper.directory.served_areas``)."""
    return [part.strip() for part in os.environ.get("MAPPER_SERVED_AREAS", "").split(",") if part.strip()]


def serve_port() -> int:
    return int(os.environ.get("PORT", "5000"))


def bench_server_place() -> tuple[Path, int, int]:
    """Where the bench's own Neo4j keeps its data, and its Bolt and HTTP ports (``MAPPER_BENCH_NEO4J_HOME``,
    ``MAPPER_BENCH_BOLT_PORT``, ``MAPPER_BENCH_HTTP_PORT``): two benches at once each need their own."""
    return (Path(os.environ.get("MAPPER_BENCH_NEO4J_HOME", VAR_DIR / "neo4j-bench")),
            int(os.environ.get("MAPPER_BENCH_BOLT_PORT", "7698")), int(os.environ.get("MAPPER_BENCH_HTTP_PORT", "7485")))


def bench_memory() -> tuple[str, str]:
    """Heap and page cache of the benchmarks' own Neo4j."""
    return os.environ.get("MAPPER_BENCH_HEAP", "4g"), os.environ.get("MAPPER_BENCH_PAGECACHE", "2g")


def web_settings() -> dict:
    """The web app's settings from the environment (``web.create_app`` turns them into Flask config)."""
    secure = os.environ.get("MAPPER_SECURE_COOKIES", "") == "1"
    return {
        "secret_key": os.environ.get("MAPPER_SECRET_KEY") or None,
        "secure_cookies": secure,
        "session_idle_seconds": int(os.environ.get("MAPPER_SESSION_IDLE_MINUTES", "30")) * 60,
        "report_wait_seconds": float(os.environ.get("MAPPER_REPORT_WAIT_SECONDS", "5")),
        # How many reverse proxies stand in front, each adding to X-Forwarded-For (0: none; the header
        # is then never trusted for the client's address).
        "trusted_proxies": int(os.environ.get("MAPPER_TRUSTED_PROXIES", "0") or "0"),
        "tile_url": os.environ.get("MAPPER_TILE_URL", ""),
        "tile_attribution": os.environ.get("MAPPER_TILE_ATTRIBUTION", "© OpenStreetMap contributors"),
    }
