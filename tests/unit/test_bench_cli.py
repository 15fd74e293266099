"""`mapper bench` runs its sections from the checkout's bench/, and says so plainly where there is none."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

AS_INSTALLED = """
import sys
from pathlib import Path
sys.path[:] = [p for p in sys.path if p not in ("", sys.argv[1])]
import mapper.cli.bench
mapper.cli.bench.PROJECT_ROOT = Path(sys.argv[2])  # an installed build: no bench/ beside the package
from mapper.cli import main
main(["bench", "--only", "network"])
"""


def test_help_from_the_checkout():
    result = subprocess.run([sys.executable, "-m", "mapper", "bench", "--help"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "--people" in result.stdout and "network" in result.stdout


def test_sections_come_from_the_checkout():
    from mapper.cli.bench import SECTIONS, sections

    modules = sections(list(SECTIONS))
    assert {m.__file__ for m in modules.values()} == {str(ROOT / "bench" / f"{s}.py") for s in SECTIONS}


def test_an_installed_build_says_why_in_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-c", AS_INSTALLED, str(ROOT), str(tmp_path)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Error: benchmarks run from a checkout of the project (bench/ is not part of the installed package): "
        "run `mapper bench` from the project's own environment"]
    assert "Machine:" not in result.stdout  # nothing started
