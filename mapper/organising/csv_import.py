"""Importing many 1:1s at once from a CSV (a listening campaign's spreadsheet).

``preview`` reads the file, checks every cell and matches the people in it against the graph:
each bad row is reported with its row number (as a spreadsheet numbers it: the header is row 1),
its column and the reason. Nothing is written unless the whole file is clean; ``write`` then
creates the new people and the 1:1s in one transaction, in batches of ``BATCH`` rows
(``UNWIND``), so that a failure anywhere (a bad row found late, Neo4j going away) leaves
nothing behind.

>>> formula_risk("=HYPERLINK(\\"http://x\\")", "notes")
True
>>> formula_risk("+44 7700 900123", "person_phone"), formula_risk("Met at the café", "notes")
(False, False)
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from mapper.organising import people
from mapper.config import VAR_DIR
from mapper.organising.one_to_one import FOLLOW_UP_MAX, NOTES_MAX, PLACE_MAX, check_text, parse_date, theme_ids
from mapper.db.store import DatabaseUnavailable, Store

SIDES = ("organiser", "person")
PERSON_FIELDS = ("id", "name", "email", "phone", "area")
COLUMNS = (["date"] + [f"organiser_{f}" for f in PERSON_FIELDS] + [f"person_{f}" for f in PERSON_FIELDS]
           + ["place", "themes", "notes", "follow_up", "follow_up_due",
              "consent_recorded", "consent_named", "consent_contact"])
BATCH = 5000
MAX_ROWS = 200_000
MAX_ERRORS = 5000
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
FORMULA_START = ("=", "@", "\t", "\r", "+", "-")
NUMBER = re.compile(r"^[+-]?[0-9][0-9 ().]*$")
IMPORTS_DIR = VAR_DIR / "imports"


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


def template(store: Store | None = None) -> str:
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
    if not data.strip():
        plan.problem(1, "", "The file is empty.")
        return None
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


def _headers(header: list[str], plan: Plan) -> list[str] | None:
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


class _People:
    """The people already in the graph, indexed for matching, and the new ones in the file."""

    def __init__(self, store: Store, areas: list[dict], id_prefix: str = "p"):
        self.id_prefix = id_prefix
        self.by_id, self.by_email, self.by_phone, self.by_name = {}, {}, {}, {}
        for row in store.read("people_keys"):
            self.by_id[row["id"]] = row["name"]
            if row["email"]:
                self.by_email.setdefault(row["email"].lower(), row["id"])
            for key in people.phone_keys(row["phone"]):
                self.by_phone.setdefault(key, row["id"])
            self.by_name.setdefault(people.name_key(row["name"]), []).append(
                (row["id"], row["area_id"], (row["email"] or "").lower()))
        self.new: dict[tuple, dict] = {}
        self.new_by_email: dict[str, tuple] = {}
        self.new_by_phone: dict[str, tuple] = {}
        self.areas = {}
        for a in areas:
            for key in (a["id"], a["name"], a.get("code")):
                if key:
                    self.areas[key.lower()] = a["id"]

    def resolve(self, cells: dict, side: str, row_no: int, plan: Plan) -> tuple[str, str] | None:
        """('existing', id) or ('new', id) for one side of a row; None (and problems) when it cannot."""
        get = lambda f: cells.get(f"{side}_{f}", "")  # noqa: E731
        pid = get("id").strip()
        if pid:
            if pid not in self.by_id:
                plan.problem(row_no, f"{side}_id", f"No person has the id '{pid}'.")
                return None
            return "existing", pid
        name, err = people.check_name(get("name"), "The name")
        if err:
            plan.problem(row_no, f"{side}_name", err if name else f"Give the {side}'s name or id.")
            return None
        email, err = people.check_email(get("email"))
        if err:
            plan.problem(row_no, f"{side}_email", err)
            return None
        phone, err = people.check_phone(get("phone"))
        if err:
            plan.problem(row_no, f"{side}_phone", err)
            return None
        area = None
        if get("area").strip():
            area = self.areas.get(get("area").strip().lower())
            if area is None:
                plan.problem(row_no, f"{side}_area", f"Unknown area '{get('area').strip()}'.")
                return None
        if email and email in self.by_email:
            return "existing", self.by_email[email]
        for key in people.phone_keys(phone):
            if key in self.by_phone:
                return "existing", self.by_phone[key]
        nkey = people.name_key(name)
        # the same name is the same person unless both have an email and the emails differ
        same_name = [(pid, a) for pid, a, known_email in self.by_name.get(nkey, [])
                     if not (email and known_email and known_email != email)]
        in_area = [pid for pid, a in same_name if area and a == area]
        if len(in_area) == 1 or (not area and len(same_name) == 1):
            return "existing", (in_area or [same_name[0][0]])[0]
        if not area and len(same_name) > 1:
            plan.problem(row_no, f"{side}_name", f"{len(same_name)} people are called '{name}': add their area, "
                                                 "email or id to say which.")
            return None
        if len(in_area) > 1:
            plan.problem(row_no, f"{side}_name", f"{len(in_area)} people called '{name}' live in that area: add "
                                                 "their email or id to say which.")
            return None
        # a new person: the same email, phone, or name and area elsewhere in the file is the same person
        key = None
        if email and email in self.new_by_email:
            key = self.new_by_email[email]
        for pk in people.phone_keys(phone):
            if key is None and pk in self.new_by_phone:
                key = self.new_by_phone[pk]
        if key is None:
            key = ("email", email) if email else (("phone", people.phone_keys(phone)[0]) if phone
                                                  else ("name", nkey, area))
        person = self.new.get(key)
        if person is None:
            person = people.person_row(people.new_id(self.id_prefix), name, area, email, phone)
            person["row"] = row_no
            self.new[key] = person
        if email:
            self.new_by_email.setdefault(email, key)
        for pk in people.phone_keys(phone):
            self.new_by_phone.setdefault(pk, key)
        return "new", person["id"]


def _consent(value: str, column: str, row_no: int, plan: Plan) -> bool | None:
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    plan.problem(row_no, column, f"Write yes or no (not '{value.strip()[:20]}').")
    return None


def preview(store: Store, data: bytes, today: dt.date | None = None,
            progress: Callable[[str], None] | None = None, id_prefix: str = "p") -> Plan:
    """Check and match every row; nothing is written. New people get ids "<id_prefix>-<hex>"."""
    today = today or dt.date.today()
    plan = Plan()
    text = decode(data, plan)
    if text is None:
        return plan
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        plan.problem(1, "", f"The file could not be read as CSV: {exc}")
        return plan
    names = _headers(header, plan)
    if names is None:
        return plan
    themes = store.read("list_themes")
    areas = store.read("list_areas")
    known = _People(store, areas, id_prefix)
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


def _row(plan: Plan, known: _People, names: list[str], values: list[str], row_no: int, seen_rows: dict,
         themes: list[dict], today: dt.date) -> None:
    if len(values) > len(names):
        plan.problem(row_no, "", f"This row has {len(values)} cells but the header has {len(names)} columns.")
        return
    cells = {name: (values[i] if i < len(values) else "") for i, name in enumerate(names) if name}
    before = plan.error_count
    for column, value in cells.items():
        if formula_risk(value.lstrip(" "), column):
            plan.problem(row_no, column, "This cell starts like a spreadsheet formula (=, +, -, @): "
                                         "formulas are refused; remove the first character.")
    if plan.error_count > before:
        return
    fingerprint = tuple(" ".join(cells.get(c, "").split()).lower() for c in COLUMNS)
    if fingerprint in seen_rows:
        plan.problem(row_no, "", f"This row repeats row {seen_rows[fingerprint]}.")
        return
    seen_rows[fingerprint] = row_no
    date, err = parse_date(cells.get("date"), today)
    if err:
        plan.problem(row_no, "date", err)
    place, err = check_text(cells.get("place"), PLACE_MAX, "The place")
    if err:
        plan.problem(row_no, "place", err)
    notes, err = check_text(cells.get("notes"), NOTES_MAX, "The notes")
    if err:
        plan.problem(row_no, "notes", err)
    follow_up, err = check_text(cells.get("follow_up"), FOLLOW_UP_MAX, "The follow-up")
    if err:
        plan.problem(row_no, "follow_up", err)
    due = None
    if (cells.get("follow_up_due") or "").strip():
        due, err = parse_date(cells["follow_up_due"], today, allow_future=True, label="The due date")
        if err:
            plan.problem(row_no, "follow_up_due", err)
        elif date and due < date:
            plan.problem(row_no, "follow_up_due", "The follow-up cannot fall due before the 1:1.")
    ids, unknown = theme_ids(re.split(r"[;|]", cells.get("themes", "")), themes)
    if unknown:
        plan.problem(row_no, "themes", "Unknown theme: " + ", ".join(f"'{u}'" for u in unknown[:3])
                     + "; use the theme names of the template.")
    consent = {}
    has_consent = any(f"consent_{k}" in cells for k in ("recorded", "named", "contact"))
    for key in ("recorded", "named", "contact"):
        consent[key] = _consent(cells.get(f"consent_{key}", ""), f"consent_{key}", row_no, plan)
    a = known.resolve(cells, "organiser", row_no, plan)
    b = known.resolve(cells, "person", row_no, plan)
    if a and b and a[1] == b[1]:
        plan.problem(row_no, "person_name", "The organiser and the person met are the same person.")
    if plan.error_count > before:
        return
    consent["date"] = date
    plan.meetings.append({"a": a[1], "b": b[1], "consent": consent if has_consent else None,
                          "props": {"id": "oto-" + secrets.token_hex(6), "date": date, "by": a[1], "themes": ids,
                                    "notes": notes, "place": place, "follow_up": follow_up, "follow_up_due": due,
                                    "source": "import"}})
    if len(plan.sample) < 20:
        plan.sample.append({"row": row_no, "date": date.isoformat(), "organiser": cells.get("organiser_name") or a[1],
                            "organiser_status": a[0], "person": cells.get("person_name") or b[1],
                            "person_status": b[0]})


class ImportFailed(RuntimeError):
    """Nothing was written; the message says why."""


def write(store: Store, plan: Plan, progress: Callable[[int, int], None] | None = None,
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


# ---- uploads kept between the preview and the confirmation, and the running imports -------------
_jobs: dict[str, dict] = {}
_lock = threading.Lock()
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _path(token: str):
    return IMPORTS_DIR / f"{token}.csv"


def stash(data: bytes, owner: str) -> str:
    """Keep an uploaded file (mode 0600) until it is confirmed; returns its token."""
    IMPORTS_DIR.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    fd = os.open(_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    with _lock:
        _jobs[token] = {"owner": owner, "state": "previewed", "done": 0, "total": 0, "message": "", "result": None}
    return token


def job_status(token: str, owner: str) -> dict | None:
    with _lock:
        job = _jobs.get(token)
        if job is None or job["owner"] != owner:
            return None
        return {k: v for k, v in job.items() if k != "owner"}


def start_job(store: Store, token: str, owner: str) -> dict | None:
    """Check the stashed file again against the graph as it is now, then write it in a thread."""
    if not TOKEN.match(token or ""):
        return None
    with _lock:
        job = _jobs.get(token)
        if job is None or job["owner"] != owner or job["state"] != "previewed" or not _path(token).exists():
            return None
        job.update(state="checking", message="Checking the file again...")

    def update(**changes):
        with _lock:
            job.update(changes)

    def run():
        try:
            data = _path(token).read_bytes()
            plan = preview(store, data)
            if not plan.ok:
                update(state="failed", message="The file no longer checks clean (the graph has changed since the "
                                               "preview); nothing was written. Upload it again to see why.")
                return
            update(state="writing", total=len(plan.new_people) + len(plan.meetings), message="Writing...")
            result = write(store, plan, progress=lambda done, total: update(done=done, total=total))
            update(state="done", result=result, message=f"Imported {result['one_to_ones']:,} 1:1s; created "
                                                        f"{result['people_created']:,} people.")
        except DatabaseUnavailable:
            update(state="failed", message="The database could not be reached during the import. Nothing was "
                                           "written; try again when it is back.")
        except ImportFailed as exc:
            update(state="failed", message=str(exc))
        except Exception:  # noqa: BLE001 - reported to the person, logged by the thread's caller
            update(state="failed", message="The import failed on our side; nothing was written.")
        finally:
            try:
                _path(token).unlink()
            except FileNotFoundError:
                pass

    threading.Thread(target=run, name=f"import-{token[:6]}", daemon=True).start()
    return job_status(token, owner)


def read_file(path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()
