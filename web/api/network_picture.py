"""``/api/network/graph``: the network picture (see ``mapper.network.picture``), whole or by cluster,
and who one node's departure would cut off, as the picture's ids (the Collaborative, admins)."""
from __future__ import annotations

from flask import jsonify
from pydantic import Field

from mapper.network import picture as pictures, report as health
from web.api.common import GUARDED, SIGNED_IN, bp, context, responses, spec
from web.api.kept import Computing, Kept, ViewQuery, names_everyone, network_view, served, wait_seconds
from web.api.schemas import Reply
from web.auth import require
from web.db import get_store
from web.problems import invalid


class PictureNodes(Reply):
    """One column per field; a node's id is its position in the picture (``id`` lists them when only
    some are sent)."""

    x: list[int] = Field(description="across, 0..10000")
    y: list[int] = Field(description="down, 0..10000")
    s: list[int] = Field(description="size: bigger the more people the node's departure cuts off")
    k: list[int] = Field(description="kind, an index into kinds")
    c: list[int] = Field(description="community (the report's clusters), an index into clusters")
    a: list[int] = Field(description="area, an index into areas (-1: not known)")
    cut: list[int] = Field(description="how many people its departure cuts off from every asset")
    l: list[str] = Field(description="the name as the viewer may see it: for a person not named to the "  # noqa: E741
                                     "viewer, their role and area")
    id: list[int] | None = Field(None, description="the nodes' ids, when only one cluster's are sent")


class PictureClusters(Reply):
    people: list[int]
    size: list[int]
    x: list[int]
    y: list[int]
    links: list[int] = Field(description="[cluster, cluster, ties between them, ...]")


class Picture(Kept):
    as_of: str
    kinds: list[str]
    areas: list[str]
    nodes: PictureNodes
    unnamed: list[int] = Field(description="ids of people not named to the viewer")
    isolated: list[int] = Field(description="ids of people with no path to any asset")
    edges: list[int] = Field(description="[from, to, from, to, ...] by id")
    bridges: list[int] = Field(description="indices into the edges (pairs) of single links")
    clusters: PictureClusters
    total: int = Field(description="nodes in the whole picture")
    aggregated: bool = Field(description="true: too big to draw whole; nodes left out, clusters to open one by one")
    cluster: int | None = Field(None, description="the one cluster sent")


class PictureQuery(ViewQuery):
    cluster: int | None = Field(None, ge=0, description="only this cluster's nodes (of a picture drawn by cluster)")


class CutOffQuery(ViewQuery):
    node: int = Field(ge=0, description="a node's id in the picture")


class CutOffIds(Reply):
    node: int
    cut_off: list[int] = Field(description="the picture ids of the people the node's departure cuts off")
    computed_at: str = Field(description="the picture these ids belong to")


@bp.route("/network/graph")
@require("see_network")
@spec.validate(query=PictureQuery, resp=responses((400, *GUARDED, 422), HTTP_200=Picture, HTTP_202=Computing),
               tags=["network"], security=SIGNED_IN)
def network_graph():
    """The network picture: positions, communities and findings, each node as the viewer may see it.
    Above 10,000 nodes, the clusters alone; ``cluster`` sends one cluster's nodes."""
    cluster = context().query.cluster

    def body_of(kept):
        try:
            return pictures.shown_picture(kept, cluster)
        except pictures.ClusterError as exc:
            raise invalid({"cluster": str(exc)}) from None

    return served(health.kept_picture(get_store(), network_view(), names_everyone(), wait_seconds()), body_of)


@bp.route("/network/graph/cut-off")
@require("see_network")
@spec.validate(query=CutOffQuery, resp=responses((400, *GUARDED, 422), HTTP_200=CutOffIds, HTTP_202=Computing),
               tags=["network"], security=SIGNED_IN)
def network_cut_off():
    """Who a node's departure would cut off from every asset: the picture's ids only."""
    node = context().query.node
    found = health.kept_picture(get_store(), network_view(), names_everyone(), wait_seconds())
    if found.report is None:
        return served(found, dict)  # 202: still being computed
    if node >= len(found.report["nodes"]["k"]):
        raise invalid({"node": f"no node {node} in the picture"})
    return jsonify({"node": node, "cut_off": pictures.cut_off_ids(found.report, node),
                    "computed_at": found.kept.computed_at.isoformat()})
