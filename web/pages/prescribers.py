"""Social prescribers: find listening hubs, hubs and peer-support groups near a patient. The old
``/admin/directory`` review sends admins and stewards on to the stewards' work queue."""
from __future__ import annotations

from flask import Blueprint, redirect, url_for

from web.auth import require
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


@bp.route("/shortlist")
@require("see_assets")
def shortlist():
    """The shortlist in words for a patient (distances from the patient's postcode, never kept)."""
    from web.pages.public import shortlist_page

    return shortlist_page("prescriber")


@review_bp.route("/")
@review_bp.route("/<path:rest>")
@require("edit_directory")
def review(rest: str = ""):
    """The old review page: flags, stale entries and suggestions are now the stewards' work queue
    (admins use it too), where an entry is fixed in place rather than only marked or dismissed."""
    return redirect(url_for("directory.queue"), 301)
