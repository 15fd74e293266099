"""``/api/network/...``: counts, findings, the drawing, areas, the trend and what-if (the Collaborative, admins)."""
from __future__ import annotations

from typing import Annotated, Literal

from flask import jsonify
from pydantic import Field

from web.api.common import GUARDED, SIGNED_IN, bp, context, responses, spec
from web.api.kept import Computing, Kept, ViewQuery, names_everyone, network_view, served, wait_seconds
from web.api.schemas import Body, Reply, absent
from web.auth import require
from web.db import get_store
from web.problems import invalid

AreaCount = tuple[str, int]  # [area name, how many]
NETWORK = responses((400, *GUARDED, 422))


class ByArea(Reply):
    area: str | None
    people: int


class ByKind(Reply):
    kind: str | None
    assets: int


class ByYear(Reply):
    year: int | None
    meetings: int


class Summary(Reply):
    people_by_area: list[ByArea]
    assets_by_kind: list[ByKind]
    one_to_ones_by_year: list[ByYear]


class Counts(Reply):
    people: int
    assets: int
    organisations: int
    live_links: int
    single_points: int
    people_at_risk: int
    isolated_people: int
    single_links: int = Field(description="findings in the list of single links (nested ones merged into one)")
    isolated_groups: int = Field(description="findings in the list of isolated people and groups")
    clusters: int = Field(description="clusters described (of three or more)")
    areas_without_cover: int


class SinglePoint(Reply):
    id: str | None = Field(description="null when the viewer may not see the name")
    name: str
    kind: str
    count: int
    areas: list[AreaCount]
    who: list[str]
    sentence: str


class InnerLink(Reply):
    """A single link nested within the part an outer single link holds."""

    link: str
    people: int
    a_id: str | None
    b_id: str | None


class Bridge(Reply):
    a: str
    b: str
    a_id: str | None
    b_id: str | None
    side_people: int
    side_nodes: int
    cut_off: int
    link: str
    sentence: str
    inner: list[InnerLink] = Field(description="single links nested within this one's smaller side, largest first")
    within: str


class RunByOne(Reply):
    asset: str | None
    runner: str
    sentence: str


class Gateway(Reply):
    asset: str | None
    through: list[str]
    sentence: str


class IsolatedGroup(Reply):
    size: int
    areas: list[AreaCount]
    who: list[str]
    sentence: str


class LonelyCluster(Reply):
    name: str
    size: int
    people: int
    assets: int
    links: int
    areas: list[AreaCount]
    sentence: str


class Cluster(Reply):
    name: str = Field(description="by its main areas (never a person's name)")
    size: int
    people: int
    assets: int
    organisations: int
    areas: list[AreaCount]
    asset_names: list[str]
    links: int = Field(description="ties to other clusters")
    sentence: str


class Broker(Reply):
    name: str
    id: str | None
    kind: str
    betweenness: float
    degree: int
    clusters_linked: int
    clusters: list[str] = Field(description="the clusters among their ties, most ties first")
    only_through: int = Field(description="people who, were they to leave, would no longer be connected to the "
                                          "largest piece left of their part of the network")
    sentence: str


class Suggestion(Reply):
    a: str
    b: str
    a_id: str | None
    b_id: str | None
    people: int
    reason: str
    sentence: str


class Coverage(Reply):
    area: str
    people: int
    uncovered: float
    gap: bool
    districts: list[str]
    sentence: str


class Findings(Kept):
    """People are named only as the viewer may see them (otherwise by role and area)."""

    as_of: str
    live_months: int
    counts: Counts
    single_points: list[SinglePoint]
    bridges: list[Bridge]
    run_by_one: list[RunByOne]
    gateways: list[Gateway]
    isolated_groups: list[IsolatedGroup]
    lonely_clusters: list[LonelyCluster]
    clusters: list[Cluster]
    brokers: list[Broker]
    suggestions: list[Suggestion]
    coverage: list[Coverage]


class AreaFindings(Reply):
    name: str
    people: int
    at_risk: int
    isolated: int
    single_points: list[str]


class Areas(Kept):
    as_of: str
    areas: dict[str, AreaFindings] = Field(description="by the area's code, e.g. E09000022")


class Month(Reply):
    month: str
    people_at_risk: int
    single_points: int
    isolated_people: int
    live_links: int


class Trend(Kept):
    months: list[Month]


class WhatIfAsked(Body):
    remove: list[str] = Field([], description="ids of people, organisations or assets to take out, as /api/network/nodes gives them (a person not named to the viewer has a pseudonym for this viewer)")
    links: list[Annotated[list[str], Field(min_length=2, max_length=2)]] = Field(
        [], description="ties to take out, as [id, id] pairs")


