"""Where things live and how to reach Neo4j: read from the environment, with local defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MAPPER_VAR_DIR", PROJECT_ROOT / "var"))
NEO4J_RUNTIME_DIR = PROJECT_ROOT / "neo4j"


@dataclass(frozen=True)
class LocalNeo4j:
    """A Neo4j server the project starts itself: its home folder and its ports."""

    home: Path
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "2g"
    page_cache: str = "1g"

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
