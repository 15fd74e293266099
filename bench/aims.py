"""The speed aims for a deployment ready to outgrow one machine, in one table at the end of
``mapper bench``: each figure of this run beside its baseline from the same run and the aim
(sections not run are left out).

>>> print("\\n".join(table({"backup": {"backup_s": 12.3, "baseline_backup_s": 68.1}})))
  measure                                   this run                              baseline (same run)                         aim
  backup of the synthetic network           12.3 s                                68.1 s                                      < 30 s met
"""
from __future__ import annotations

from typing import Callable, Iterator

Row = tuple[str, str, str, str, bool]


def _import(figures: dict) -> Iterator[Row]:
    got = figures.get("import")
    if got:
        first = got.get("first_rows_per_second_with_checks")
        timed = got.get("timed_rows_per_second")
        yield ("CSV import of 1:1s, checks included", f"{got['rows_per_second_with_checks']:,} rows/s"
               + (f", the median of {', '.join(f'{r:,}' for r in timed)}" if timed else "")
               + (f" (the first on this Neo4j: {first:,})" if first else ""),
               f"{got['baseline_rows_per_second']:,} rows/s row by row", ">= 10,000 rows/s",
               got["rows_per_second_with_checks"] >= 10_000)


def _directory(figures: dict) -> Iterator[Row]:
    served, before = figures.get("search_as_served"), figures.get("baseline_point_index_queries")
    if served and before:
        yield ("public search with filters, p95", f"{served['p95_ms']} ms", f"{before['p95_ms']} ms",
               "< 50 ms", served["p95_ms"] < 50)
    page = figures.get("map_page") or {}
    if "worst_s" in page:
        baseline = f"{page['baseline_before_median_s']} s" if "baseline_before_median_s" in page else "skipped"
        yield ("map page, every asset (Chromium)",
               f"{page['best_s']} s warm, {page['after_write_s']} s {page['after_write_pause_s']:g} s after a write "
               f"({page['at_once_after_write_s']} s at once; {page['first_s']} s on a process just started)",
               baseline, "< 1 s", page["worst_s"] < 1.0)


def _load(figures: dict) -> Iterator[Row]:
    one, three = figures.get("one process") or {}, figures.get("three processes behind nginx") or {}
    baseline = f"{one['total_rps']} req/s, p95 {one['p95_ms']} ms (one process)" if "p95_ms" in one else "skipped"
    for name, got in (("one process", one), ("three behind nginx", three)):
        if "p95_ms" in got:
            yield (f"50 clients, {name}", f"{got['total_rps']} req/s, p95 {got['p95_ms']} ms, {got['errors']} errors",
                   baseline if got is three else "", "p95 < 300 ms, 0 errors",
                   got["p95_ms"] < 300 and got["errors"] == 0)


def _backup(figures: dict) -> Iterator[Row]:
    for step in ("backup", "restore"):
        if f"{step}_s" in figures:
            baseline = figures.get(f"baseline_{step}_s")
            yield (f"{step} of the synthetic network", f"{figures[f'{step}_s']:.1f} s",
                   f"{baseline:.1f} s" if baseline is not None else "skipped", "< 30 s", figures[f"{step}_s"] < 30)


SECTIONS: dict[str, Callable[[dict], Iterator[Row]]] = {
    "organisers": _import, "directory": _directory, "load": _load, "backup": _backup}


def table(sections: dict) -> list[str]:
    """The lines of the table for the sections' figures (``mapper bench``'s results by section)."""
    rows = [row for name, figures in sections.items() if name in SECTIONS and isinstance(figures, dict)
            for row in SECTIONS[name](figures)]
    if not rows:
        return []
    lines = [f"  {'measure':<40}  {'this run':<36}  {'baseline (same run)':<42}  aim"]
    for measure, got, baseline, aim, met in rows:
        lines.append(f"  {measure:<40}  {got:<36}  {baseline:<42}  {aim} {'met' if met else 'NOT met'}")
    return lines
