"""The Collaborative's page on the demo network: the planted findings in plain words, the naming
rule, what-if, suggestions, the trend, the printable summary and the CSV exports."""
from __future__ import annotations

import csv
import io

import pytest

from mapper.network import findings as findings_module, report as network_health
from tests.oracles import reference
from mapper.network.projection import Projection
from seeds.south_london import PLANTED

from tests.conftest import SCREENSHOTS, browser_sign_in


@pytest.fixture()
def demo_graph(demo_store):
    return Projection.pull(demo_store).graph()


def test_fast_cut_offs_agree_with_remove_and_search_on_the_demo(demo_graph):
    from mapper.analytics.cut_off import cut_off_counts

    assert cut_off_counts(demo_graph) == reference.cut_off_counts(demo_graph)


def test_planted_single_points_of_failure_are_found_and_worded(demo_graph):
    report = findings_module.findings(demo_graph, names_everyone=True, suggestions=0)
    by_name = {f["name"]: f for f in report.single_points}
    amina = by_name["Amina Yusuf"]
    assert amina["count"] == 14
    assert amina["sentence"] == ("If Amina Yusuf steps back, 14 people lose every link to a listening hub, hub "
                                 "or peer-support group (10 in Lewisham, 4 in Bexley).")
    names = {demo_graph.nodes[p]["name"] for p in PLANTED["single_points_of_failure"]}
    assert names <= set(by_name)
    # Ranked: most people cut off first.
    counts = [f["count"] for f in report.single_points]
    assert counts == sorted(counts, reverse=True)


def test_planted_bridge_between_boroughs_is_said_plainly(demo_graph):
    report = findings_module.findings(demo_graph, names_everyone=True, suggestions=0)
    a, b = (demo_graph.nodes[n]["name"] for n in PLANTED["bridge"])
    sentences = [x["sentence"] for x in report.bridges]
    assert any(f"is the 1:1 between {a} and {b}" in s or f"is the 1:1 between {b} and {a}" in s for s in sentences)
    assert any(s.startswith("The only link between Kingston") for s in sentences)


def test_isolated_group_is_listed(demo_graph):
    report = findings_module.findings(demo_graph, names_everyone=True, suggestions=0)
    listed = {who for g in report.isolated_groups for who in g["who"]}
    planted = {demo_graph.nodes[p]["name"] for p in PLANTED["isolated_group"] if p in demo_graph}
    assert planted and planted <= listed


def test_people_without_consent_appear_as_role_and_area(demo_graph):
    unnamed = [n for n, a in demo_graph.nodes(data=True) if a["kind"] == "person" and not a["named"]]
    assert unnamed
    report = findings_module.findings(demo_graph, names_everyone=False, suggestions=8)
    text = repr(report)
    for person in unnamed:
        assert demo_graph.nodes[person]["name"] not in text
    assert "a peer supporter in Bromley" in text or "a resident in" in text


def test_suggestions_claim_what_recomputing_shows(demo_graph):
    from mapper.analytics.suggestions import suggest_ties

    before = reference.people_at_risk(demo_graph)
    H = demo_graph.copy()
    for s in suggest_ties(demo_graph, k=3):
        H.add_edge(s.a, s.b)
        after = reference.people_at_risk(H)
        assert len(before) - len(after) == s.people_given_second_route
        before = after


def test_collaborative_page_as_a_collaborative_member(sign_in, demo_store):
    client = sign_in("collaborative")
    html = client.get("/collaborative/").get_data(as_text=True)
    assert "If Amina Yusuf steps back, 14 people lose every link" in html
    assert "The only link between Kingston" in html
    assert "would give" in html and "second route" in html
    # the month-by-month charts are computed in the background: shown when ready, else their progress
    assert "data-chart=" in html or "month-by-month figures are being computed" in html
    view, _ = network_health.parse_view({})
    assert network_health.trends.settle(demo_store, (view.as_of, view.live_months), timeout=120).fresh
    html = client.get("/collaborative/").get_data(as_text=True)
    assert html.count("<canvas data-chart=") == 4 and html.count('class="chart-table"') == 4
    unnamed = demo_store.read_one("person_by_id", id=PLANTED["single_points_of_failure"][1])
    if not unnamed["consent_named"]:
        assert unnamed["name"] not in html


