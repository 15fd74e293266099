"""What anonymous callers and the Collaborative may learn (issue 12, item 7): /healthz gives the
status only to anonymous callers, and the what-if never shows the internal id of a person not
named to the viewer (a per-viewer pseudonym stands in, resolved on the server)."""
from __future__ import annotations

import html
import re
import secrets

from mapper.accounts import users as accounts
from mapper.network.projection import Projection

from tests.conftest import csrf_token_from


def _people(store):
    G = Projection.pull(store).graph()
    return [(n, a) for n, a in G.nodes(data=True) if a["kind"] == "person"]


def test_healthz_tells_anonymous_callers_the_status_only(client, demo_store, sign_in):
    body = client.get("/healthz").get_json()
    assert body == {"status": "ok"}
    admin = sign_in("admin")
    details = admin.get("/healthz").get_json()
    assert details["status"] == "ok" and details["neo4j"]["version"] and "nodes" in details


def test_the_what_if_shows_no_internal_id_of_an_unnamed_person_and_still_works(demo_store, sign_in,
                                                                                neo4j_target):
    unnamed = {n: a for n, a in _people(demo_store) if not a["named"]}
    node, attrs = next((n, a) for n, a in unnamed.items() if a.get("area"))
    client = sign_in("collaborative")
    found = client.get("/api/network/nodes", query_string={"q": f"in {attrs['area']}", "limit": 50}).get_json()
    people = [n for n in found["nodes"] if n["kind"] == "person"]
    assert people and not [n for n in people if n["id"] in unnamed]
    page = client.get("/collaborative/what-if", query_string={"find": f"in {attrs['area']}"}).get_data(as_text=True)
    values = set(re.findall(r'name="remove" value="([^"]+)"', page))
    assert values and not values & set(unnamed)
    assert not [n for n in unnamed if f"{n}|" in page or f"|{n}\"" in page]
    # take an unnamed person out by the pseudonym the page gave
    pseudonym = next(n["id"] for n in people)
    label = next(n["label"] for n in people)
    result = client.get("/collaborative/what-if", query_string={"remove": pseudonym})
    text = html.unescape(result.get_data(as_text=True))
    assert result.status_code == 200 and "Without" in text and label in text
    assert not [n for n in unnamed if n in text]
    ties = re.findall(r'name="link" value="([^"]+)"', text)
    if ties:
        assert client.get("/collaborative/what-if", query_string={"link": html.unescape(ties[0])}).status_code == 200
    answer = client.post("/api/network/what-if", json={"remove": [pseudonym]})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    # the internal id itself is not accepted from a viewer it is not named to
    assert client.post("/api/network/what-if", json={"remove": [node]}).status_code == 422
    # another viewer's pseudonym for the same person is another
    email, password = "collab.two@test.example.org", secrets.token_urlsafe(16)
    accounts.add(demo_store, email, "collaborative", password)
    from web import create_app

    other = create_app({"TESTING": True, "NEO4J_TARGET": neo4j_target}).test_client()
    token = csrf_token_from(other.get("/login").get_data(as_text=True))
    assert other.post("/login", data={"email": email, "password": password, "csrf_token": token}).status_code == 302
    theirs = other.get("/api/network/nodes", query_string={"q": f"in {attrs['area']}", "limit": 50}).get_json()
    assert pseudonym not in [n["id"] for n in theirs["nodes"]]
    assert other.post("/api/network/what-if", json={"remove": [pseudonym]}).status_code == 422


def test_named_people_organisations_and_assets_keep_their_ids(demo_store, sign_in):
    named = next(a for _, a in _people(demo_store) if a["named"])
    client = sign_in("collaborative")
    found = client.get("/api/network/nodes", query_string={"q": named["name"]}).get_json()["nodes"]
    assert any(n["id"].startswith("p-") and n["label"] == named["name"] for n in found)
