"""The CSV of 1:1s a listening campaign keeps: its columns, the template to download, and how a
file is read (text encoding, headers, cells a spreadsheet would run as formulas, yes/no cells),
with every problem reported by row (as a spreadsheet numbers it: the header is row 1) and column.

>>> formula_risk("=HYPERLINK(\\"http://x\\")", "notes")
True
>>> formula_risk("+44 7700 900123", "person_phone"), formula_risk("Met at the café", "notes")
(False, False)
"""
from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field

SIDES = ("organiser", "person")
PERSON_FIELDS = ("id", "name", "email", "phone", "area")
COLUMNS = (["date"] + [f"organiser_{f}" for f in PERSON_FIELDS] + [f"person_{f}" for f in PERSON_FIELDS]
           + ["place", "themes", "notes", "follow_up", "follow_up_due",
              "consent_recorded", "consent_named", "consent_contact"])
MAX_ERRORS = 5000
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
FORMULA_START = ("=", "@", "\t", "\r", "+", "-")
NUMBER = re.compile(r"^[+-]?[0-9][0-9 ().]*$")


def formula_risk(value: str, column: str) -> bool:
    """A cell a spreadsheet would run as a formula (=, @, +, -, tab or carriage return first),
    other than a plain number such as a phone number."""
    if not value or not value.startswith(FORMULA_START):
        return False
    return not (value[0] in "+-" and NUMBER.match(value))


@dataclass
class Problem:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}

    def __str__(self) -> str:
        return f"row {self.row}, {self.column or 'file'}: {self.reason}"


@dataclass
class Plan:
    """What a clean file would write, and what was found wrong."""
    errors: list[Problem] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    new_people: list[dict] = field(default_factory=list)
    matched: dict = field(default_factory=dict)  # id -> name
    meetings: list[dict] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.rows > 0

    def problem(self, row: int, column: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(Problem(row, column, reason))

    def summary(self) -> dict:
        return {"ok": self.ok, "rows": self.rows, "one_to_ones": len(self.meetings),
                "people_to_create": len(self.new_people), "people_matched": len(self.matched),
                "errors": [e.as_dict() for e in self.errors], "error_count": self.error_count}


def template(store=None) -> str:
    """The CSV template: the header and two example rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    example_theme = "Loneliness and isolation; Housing"
    writer.writerow(["2025-03-14", "", "Amina Yusuf", "", "", "Lewisham", "", "Grace Adeyemi",
                     "grace@example.org", "07700 900001", "Lewisham", "Library café", example_theme,
                     "Cares for her mum; wants a carers' group nearby", "Send the carers' group times",
                     "2025-03-28", "yes", "yes", "yes"])
    writer.writerow(["14/03/2025", "", "Amina Yusuf", "", "", "Lewisham", "", "Sam Okoye", "", "", "Lewisham",
                     "", "Work and wages", "", "", "", "yes", "no", "yes"])
    return out.getvalue()


def decode(data: bytes, plan: Plan) -> str | None:
    """The file as text: UTF-8 (with or without a byte-order mark), or UTF-16 with its byte-order
    mark, as Excel saves "Unicode text"; anything else is reported.

    >>> decode("date\\tperson_name\\r\\n".encode("utf-16"), Plan())
    'date\\tperson_name\\r\\n'
    >>> decode(b"\\xef\\xbb\\xbfdate,x", Plan())
    'date,x'
    """
    if not data.strip():
        plan.problem(1, "", "The file is empty.")
        return None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            plan.problem(1, "", "The file starts as UTF-16 text but cannot be read as it: save it as 'CSV UTF-8'.")
            return None
        return text.lstrip("\ufeff") if text.strip() else _empty(plan)
    if b"\x00" in data[:4096]:
        plan.problem(1, "", "This is not a text CSV file (it looks like a spreadsheet or other binary file): "
                            "save it as 'CSV UTF-8'.")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[:exc.start].count(b"\n") + 1
        plan.problem(row, "", f"The file is not UTF-8 text (byte 0x{data[exc.start]:02x} on row {row}): "
                              "save it from your spreadsheet as 'CSV UTF-8'.")
        return None


def _empty(plan: Plan) -> None:
    plan.problem(1, "", "The file is empty.")
    return None


DELIMITERS = (",", ";", "\t")


def delimiter(text: str) -> str:
    """The separator of the file's cells: comma, semicolon (spreadsheets set to UK or European
    locales) or tab (Excel's "Unicode text"), whichever splits the header into the most known
    columns (ties: the most cells; a comma when nothing tells).

    >>> delimiter("date;person_name;notes\\n"), delimiter("date\\tperson_name\\n"), delimiter("date,notes\\n")
    (';', '\\t', ',')
    >>> delimiter("Date; Organiser name, Jr; Person name\\n")
    ';'
    """
    first = text.split("\n", 1)[0]
    best, best_score = ",", (-1, -1)
    for sep in DELIMITERS:
        try:
            cells = next(csv.reader([first], delimiter=sep), [])
        except csv.Error:
            continue
        names = [c.strip().lower().replace(" ", "_") for c in cells]
        score = (sum(1 for n in names if n in COLUMNS), len(cells))
        if score > best_score:
            best, best_score = sep, score
    return best


def headers(header: list[str], plan: Plan) -> list[str] | None:
    names = [h.strip().lower().replace(" ", "_") for h in header]
    bad = False
    seen = set()
    for name in names:
        if name in seen:
            plan.problem(1, name, "This column appears twice.")
            bad = True
        seen.add(name)
        if name and name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            plan.problem(1, name, "Unknown column" + (f" (did you mean '{close[0]}'?)" if close else "")
                         + "; download the template for the expected headers.")
            bad = True
    for needed in ("date",):
        if needed not in seen:
            plan.problem(1, needed, "This column is missing; download the template for the expected headers.")
            bad = True
    for side in SIDES:
        if f"{side}_id" not in seen and f"{side}_name" not in seen:
            plan.problem(1, f"{side}_name", f"A '{side}_name' or '{side}_id' column is needed.")
            bad = True
    return None if bad else names


def yes_no(value: str, column: str, row_no: int, plan: Plan) -> bool | None:
    """A yes/no cell (consent); anything else is a problem."""
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    plan.problem(row_no, column, f"Write yes or no (not '{value.strip()[:20]}').")
    return None
