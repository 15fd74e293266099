"""The what-if picker at any size: a search by the name the viewer may see (never a list of
everyone), an API for the type-ahead, and a start from any finding."""
from __future__ import annotations

import re

from mapper.network.projection import Projection


def people(store):
    G = Projection.pull(store).graph()
    return [(n, a) for n, a in G.nodes(data=True) if a["kind"] == "person"]


def test_the_form_lists_no_one_until_asked_and_stays_small(demo_store, sign_in):
    client = sign_in("collaborative")
    page = client.get("/collaborative/what-if").get_data(as_text=True)
    assert len(page.encode()) < 100_000
    named = [a["name"] for _, a in people(demo_store) if a["named"]]
    assert not [name for name in named if name in page]  # no one is listed before a search


def test_a_person_is_found_only_by_the_name_the_viewer_may_see(demo_store, sign_in):
    client = sign_in("collaborative")
    everyone = people(demo_store)
    unnamed = next(a for _, a in everyone if not a["named"])
    named = next(a for _, a in everyone if a["named"])
    found = client.get("/api/network/nodes", query_string={"q": unnamed["name"]}).get_json()["nodes"]
    assert not [n for n in found if unnamed["name"] in n["label"]]
    page = client.get("/collaborative/what-if", query_string={"find": unnamed["name"]}).get_data(as_text=True)
    results = page[page.index("Found for"):page.index("See what changes")]
    assert unnamed["name"] not in results.split("</legend>", 1)[1] and "No one found" in results
    found = client.get("/api/network/nodes", query_string={"q": named["name"]}).get_json()["nodes"]
    assert named["name"] in [n["label"] for n in found]
    page = client.get("/collaborative/what-if", query_string={"find": named["name"]}).get_data(as_text=True)
    assert f'value="{found[0]["id"]}"' in page
    # an organiser sees every name, and finds the person the Collaborative cannot
    organiser = sign_in("organiser")
    assert organiser.get("/api/network/nodes", query_string={"q": "x"}).status_code == 403


def test_a_finding_opens_the_what_if_with_it_chosen(demo_store, sign_in):
    client = sign_in("collaborative")
    index = client.get("/collaborative/").get_data(as_text=True)
    link = re.search(r'href="(/collaborative/what-if\?[^"]*remove=[^"]+)"', index).group(1).replace("&amp;", "&")
    page = client.get(link).get_data(as_text=True)
    assert "Taken out" in page and ("people lose every link" in page or "person loses every link" in page)
    bridge = re.search(r'href="(/collaborative/what-if\?[^"]*link=[^"]+)"', index)
    if bridge:
        page = client.get(bridge.group(1).replace("&amp;", "&")).get_data(as_text=True)
        assert "the link" in page and "Without" in page
