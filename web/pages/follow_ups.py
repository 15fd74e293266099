"""Follow-ups on the organisers' pages: mine (overdue, then due soon), everyone's, and closing,
snoozing or reassigning one. The rules are in ``mapper.organising.follow_ups``."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mapper.organising import follow_ups, my_network
from mapper.organising.people_list import page_number

from web.auth import require, safe_next
from web.db import get_store

bp = Blueprint("follow_ups", __name__, url_prefix="/organisers/follow-ups")


@bp.route("/")
@require("see_people")
def listing():
    store = get_store()
    me = my_network.person_of_account(store, current_user.email)
    everyone = request.args.get("who") == "all" or not me
    page = page_number(request.args.get("page"))
    skip = (page - 1) * follow_ups.PAGE
    found = follow_ups.everyone(store, skip=skip) if everyone else follow_ups.mine(store, me, skip=skip)
    return render_template("organisers/follow_ups.html", found=found, everyone=everyone, me=me, page=page,
                           organisers=my_network.organisers(store), today=dt.date.today().isoformat())


@bp.route("/<follow_up_id>", methods=["POST"])
@require("edit_people")
def change(follow_up_id: str):
    action = request.form.get("action", "")
    changes = {"done": True} if action == "done" else {"done": False} if action == "reopen" else \
        {"snooze_until": request.form.get("snooze_until", "")} if action == "snooze" else \
        {"assign_to": request.form.get("assign_to", "")} if action == "assign" else None
    if changes is None:
        abort(400, description="Choose done, snooze or reassign.")
    back = safe_next(request.form.get("next")) or url_for("follow_ups.listing")
    try:
        row = follow_ups.change(get_store(), follow_up_id[:100], current_user.email, "web", **changes)
    except follow_ups.NoSuchFollowUp:
        abort(404, description="No such follow-up.")
    except follow_ups.FollowUpError as exc:
        flash(f"Not changed: {exc}")
        return redirect(back)
    flash({"done": f"Done: follow-up with {row['with_name']} closed.",
           "reopen": f"Follow-up with {row['with_name']} opened again.",
           "snooze": f"Snoozed: the follow-up with {row['with_name']} is now due {row['due']}.",
           "assign": f"Reassigned to {row['owner_name'] or row['owner']}."}[action])
    return redirect(back)
