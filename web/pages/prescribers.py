"""Social prescribers: find listening hubs, hubs and peer-support groups near a patient; and the
admins' review of entries flagged as out of date or not verified for six months."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mapper.directory import verification

from web.auth import require
from web.db import get_store
from web.pages.public import search_page

bp = Blueprint("prescribers", __name__, url_prefix="/prescribers")
review_bp = Blueprint("directory_review", __name__, url_prefix="/admin/directory")


@bp.route("/")
@require("see_assets")
def index():
    return search_page("Social prescribers: find support near a patient",
                       "Listening hubs, hubs and peer-support groups near your patient, nearest first, with "
                       "how to get in touch and when each entry was last verified. Tick a few to print or "
                       "share a short list.", "prescribers.index")


@review_bp.route("/", methods=["GET"])
@require("admin")
def review():
    store = get_store()
    return render_template("directory_review.html", flags=verification.open_flags(store),
                           stale=verification.stale(store),
                           stale_before=verification.stale_before().isoformat())


@review_bp.route("/verified", methods=["POST"])
@require("admin")
def verified():
    asset_id = request.form.get("asset_id", "")
    try:
        closed = verification.mark_verified(get_store(), asset_id, by=current_user.email)
    except verification.NoSuchAsset:
        abort(404, description="There is no such entry.")
    flash(f"Marked as verified today{f'; {closed} flag(s) closed' if closed else ''}.")
    return redirect(url_for("directory_review.review"))


@review_bp.route("/dismiss", methods=["POST"])
@require("admin")
def dismiss():
    if not verification.dismiss(get_store(), request.form.get("flag_id", ""), by=current_user.email):
        abort(404, description="There is no such open flag.")
    flash("Flag dismissed.")
    return redirect(url_for("directory_review.review"))