class PlaceToGo(Reply):
    name: str
    kind: Literal["listening hub", "peer-support group"]
    miles: float = Field(description="from the centre of the person's area")


class Nearest(Reply):
    who: str
    before: str | None
    before_steps: int | None
    after: str | None
    after_steps: int | None
    after_miles: float | None = absent("how far the next nearest is, when known")
    go_to: PlaceToGo | None = absent("for someone cut off: the listening hub or peer-support group left nearest "
                                     "their area (as the crow flies, to where it is published)")
    sentence: str | None = absent("for someone cut off: where they could be introduced, in words")


class WhatIf(Reply):
    removed: list[str]
    removed_links: list[str]
    cut_off: list[str]
    cut_off_areas: list[AreaCount]
    components_before: int
    components_after: int
    split: list[tuple[int, list[int]]] = Field(description="[size before, [sizes after]] for each group broken apart")
    nearest: list[Nearest]


@bp.route("/network/summary")
@require("see_network")
@spec.validate(resp=responses(GUARDED, HTTP_200=Summary), tags=["network"], security=SIGNED_IN)
def network_summary():
    """Network counts (the Collaborative and admins)."""
    store = get_store()
    return jsonify({"people_by_area": store.read("people_by_area"),
                    "assets_by_kind": store.read("assets_by_kind"),
                    "one_to_ones_by_year": store.read("one_to_ones_by_year")})




@bp.route("/network/findings")
@require("see_network")
@spec.validate(query=ViewQuery, resp=responses((400, *GUARDED, 422), HTTP_200=Findings, HTTP_202=Computing),
               tags=["network"], security=SIGNED_IN)
def network_findings():
    """What the Collaborative looks for: single points of failure, bridges, isolation, brokers, suggested 1:1s."""
    from dataclasses import asdict

    from mapper.network import report as network_health

    def body_of(report):
        body = asdict(report)
        body["as_of"] = report.as_of.isoformat()
        return body

    return served(network_health.kept_report(get_store(), network_view(), names_everyone(), wait_seconds()), body_of)


@bp.route("/network/areas")
@require("see_network")
@spec.validate(query=ViewQuery, resp=responses((400, *GUARDED, 422), HTTP_200=Areas, HTTP_202=Computing),
               tags=["network"], security=SIGNED_IN)
def network_areas():
    """The findings by area, for the map."""
    from mapper.network import report as network_health

    return served(network_health.kept_areas(get_store(), network_view(), names_everyone(), wait_seconds()), dict)


@bp.route("/network/trend")
@require("see_network")
@spec.validate(query=ViewQuery, resp=responses((400, *GUARDED, 422), HTTP_200=Trend, HTTP_202=Computing),
               tags=["network"], security=SIGNED_IN)
def network_trend():
    """Month by month: people at risk, single points of failure, isolated people and live links."""
    from mapper.network import report as network_health

    return served(network_health.kept_trend(get_store(), network_view(), wait_seconds()), lambda rows: {"months": rows})


class NodesQuery(ViewQuery):
    q: str = Field(min_length=1, max_length=100, description="part of a name as the viewer sees it")
    limit: int = Field(20, ge=1, le=50)


class FoundNode(Reply):
    id: str = Field(description="the id; for a person not named to the viewer, a pseudonym valid for this viewer only")
    label: str = Field(description="the name, or for a person not named to the viewer their role and area")
    kind: Literal["person", "organisation", "asset"]


class FoundNodes(Reply):
    nodes: list[FoundNode]


@bp.route("/network/nodes")
@require("see_network")
@spec.validate(query=NodesQuery, resp=responses((400, *GUARDED, 422), HTTP_200=FoundNodes), tags=["network"],
               security=SIGNED_IN)
def network_nodes():
    """People, organisations and assets by name as the viewer may see them: the what-if picker."""
    from mapper.network import report as network_health
    from web.auth import shown_to

    asked = context().query
    return jsonify({"nodes": network_health.find_nodes(get_store(), network_view(), names_everyone(), asked.q,
                                                       asked.limit, shown_to=shown_to())})


@bp.route("/network/what-if", methods=["POST"])
@require("see_network")
@spec.validate(query=ViewQuery, json=WhatIfAsked, resp=responses((400, *GUARDED, 422), HTTP_200=WhatIf),
               tags=["network"], security=SIGNED_IN)
def network_what_if():
    """Who would be cut off, which groups split and which nearest assets lost if these went (nothing changes)."""
    from mapper.network import report as network_health
    from web.auth import shown_to

    asked = context().json
    try:
        result = network_health.what_if(get_store(), network_view(), names_everyone(), asked.remove,
                                        [tuple(p) for p in asked.links], shown_to())
    except network_health.ParamError as exc:
        raise invalid({exc.field: str(exc)}) from None
    return jsonify(result)
