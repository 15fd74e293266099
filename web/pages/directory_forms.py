"""The stewards' entry forms read into the fields the directory's services check (and back), so that
a page re-shown with its errors keeps exactly what was typed."""
from __future__ import annotations

import re

from flask import render_template
from flask_login import current_user

from mapper.directory import editing
from mapper.directory.entry_fields import ORGANISATION_FIELDS, Vocabulary, sessions_of
from mapper.directory.filters import KIND_LABELS
from mapper.directory.opening import DAYS

from web.db import get_store

SESSION_ROWS = 4  # empty rows offered beyond those filled in
MAX_ROWS = 40


def _split(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"[,;\n]", text or "") if x.strip()]


def sessions_from_form(form) -> list[dict]:
    out = []
    for n in range(MAX_ROWS):
        row = {k: (form.get(f"{k}_{n}") or "").strip() for k in ("day", "opens", "closes")}
        if any(row.values()):
            out.append(row)
    return out


def asset_from_form(form) -> dict:
    """An asset's fields as the form sent them (lists from ticks and 'other' boxes)."""
    return {
        "name": form.get("name", ""), "kind": form.get("kind", ""), "description": form.get("description", ""),
        "run_by": [x for x in form.getlist("run_by") if x], "address": form.get("address", ""),
        "postcode": form.get("postcode", ""), "opening": sessions_from_form(form),
        "themes": form.getlist("themes"),
        "languages": list(dict.fromkeys(form.getlist("languages") + _split(form.get("languages_other", "")))),
        "accessibility": list(dict.fromkeys(form.getlist("accessibility")
                                            + _split(form.get("accessibility_other", "")))),
        "cost": form.get("cost", ""), "contact": form.get("contact", ""),
        "referral": form.get("referral") == "yes", "hide_address": form.get("hide_address") == "yes",
    }


def form_rows(values: dict) -> list[dict]:
    """The opening rows to show: those given (as typed, or from the stored lines) and a few empty."""
    sessions = values.get("opening") or []
    if sessions and isinstance(sessions[0], str):
        sessions = sessions_of(sessions)
    return list(sessions) + [{"day": "", "opens": "", "closes": ""}] * SESSION_ROWS


def organisation_from_form(form) -> dict:
    return {field: form.get(field, "") for field in ORGANISATION_FIELDS}


def version_from_form(form) -> int | None:
    text = (form.get("version") or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def asset_form_page(template: str, values: dict, errors: dict, status: int = 200, **more):
    vocab = more.pop("vocab", None) or Vocabulary.load(get_store())
    return render_template(template, values=values, errors=errors, rows=form_rows(values), vocab=vocab,
                           kinds=KIND_LABELS, days=DAYS, **more), status


def save_asset_from_form(asset_id: str | None, form, extra_errors: dict | None = None):
    """Check and save the form; ``(result, errors, conflict)``."""
    store, values = get_store(), asset_from_form(form)
    try:
        if asset_id is None:
            return editing.create_asset(store, values, current_user.email, form.get("note")), {}, None
        return editing.update_asset(store, asset_id, values, version_from_form(form), current_user.email,
                                    form.get("note")), {}, None
    except editing.EntryError as exc:
        return None, exc.errors, None
    except editing.Conflict as exc:
        return None, {}, exc
