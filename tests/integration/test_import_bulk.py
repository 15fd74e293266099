"""The CSV import's bulk path (checks looked up once per distinct value, writes as plain CREATEs
by internal id) says and writes exactly what row-by-row checking and writing did: a cell checked
once is still reported on every row that holds it, repeats are found whatever the spacing, the
consent of a person's last row is the one kept, and a new person's id is never one already taken.
Against the real Neo4j."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from mapper.organising import csv_import as imp
from mapper.organising import csv_writing as writing
from mapper.organising.csv_format import COLUMNS, Plan
from mapper.organising.csv_people import People
from mapper.organising.meeting_fields import FOLLOW_UP_MAX, NOTES_MAX, PLACE_MAX, check_meeting, check_text

from tests.integration.test_import import csv_bytes, problems, row
from tests.integration.test_people_data import counts, load_small


@pytest.fixture()
def small(empty_store):
    return load_small(empty_store)


def test_a_bad_value_repeated_on_many_rows_is_reported_on_each(small):
    bad = [row(person_name=f"Person {n}", person_area="Atlantis", date="31/02/2025", person_email="nope",
               themes="Astrology") for n in range(3)]
    bad_org = [row(organiser_id="p-nobody", person_name=f"Other {n}") for n in range(3)]
    plan = imp.preview(small, csv_bytes(*bad, *bad_org))
    assert not plan.ok
    for line in (2, 3, 4):
        assert {(line, "date"), (line, "themes"), (line, "person_email")} <= problems(plan), plan.errors
    assert {(5, "organiser_id"), (6, "organiser_id"), (7, "organiser_id")} <= problems(plan)
    # the email is refused first, so the unknown area of the same side is not reached: as row by row
    assert not any(p.column == "person_area" for p in plan.errors)


def test_repeated_rows_are_found_whatever_their_spacing_and_case(small):
    plan = imp.preview(small, csv_bytes(row(person_name="New  Person", notes="Talked\tabout  housing "),
                                        row(person_name=" new person", notes="talked about housing"),
                                        row(person_name="New Person", notes="talked about housing", place="x"),
                                        row(person_name="NEW PERSON", notes=" Talked about\u00a0housing")))
    assert [(p.row, p.reason) for p in plan.errors] == [(3, "This row repeats row 2."), (5, "This row repeats row 2.")]


def test_the_date_checks_are_those_of_the_form(small):
    """Every (date, due date) pair a file may hold is judged as ``check_meeting`` judges it."""
    today = dt.date.today()
    checks = imp._Checks(list(COLUMNS), small.read("list_themes"), today)
    cells = ["", " ", "2025-03-01", "1/3/2025", "01/03/2025", "01-03-2025", "01.03.2025", "2999-01-01",
             "1989-12-31", "31/02/2025", "2025-2-28", "tomorrow", (today + dt.timedelta(days=1)).isoformat(),
             "2025-02-28"]
    for date in cells:
        for due in cells:
            values, errors = check_meeting({"date": date, "follow_up_due": due}, today, due_needed=False)
            got = checks.dates(date, due)
            assert got == (values["date"], values["follow_up_due"], errors), (date, due)


def test_the_fingerprint_compares_cells_as_their_words_in_lower_case(small):
    rng = random.Random(7)
    pieces = ["a", "B", " ", "  ", "\t", "\u00a0", "\n", "x y", "\x00", "\u2003", "É"]
    checks = imp._Checks(list(COLUMNS), [], dt.date.today())

    def reference(values):
        return tuple(" ".join(v.split()).lower() for v in values)

    rows = [["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in COLUMNS] for _ in range(300)]
    respaced = [[rng.choice(["", " ", "\t "]) + c.upper().replace(" ", rng.choice([" ", "  ", "\n"]))
                 + rng.choice(["", " ", "\u2003"]) for c in r] for r in rows]
    assert sum(reference(a) == reference(b) for a, b in zip(rows, respaced)) > 100
    for first in rows:
        for second in rows[:40] + respaced:
            same = reference(first) == reference(second)
            assert (checks.fingerprint(*checks.cells(first)) == checks.fingerprint(*checks.cells(second))) == same, \
                (first, second)


def test_the_texts_of_a_row_are_checked_as_check_text_checks_each(small):
    """Plain rows skip the per-cell tidying; every row still gets what ``check_text`` says of each
    cell: the same value kept, the same problem reported."""
    rng = random.Random(11)
    pieces = ["a", "B c", " ", "  ", "\t", "\u00a0", "\n", "\x01", "\x7f", "é", "=1+1", "x" * 300, ""]
    checks = imp._Checks(list(COLUMNS), small.read("list_themes"), dt.date.today())
    labels = {"place": ("The place", PLACE_MAX), "notes": ("The notes", NOTES_MAX),
              "follow_up": ("The follow-up", FOLLOW_UP_MAX)}
    for n in range(400):
        texts = {key: "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3))) for key in labels}
        if n % 3 == 0:  # plain cells, some of them long
            texts = {key: rng.choice(["Community centre", "", "y" * rng.choice([10, 600, 2100])]) for key in labels}
        values = [{"date": "2025-03-01", "organiser_id": "p-001", "person_name": f"Person {n}", **texts}.get(c, "")
                  for c in COLUMNS]
        plan = Plan()
        imp._row(plan, People([["p-001", "Amina Yusuf", None, None, None, True]], []), checks, values, 2, {})
        formulas = {p.column for p in plan.errors if "formula" in p.reason}
        for key, (label, limit) in labels.items():
            if key in formulas:
                continue
            value, error = check_text(texts[key], limit, label)
            assert ((2, key) in problems(plan)) == bool(error), (texts[key], plan.errors)
            if plan.ok:
                assert plan.meetings[0]["props"][key] == value, texts[key]


def test_the_consent_of_each_persons_last_row_is_kept(small):
    rows = [row(person_id="p-002", person_name="", date="2025-03-01", consent_named="no", consent_contact="yes"),
            row(person_name="Zara New", date="2025-03-02", consent_named="yes", consent_contact="yes"),
            row(person_id="p-002", person_name="", date="2025-03-03", consent_named="yes", consent_contact="no"),
            row(person_name="Zara New", date="2025-03-04", consent_named="no", consent_contact="no"),
            row(organiser_id="", organiser_name="Zara New", organiser_area="Lewisham", person_id="p-003",
                person_name="", date="2025-03-05", consent_recorded="no")]
    plan, result = writing.import_file(small, csv_bytes(*rows), batch=1)  # each row a batch of its own
    assert result == {**result, "one_to_ones": 5, "people_created": 1}
    zara = plan.new_people[0]["id"]
    state = {pid: small.read_one("consent_current", id=pid) for pid in ("p-002", "p-003", zara)}
    assert (state["p-002"]["recorded"], state["p-002"]["named"], state["p-002"]["contact"], state["p-002"]["date"]) \
        == (True, True, False, "2025-03-03")
    assert (state[zara]["recorded"], state[zara]["named"], state[zara]["contact"], state[zara]["date"]) \
        == (True, False, False, "2025-03-04")     # a new person: created with one row's consent, kept the last's
    assert (state["p-003"]["recorded"], state["p-003"]["named"]) == (False, False)
    person = small.read_one("person_by_id", id=zara)
    assert person["name"] == "Zara New" and counts(small) == (5, 7)


def test_the_consent_kept_is_the_last_rows_whatever_the_batches(small):
    """A person met on many rows, the batches cut anywhere among them: each new person ends with
    the consent of their last row that gives it, as one pass over the whole file keeps it."""
    rng = random.Random(3)
    names = [f"Batch Person {n}" for n in range(12)]
    rows, last = [], {}
    for n in range(60):
        name, named, contact = rng.choice(names), rng.choice(["yes", "no"]), rng.choice(["yes", "no"])
        day = f"2025-0{1 + n // 28}-{1 + n % 28:02d}"
        rows.append(row(person_name=name, person_email=f"{name.split()[-1]}@example.org", date=day,
                        consent_named=named, consent_contact=contact))
        last[name] = (True, named == "yes", contact == "yes", day)
    for batch in (1, 7, 25, 1000):
        plan, result = writing.import_file(small, csv_bytes(*rows), batch=batch, id_prefix="bt")
        assert result is not None and result["people_created"] == len(last), plan.errors
        for person in plan.new_people:
            got = small.read_one("consent_current", id=person["id"])
            assert (got["recorded"], got["named"], got["contact"], got["date"]) == last[person["props"]["name"]], batch
        small.autocommit("delete_people_by_prefix", prefix="bt-")  # (their 1:1s go with them)
    assert counts(small) == (4, 2)


def test_a_new_person_never_gets_an_id_already_taken(monkeypatch):
    """Random ids can meet: one drawn again, or one someone in the graph has, is drawn anew."""
    from mapper.organising import csv_people

    drawn = iter(["t-1", "t-1", "t-known", "t-2", "t-known", "t-3"])
    monkeypatch.setattr(csv_people, "new_id", lambda prefix: next(drawn))
    known = People([["t-known", "Someone Known", None, None, None, True]], [], "t")
    plan = Plan()
    made = [known.resolve({"person_name": name}, "person", row_no, plan)
            for row_no, name in enumerate(["Ann One", "Bob Two", "Cy Three"], start=2)]
    assert made == [("new", "t-1"), ("new", "t-2"), ("new", "t-3")] and plan.error_count == 0
