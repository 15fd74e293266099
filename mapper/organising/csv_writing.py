"""Importing a CSV of 1:1s once the organiser confirms it: checked again and written, all or nothing.

``import_file`` makes the same checking pass as the preview (``csv_import.Checking``), against the
graph as it is now, read in the import's own write transaction, and writes as it goes: each time
``BATCH`` rows are checked, their new people and their 1:1s are sent to Neo4j (``UNWIND``), and
Neo4j writes them while the next rows are checked (the two share the machine's cores instead of
taking turns). A bad row anywhere stops the writing; the rest are still checked, so that every
problem is reported, and the transaction is rolled back: nothing is written unless the whole
file is clean, and a failure anywhere (Neo4j going away, someone in the file merged away
meanwhile) leaves nothing behind either. The import is one transaction, committed at the end.

The writes are plain ``CREATE``s with their properties (no ``SET`` after them, so the 1:1s' plan
has no Eager): the new people, the matched people's internal ids read once, the 1:1s by those
internal ids. Consent follows a person's last 1:1 in the file (the last row wins, as row by row):
a new person is created with the consent of their last 1:1 so far, and set again when a later
batch has a later one; people already in the graph get theirs at the end, one row a person.
What is left is Neo4j's own commit of one large transaction (the store, the 1:1 and name
indexes): on 2 shared cores about half the time of the import.

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import datetime as dt
import queue
import threading
import time
from typing import Callable

from mapper import collector
from mapper.organising.csv_format import Plan
from mapper.organising.csv_import import Checking

BATCH = 5000


class ImportFailed(RuntimeError):
    """Nothing was written; the message says why."""


GONE = ("Some people in the file are no longer in the graph (merged or removed since the preview); nothing "
        "was written. Check the file again.")


class _NotClean(Exception):
    """The file has problems: the transaction is rolled back and the plan says what they are."""

    def __init__(self, plan: Plan):
        super().__init__(f"{plan.error_count} problems")
        self.plan = plan


def import_file(store, data: bytes, progress: Callable[[int, int], None] | None = None,
                today: dt.date | None = None, id_prefix: str = "p", batch: int = BATCH,
                fail_after: int | None = None) -> tuple[Plan, dict | None]:
    """Check every row and write the file in one transaction. Returns the plan (as ``preview``
    makes it) and the import's figures, or None for them when the file has problems (then
    nothing was written and the plan says why). ``progress(rows checked, rows in the file)``
    is called once the graph is read and after each batch is sent.

    ``fail_after`` (tests) makes the transaction fail after that many people and 1:1s have been
    sent, to show that nothing stays behind."""
    def work(tx):
        return _check_and_write(tx, data, progress, today, id_prefix, batch, fail_after)

    with collector.paused():
        began = time.perf_counter()
        try:
            plan, made = store.transaction(work)
        except _NotClean as refused:
            return refused.plan, None
        seconds = time.perf_counter() - began
    return plan, {"one_to_ones": len(plan.meetings), "people_created": made,
                  "people_matched": len(plan.matched), "seconds": round(seconds, 2),
                  "rows_per_second": round(len(plan.meetings) / seconds) if seconds else None}


def _check_and_write(tx, data, progress, today, id_prefix, batch, fail_after) -> tuple[Plan, int]:
    checking = Checking(data, today, id_prefix)  # made afresh each time the driver runs the work again
    if not checking.readable:
        raise _NotClean(checking.finish())
    checking.against(tx.run("list_themes"), tx.run("list_areas"), tx.values("people_keys")[0][0])
    sender = _Sender(tx, checking.known.by_id, fail_after)
    try:
        if progress:
            progress(0, checking.lines)
        for _ in checking.rows(batch):
            if checking.plan.ok:
                sender.send(checking)
                if progress:
                    progress(checking.plan.rows, max(checking.lines, checking.plan.rows))
        plan = checking.finish()
        if plan.ok:
            sender.send(checking)
        sender.finish(plan.ok)
    finally:
        sender.stop()
    if not plan.ok:
        raise _NotClean(plan)
    if progress:
        progress(plan.rows, plan.rows)
    return plan, len(plan.new_people)


class _Sender:
    """The writing half of an import, in a thread of its own: the checks hand it the rows checked
    since they last did (``send``), and go on checking while it sends them and Neo4j writes them.
    (The driver waits for Neo4j to finish one query before it hands back the next it sends: in
    the checks' thread those waits would stop the checks too.)

    Each batch it sends the new people of the rows handed over, and the 1:1s of the rows before
    those: by then Neo4j has made their people. It keeps what it needs to link and check them:
    internal ids, the consent each new person was written with. Only this thread uses the
    transaction until ``finish`` or ``stop`` has joined it."""

    def __init__(self, tx, graph_ids: dict, fail_after: int | None):
        self.tx, self.graph_ids, self.fail_after = tx, graph_ids, fail_after
        self.nodes: dict[str, str] = {}  # person id -> internal id, for everyone written or found
        self.made: dict[str, dict | None] = {}  # new person id -> the consent they were written with
        self.known_consent: dict[str, dict] = {}  # person in the graph -> their last consent in the file
        self.people_handed = self.meetings_handed = self.sent = 0
        self.waiting: list = []  # the 1:1s of the last rows sent, and the answers naming their people
        self.answers: list[tuple[int, Callable[[], list[dict]]]] = []  # (1:1s sent, how many were created)
        self._chunks: queue.SimpleQueue = queue.SimpleQueue()
        self._failure: BaseException | None = None
        self._abandoned = False
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self._thread.start()

    def send(self, checking: Checking) -> None:
        """Hand over the rows checked since the last call (checks' thread); raises what stopped
        the writing, if anything has."""
        if self._failure is not None:
            raise self._failure
        fresh = checking.known.made[self.people_handed:]
        meetings = checking.plan.meetings[self.meetings_handed:]
        self.people_handed += len(fresh)
        self.meetings_handed += len(meetings)
        self._chunks.put((fresh, meetings))

    def finish(self, clean: bool) -> None:
        """Wait for the writing to end; for a clean file, check that every 1:1 was created and
        keep the consent of the people in the graph. (For a file with problems nothing more is
        written, and they are what is reported, whatever stopped the writing.)"""
        self._abandoned = self._abandoned or not clean
        self._chunks.put(None)
        self._thread.join()
        if not clean:
            return
        if self._failure is not None:
            raise self._failure
        if any(answer()[0]["created"] != size for size, answer in self.answers):
            raise ImportFailed(GONE)
        rows = [{"id": pid, **consent} for pid, consent in self.known_consent.items()]
        for start in range(0, len(rows), BATCH):
            self.tx.run("import_consent", rows=rows[start:start + BATCH])

    def stop(self) -> None:
        """Leave the rest unsent and wait for the thread (the transaction is about to be closed)."""
        self._abandoned = True
        self._chunks.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            self._attempt(self._write, *chunk)
        self._attempt(self._send_waiting)

    def _attempt(self, step: Callable, *args) -> None:
        """One step of the writing, unless an earlier one failed or the checks stopped it; a
        failure is kept, to be raised in the checks' thread."""
        if self._abandoned:
            return
        try:
            step(*args)
        except BaseException as exc:  # noqa: BLE001 - raised again in the checks' thread
            self._failure, self._abandoned = exc, True

    def _write(self, fresh: list[dict], meetings: list[dict]) -> None:
        last = {m["b"]: m["consent"] for m in meetings if m["consent"] is not None}
        tx = self.tx
        people = tx.send("import_people", rows=[_new_person(p, last.get(p["id"])) for p in fresh]) if fresh else None
        self._count(len(fresh))
        looked_up = [pid for pid in dict.fromkeys(pid for m in meetings for pid in (m["a"], m["b"]))
                     if pid in self.graph_ids and pid not in self.nodes]  # (new ids are never graph ids)
        found = tx.send("import_people_found", ids=looked_up) if looked_up else None
        for person in fresh:
            self.made[person["id"]] = last.get(person["id"])
        changed = []
        for pid, consent in last.items():
            if pid not in self.made:
                self.known_consent[pid] = consent
            elif self.made[pid] != consent:  # written with an earlier row's consent
                self.made[pid] = consent
                changed.append((pid, consent))
        self._send_waiting()
        if changed:
            tx.send("import_consent_again", rows=[[self.nodes[pid], *_consent(consent)] for pid, consent in changed])
        self.waiting = [meetings, len(fresh), people, found]

    def _send_waiting(self) -> None:
        """The 1:1s of the rows sent last time, once Neo4j says who their new people are."""
        if not self.waiting:
            return
        meetings, fresh, people, found = self.waiting
        self.waiting = []
        if people is not None:
            made = people()[0]["made"]
            if len(made) != fresh:
                raise ImportFailed("Some people could not be created; nothing was written.")
            self.nodes.update(made)
        if found is not None:
            self.nodes.update((r["id"], r["node"]) for r in found())
        rows = [_meeting_row(m, self.nodes, self.made) for m in meetings]
        if any(row is None for row in rows):
            raise ImportFailed(GONE)
        if rows:
            self.answers.append((len(rows), self.tx.send("import_one_to_ones", rows=rows)))
        self._count(len(rows))

    def _count(self, written: int) -> None:
        self.sent += written
        if self.fail_after is not None and self.sent >= self.fail_after:
            raise ImportFailed("Stopped on purpose part way; nothing was written.")


def _consent(consent: dict | None) -> tuple:
    """A person's consent as the import's queries take it: recorded, named, contact and the date
    as ISO text (none given: all null)."""
    if not consent:
        return None, None, None, None
    return consent["recorded"], consent["named"], consent["contact"], _ISO[consent["date"]]


def _new_person(person: dict, consent: dict | None) -> list:
    """A new person as ``import_people`` takes them (a list: the driver sends it faster than a
    dict): id, area, name, email, phone, then the consent of their last 1:1 so far."""
    props = person["props"]
    return [person["id"], person["area"], props["name"], props["email"], props["phone"], *_consent(consent)]


def _meeting_row(meeting: dict, nodes: dict[str, str], made: dict) -> list | None:
    """A 1:1 as ``import_one_to_ones`` takes it (a list, as ``_new_person``): both people by
    internal id, each matched in the graph checked by id too (null for a new person), then the
    1:1's properties; None when one of them was not found."""
    a, b = nodes.get(meeting["a"]), nodes.get(meeting["b"])
    if a is None or b is None:
        return None
    p = meeting["props"]
    return [a, b, None if meeting["a"] in made else meeting["a"], None if meeting["b"] in made else meeting["b"],
            p["id"], _ISO[p["date"]], p["by"], p["themes"], p["notes"], p["place"], p["follow_up"],
            _ISO[p["follow_up_due"]], p["source"]]


class _IsoDates(dict):
    """Dates as the import's queries take them: ISO text Neo4j reads with date() (the driver's
    packing of date objects took more of the write than Neo4j's reading of the text), each day
    written out once (a file of 100,000 rows holds a few thousand days); None stays None."""

    def __missing__(self, day: dt.date | None) -> str | None:
        text = self[day] = None if day is None else day.isoformat()
        return text


_ISO = _IsoDates()
