"""The Collaborative: single points of failure, single links, isolation, what-if, suggestions, trend."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request

from mapper.network import report as health, trend
from mapper.accounts.roles import sees_every_name
from mapper.numeric import parse_number

from web.auth import current_role, require, shown_to
from web.db import get_store

bp = Blueprint("collaborative", __name__, url_prefix="/collaborative")

SHOWN = 50  # findings of a long list on the page itself (and on each page of the whole list)
SUMMARY_SHOWN = 3  # findings of each list on the one-page summary, then "and N more"
LISTS = {"single_points": "Single points of failure", "bridges": "Single links",
         "isolated_groups": "Isolated people and communities", "clusters": "Communities in the network"}


def names_everyone() -> bool:
    return sees_every_name(current_role())


def view_or_errors():
    view, errors = health.parse_view(request.args)
    return view, errors, (400 if errors else 200)


def served(view):
    """The kept report for this view (see ``mapper.network.keeper``): never a full analysis in the
    request, beyond a short wait for a report that has never been computed."""
    return health.kept_report(get_store(), view, names_everyone(), wait=current_app.config["REPORT_WAIT_SECONDS"])


def computing(view, found):
    """No report may be shown yet: say how far the analysis has got; the page looks again shortly."""
    return render_template("collaborative/computing.html", view=view, progress=found.updating), 202


def trend_charts(view, found, months=None) -> list[dict]:
    """The trend's charts (one per series), once its months are kept; none while they are computed."""
    if months is None:
        months = health.kept_trend(get_store(), view, wait=current_app.config["REPORT_WAIT_SECONDS"],
                                   schedule=found.fresh)
    return [trend.chart(months.report, key) for key in trend.SERIES] if months.report else []


@bp.route("/")
@require("see_network")
def index():
    view, errors, status = view_or_errors()
    found = served(view)
    if found.report is None:
        return computing(view, found)
    months = health.kept_trend(get_store(), view, wait=current_app.config["REPORT_WAIT_SECONDS"],
                               schedule=found.fresh)  # while the report is recomputed, it goes first
    charts = trend_charts(view, found, months)
    return render_template("collaborative/index.html", report=found.report, kept=found, view=view, errors=errors,
                           charts=charts, trend_progress=None if months.report else months.updating, shown=SHOWN,
                           args=request.args, month_choices=health.LIVE_MONTH_CHOICES,
                           cover_choices=health.COVER_KM_CHOICES), status


@bp.route("/findings/<table>")
@require("see_network")
def findings(table: str):
    """Every finding of one long list, a page at a time (the report's page shows the first)."""
    if table not in LISTS:
        abort(404, description=f"No list '{table}'.")
    view, errors, status = view_or_errors()
    found = served(view)
    if found.report is None:
        return computing(view, found)
    rows = getattr(found.report, table)
    pages = max(1, -(-len(rows) // SHOWN))
    page = min(parse_number(request.args.get("page") or "1", 1, 10**6) or 1, pages)
    first = (page - 1) * SHOWN
    return render_template("collaborative/findings.html", title=LISTS[table], table=table, kept=found, view=view,
                           rows=rows[first:first + SHOWN], total=len(rows), first=first + 1,
                           last=min(first + SHOWN, len(rows)), page=page, pages=pages), status


@bp.route("/summary")
@require("see_network")
def summary():
    view, errors, status = view_or_errors()
    found = served(view)
    if found.report is None:
        return computing(view, found)
    return render_template("collaborative/summary.html", report=found.report, kept=found, view=view,
                           charts=trend_charts(view, found), shown=SUMMARY_SHOWN), status


@bp.route("/what-if")
@require("see_network")
def what_if():
    """Pick people, organisations, assets and links by name (a search, never a list of everyone), or
    arrive from a finding with them chosen; see what would change."""
    view, errors, status = view_or_errors()
    store = get_store()
    chosen = list(dict.fromkeys(request.args.getlist("remove")))
    links = [tuple(link.split("|", 1)) for link in dict.fromkeys(request.args.getlist("link")) if "|" in link]
    find = (request.args.get("find") or "").strip()[:100]
    result = None
    if chosen or links:
        try:
            result = health.what_if(store, view, names_everyone(), chosen, links, shown_to())
        except health.ParamError as exc:
            errors[exc.field], status = str(exc), 400
    return render_template("collaborative/what_if.html", view=view, errors=errors, find=find,
                           found=health.find_nodes(store, view, names_everyone(), find,
                                                   shown_to=shown_to()) if find else [],
                           chosen=health.named(store, view, names_everyone(), chosen, shown_to()),
                           chosen_links=health.link_labels(store, view, names_everyone(), links, shown_to()),
                           result=result, args=request.args), status


@bp.route("/network")
@require("see_network")
def picture():
    view, errors, status = view_or_errors()
    return render_template("collaborative/network.html", view=view, errors=errors, args=request.args), status


@bp.route("/network.html")
@require("see_network")
def network_file():
    """The picture as one stand-alone HTML file (``mapper export --format network-html``): people named
    only with their consent, whoever downloads it, as the file leaves the application."""
    from mapper.network.drawing import network_html

    view, errors, status = view_or_errors()
    if errors:
        abort(400, description="; ".join(f"{field}: {text}" for field, text in errors.items()))
    response = Response(network_html(health.network(get_store(), view)), mimetype="text/html")
    response.headers["Content-Disposition"] = f'attachment; filename="network-{view.as_of.isoformat()}.html"'
    return response


@bp.route("/export/<table>.csv")
@require("see_network")
def export(table: str):
    if table not in health.TABLES:
        abort(404, description=f"No table '{table}'.")
    view, errors, _ = view_or_errors()
    if errors:
        abort(400, description="; ".join(errors.values()))
    if table == "trend":  # kept like the report: never computed in the request, nor an empty file meanwhile
        found = health.kept_trend(get_store(), view, wait=current_app.config["REPORT_WAIT_SECONDS"])
    else:
        found = served(view)
    if found.report is None:
        return computing(view, found)
    rows = found.report if table == "trend" else getattr(found.report, table)
    body = health.table_csv(rows, health.TABLES[table])
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{table}-{view.as_of.isoformat()}.csv"'})