def test_what_if_changes_nothing_and_reports_cut_offs(demo_store, app, sign_in, accounts_ready):
    before = demo_store.read_one("graph_counts")
    client = sign_in("collaborative")
    result = client.post("/api/network/what-if", json={"remove": ["p-001"]}).get_json()
    assert len(result["cut_off"]) == 14 and dict(map(tuple, result["cut_off_areas"])) == {"Lewisham": 10, "Bexley": 4}
    assert client.post("/api/network/what-if", json={"remove": "p-001"}).status_code == 400
    unknown = client.post("/api/network/what-if", json={"remove": ["nobody"]})
    assert unknown.status_code == 422 and "nobody" in unknown.get_json()["errors"]["remove"]
    # p-005 is not named to the Collaborative: the page knows them by this viewer's pseudonym only
    from mapper.network.projection import Projection
    from mapper.network.pseudonyms import Pseudonyms

    G = Projection.pull(demo_store).graph()
    alias = Pseudonyms(G, lambda n: G.nodes[n]["kind"] != "person" or bool(G.nodes[n].get("named")),
                       app.config["SECRET_KEY"].encode(), accounts_ready["collaborative"][0])
    assert client.get("/collaborative/what-if?remove=p-005").status_code == 400
    page = client.get(f"/collaborative/what-if?remove={alias.out('p-005')}").get_data(as_text=True)
    assert "6 people lose every link" in page
    assert demo_store.read_one("graph_counts") == before


def test_csv_exports_every_table_formula_safe(sign_in, demo_store):
    client = sign_in("collaborative")
    for table, columns in network_health.TABLES.items():
        response = client.get(f"/collaborative/export/{table}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv", table
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        assert tuple(rows[0]) == columns
    assert network_health.table_csv([{"a": "=HYPERLINK(1)"}], ("a",)).splitlines()[1] == "'=HYPERLINK(1)"
    assert client.get("/collaborative/export/nothing.csv").status_code == 404


def test_bad_dates_are_explained(sign_in, demo_store):
    client = sign_in("collaborative")
    response = client.get("/collaborative/?as_of=not-a-date&months=abc")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "is not a date" in html and "whole number" in html
    assert client.get("/api/network/findings?as_of=2999-01-01").status_code == 422  # a date, but in the future
    assert client.get("/api/network/findings?as_of=someday").status_code == 400  # not a date


def test_as_of_an_earlier_date_counts_only_what_had_happened(demo_store):
    view_then, _ = network_health.parse_view({"as_of": "2021-06-30", "months": "0"})
    view_now, _ = network_health.parse_view({"months": "0"})
    then = network_health.network(demo_store, view_then)
    now = network_health.network(demo_store, view_now)
    assert then.number_of_edges() < now.number_of_edges()
    trend = network_health.monthly(demo_store, view_now)
    assert trend[-1]["live_links"] == now.number_of_edges()
    links = [row["live_links"] for row in trend]
    assert links == sorted(links)  # with links that never lapse, the network only grows


@pytest.mark.browser
def test_collaborative_pages_in_a_browser(page, live_server, accounts_ready, demo_store):
    email, password = accounts_ready["collaborative"]
    browser_sign_in(page, live_server, email, password)
    page.goto(live_server + "/collaborative/")
    assert page.locator("#single-points li").count() >= 3
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "collaborative.png"), full_page=True)
    page.goto(live_server + "/collaborative/network")
    page.wait_for_selector("#network[data-ready='1']", timeout=60_000)
    assert "nodes and" in page.inner_text("#network-status")
    page.screenshot(path=str(SCREENSHOTS / "collaborative-network.png"))
    page.goto(live_server + "/collaborative/summary")
    page.emulate_media(media="print")
    page.pdf(path=str(SCREENSHOTS / "collaborative-summary.pdf")) if hasattr(page, "pdf") else None
    page.screenshot(path=str(SCREENSHOTS / "collaborative-summary.png"), full_page=True)
    assert not page.locator("header.top").is_visible()


