"""Pages anyone may open: the landing page, find support near a place, a printable shortlist,
flagging an entry as out of date (signed-in roles that may), and /healthz."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from mapper import geo
from mapper.db import health
from mapper.directory import filters, search, verification
from mapper.db.store import DatabaseAuthFailed, DatabaseUnavailable

from web.auth import require, safe_next
from web.problems import problem_response
from web.db import get_store

bp = Blueprint("public", __name__)

MAX_SHORTLIST = 30


@bp.route("/")
def index():
    return render_template("index.html")


def search_page(heading: str, intro: str, endpoint: str):
    """The search form and its results (shared by the public page and the prescribers' page).

    Bad input is shown beside its field with what was typed kept, and answered with 400.
    """
    store = get_store()
    search.keep_warm(store)
    form = {name: (request.args.get(name) or "").strip() for name in filters.FIELDS}
    if not form["where"] and request.args.get("postcode"):
        form["where"] = request.args["postcode"].strip()
    errors: dict[str, str] = {}
    suggestions: list[str] = []
    found = None
    try:
        found = search.find(store, request.args, limit=200)
    except filters.SearchError as exc:
        errors, suggestions = exc.errors, exc.suggestions
    query, results = (found["query"], found["results"]) if found else (None, [])
    near = found if found and found["origin"] else None  # the template's "found": a search near a place
    wider_url = suggest_urls = None
    if near and near["wider"]:
        wider_url = url_for(endpoint, **query.args(radius=near["wider"]))
    if suggestions:
        suggest_urls = [(s, url_for(endpoint, **{**{k: v for k, v in form.items() if v}, "where": s}))
                        for s in suggestions]
    return render_template(
        "search.html", heading=heading, intro=intro, endpoint=endpoint, form=form, errors=errors,
        suggestions=suggest_urls or [], results=results, found=near, query=query, wider_url=wider_url,
        facets=filters.facets(store), stale_before=verification.stale_before().isoformat(),
    ), (400 if errors else 200)


@bp.route("/assets")
def asset_list():
    return search_page("Find support near you",
                       "Listening hubs, hubs and peer-support groups across South London. "
                       "Give a postcode or a place, how far you can travel, and what matters to you.",
                       "public.asset_list")


@bp.route("/assets/shortlist")
def shortlist():
    """A printable, shareable page of chosen entries, in words for whoever finds support for
    themselves ("you"). The link carries asset ids only; a postcode given for distances (``from``)
    is used for this page and never kept."""
    return shortlist_page("public")


def shortlist_page(audience: str):
    """The shortlist for an audience: "public" (the person themself) or "prescriber" (for a patient)."""
    from mapper.directory import shortlist as chosen

    ids = chosen.clean_ids(request.args.getlist("id"))
    if len(ids) > MAX_SHORTLIST:
        abort(400, description=f"A shortlist can hold at most {MAX_SHORTLIST} entries.")
    found = chosen.shortlist(get_store(), ids, request.args.get("from"))
    share_url = url_for("public.shortlist", id=[a["id"] for a in found["entries"]], _external=True)
    response = current_app.make_response(render_template(
        "shortlist.html", entries=found["entries"], missing=found["missing"], share_url=share_url, found=found,
        audience=audience, attribution=geo.POSTCODE_ATTRIBUTION))
    if found["origin_text"]:
        response.headers["Cache-Control"] = "no-store"  # the postcode is not kept, not even by a cache
    return response


@bp.route("/assets/shortlist.json")
def shortlist_names():
    """The names of the entries on a shortlist kept in the browser (its tray), by id."""
    from mapper.directory import shortlist as chosen

    ids = chosen.clean_ids(request.args.getlist("id"))[:MAX_SHORTLIST]
    return jsonify({"entries": chosen.names(get_store(), ids)})


@bp.route("/assets/<asset_id>/flag", methods=["POST"])
@require("flag_assets")
def flag(asset_id: str):
    """Flag an entry as out of date (prescribers, organisers and admins)."""
    reason = request.form.get("reason", "")
    back = safe_next(request.form.get("next")) or url_for("public.asset_list")
    try:
        verification.flag(get_store(), asset_id, reason, by=current_user.email)
    except verification.NoSuchAsset:
        abort(404, description="There is no such entry.")
    except verification.FlagError as exc:
        flash(f"Not flagged: {exc}")
        return redirect(back)
    flash("Thank you: the entry is flagged as out of date and an admin will check it.")
    return redirect(back)


@bp.route("/healthz")
def healthz():
    """The status for anyone; the database's edition, version, address and counts only for a signed-in
    admin (the local command line has them too: ``mapper neo4j status``)."""
    try:
        found = health.report(get_store())
        if current_user.is_authenticated and current_user.role == "admin":
            return jsonify(found)
        return jsonify({"status": found["status"]})
    except (DatabaseUnavailable, DatabaseAuthFailed) as exc:
        detail = ("Neo4j refused the app's credentials" if isinstance(exc, DatabaseAuthFailed)
                  else "Neo4j cannot be reached")
        return problem_response(503, detail=detail,
                                headers={"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])})
