"""The Collaborative: single points of failure, single links, isolation, what-if, suggestions, trend."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from mapper.network import report as health
from mapper.accounts.roles import sees_every_name

from web.auth import current_role, require
from web.db import get_store

bp = Blueprint("collaborative", __name__, url_prefix="/collaborative")


def names_everyone() -> bool:
    return sees_every_name(current_role())


def view_or_errors():
    view, errors = health.parse_view(request.args)
    return view, errors, (400 if errors else 200)


@bp.route("/")
@require("see_network")
def index():
    view, errors, status = view_or_errors()
    store = get_store()
    report = health.report(store, view, names_everyone())
    rows = health.monthly(store, view)
    charts = [health.trend.chart(rows, key) for key in health.trend.SERIES]
    return render_template("collaborative/index.html", report=report, view=view, errors=errors, charts=charts,
                           args=request.args, month_choices=health.LIVE_MONTH_CHOICES,
                           cover_choices=health.COVER_KM_CHOICES), status


@bp.route("/summary")
@require("see_network")
def summary():
    view, errors, status = view_or_errors()
    report = health.report(get_store(), view, names_everyone())
    return render_template("collaborative/summary.html", report=report, view=view), status


@bp.route("/what-if")
@require("see_network")
def what_if():
    view, errors, status = view_or_errors()
    store = get_store()
    offered = health.choices(store, view, names_everyone())
    chosen = request.args.getlist("remove")
    links = [tuple(link.split("|", 1)) for link in request.args.getlist("link") if "|" in link]
    result = None
    if chosen or links:
        try:
            result = health.what_if(store, view, names_everyone(), chosen, links)
        except health.ParamError as exc:
            errors[exc.field], status = str(exc), 400
    G, name = offered["graph"], offered["namer"]
    link_choices = sorted(((f"{a}|{b}", f"{name(a)} – {name(b)}") for a, b in G.edges()), key=lambda t: t[1].lower())
    return render_template("collaborative/what_if.html", view=view, errors=errors, nodes=offered["nodes"],
                           links=link_choices, chosen=set(chosen), chosen_links={f"{a}|{b}" for a, b in links},
                           result=result, args=request.args), status


@bp.route("/network")
@require("see_network")
def picture():
    view, errors, status = view_or_errors()
    return render_template("collaborative/network.html", view=view, errors=errors, args=request.args), status


@bp.route("/export/<table>.csv")
@require("see_network")
def export(table: str):
    if table not in health.TABLES:
        abort(404, description=f"No table '{table}'.")
    view, errors, _ = view_or_errors()
    if errors:
        abort(400, description="; ".join(errors.values()))
    store = get_store()
    rows = health.monthly(store, view) if table == "trend" else \
        getattr(health.report(store, view, names_everyone()), table)
    body = health.table_csv(rows, health.TABLES[table])
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{table}-{view.as_of.isoformat()}.csv"'})
