"""The Open Referral UK 3.0 read API, mounted under ``/openreferral`` (the product's own landing
page is ``/``): ``/openreferral/``, ``/services``, ``/services/{id}``, ``/service_at_locations``
(with ``postcode`` and ``proximity`` in metres, nearest first), ``/service_at_locations/{id}``,
``/taxonomies`` and ``/taxonomy_terms``. Open to anyone, with ``Access-Control-Allow-Origin: *``.
"""
from __future__ import annotations

import math
import re

from flask import Blueprint, jsonify, request, url_for

from mapper import geo
from mapper.numeric import parse_number
from mapper.directory import opening, openreferral as oruk, search

from web.db import get_store
from web.openreferral_openapi import openreferral_spec
from web.problems import Problem, invalid, malformed
from web.security import csrf

bp = Blueprint("openreferral", __name__, url_prefix="/openreferral")
csrf.exempt(bp)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9])?$")


# Errors are problem+json (web.problems, answered by web.errors): 400 for an argument that is not
# of its type (a number, a time), 422 for one that breaks a rule (a range, a day, an unknown term).


def _invalid(name: str, message: str) -> Problem:
    return invalid({name: message}, f"'{name}': {message}")


def _malformed(name: str, message: str) -> Problem:
    return malformed(f"'{name}': {message}", {name: message})


