"""Checking a CSV of 1:1s (a listening campaign's spreadsheet) before it is imported.

``preview`` reads the file (``csv_format``), checks every cell (a 1:1's fields as ``meeting_fields``
checks them for the form too) and matches the people in it against the graph (``csv_people``):
each bad row is reported with its row number (as a spreadsheet numbers it: the header is row 1),
its column and the reason. Nothing is written unless the whole file is clean. The import itself
(``csv_writing``) makes the same ``Checking`` pass again, against the graph as it is when the
organiser confirms, writing each batch of rows as soon as it is checked. Uploads waiting for
confirmation, and the imports running, are ``import_jobs``.

The checks are built for 100,000 rows (``mapper bench --only organisers``): one pass over the rows
with every rule looked up in sets and dicts: a date, a themes cell, a yes/no cell and a side's
person cells are checked once per distinct value (``_Checks``, and ``People`` for the people), and
a row's cells are joined into one string to be looked at at once: a plain row (printable, single
spaced) needs no tidying, and is fingerprinted (for repeated rows) as that string in lower case.
The cycle collector is paused meanwhile (``mapper.collector``).

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import secrets
from operator import itemgetter
from typing import Callable, Iterator

from mapper import collector

from mapper.organising.csv_format import (  # noqa: F401  (the file's format is the import's vocabulary)
    COLUMNS, FORMULA_START, NO, YES, Plan, Problem, decode, delimiter, formula_risk, headers, template, yes_no)
from mapper.organising.csv_people import People
from mapper.organising.meeting_fields import (FOLLOW_UP_MAX, NOTES_MAX, PLACE_MAX, check_meeting, check_text,
                                              theme_ids)
from mapper.privacy import consent as consent_rules

MAX_ROWS = 200_000


def preview(store, data: bytes, today: dt.date | None = None,
            progress: Callable[[str], None] | None = None, id_prefix: str = "p") -> Plan:
    """Check and match every row; nothing is written. New people get ids "<id_prefix>-<hex>"."""
    with collector.paused():
        checking = Checking(data, today, id_prefix)
        if checking.readable:
            checking.against(store.read("list_themes"), store.read("list_areas"),
                             store.read_values("people_keys")[0][0])
            for _ in checking.rows(20000):
                if progress:
                    progress(f"checked {checking.plan.rows:,} rows")
        return checking.finish()


class Checking:
    """One pass of the checks over a file, as ``preview`` and the import (``csv_writing``) make it:
    the file opened (its encoding and header checked), then ``against`` the graph's themes, areas
    and people, then ``rows`` checked in steps, and ``finish`` says what the file would write."""

    def __init__(self, data: bytes, today: dt.date | None = None, id_prefix: str = "p"):
        self.plan = Plan()
        self.today, self.id_prefix = today or dt.date.today(), id_prefix
        self.known: People | None = None
        self.lines = 0  # the file's lines after the header: an estimate of its rows, for progress
        self._reader, self._names = self._open(data)

    @property
    def readable(self) -> bool:
        """Whether the file could be read and its header is right (else the plan says why)."""
        return self._reader is not None

    def _open(self, data: bytes):
        text = decode(data, self.plan)
        if text is None:
            return None, None
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
        try:
            header = next(reader)
        except (StopIteration, csv.Error) as exc:
            self.plan.problem(1, "", f"The file could not be read as CSV: {exc}")
            return None, None
        names = headers(header, self.plan)
        if names is None:
            return None, None
        breaks = max(text.count("\n"), text.count("\r"))  # (a file may end its lines with either, or both)
        self.lines = max(0, breaks - 1 + (not text.endswith(("\n", "\r"))))
        return reader, names

    def against(self, themes: list[dict], areas: list[dict], everyone: list[list]) -> None:
        """The graph the rows are checked and matched against (``everyone``: the ``people_keys``)."""
        self.known = People(everyone, areas, self.id_prefix)
        self._checks = _Checks(self._names, themes, self.today)

    def rows(self, step: int) -> Iterator[None]:
        """Check the rows, each clean one added to ``plan.meetings``; pauses after every ``step``
        rows (not after the last ones)."""
        plan, reader, known, checks = self.plan, self._reader, self.known, self._checks
        seen_rows: dict = {}
        row_no = 1
        try:
            for cells_list in reader:
                row_no = reader.line_num  # physical line where the row ends (quoted cells may span lines)
                if not (cells_list and cells_list[0].strip()) and not any(c.strip() for c in cells_list):
                    continue  # a blank row
                plan.rows += 1
                if plan.rows > MAX_ROWS:
                    plan.problem(row_no, "", f"The file has more than {MAX_ROWS:,} rows: split it into smaller files.")
                    break
                _row(plan, known, checks, cells_list, row_no, seen_rows)
                if plan.rows % step == 0:
                    yield
        except csv.Error as exc:
            plan.problem(row_no + 1, "", f"The file could not be read as CSV: {exc}")

    def finish(self) -> Plan:
        """The plan once every row is checked: the new people and the people matched; when any
        row is bad, the problems only."""
        plan, known = self.plan, self.known
        if self.readable and plan.rows == 0 and not plan.error_count:
            plan.problem(2, "", "The file has a header but no rows.")
        if known is not None:
            plan.new_people = list(known.made)
            plan.matched = {pid: known.by_id[pid] for m in plan.meetings for pid in (m["a"], m["b"])
                            if pid in known.by_id}
        if not plan.ok:
            plan.meetings, plan.new_people = [], []
        return plan


# A row's cells are joined with NUL to be looked at at once; a cell starting with one of these
# may be a formula (a space too: " =1+1" is one once trimmed).
_FORMULA_FIRST = frozenset("".join(FORMULA_START) + " ")
_FORMULA_AFTER_NUL = re.compile("\x00[" + re.escape("".join(sorted(_FORMULA_FIRST))) + "]")
_THEME_SPLIT = re.compile(r"[;|]")
_TEXTS = (("place", PLACE_MAX, "The place"), ("notes", NOTES_MAX, "The notes"),
          ("follow_up", FOLLOW_UP_MAX, "The follow-up"))
_CONSENT_KEYS = ("recorded", "named", "contact")
_YES_NO = {**{v: True for v in YES}, **{v: False for v in NO}}


class _Checks:
    """The rules of a row that depend only on a cell's value, each looked up once per distinct
    value: the date and due date (as ``check_meeting`` checks them), the themes, yes/no cells."""

    def __init__(self, names: list[str], themes: list[dict], today: dt.date):
        self.names, self.width = names, len(names)
        named = [i for i, name in enumerate(names) if name]  # a column without a header is not read
        self.named = [names[i] for i in named]
        self._pick = itemgetter(*named) if len(named) > 1 else (lambda values: (values[named[0]],))
        self.has_consent = any(f"consent_{k}" in names for k in _CONSENT_KEYS)
        self.themes, self.today = themes, today
        self._dates: dict[tuple[str, str], tuple] = {}
        self._themes: dict[str, tuple[list[str], list[str]]] = {}
        self.meeting_ids = _random_hex(12)

    def cells(self, values: list[str]) -> tuple[tuple[str, ...], str, bool]:
        """A row's cells under a header (in the file's order; missing ones empty), joined by NUL,
        and whether they are plain: printable (no tab, line break, NUL or control character),
        single-spaced and with no space at either end, so that no cell needs tidying."""
        if len(values) < self.width:
            values = values + [""] * (self.width - len(values))
        picked = self._pick(values)
        joined = "\x00".join(picked)
        plain = (all(map(str.isprintable, picked)) and "  " not in joined and " \x00" not in joined
                 and "\x00 " not in joined and joined[:1] != " " and joined[-1:] != " ")
        return picked, joined, plain

    @staticmethod
    def fingerprint(picked: tuple[str, ...], joined: str, plain: bool):
        """The row as compared for repeats (given what ``cells`` gives): each cell's words in lower case."""
        if plain:
            return joined.lower()
        if joined.count("\x00") != len(picked) - 1:  # a NUL inside a cell: compare cell by cell
            return tuple(" ".join(c.split()).lower() for c in picked)
        return "\x00".join(" ".join(c.split()) for c in picked).lower()

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