def test_api_findings_follow_the_naming_rule(sign_in, demo_store):
    unnamed = [p for p in demo_store.read("list_people", skip=0, limit=1000)
               if not demo_store.read_one("person_by_id", id=p["id"])["consent_named"]]
    client = sign_in("collaborative")
    text = client.get("/api/network/findings").get_data(as_text=True) + \
        client.get("/api/network/graph").get_data(as_text=True)
    leaked = [p["name"] for p in unnamed if p["name"] in text]
    assert leaked == []
    assert "Amina Yusuf" in text  # named with consent


@pytest.mark.browser
def test_findings_on_the_map_for_the_collaborative_only(page, live_server, accounts_ready, demo_store):
    page.goto(live_server + "/map")
    page.wait_for_selector("#map[data-ready='true']", timeout=60_000)
    assert page.locator("#map[data-findings-url]").count() == 0  # the public sees no network findings
    email, password = accounts_ready["collaborative"]
    browser_sign_in(page, live_server, email, password)
    page.goto(live_server + "/map")
    page.wait_for_selector("#map[data-findings='ready']", timeout=60_000)
    assert "Network findings" in page.inner_text(".leaflet-control-layers")
    page.screenshot(path=str(SCREENSHOTS / "collaborative-map.png"))


def test_area_findings_put_amina_in_lewisham(sign_in, demo_store):
    body = sign_in("collaborative").get("/api/network/areas").get_json()
    lewisham = body["areas"]["E09000023"]
    assert lewisham["name"] == "Lewisham" and lewisham["at_risk"] >= 10
    assert any(s.startswith("If Amina Yusuf steps back") for s in lewisham["single_points"])


def test_long_lists_show_the_first_and_page_through_the_rest(sign_in, demo_store, monkeypatch):
    """The page shows the first of each long list with "and N more"; the paged list holds every one of
    them exactly once, in the report's order, and the headline counts all of them."""
    import re

    from web.pages import collaborative

    monkeypatch.setattr(collaborative, "SHOWN", 4)
    client = sign_in("collaborative")
    page = client.get("/collaborative/").get_data(as_text=True)
    view, _ = network_health.parse_view({})
    report = network_health.kept_report(demo_store, view, False, wait=120).report
    total = len(report.single_points)
    assert total > 8  # the demo plants enough for three pages of four
    section = page.split('id="single-points"', 1)[1].split("</section>", 1)[0]
    assert section.count('class="sentence"') == 4
    assert f"and {total - 4} more" in section
    assert "/collaborative/findings/single_points?" in section
    seen, number = [], 1
    while True:
        response = client.get(f"/collaborative/findings/single_points?page={number}")
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        seen += re.findall(r'<span class="sentence">([^<]*)</span>', text)
        if 'rel="next"' not in text:
            break
        number += 1
    assert number == -(-total // 4)
    from html import unescape
    assert [unescape(s) for s in seen] == [f["sentence"] for f in report.single_points]
    assert client.get("/collaborative/findings/single_points?page=999").status_code == 200  # the last page
    assert client.get("/collaborative/findings/people").status_code == 404


def test_the_paged_lists_are_the_collaboratives_alone(client, sign_in, demo_store):
    assert client.get("/collaborative/findings/single_points").status_code in (302, 401)
    organiser = sign_in("organiser")
    assert organiser.get("/collaborative/findings/single_points").status_code == 403