@bp.after_request
def cors(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# --------------------------------------------------------------------------- arguments


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    value = parse_number(raw, low, high)
    if value is None:
        if parse_number(raw.lstrip("-"), 0, math.inf) is None:
            raise _malformed(name, "must be a whole number")
        raise _invalid(name, f"must be between {low} and {high}")
    return value


def _number_arg(name: str) -> float | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    value = parse_number(raw, 0, 1e12, whole=False)
    if value is None:
        if parse_number(raw.lstrip("-"), 0, math.inf, whole=False) is None:
            raise _malformed(name, "must be a number")
        raise _invalid(name, "must be a number of 0 or more")
    return value


def _time_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    match = _TIME.match(raw.strip())
    if not match:
        raise _malformed(name, "must be a time like 09:30")
    return int(match.group(1)) * 60 + int(match.group(2))


def _day_arg() -> int | None:
    raw = (request.args.get("day") or "").strip()
    if not raw:
        return None
    codes = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
    if raw.upper() in codes:
        return codes[raw.upper()]
    try:
        return opening.day_index(raw)
    except opening.OpeningError as exc:
        raise _invalid("day", f"{exc} (or MO, TU, ... SU)") from None


def _page(items: list, build) -> dict:
    page = _int_arg("page", 1, 1, 1_000_000)
    per_page = _int_arg("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = len(items)
    pages = max(1, math.ceil(total / per_page))
    chunk = items[(page - 1) * per_page: page * per_page]
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": len(chunk),
            "first_page": page == 1, "last_page": page >= pages, "empty": len(chunk) == 0,
            "contents": [build(x) for x in chunk]}


def _filtered_entries(postcode_search: bool = False) -> list[dict]:
    """Assets for a list endpoint, after the profile's filters."""
    store = get_store()
    day, start, end = _day_arg(), _time_arg("start_time"), _time_arg("end_time")
    _number_arg("minimum_age"), _number_arg("maximum_age")  # no age limits are recorded: all match
    term = (request.args.get("taxonomy_term_id") or "").strip()
    taxonomy = (request.args.get("taxonomy_id") or "").strip()
    text = (request.args.get("search") or "").strip().lower()
    terms = {t["id"]: t for t in oruk.taxonomy_terms(store)}
    if term and term not in terms:
        raise _invalid("taxonomy_term_id", f"unknown taxonomy_term_id '{term}'")
    if taxonomy and taxonomy not in {t["id"] for t in oruk.taxonomies()}:
        raise _invalid("taxonomy_id", f"unknown taxonomy_id '{taxonomy}'")
    postcode = (request.args.get("postcode") or "").strip()
    proximity = _number_arg("proximity")
    if postcode_search and postcode:
        metres = proximity if proximity is not None else search.DEFAULT_RADIUS_KM * 1000
        if metres <= 0 or metres > search.MAX_RADIUS_KM * 1000:
            raise _invalid("proximity", f"must be more than 0 and at most {search.MAX_RADIUS_KM * 1000:.0f} metres")
        try:
            origin_ok = geo.resolve(postcode)
        except geo.PostcodeError as exc:
            hint = search.suggest(postcode)
            message = str(exc) + (f"; did you mean {' or '.join(hint)}?" if hint else "")
            raise invalid({"postcode": message}, f"'postcode': {message}", suggestions=hint) from None
        query = search.Query(origin_ok.postcode if origin_ok.kind != "place" else postcode, metres,
                             metres / 1000, "km")
        entries = search.near(store, query)["results"]
    elif proximity is not None and not postcode:
        raise _invalid("proximity", "needs a 'postcode'")
    else:
        entries = search.listing(store)
    names = oruk.themes_by_name(store)

    def keep(e: dict) -> bool:
        if text and text not in (e["name"] or "").lower() and text not in (e.get("description") or "").lower():
            return False
        ids = {oruk.theme_term(names[t], t)["id"] for t in e.get("themes") or [] if t in names}
        if e.get("kind") in oruk.KIND_LABELS:
            ids.add(oruk.kind_term(e["kind"])["id"])
        if term and term not in ids:
            return False
        if taxonomy and not any(terms[i]["taxonomy_id"] == taxonomy for i in ids if i in terms):
            return False
        if day is not None or start is not None or end is not None:
            sessions = [s for s in opening.sessions(e.get("opening")) if day is None or s.day == day]
            sessions = [s for s in sessions if (start is None or s.start >= start) and (end is None or s.end <= end)]
            if not sessions:
                return False
        return True

    return [e for e in entries if keep(e)]


def _entry_by(kind: str, wanted: str) -> dict:
    """One asset by its service (or service-at-location) UUID, or by its own id."""
    make = oruk.service_uuid if kind == "service" else oruk.sal_uuid
    for e in search.listing(get_store()):
        if wanted in (make(e["id"]), e["id"]):
            return e
    raise NotFound(f"No {kind.replace('_', ' ')} with id '{wanted}'.")


def NotFound(detail: str) -> Problem:  # noqa: N802  (raised like an exception class)
    return Problem(404, detail)


# --------------------------------------------------------------------------- routes


@bp.route("/")
def meta():
    return jsonify({"version": oruk.VERSION, "profile": oruk.PROFILE,
                    "openapi_url": url_for("openreferral.openapi", _external=True)})


@bp.route("/openapi.json")
def openapi():
    return jsonify(openreferral_spec())


@bp.route("/services")
def services():
    entries = _filtered_entries()
    names = oruk.themes_by_name(get_store())
    return jsonify(_page(entries, lambda e: oruk.service(e, names, full=False)))


@bp.route("/services/<service_id>")
def service(service_id: str):
    entry = _entry_by("service", service_id)
    return jsonify(oruk.service(entry, oruk.themes_by_name(get_store())))


@bp.route("/service_at_locations")
def service_at_locations():
    entries = _filtered_entries(postcode_search=True)
    names = oruk.themes_by_name(get_store())
    return jsonify(_page(entries, lambda e: oruk.service_at_location(e, names)))


@bp.route("/service_at_locations/<sal_id>")
def service_at_location(sal_id: str):
    entry = _entry_by("service_at_location", sal_id)
    return jsonify(oruk.service_at_location(entry, oruk.themes_by_name(get_store()), full=True))


@bp.route("/taxonomies")
def taxonomy_list():
    return jsonify(_page(oruk.taxonomies(), lambda t: t))


@bp.route("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str):
    for t in oruk.taxonomies():
        if t["id"] == taxonomy_id:
            return jsonify(t)
    raise NotFound(f"No taxonomy with id '{taxonomy_id}'.")


@bp.route("/taxonomy_terms")
def taxonomy_terms():
    terms = oruk.taxonomy_terms(get_store())
    taxonomy = (request.args.get("taxonomy_id") or "").strip()
    if taxonomy:
        terms = [t for t in terms if t["taxonomy_id"] == taxonomy]
    return jsonify(_page(terms, lambda t: t))


@bp.route("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str):
    for t in oruk.taxonomy_terms(get_store()):
        if t["id"] == term_id:
            return jsonify(t)
    raise NotFound(f"No taxonomy term with id '{term_id}'.")


@bp.route("/<path:rest>")
def unknown(rest: str):
    raise NotFound(f"No such Open Referral endpoint '/{rest}'.")
