"""One source for every number on the demo: the headline, the lists (paged), the one-page summary,
the CSV exports, the API and the trend's last month all say the same counts, read from the report."""
from __future__ import annotations

import csv
import html as html_text
import io
import re

from mapper.network import report as network_health

LISTED = {"single_points": "single_points", "bridges": "single_links", "isolated_groups": "isolated_groups",
          "clusters": "clusters"}


def headline(page: str, words: str) -> int:
    found = re.search(r"<strong>(\d+)</strong> " + re.escape(words), page)
    assert found, words
    return int(found.group(1))


def test_headline_lists_summary_csv_api_and_trend_agree(demo_store, sign_in):
    client = sign_in("collaborative")
    view, _ = network_health.parse_view({})
    report = network_health.kept_report(demo_store, view, False, wait=120).report
    counts = report.counts
    for table, key in LISTED.items():
        assert counts[key] == len(getattr(report, table)), table
    assert counts["single_points"] > 8 and counts["single_links"] >= 2  # the demo has assets among them

    page = client.get("/collaborative/").get_data(as_text=True)
    assert headline(page, "single points of failure") == counts["single_points"]
    assert headline(page, "places held by a single link") == counts["single_links"]
    assert headline(page, "people with no path to any asset") == counts["isolated_people"]
    section = page.split('id="single-points"', 1)[1].split("</section>", 1)[0]
    assert section.count('class="sentence"') == min(counts["single_points"], 50)

    for table, key in LISTED.items():
        listed = client.get(f"/collaborative/findings/{table}").get_data(as_text=True)
        assert f"{counts[key]} in all" in listed, table
        rows = list(csv.reader(io.StringIO(client.get(f"/collaborative/export/{table}.csv").get_data(as_text=True))))
        assert len(rows) - 1 == counts[key], table

    summary = html_text.unescape(client.get("/collaborative/summary").get_data(as_text=True))
    assert f"<strong>{counts['single_points']}</strong> single points of failure" in summary
    assert f"Single points of failure ({counts['single_points']})" in summary
    assert f"and {counts['single_points'] - 3} more" in summary  # the summary shows three of each list
    assert "/collaborative/findings/single_points?" in summary
    assert f"Isolated ({counts['isolated_people']} people)" in summary

    body = client.get("/api/network/findings").get_json()
    assert body["counts"] == counts
    for table, key in LISTED.items():
        assert len(body[table]) == counts[key], table

    assert network_health.trends.settle(demo_store, (view.as_of, view.live_months), timeout=120).fresh
    last = network_health.monthly(demo_store, view)[-1]
    assert last["single_points"] == counts["single_points"]
    assert last["people_at_risk"] == counts["people_at_risk"]


def test_the_sutton_chain_is_one_finding_on_the_demo(demo_store, sign_in):
    """The two single links into the Sutton men's group (5, then 4 people) are one sentence."""
    view, _ = network_health.parse_view({})
    report = network_health.kept_report(demo_store, view, False, wait=120).report
    sutton = [b for b in report.bridges if "Sutton" in b["sentence"]]
    assert len(sutton) == 1 and len(sutton[0]["inner"]) == 1
    assert "Within it, 1 more single link holds 4 of its people" in sutton[0]["sentence"]


def test_brokers_are_in_words_and_their_scores_only_in_the_csv(demo_store, sign_in):
    client = sign_in("collaborative")
    page = client.get("/collaborative/").get_data(as_text=True)
    brokers = page.split('id="brokers"', 1)[1].split("</section>", 1)[0]
    assert "reach the rest of the network only through" in brokers and "cluster" in brokers
    assert not re.search(r"0\.\d{3}", brokers)  # no raw betweenness on the page
    rows = list(csv.DictReader(io.StringIO(client.get("/collaborative/export/brokers.csv").get_data(as_text=True))))
    assert rows and all(re.fullmatch(r"\d+(\.\d+)?", r["betweenness"]) for r in rows)
    # the words name only who the viewer may see: an unnamed broker is a role and an area
    assert any(r["name"].startswith(("a ", "an ")) and r["sentence"].startswith(("A ", "An ")) for r in rows)