def _random_hex(width: int) -> Iterator[str]:
    """Random hex strings of ``width`` characters (the system's secure source, read 4,096 at a time)."""
    while True:
        pool = secrets.token_hex(width * 2048)
        yield from (pool[i:i + width] for i in range(0, len(pool), width))


def _row(plan: Plan, known: People, checks: _Checks, values: list[str], row_no: int, seen_rows: dict) -> None:
    names = checks.names
    if len(values) > len(names):
        plan.problem(row_no, "", f"This row has {len(values)} cells but the header has {len(names)} columns.")
        return
    picked, joined, plain = checks.cells(values)
    cells = dict(zip(checks.named, picked))
    before = plan.error_count
    formulas: list[str] = []
    # A formula cell is reported, and the row's other cells are still checked (every error of a
    # row is reported at once); a formula cell is not checked again for what it holds.
    if joined[:1] in _FORMULA_FIRST or _FORMULA_AFTER_NUL.search(joined):
        for column, value in cells.items():
            if value and value[0] in _FORMULA_FIRST and formula_risk(value.lstrip(" "), column):
                formulas.append(column)
    if formulas:
        for column in formulas:
            plan.problem(row_no, column, "This cell starts like a spreadsheet formula (=, +, -, @): "
                                         "formulas are refused; remove the first character.")
            cells[column] = ""
    else:
        fingerprint = checks.fingerprint(picked, joined, plain)
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
        value = get(key)
        if plain and (not value or len(value) <= limit):  # (nothing for check_text to trim or refuse)
            texts[key] = value or None
            continue
        texts[key], err = check_text(value, limit, label)
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
                          "props": {"id": "oto-" + next(checks.meeting_ids), "date": date, "by": a[1],
                                    "themes": list(ids), "notes": texts["notes"], "place": texts["place"],
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


def read_file(path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()
