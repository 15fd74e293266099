"""Importing many 1:1s at once from a CSV (a listening campaign's spreadsheet).

``preview`` reads the file (``csv_format``), checks every cell (a 1:1's fields as ``meeting_fields``
checks them for the form too) and matches the people in it against the graph (``csv_people``):
each bad row is reported with its row number (as a spreadsheet numbers it: the header is row 1),
its column and the reason. Nothing is written unless the whole file is clean; ``write`` then
creates the new people and the 1:1s in one transaction, in batches of ``BATCH`` rows
(``UNWIND``), so that a failure anywhere (a bad row found late, Neo4j going away) leaves
nothing behind. Uploads waiting for confirmation, and the imports running, are ``import_jobs``.

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import secrets
import time
from typing import Callable

from mapper.organising.csv_format import (  # noqa: F401  (the file's format is the import's vocabulary)
    COLUMNS, Plan, Problem, decode, delimiter, formula_risk, headers, template, yes_no)
from mapper.organising.csv_people import People
from mapper.organising.meeting_fields import check_meeting, theme_ids
from mapper.privacy import consent as consent_rules

BATCH = 5000
MAX_ROWS = 200_000


def preview(store, data: bytes, today: dt.date | None = None,
            progress: Callable[[str], None] | None = None, id_prefix: str = "p") -> Plan:
    """Check and match every row; nothing is written. New people get ids "<id_prefix>-<hex>"."""
    today = today or dt.date.today()
    plan = Plan()
    text = decode(data, plan)
    if text is None:
        return plan
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        plan.problem(1, "", f"The file could not be read as CSV: {exc}")
        return plan
    names = headers(header, plan)
    if names is None:
        return plan
    themes = store.read("list_themes")
    areas = store.read("list_areas")
    known = People(store, areas, id_prefix)
    seen_rows: dict[tuple, int] = {}
    row_no = 1
    try:
        for cells_list in reader:
            row_no = reader.line_num  # physical line where the row ends (quoted cells may span lines)
            if not any(c.strip() for c in cells_list):
                continue
            plan.rows += 1
            if plan.rows > MAX_ROWS:
                plan.problem(row_no, "", f"The file has more than {MAX_ROWS:,} rows: split it into smaller files.")
                break
            if progress and plan.rows % 20000 == 0:
                progress(f"checked {plan.rows:,} rows")
            _row(plan, known, names, cells_list, row_no, seen_rows, themes, today)
    except csv.Error as exc:
        plan.problem(row_no + 1, "", f"The file could not be read as CSV: {exc}")
    if plan.rows == 0 and not plan.error_count:
        plan.problem(2, "", "The file has a header but no rows.")
    plan.new_people = list(known.new.values())
    plan.matched = {pid: known.by_id[pid] for m in plan.meetings for pid in (m["a"], m["b"]) if pid in known.by_id}
    if not plan.ok:
        plan.meetings, plan.new_people = [], []
    return plan


def _row(plan: Plan, known: People, names: list[str], values: list[str], row_no: int, seen_rows: dict,
         themes: list[dict], today: dt.date) -> None:
    if len(values) > len(names):
        plan.problem(row_no, "", f"This row has {len(values)} cells but the header has {len(names)} columns.")
        return
    cells = {name: (values[i] if i < len(values) else "") for i, name in enumerate(names) if name}
    before = plan.error_count
    formulas: set[str] = set()
    # A formula cell is reported, and the row's other cells are still checked (every error of a
    # row is reported at once); a formula cell is not checked again for what it holds.
    for column, value in list(cells.items()):
        if formula_risk(value.lstrip(" "), column):
            plan.problem(row_no, column, "This cell starts like a spreadsheet formula (=, +, -, @): "
                                         "formulas are refused; remove the first character.")
            cells[column] = ""
            formulas.add(column)
    fingerprint = tuple(" ".join(cells.get(c, "").split()).lower() for c in COLUMNS)
    if plan.error_count > before:
        fingerprint = None
    elif fingerprint in seen_rows:
        plan.problem(row_no, "", f"This row repeats row {seen_rows[fingerprint]}.")
        return
    if fingerprint is not None:
        seen_rows[fingerprint] = row_no
    plan = _Quiet(plan, formulas)
    meeting, errors = check_meeting(cells, today, due_needed=False)
    for column, err in errors.items():
        plan.problem(row_no, column, err)
    date = meeting["date"]
    ids, unknown = theme_ids(re.split(r"[;|]", cells.get("themes", "")), themes)
    if unknown:
        plan.problem(row_no, "themes", "Unknown theme: " + ", ".join(f"'{u}'" for u in unknown[:3])
                     + "; use the theme names of the template.")
    consent = {}
    has_consent = any(f"consent_{k}" in cells for k in ("recorded", "named", "contact"))
    for key in ("recorded", "named", "contact"):
        consent[key] = yes_no(cells.get(f"consent_{key}", ""), f"consent_{key}", row_no, plan)
    a = known.resolve(cells, "organiser", row_no, plan)
    b = known.resolve(cells, "person", row_no, plan)
    if a and b and a[1] == b[1]:
        plan.problem(row_no, "person_name", "The organiser and the person met are the same person.")
    for scope, message in consent_rules.refusals(consent).items():
        plan.problem(row_no, f"consent_{scope}", message)
    if b and b[0] == "new" and not consent["recorded"]:
        for key in ("email", "phone"):
            if cells.get(f"person_{key}", "").strip():
                plan.problem(row_no, f"person_{key}", consent_rules.NO_CONTACT_KEPT)
    if plan.error_count > before:
        return
    consent["date"] = date
    plan.meetings.append({"a": a[1], "b": b[1], "consent": consent if has_consent else None,
                          "props": {"id": "oto-" + secrets.token_hex(6), "date": date, "by": a[1], "themes": ids,
                                    "notes": meeting["notes"], "place": meeting["place"],
                                    "follow_up": meeting["follow_up"], "follow_up_due": meeting["follow_up_due"],
                                    "source": "import"}})
    if len(plan.sample) < 20:
        plan.sample.append({"row": row_no, "date": date.isoformat(), "organiser": cells.get("organiser_name") or a[1],
                            "organiser_status": a[0], "person": cells.get("person_name") or b[1],
                            "person_status": b[0]})


class _Quiet:
    """The plan, for the rest of a row's checks: a cell refused as a formula is not reported again
    (as missing, say) when the row's other cells are checked."""

    def __init__(self, plan: Plan, formulas: set[str]):
        self._plan, self._formulas = plan, formulas

    def __getattr__(self, name):
        return getattr(self._plan, name)

    def problem(self, row: int, column: str, reason: str) -> None:
        if column not in self._formulas:
            self._plan.problem(row, column, reason)


