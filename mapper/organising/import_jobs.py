"""Uploaded CSVs of 1:1s kept between the preview and the organiser's confirmation (in
``IMPORTS_DIR``, mode 0600, under a random token), and the imports running in the background
with their progress, each visible only to the account that uploaded it.

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import os
import re
import secrets
import threading

from mapper.config import IMPORTS_DIR
from mapper.db.store import DatabaseUnavailable
from mapper.organising.csv_import import ImportFailed, preview, write

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


def start_job(store, token: str, owner: str) -> dict | None:
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
