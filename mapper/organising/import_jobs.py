"""Uploaded CSVs of 1:1s kept between the preview and the organiser's confirmation, and the imports
running in the background with their progress, each visible only to the account that uploaded it.

Any app process may answer any request (several run behind a load balancer), so nothing is kept in
a process: the file waits in the shared ``IMPORTS_DIR`` (mode 0600, under a random token) and the
job is a small ``:ImportJob`` node in Neo4j, keyed by a hash of the token (queries in
``serving.cypher``; they keep the write generation: no analysis reads them). The import's work
runs in the process that received the confirmation, which writes its progress and outcome to the
job, and says every few seconds that it is still alive; any process reports it. A job whose process
stopped saying so (killed, or the machine lost) is reported as stopped. When Neo4j goes away during
an import nothing is written (the import is one transaction), and the outcome is recorded as soon
as Neo4j is back.

``store`` is a ``mapper.db.store.Store``.

>>> job_id("abc") == job_id("abc") != job_id("abd")
True
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import threading
import time

from mapper.config import IMPORTS_DIR
from mapper.db.store import DatabaseUnavailable
from mapper.organising.csv_writing import ImportFailed, import_file

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
HEARTBEAT_SECONDS = 3.0  # how often the running process says it is alive
STALE_SECONDS = 30  # past this without a sign, a running job is reported as stopped
RECORD_OUTCOME_FOR = 15 * 60  # how long the outcome is offered to a database that went away
RUNNING = ("checking", "writing")
STOPPED = ("The import stopped without reporting how it ended (the app process running it stopped). An import "
           "is written all or nothing: look for the file's people to see whether it was, and upload it again if not.")


def job_id(token: str) -> str:
    """What the job is kept under: a hash, so the database never holds a token that opens it."""
    return hashlib.sha256(token.encode()).hexdigest()


def _path(token: str):
    return IMPORTS_DIR / f"{token}.csv"


def stash(store, data: bytes, owner: str) -> str:
    """Keep an uploaded file (mode 0600) until it is confirmed; returns its token."""
    IMPORTS_DIR.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    fd = os.open(_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    store.write("forget_old_import_jobs")
    store.write("create_import_job", id=job_id(token), owner=owner)
    return token


def job_status(store, token: str, owner: str) -> dict | None:
    """The job as its owner sees it (state, done, total, message, result), or None."""
    if not TOKEN.match(token or ""):
        return None
    row = store.read_one("import_job", id=job_id(token), owner=owner)
    if row is None:
        return None
    stale = row.pop("stale")
    if row["state"] in RUNNING and stale > STALE_SECONDS:
        row.update(state="failed", message=STOPPED)
    row["result"] = json.loads(row["result"]) if row["result"] else None
    return row


def start_job(store, token: str, owner: str) -> dict | None:
    """Check the stashed file again against the graph as it is now, writing it as it goes, in a
    thread of this process. None when there is no such job for ``owner``, or it was confirmed already."""
    if not TOKEN.match(token or "") or not _path(token).exists():
        return None
    claimed = store.write("claim_import_job", id=job_id(token), owner=owner, message="Checking the file again...")
    if not claimed or not claimed[0]["claimed"]:
        return None
    threading.Thread(target=_run, args=(store, token), name=f"import-{token[:6]}", daemon=True).start()
    return job_status(store, token, owner)


class _Job:
    """The running import's link to its record: progress at most every half second (a failed
    progress write is skipped), a heartbeat while it runs, and the outcome kept until written."""

    def __init__(self, store, token: str):
        self.store, self.id = store, job_id(token)
        self.finished = threading.Event()
        self._last = 0.0
        threading.Thread(target=self._beat, name=f"import-beat-{token[:6]}", daemon=True).start()

    def _update(self, changes: dict) -> None:
        self.store.write("update_import_job", id=self.id, changes=changes)

    def _beat(self) -> None:
        while not self.finished.wait(HEARTBEAT_SECONDS):
            try:
                self._update({})
            except DatabaseUnavailable:
                pass  # a missed beat: the next one, or the outcome once Neo4j is back, says it is alive

    def progress(self, **changes) -> None:
        now = time.monotonic()
        if "state" not in changes and now - self._last < 0.5:
            return
        self._last = now
        try:
            self._update(changes)
        except DatabaseUnavailable:
            pass  # the import itself will find out; its outcome is kept until it can be written

    def outcome(self, state: str, message: str, result: dict | None = None) -> None:
        changes = {"state": state, "message": message, "result": json.dumps(result) if result else None}
        self.finished.set()
        deadline = time.monotonic() + RECORD_OUTCOME_FOR
        while True:
            try:
                self._update(changes)
                return
            except DatabaseUnavailable:
                if time.monotonic() > deadline:
                    return  # the job will read as stopped
                time.sleep(1.0)


def _run(store, token: str) -> None:
    job = _Job(store, token)
    try:
        data = _path(token).read_bytes()

        def progress(done: int, total: int) -> None:
            if done == 0:
                job.progress(state="writing", done=0, total=total, message="Checking and writing...")
            else:
                job.progress(done=done, total=total)

        _, result = import_file(store, data, progress=progress)
        if result is None:
            job.outcome("failed", "The file no longer checks clean (the graph has changed since the preview); "
                                  "nothing was written. Upload it again to see why.")
            return
        job.outcome("done", f"Imported {result['one_to_ones']:,} 1:1s; created {result['people_created']:,} "
                            "people.", result)
    except DatabaseUnavailable:
        job.outcome("failed", "The database could not be reached during the import. Nothing was written; try "
                              "again when it is back.")
    except ImportFailed as exc:
        job.outcome("failed", str(exc))
    except Exception:  # noqa: BLE001 - reported to the person; nothing was written
        job.outcome("failed", "The import failed on our side; nothing was written.")
    finally:
        job.finished.set()
        try:
            _path(token).unlink()
        except FileNotFoundError:
            pass