class ImportFailed(RuntimeError):
    """Nothing was written; the message says why."""


def write(store, plan: Plan, progress: Callable[[int, int], None] | None = None,
          batch: int = BATCH, fail_after: int | None = None) -> dict:
    """Create the new people and the 1:1s of a clean plan in one transaction, in batches.

    ``fail_after`` (tests) makes the transaction fail after that many rows have been sent,
    to show that nothing stays behind."""
    if not plan.ok:
        raise ImportFailed(f"The file has {plan.error_count} problems; nothing was written.")
    new_people = [{k: v for k, v in p.items() if k != "row"} for p in plan.new_people]
    total = len(new_people) + len(plan.meetings)

    def work(tx):
        done = 0
        for start in range(0, len(new_people), batch):
            chunk = new_people[start:start + batch]
            created = tx.run("create_people", rows=chunk)[0]["created"]
            if created != len(chunk):
                raise ImportFailed("Some people could not be created; nothing was written.")
            done += len(chunk)
            if progress:
                progress(done, total)
        for start in range(0, len(plan.meetings), batch):
            chunk = plan.meetings[start:start + batch]
            if fail_after is not None and done >= fail_after:
                raise ImportFailed("Stopped on purpose part way; nothing was written.")
            created = tx.run("create_one_to_ones", rows=chunk)[0]["created"]
            if any(row.get("consent") is not None for row in chunk):
                tx.run("one_to_ones_consent", rows=chunk)
            if created != len(chunk):
                raise ImportFailed("Some people in the file are no longer in the graph (merged or removed since "
                                   "the preview); nothing was written. Check the file again.")
            done += len(chunk)
            if progress:
                progress(done, total)
        return done

    began = time.perf_counter()
    store.transaction(work)
    seconds = time.perf_counter() - began
    return {"one_to_ones": len(plan.meetings), "people_created": len(new_people),
            "people_matched": len(plan.matched), "seconds": round(seconds, 2),
            "rows_per_second": round(len(plan.meetings) / seconds) if seconds else None}


def read_file(path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()
