"""The JSON API under /api/. Every route checks the caller's role; errors are JSON, never a page."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from mapper.directory import assets

from web.auth import require
from web.db import get_store
from web.openapi import spec
from web.security import csrf

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)  # API clients authenticate with a bearer token, not a cookie


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"'{name}' must be a whole number")
    if not low <= value <= high:
        abort(400, description=f"'{name}' must be between {low} and {high}")
    return value


@bp.route("/openapi.json")
def openapi():
    return jsonify(spec())


@bp.route("/me")
def me():
    if not current_user.is_authenticated:
        return jsonify({"role": "public"})
    return jsonify({"email": current_user.email, "role": current_user.role})


@bp.route("/assets")
def asset_list():
    try:
        found = assets.directory(get_store(), kind=request.args.get("kind") or None,
                                 theme=request.args.get("theme") or None)
    except assets.FilterError as exc:
        abort(400, description=str(exc))
    return jsonify({"assets": found, "count": len(found)})


@bp.route("/people")
@require("see_people")
def people():
    skip = int_arg("skip", 0, 0, 1_000_000)
    limit = int_arg("limit", 100, 1, 1000)
    return jsonify({"people": get_store().read("list_people", skip=skip, limit=limit)})


@bp.route("/people/<person_id>")
@require("see_people")
def person(person_id: str):
    from mapper.privacy import audit, consent

    store = get_store()
    found = store.read_one("person_by_id", id=person_id)
    if found is None:
        abort(404, description="No such person.")
    audit.record(store, current_user.email, "viewed", person_id, "api")
    if not found["consent_contact"]:  # no consent to be contacted: the details are not sent
        found["email"] = found["phone"] = None
    state = consent.status(store, person_id)
    found["consent"] = state["scopes"]
    found["erased"] = state["erased"]
    found["erasure_pending"] = state["erasure_pending"]
    return jsonify(found)


@bp.route("/network/summary")
@require("see_network")
def network_summary():
    store = get_store()
    return jsonify({"people_by_area": store.read("people_by_area"),
                    "assets_by_kind": store.read("assets_by_kind"),
                    "one_to_ones_by_year": store.read("one_to_ones_by_year")})


def _network_view():
    from mapper.network import report as network_health

    view, errors = network_health.parse_view(request.args)
    if errors:
        abort(400, description="; ".join(f"{k}: {v}" for k, v in errors.items()))
    return view


def _names_everyone() -> bool:
    from mapper.accounts.roles import sees_every_name

    return sees_every_name(current_user.role)


@bp.route("/network/findings")
@require("see_network")
def network_findings():
    from dataclasses import asdict

    from mapper.network import report as network_health

    report = network_health.report(get_store(), _network_view(), _names_everyone())
    body = asdict(report)
    body["as_of"] = report.as_of.isoformat()
    return jsonify(body)


@bp.route("/network/graph")
@require("see_network")
def network_graph():
    from mapper.network import report as network_health

    return jsonify(network_health.picture(get_store(), _network_view(), _names_everyone()))


@bp.route("/network/areas")
@require("see_network")
def network_areas():
    from mapper.network import report as network_health

    return jsonify(network_health.areas(get_store(), _network_view(), _names_everyone()))


@bp.route("/network/trend")
@require("see_network")
def network_trend():
    from mapper.network import report as network_health

    return jsonify({"months": network_health.monthly(get_store(), _network_view())})


@bp.route("/network/what-if", methods=["POST"])
@require("see_network")
def network_what_if():
    from mapper.network import report as network_health

    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description="send a JSON object with 'remove' (ids) and/or 'links' ([a, b] pairs)")
    remove, links = body.get("remove", []), body.get("links", [])
    if not (isinstance(remove, list) and all(isinstance(r, str) for r in remove)):
        abort(400, description="'remove' must be a list of ids")
    if not (isinstance(links, list) and all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
                                            for p in links)):
        abort(400, description="'links' must be a list of [id, id] pairs")
    try:
        result = network_health.what_if(get_store(), _network_view(), _names_everyone(), remove,
                                        [tuple(p) for p in links])
    except network_health.ParamError as exc:
        abort(400, description=str(exc))
    return jsonify(result)


# ---- organisers: people, 1:1s, organisations and assets -----------------------------------------
def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description="send a JSON object")
    return body


def _flat_one_to_one(body: dict) -> tuple[dict, list]:
    """The API's nested 1:1 ({"a": {...}, "b": {...}, "consent": {...}}) as the form's flat fields."""
    flat = {}
    for side in ("a", "b"):
        who = body.get(side)
        if isinstance(who, str):
            who = {"id": who}
        if not isinstance(who, dict):
            abort(400, description=f"'{side}' must be a person id or an object with 'id', or 'name' "
                                   "(and optional 'area', 'email', 'phone') for a new person")
        for key in ("id", "name", "area", "email", "phone"):
            value = who.get(key)
            if value is not None and not isinstance(value, str):
                abort(400, description=f"'{side}.{key}' must be a string")
            flat[f"{side}_{key}"] = value or ""
        if who.get("create_new") or body.get("create_new"):
            flat[f"{side}_pick"] = "new"
    for key in ("date", "place", "notes", "follow_up", "follow_up_due"):
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            abort(400, description=f"'{key}' must be a string")
        flat[key] = value or ""
    consent = body.get("consent") or {}
    if not isinstance(consent, dict):
        abort(400, description="'consent' must be an object with 'recorded', 'named' and 'contact' (true/false)")
    for key in ("recorded", "named", "contact"):
        flat[f"consent_{key}"] = bool(consent.get(key))
    # Sent explicitly, the consent object also sets (and may withdraw) an existing person's consent.
    flat["consent_explicit"] = "1" if body.get("consent") is not None else ""
    themes = body.get("themes") or []
    if not (isinstance(themes, list) and all(isinstance(t, str) for t in themes)):
        abort(400, description="'themes' must be a list of theme ids or names")
    return flat, themes


@bp.route("/one-to-ones", methods=["POST"])
@require("edit_people")
def one_to_one_create():
    from mapper.organising import one_to_one

    flat, themes = _flat_one_to_one(_json_body())
    store = get_store()
    checked = one_to_one.check(store, flat, themes, by=current_user.email)
    if checked.errors:
        return jsonify({"error": "Invalid 1:1", "status": 422, "fields": checked.errors}), 422
    if checked.suggestions:
        return jsonify({"error": "Possible duplicate", "status": 409,
                        "detail": "Someone like this may already be recorded: send their id, or set "
                                  "'create_new': true on that side to add a new person anyway.",
                        "suggestions": checked.suggestions}), 409
    try:
        result = one_to_one.record(store, checked, via="api")
    except one_to_one.NotWritten as exc:
        abort(409, description=str(exc))
    return jsonify(result), 201


@bp.route("/people/search")
@require("see_people")
def people_search():
    from mapper.organising import people as people_module

    q = (request.args.get("q") or "").strip()
    if len(q) > 100:
        abort(400, description="'q' is at most 100 characters")
    kind = request.args.get("kind", "person")
    if kind not in ("person", "place", "organisation", "asset"):
        abort(400, description="'kind' is one of person, place, organisation, asset")
    limit = int_arg("limit", 10, 1, 50)
    return jsonify({"people" if kind == "person" else "places": people_module.search(get_store(), q, limit, kind)})


@bp.route("/people", methods=["POST"])
@require("edit_people")
def person_create():
    from mapper.organising import people as people_module

    body = _json_body()
    store = get_store()
    errors = {}
    name, err = people_module.check_name(body.get("name") if isinstance(body.get("name"), str) else "")
    if err:
        errors["name"] = err
    email, err = people_module.check_email(body.get("email") if isinstance(body.get("email"), str) else "")
    if err:
        errors["email"] = err
    phone, err = people_module.check_phone(body.get("phone") if isinstance(body.get("phone"), str) else "")
    if err:
        errors["phone"] = err
    area = body.get("area") or None
    if area is not None and (not isinstance(area, str) or area not in {a["id"] for a in store.read("list_areas")}):
        errors["area"] = "unknown area id"
    if errors:
        return jsonify({"error": "Invalid person", "status": 422, "fields": errors}), 422
    if not body.get("create_new"):
        matches = people_module.suggest_matches(store, name, area, email, phone)
        if matches:
            return jsonify({"error": "Possible duplicate", "status": 409, "suggestions": matches,
                            "detail": "Use one of these, or send 'create_new': true."}), 409
    return jsonify({"id": people_module.create(store, name, area, email, phone)}), 201


@bp.route("/places", methods=["POST"])
@require("edit_people")
def place_create():
    from mapper.organising import people as people_module

    body = _json_body()
    store = get_store()
    area = body.get("area") or None
    if area is not None and (not isinstance(area, str) or area not in {a["id"] for a in store.read("list_areas")}):
        return jsonify({"error": "Invalid place", "status": 422, "fields": {"area": "unknown area id"}}), 422
    try:
        made = people_module.create_place(store, str(body.get("kind") or ""), str(body.get("name") or ""), area)
    except people_module.PlaceError as exc:
        return jsonify({"error": "Invalid place", "status": 422, "fields": {exc.field: str(exc)}}), 422
    return jsonify(made), 201


@bp.route("/people/<person_id>/links", methods=["POST"])
@require("edit_people")
def person_link(person_id: str):
    from mapper.organising import people as people_module

    body = _json_body()
    try:
        link_id = people_module.link(get_store(), person_id, str(body.get("type") or ""), str(body.get("place") or ""),
                                     body.get("role") if isinstance(body.get("role"), str) else None)
    except people_module.PlaceError as exc:
        status = 404 if exc.field == "place" else 422
        return jsonify({"error": "Not linked", "status": status, "fields": {exc.field: str(exc)}}), status
    from mapper.privacy import audit, consent

    audit.record(get_store(), current_user.email, "linked", person_id, "api", str(body.get("type")).lower())
    consent.forget_cached_network()
    return jsonify({"id": link_id}), 201


# ---- consent, erasure, subject access and the audit trail -----------------------------------------
@bp.route("/people/<person_id>/consent")
@require("see_people")
def consent_status(person_id: str):
    from mapper.privacy import consent

    state = consent.status(get_store(), person_id)
    if state is None:
        abort(404, description="No such person.")
    return jsonify(state)


@bp.route("/people/<person_id>/consent", methods=["POST"])
@require("edit_people")
def consent_change(person_id: str):
    from mapper.privacy import consent

    body = _json_body()
    scope, given, day = body.get("scope"), body.get("given"), body.get("date")
    if not isinstance(scope, str) or scope not in consent.SCOPES:
        return jsonify({"error": "Invalid consent", "status": 422,
                        "fields": {"scope": "one of: " + ", ".join(consent.SCOPES)}}), 422
    if not isinstance(given, bool):
        return jsonify({"error": "Invalid consent", "status": 422,
                        "fields": {"given": "true (consent given) or false (withdrawn)"}}), 422
    if day is not None and not isinstance(day, str):
        return jsonify({"error": "Invalid consent", "status": 422, "fields": {"date": "a date, YYYY-MM-DD"}}), 422
    try:
        result = consent.change(get_store(), person_id, scope, given, day, current_user.email, "api", "api")
    except consent.NoSuchPerson:
        abort(404, description="No such person.")
    except consent.ConsentError as exc:
        return jsonify({"error": "Invalid consent", "status": 422, "fields": {exc.field: str(exc)}}), 422
    return jsonify(result), 201 if result["changed"] else 200


@bp.route("/erasure-requests")
@require("admin")
def erasure_requests():
    from mapper.privacy import erasure

    state = request.args.get("state") or None
    if state not in (None, "pending", "done", "cancelled"):
        abort(400, description="'state' is one of pending, done, cancelled")
    found = erasure.requests(get_store(), state)
    for row in found:
        row.pop("name", None)
    return jsonify({"requests": found})


@bp.route("/people/<person_id>/erasure", methods=["POST"])
@require("admin")
def person_erasure(person_id: str):
    from mapper.privacy import erasure

    body = _json_body()
    if body.get("confirm") != person_id:
        return jsonify({"error": "Not confirmed", "status": 422,
                        "fields": {"confirm": "send the person's id again as 'confirm': an erasure cannot be undone"}}), 422
    try:
        done = erasure.erase(get_store(), person_id, current_user.email, "api")
    except erasure.NoSuchPerson:
        abort(404, description="No such person.")
    except erasure.ErasureError as exc:
        abort(409, description=str(exc))
    return jsonify(done.as_dict())


@bp.route("/people/<person_id>/subject-access")
@require("admin")
def person_subject_access(person_id: str):
    from mapper.privacy import subject_access

    try:
        document = subject_access.export(get_store(), person_id, current_user.email, "api")
    except subject_access.NoSuchPerson:
        abort(404, description="No such person.")
    response = jsonify(document)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/audit")
@require("admin")
def audit_entries():
    from mapper.privacy import audit

    filters, errors = audit.parse_filters(request.args)
    if errors:
        abort(400, description="; ".join(f"{k}: {v}" for k, v in errors.items()))
    per_page = int_arg("per_page", audit.PER_PAGE, 1, 500)
    return jsonify(audit.entries(get_store(), filters, per_page))
