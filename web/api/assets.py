"""``/api/assets`` (the directory, as anyone may see it) and ``/api/search`` (nearest first)."""
from __future__ import annotations

from flask import jsonify, request
from pydantic import Field

from mapper import geo
from mapper.directory import search

from web.api.common import bp, context, responses, spec
from web.api.schemas import Query, Reply, SearchProblem
from web.db import get_store
from web.problems import Problem, invalid

class AssetsQuery(Query):
    """The filters, one vocabulary for /api/assets, /api/search and the pages (an empty value is no filter)."""

    theme: str | None = Field(None, description="theme id or name, e.g. theme-loneliness or Housing")
    kind: str | None = Field(None, description="asset kind, e.g. ListeningHub or 'peer-support group'")
    language: str | None = Field(None, description="a language spoken, e.g. Somali")
    access: str | None = Field(None, description="an access need, e.g. BSL, step-free, hearing loop")
    cost: str | None = Field(None, description="'free' for free entries only")
    day: str | None = Field(None, description="open on this day, e.g. Saturday")
    time: str | None = Field(None, description="part of the day: morning, afternoon or evening")


class Asset(Reply):
    """An asset as anyone may see it: one that hides its address has no street address, and only its
    postcode district and that district's centre for a postcode and a point."""

    id: str
    name: str | None
    kind: str | None
    kind_label: str | None
    description: str | None
    address: str | None
    postcode: str | None
    lat: float | None
    lon: float | None
    area: str | None
    area_code: str | None
    themes: list[str]
    languages: list[str] | None
    accessibility: list[str] | None
    cost: str | None
    opening: list[str] | None
    contact: str | None
    last_checked: str | None
    hide_address: bool


class AssetList(Reply):
    assets: list[Asset]
    count: int


@bp.route("/assets")
@spec.validate(query=AssetsQuery, resp=responses((400, 422), HTTP_200=AssetList), tags=["assets"])
def asset_list():
    """Community assets (public fields for every caller)."""
    try:
        found = search.directory(get_store(), request.args)
    except search.SearchError as exc:
        raise invalid(exc.errors) from None
    shown = [{key: entry.get(key) for key in Asset.model_fields} for entry in found]
    return jsonify({"assets": shown, "count": len(shown)})


class SearchQuery(AssetsQuery):
    where: str | None = Field(None, description="postcode (full or district, any case or spacing) or place "
                                                "name; required ('postcode' is accepted too)")
    postcode: str | None = Field(None, description="the same as 'where'")
    radius: str | None = Field(None, description="distance, e.g. 2, 3 km or 1.5 miles (default 2 km, at most 50 km)")
    unit: str | None = Field(None, description="unit of radius: km or miles")
    limit: int = Field(50, ge=1, le=500, description="at most this many results")


class Origin(Reply):
    query: str | None
    postcode: str | None
    kind: str | None
    lat: float
    lon: float
    area: str | None


class Radius(Reply):
    value: float
    unit: str
    metres: float


class SearchResult(Asset):
    """An asset near the place asked about; one that hides its address is placed at its postcode district."""

    languages: list[str]
    accessibility: list[str]
    opening: list[str]
    run_by: list[str]
    precise: bool
    last_verified: str | None
    distance_m: float
    distance_km: float
    distance_miles: float


class SearchResults(Reply):
    origin: Origin
    radius: Radius
    filters: dict[str, str]
    count: int
    results: list[SearchResult]
    wider_radius: float | None = Field(description="with no results: a wider radius to try (in the same unit)")
    attribution: str


@bp.route("/search")
@spec.validate(query=SearchQuery, resp=responses((400,), HTTP_200=SearchResults, HTTP_422=SearchProblem),
               tags=["assets"])
def api_search():
    """Assets near a postcode or place, nearest first, with distance in km and miles (anyone may call it).

    Assets that hide their address are placed at their postcode district."""
    store = get_store()
    search.keep_warm(store)
    try:
        query = search.parse_query(request.args, store, need_where=True)
    except search.SearchError as exc:
        detail = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
        if exc.suggestions:
            detail += f" (did you mean {' or '.join(exc.suggestions)}?)"
        raise Problem(422, detail, errors=exc.errors, suggestions=exc.suggestions) from None
    found = search.near(store, query, limit=context().query.limit)
    return jsonify({
        "origin": search.origin_dict(found["origin"]),
        "radius": {"value": query.radius, "unit": query.unit, "metres": query.radius_m},
        "filters": query.filters.args(),
        "count": len(found["results"]),
        "results": found["results"],
        "wider_radius": found["wider"],
        "attribution": geo.POSTCODE_ATTRIBUTION,
    })
