"""`mapper bench` for organisers: importing 1:1s from a CSV and the person search as you type.

- Import: a generated CSV of 100,000 1:1s among about 50,000 people (500 organisers), previewed
  as an upload is, then imported as a confirmation is (``csv_writing.import_file``: the checks
  again, with batched ``UNWIND`` writes overlapping them, in one transaction: the figure); against a
  row-by-row baseline (one transaction per row, as a naive importer would) measured in the same
  run on a sample of rows of the same shape. The file is imported four times (removed in
  between), as the other sections warm up before they time, and every import is printed: on a
  Neo4j just started Java compiles the write's code during the first (up to twice as long as the
  later ones; a little longer on a Neo4j the other sections have used); the figure is the median of
  the three after the first, each following the removal of the one before (whose clean-up Neo4j
  finishes in the background).
- Search: with 100,000 people in the graph, the type-ahead search (``GET /api/people/search``'s
  service function, through the driver) for typed prefixes such as "fol ad": median and p95.

Everything it writes has ids starting "pbench-" and is removed at the end.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
import statistics
import time
from typing import Callable

from mapper.organising import csv_import as imp
from mapper.organising import csv_writing as writing
from mapper.organising import people
from mapper.db.store import Store

PREFIX = "pbench"
SEED = 4
TIMED = 3  # imports timed after the first; the figure is their median


def _names(rng: random.Random):
    from seeds.south_london.tables import name_pools

    firsts = sorted({f for pool in name_pools().values() for f in pool[0]})
    lasts = sorted({last for pool in name_pools().values() for last in pool[1]})
    return lambda: f"{rng.choice(firsts)} {rng.choice(lasts)}"


def _csv(rows: int, people_count: int, organisers: int, tag: str, rng: random.Random, areas: list[str],
         themes: list[str]) -> bytes:
    name = _names(rng)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(imp.COLUMNS)
    # a number after each name keeps the generated people apart from anyone already in the graph
    org = [(f"{name()} {i}", f"{tag}-org{i}@bench.example.org", rng.choice(areas)) for i in range(organisers)]
    residents = [(f"{name()} {i}", f"{tag}-r{i}@bench.example.org", rng.choice(areas))
                 for i in range(people_count - organisers)]
    start = dt.date(2021, 1, 1)
    for n in range(rows):
        o = org[n % organisers]
        r = residents[n % len(residents)]
        day = start + dt.timedelta(days=(n * 7919) % 1800)
        cells = {"date": day.isoformat(), "organiser_name": o[0], "organiser_email": o[1], "organiser_area": o[2],
                 "person_name": r[0], "person_email": r[1], "person_area": r[2], "place": "Community centre",
                 "themes": "; ".join(rng.sample(themes, rng.randint(1, 2))), "notes": f"Talked about what matters (visit {n})",
                 "follow_up": "Invite to the listening hub" if n % 5 == 0 else "",
                 "follow_up_due": (day + dt.timedelta(days=14)).isoformat() if n % 5 == 0 else "",
                 "consent_recorded": "yes", "consent_named": "yes" if n % 3 else "no", "consent_contact": "yes"}
        writer.writerow([cells.get(c, "") for c in imp.COLUMNS])
    return out.getvalue().encode("utf-8")


def _row_by_row(store: Store, plan: imp.Plan) -> float:
    """The baseline: one transaction per CSV row (its new people, then its 1:1)."""
    pending = {p["id"]: {k: v for k, v in p.items() if k != "row"} for p in plan.new_people}
    began = time.perf_counter()
    for meeting in plan.meetings:
        fresh = [pending.pop(pid) for pid in (meeting["a"], meeting["b"]) if pid in pending]

        def work(tx, fresh=fresh, meeting=meeting):
            if fresh:
                tx.run("create_people", rows=fresh)
            tx.run("create_one_to_ones", rows=[meeting])

        store.transaction(work)
    return time.perf_counter() - began


def _import(store: Store, data: bytes, say: Callable[[str], None], which: str) -> tuple[float, dict]:
    """The file as an organiser imports it: checked at upload (``preview``: the seconds it took),
    then checked again and written when they confirm (``import_file``, the figure: its figures)."""
    began = time.perf_counter()
    plan = imp.preview(store, data, id_prefix=PREFIX)
    checked = time.perf_counter() - began
    assert plan.ok, plan.errors[:5]
    say(f"organisers ({which}): the upload's preview checked and matched {len(plan.meetings):,} rows in "
        f"{checked:.1f} s ({len(plan.new_people):,} people to create)")
    plan, written = writing.import_file(store, data, id_prefix=PREFIX)
    assert written is not None, plan.errors[:5]
    say(f"organisers ({which}): the import checked again and wrote {written['one_to_ones']:,} 1:1s and "
        f"{written['people_created']:,} people in {written['seconds']:.1f} s = {written['rows_per_second']:,} rows/s "
        "(batched UNWIND writes overlapping the checks, one transaction)")
    return checked, written


def _ensure_themes_and_areas(store: Store) -> tuple[list[str], list[str]]:
    from seeds.south_london import tables

    if not store.read("list_themes"):
        store.write("upsert_themes", rows=[{"id": i, "name": n} for i, n in tables.themes()])
    if not store.read("list_areas"):
        store.write("upsert_areas", rows=[{"id": f"area-{c}", "name": n, "code": c} for c, n in tables.areas()])
    return [a["name"] for a in store.read("list_areas")], [t["name"] for t in store.read("list_themes")]


def run(store: Store, say: Callable[[str], None] = print, rows: int = 100_000, people_count: int = 50_000,
        baseline_rows: int = 2_000, search_people: int = 100_000, searches: int = 300) -> dict:
    rng = random.Random(SEED)
    store.autocommit("delete_people_by_prefix", prefix=PREFIX + "-")
    areas, themes = _ensure_themes_and_areas(store)
    results: dict = {}
    try:
        say(f"organisers: generating a CSV of {rows:,} 1:1s among {people_count:,} people...")
        data = _csv(rows, people_count, max(1, min(500, people_count // 100)), "main", rng, areas, themes)
        first_checked, first_written = _import(store, data, say, "first import")
        runs = []
        for n in range(1, TIMED + 1):
            store.autocommit("delete_people_by_prefix", prefix=PREFIX + "-")
            runs.append(_import(store, data, say, f"timed {n} of {TIMED}"))
        checked, written = sorted(runs, key=lambda run: run[1]["rows_per_second"])[TIMED // 2]  # the median
        say(f"organisers: the median of the {TIMED} timed imports: {written['seconds']:.1f} s = "
            f"{written['rows_per_second']:,} rows/s")

        sample = _csv(baseline_rows, baseline_rows, max(1, min(20, baseline_rows // 10)), "base", rng, areas, themes)
        base_plan = imp.preview(store, sample, id_prefix=PREFIX)
        assert base_plan.ok, base_plan.errors[:5]
        base_seconds = _row_by_row(store, base_plan)
        base_rate = baseline_rows / base_seconds
        say(f"organisers: row-by-row baseline (one transaction per row) on {baseline_rows:,} rows: "
            f"{base_seconds:.1f} s = {base_rate:,.0f} rows/s; batched is {written['rows_per_second'] / base_rate:.0f}x faster")
        results["import"] = {"rows": rows, "people_created": written["people_created"],
                             "preview_seconds": round(checked, 2), "import_seconds": written["seconds"],
                             "rows_per_second_with_checks": written["rows_per_second"],
                             "first_preview_seconds": round(first_checked, 2),
                             "first_import_seconds": first_written["seconds"],
                             "first_rows_per_second_with_checks": first_written["rows_per_second"],
                             "timed_rows_per_second": [run[1]["rows_per_second"] for run in runs],
                             "baseline_rows": baseline_rows, "baseline_rows_per_second": round(base_rate),
                             "speedup": round(written["rows_per_second"] / base_rate, 1)}

        have = store.read_one("count_people")["people"]
        extra = max(0, search_people - have)
        name = _names(rng)
        for start in range(0, extra, 10_000):
            batch = [people.person_row(people.new_id(PREFIX), name(), None, None, None)
                     for _ in range(min(10_000, extra - start))]
            store.write("create_people", rows=batch)
        people_now = store.read_one("count_people")["people"]
        say(f"organisers: {people_now:,} people in the graph; timing {searches} type-ahead searches...")
        time.sleep(2.0)  # the full-text index refreshes shortly after a commit
        queries = []
        for _ in range(searches):
            first, last = name().split(" ", 1)
            queries.append(first[:rng.randint(2, 4)] + (" " + last[:rng.randint(1, 3)] if rng.random() < 0.6 else ""))
        for q in queries[:20]:
            people.search(store, q)  # warm up
        times, hits = [], 0
        for q in queries:
            t0 = time.perf_counter()
            found = people.search(store, q)
            times.append((time.perf_counter() - t0) * 1000)
            hits += bool(found)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        say(f"organisers: person search at {people_now:,} people: median {statistics.median(times):.1f} ms, "
            f"p95 {p95:.1f} ms ({hits} of {len(queries)} searches found someone)")
        results["search"] = {"people": people_now, "searches": len(queries), "median_ms": round(statistics.median(times), 1),
                             "p95_ms": round(p95, 1), "found": hits}
    finally:
        store.autocommit("delete_people_by_prefix", prefix=PREFIX + "-")
    return results
