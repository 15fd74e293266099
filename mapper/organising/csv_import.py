"""Importing many 1:1s at once from a CSV (a listening campaign's spreadsheet).

``preview`` reads the file (``csv_format``), checks every cell (a 1:1's fields as ``meeting_fields``
checks them for the form too) and matches the people in it against the graph (``csv_people``):
each bad row is reported with its row number (as a spreadsheet numbers it: the header is row 1),
its column and the reason. Nothing is written unless the whole file is clean; ``write`` then
creates the new people and the 1:1s in one transaction, in batches of ``BATCH`` rows
(``UNWIND``), so that a failure anywhere (a bad row found late, Neo4j going away) leaves
nothing behind. Uploads waiting for confirmation, and the imports running, are ``import_jobs``.

Both halves are built for 100,000 rows (``mapper bench --only organisers``). The checks are one
pass over the rows with every rule looked up in sets and dicts: a date, a themes cell, a yes/no
cell and a side's person cells are checked once per distinct value (``_Checks``, and ``People``
for the people), and a row without formula-like or irregularly spaced cells is fingerprinted
(for repeated rows) as one string. The writes are plain ``CREATE``s with their properties (no
``SET`` after them, so the 1:1s' plan has no Eager): the new people with the consent of their
last 1:1 in the file, the matched people's internal ids read once, the 1:1s by those internal
ids, and the matched people's consent one row a person (the last row wins, as row by row). What
is left is Neo4j's own commit of one large transaction (the store, the 1:1 and name indexes): on
2 shared cores that is about half the write time, and it is what makes the import all or nothing.

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
    COLUMNS, FORMULA_START, NO, YES, Plan, Problem, decode, delimiter, formula_risk, headers, template, yes_no)
from mapper.organising.csv_people import People
from mapper.organising.meeting_fields import (FOLLOW_UP_MAX, NOTES_MAX, PLACE_MAX, check_meeting, check_text,
                                              theme_ids)
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
    checks = _Checks(names, themes, today)
    seen_rows: dict = {}
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
            _row(plan, known, checks, cells_list, row_no, seen_rows)
    except csv.Error as exc:
        plan.problem(row_no + 1, "", f"The file could not be read as CSV: {exc}")
    if plan.rows == 0 and not plan.error_count:
        plan.problem(2, "", "The file has a header but no rows.")
    plan.new_people = list(known.new.values())
    plan.matched = {pid: known.by_id[pid] for m in plan.meetings for pid in (m["a"], m["b"]) if pid in known.by_id}
    if not plan.ok:
        plan.meetings, plan.new_people = [], []
    return plan


# Whitespace a fingerprint would change: anything but a single space between two characters of a
# cell (cells are joined with NUL to be fingerprinted at once).
_IRREGULAR = re.compile(r"[^\S ]|  |^ | $| \x00|\x00 ")
_THEME_SPLIT = re.compile(r"[;|]")
_FORMULA_FIRST = frozenset("".join(FORMULA_START) + " ")
_TEXTS = (("place", PLACE_MAX, "The place"), ("notes", NOTES_MAX, "The notes"),
          ("follow_up", FOLLOW_UP_MAX, "The follow-up"))
_CONSENT_KEYS = ("recorded", "named", "contact")
_YES_NO = {**{v: True for v in YES}, **{v: False for v in NO}}


class _Checks:
    """The rules of a row that depend only on a cell's value, each looked up once per distinct
    value: the date and due date (as ``check_meeting`` checks them), the themes, yes/no cells."""

    def __init__(self, names: list[str], themes: list[dict], today: dt.date):
        self.names = names
        self.columns = [(i, name) for i, name in enumerate(names) if name]
        self.fingerprinted = [names.index(c) if c in names else None for c in COLUMNS]
        self.has_consent = any(f"consent_{k}" in names for k in _CONSENT_KEYS)
        self.themes, self.today = themes, today
        self._dates: dict[tuple[str, str], tuple] = {}
        self._themes: dict[str, tuple[list[str], list[str]]] = {}

    def fingerprint(self, values: list[str]):
        """The row as compared for repeats: each cell's words in lower case, the COLUMNS' cells only."""
        n = len(values)
        cells = [values[i] if i is not None and i < n else "" for i in self.fingerprinted]
        joined = "\x00".join(cells)
        if joined.count("\x00") != len(cells) - 1:  # a NUL inside a cell: compare cell by cell
            return tuple(" ".join(c.split()).lower() for c in cells)
        if _IRREGULAR.search(joined):
            joined = "\x00".join(" ".join(c.split()) for c in cells)
        return joined.lower()

    def dates(self, date: str, due: str) -> tuple:
        """(date, due, errors of the date and due date), as ``check_meeting`` finds them."""
        key = (date, due)
        found = self._dates.get(key)
        if found is None:
            values, errors = check_meeting({"date": date, "follow_up_due": due}, self.today, due_needed=False)
            found = self._dates[key] = (values["date"], values["follow_up_due"],
                                        {k: v for k, v in errors.items() if k in ("date", "follow_up_due")})
        return found

    def theme_ids(self, cell: str) -> tuple[list[str], list[str]]:
        found = self._themes.get(cell)
        if found is None:
            found = self._themes[cell] = theme_ids(_THEME_SPLIT.split(cell), self.themes)
        return found


def _row(plan: Plan, known: People, checks: _Checks, values: list[str], row_no: int, seen_rows: dict) -> None:
    names = checks.names
    if len(values) > len(names):
        plan.problem(row_no, "", f"This row has {len(values)} cells but the header has {len(names)} columns.")
        return
    n = len(values)
    cells = {name: (values[i] if i < n else "") for i, name in checks.columns}
    before = plan.error_count
    formulas: list[str] = []
    # A formula cell is reported, and the row's other cells are still checked (every error of a
    # row is reported at once); a formula cell is not checked again for what it holds.
    for column, value in cells.items():
        if value and value[0] in _FORMULA_FIRST and formula_risk(value.lstrip(" "), column):
            formulas.append(column)
    if formulas:
        for column in formulas:
            plan.problem(row_no, column, "This cell starts like a spreadsheet formula (=, +, -, @): "
                                         "formulas are refused; remove the first character.")
            cells[column] = ""
    else:
        fingerprint = checks.fingerprint(values)
        earlier = seen_rows.get(fingerprint)
        if earlier is not None:
            plan.problem(row_no, "", f"This row repeats row {earlier}.")
            return
        seen_rows[fingerprint] = row_no
    report = _Quiet(plan, set(formulas)) if formulas else plan
    get = cells.get
    date, due, date_errors = checks.dates(get("date", ""), get("follow_up_due", ""))
    if "date" in date_errors:
        report.problem(row_no, "date", date_errors["date"])
    texts = {}
    for key, limit, label in _TEXTS:
        texts[key], err = check_text(get(key), limit, label)
        if err:
            report.problem(row_no, key, err)
    if "follow_up_due" in date_errors:
        report.problem(row_no, "follow_up_due", date_errors["follow_up_due"])
    ids, unknown = checks.theme_ids(get("themes", ""))
    if unknown:
        report.problem(row_no, "themes", "Unknown theme: " + ", ".join(f"'{u}'" for u in unknown[:3])
                       + "; use the theme names of the template.")
    consent = {}
    for key in _CONSENT_KEYS:
        column = f"consent_{key}"
        cell = get(column, "")
        given = _YES_NO.get(cell)
        if given is None:
            given = _YES_NO.get(cell.strip().lower())
            if given is None:
                given = yes_no(cell, column, row_no, report)
        consent[key] = given
    a = known.resolve(cells, "organiser", row_no, report)
    b = known.resolve(cells, "person", row_no, report)
    if a and b and a[1] == b[1]:
        report.problem(row_no, "person_name", "The organiser and the person met are the same person.")
    if consent["named"] or consent["contact"]:
        for scope, message in consent_rules.refusals(consent).items():
            report.problem(row_no, f"consent_{scope}", message)
    if b and b[0] == "new" and not consent["recorded"]:
        for key in ("email", "phone"):
            if get(f"person_{key}", "").strip():
                report.problem(row_no, f"person_{key}", consent_rules.NO_CONTACT_KEPT)
    if plan.error_count > before:
        return
    consent["date"] = date
    plan.meetings.append({"a": a[1], "b": b[1], "consent": consent if checks.has_consent else None,
                          "props": {"id": "oto-" + secrets.token_hex(6), "date": date, "by": a[1], "themes": list(ids),
                                    "notes": texts["notes"], "place": texts["place"],
                                    "follow_up": texts["follow_up"], "follow_up_due": due,
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


GONE = ("Some people in the file are no longer in the graph (merged or removed since the preview); nothing "
        "was written. Check the file again.")


def write(store, plan: Plan, progress: Callable[[int, int], None] | None = None,
          batch: int = BATCH, fail_after: int | None = None) -> dict:
    """Create the new people and the 1:1s of a clean plan in one transaction, in batches.

    ``fail_after`` (tests) makes the transaction fail after that many rows have been sent,
    to show that nothing stays behind."""
    if not plan.ok:
        raise ImportFailed(f"The file has {plan.error_count} problems; nothing was written.")
    last_consent = {m["b"]: m["consent"] for m in plan.meetings if m["consent"] is not None}
    new_people = [_new_person(p, last_consent.get(p["id"])) for p in plan.new_people]
    new_ids = {p["id"] for p in new_people}
    known = list(dict.fromkeys(pid for m in plan.meetings for pid in (m["a"], m["b"]) if pid not in new_ids))
    known_consent = [{"id": pid, **consent} for pid, consent in last_consent.items() if pid not in new_ids]
    total = len(new_people) + len(plan.meetings)

    def work(tx):
        # Each kind of batch is sent one after another without waiting for each answer (the driver
        # pipelines them: the next batch is prepared here while Neo4j writes this one); the answers
        # are read and checked after the last is sent.
        done = 0
        nodes: dict[str, str] = {}
        sent = []
        for start in range(0, len(new_people), batch):
            chunk = new_people[start:start + batch]
            sent.append((len(chunk), tx.send("import_people", rows=chunk)))
            done += len(chunk)
            if progress:
                progress(done, total)
        for size, answer in sent:
            made = answer()[0]["made"]
            if len(made) != size:
                raise ImportFailed("Some people could not be created; nothing was written.")
            nodes.update(made)
        for start in range(0, len(known), batch):
            nodes.update((r["id"], r["node"]) for r in tx.run("import_people_found", ids=known[start:start + batch]))
        sent = []
        for start in range(0, len(plan.meetings), batch):
            if fail_after is not None and done >= fail_after:
                raise ImportFailed("Stopped on purpose part way; nothing was written.")
            chunk = [_meeting_row(m, nodes, new_ids) for m in plan.meetings[start:start + batch]]
            if any(row is None for row in chunk):
                raise ImportFailed(GONE)
            sent.append((len(chunk), tx.send("import_one_to_ones", rows=chunk)))
            done += len(chunk)
            if progress:
                progress(done, total)
        if any(answer()[0]["created"] != size for size, answer in sent):
            raise ImportFailed(GONE)
        for start in range(0, len(known_consent), batch):
            tx.run("import_consent", rows=known_consent[start:start + batch])
        return done

    began = time.perf_counter()
    store.transaction(work)
    seconds = time.perf_counter() - began
    return {"one_to_ones": len(plan.meetings), "people_created": len(new_people),
            "people_matched": len(plan.matched), "seconds": round(seconds, 2),
            "rows_per_second": round(len(plan.meetings) / seconds) if seconds else None}


def _new_person(person: dict, consent: dict | None) -> dict:
    """A new person as ``import_people`` takes them: flat, with the consent of their last 1:1."""
    row = {"id": person["id"], "area": person["area"], **person["props"]}
    consent = consent or {}
    row.update(consent_recorded=consent.get("recorded"), consent_named=consent.get("named"),
               consent_contact=consent.get("contact"), consent_date=_iso(consent.get("date")))
    return row


def _meeting_row(meeting: dict, nodes: dict[str, str], new_ids: set[str]) -> dict | None:
    """A 1:1 as ``import_one_to_ones`` takes it: both people by internal id (a person matched in
    the graph checked by id too); None when one of them was not found."""
    a, b = nodes.get(meeting["a"]), nodes.get(meeting["b"])
    if a is None or b is None:
        return None
    props = meeting["props"]
    return {**props, "date": _iso(props["date"]), "follow_up_due": _iso(props["follow_up_due"]),
            "a_node": a, "b_node": b,
            "a_known": None if meeting["a"] in new_ids else meeting["a"],
            "b_known": None if meeting["b"] in new_ids else meeting["b"]}


def _iso(day: dt.date | None) -> str | None:
    """A date as the import's queries take it: text Neo4j reads with date() (the driver's packing
    of date objects took more of the write than Neo4j's reading of the text)."""
    return None if day is None else day.isoformat()


def read_file(path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()
