"""Where the prepared geography files live."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def geo_dir() -> Path:
    """The folder for the postcode index and borough shapes.

    ``MAPPER_GEO_DIR`` if set, else ``$MAPPER_VAR_DIR/geo``, else ``<project root>/var/geo``.
    """
    explicit = os.environ.get("MAPPER_GEO_DIR")
    if explicit:
        return Path(explicit)
    var = os.environ.get("MAPPER_VAR_DIR")
    return (Path(var) if var else PROJECT_ROOT / "var") / "geo"
