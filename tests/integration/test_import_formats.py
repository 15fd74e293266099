"""Issue 14, the CSV import: every error of a row is reported (the formula guard no longer hides
the rest); comma, semicolon and tab separators and a UTF-8 byte-order mark are recognised; Excel's
UTF-16 "Unicode text" is read. Against the real Neo4j."""
from __future__ import annotations

import csv
import io

import pytest

from mapper.organising import csv_import as imp
from mapper.organising import csv_writing as writing

from tests.integration.test_import import problems, row
from tests.integration.test_people_data import counts, load_small


@pytest.fixture()
def small(empty_store):
    return load_small(empty_store)


def table(sep: str, *rows: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(imp.COLUMNS)
    base = {"date": "2025-03-01", "organiser_id": "p-001", "person_name": "New Person", "person_area": "Lewisham",
            "themes": "Housing; Work and wages", "consent_recorded": "yes", "notes": "Met; talked, at length"}
    for cells in rows:
        writer.writerow([{**base, **cells}.get(c, "") for c in imp.COLUMNS])
    return out.getvalue()


def test_a_formula_cell_does_not_hide_the_rows_other_errors(small):
    data = (",".join(imp.COLUMNS) + "\n"
            + row(notes="=HYPERLINK(\"http://evil.example\")", person_area="Narnia", consent_named="maybe")).encode()
    plan = imp.preview(small, data)
    assert {(2, "notes"), (2, "person_area"), (2, "consent_named")} <= problems(plan), plan.errors
    reasons = " ".join(p.reason for p in plan.errors)
    assert "formula" in reasons and "Unknown area 'Narnia'" in reasons
    # A formula in a required cell is reported as a formula, not again as missing.
    plan = imp.preview(small, (",".join(imp.COLUMNS) + "\n" + row(date="=TODAY()", person_area="Narnia")).encode())
    assert [p.reason for p in plan.errors if p.column == "date"] == [
        "This cell starts like a spreadsheet formula (=, +, -, @): formulas are refused; remove the first character."]
    assert (2, "person_area") in problems(plan)


@pytest.mark.parametrize("sep, encoding", [(",", "utf-8"), (";", "utf-8"), ("\t", "utf-8"), (";", "utf-8-sig"),
                                           (",", "utf-8-sig"), ("\t", "utf-16"), ("\t", "utf-16-le-bom")])
def test_separators_and_encodings_are_recognised(small, sep, encoding):
    text = table(sep, {"person_name": "Precious Mensah"}, {"person_name": "Café Owner", "person_area": "Southwark"})
    data = ("\ufeff" + text).encode("utf-16-le") if encoding == "utf-16-le-bom" else text.encode(encoding)
    plan = imp.preview(small, data)
    assert plan.ok, plan.errors
    assert sorted(p["props"]["name"] for p in plan.new_people) == ["Café Owner", "Precious Mensah"]
    assert plan.meetings[0]["props"]["notes"] == "Met; talked, at length"
    assert len(plan.meetings[0]["props"]["themes"]) == 2
    imported, result = writing.import_file(small, data)
    assert result is not None and imported.matched == plan.matched
    assert counts(small) == (6, 4)


def test_a_semicolon_file_with_errors_reports_rows_not_headers(small):
    text = table(";", {"person_area": "Narnia"})
    plan = imp.preview(small, text.encode())
    assert problems(plan) == {(2, "person_area")}, plan.errors


def test_the_web_upload_reads_excel_unicode_text(small, sign_in):
    from tests.conftest import csrf_token_from

    client = sign_in("organiser")
    page = client.get("/organisers/import").get_data(as_text=True)
    data = table("\t", {"person_name": "Ola Nowak"}).encode("utf-16")
    response = client.post("/organisers/import", data={"csrf_token": csrf_token_from(page),
                                                      "file": (io.BytesIO(data), "people.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Ola Nowak" in response.get_data(as_text=True)
