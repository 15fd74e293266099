"""A small network for the organisers' tests (loaded into an emptied database), and its check."""
from __future__ import annotations

from seeds.south_london import load as demo

LEWISHAM, SOUTHWARK = "area-E09000023", "area-E09000028"
THEMES = [("theme-loneliness", "Loneliness and isolation"), ("theme-work-wages", "Work and wages"),
          ("theme-housing", "Housing"), ("theme-access-to-services", "Access to services")]


def small_network() -> dict:
    person = lambda pid, name, area, roles=(), email=None, phone=None: {  # noqa: E731
        "id": pid, "name": name, "area": area, "roles": list(roles), "email": email, "phone": phone,
        "consent": {"recorded": True, "named": True, "contact": True}}
    return {
        "areas": [{"id": LEWISHAM, "name": "Lewisham", "code": "E09000023"},
                  {"id": SOUTHWARK, "name": "Southwark", "code": "E09000028"}],
        "themes": [{"id": i, "name": n} for i, n in THEMES],
        "people": [person("p-001", "Amina Yusuf", LEWISHAM, ["Organiser"], "amina@example.org", "07700 900001"),
                   person("p-002", "Grace Adeyemi", LEWISHAM, [], "grace@example.org", "07700 900002"),
                   person("p-003", "Sam Okoye", SOUTHWARK, ["PeerSupporter"]),
                   person("p-004", "Kofi Asante", SOUTHWARK, ["Organiser"], "kofi@example.org")],
        "organisations": [{"id": "org-1", "name": "Lewisham Carers", "area": LEWISHAM}],
        "assets": [{"id": "asset-1", "kind": "ListeningHub", "name": "Deptford Listening Hub", "lat": 51.4779,
                    "lon": -0.0260, "area": LEWISHAM, "themes": ["theme-loneliness"]}],
        "relationships": [
            {"type": "ONE_TO_ONE", "source": "p-001", "target": "p-002", "id": "oto-1",
             "props": {"date": "2025-01-10", "by": "p-001", "themes": ["theme-housing"], "notes": "Secret note one",
                       "follow_up": "Call back", "follow_up_due": "2025-02-01", "place": "Library"}},
            {"type": "ONE_TO_ONE", "source": "p-004", "target": "p-003", "id": "oto-2",
             "props": {"date": "2025-02-10", "by": "p-004", "themes": ["theme-loneliness"], "notes": "Secret note two"}},
            {"type": "MEMBER_OF", "source": "p-002", "target": "org-1", "props": {"role": "carer"}},
            {"type": "ATTENDS", "source": "p-002", "target": "asset-1"},
            {"type": "RUNS", "source": "p-003", "target": "asset-1"},
        ],
    }


def load_small(store):
    store.autocommit("delete_everything")
    demo.load(store, small_network(), say=lambda _m: None)
    return store


def counts(store) -> tuple[int, int]:
    return (store.read_one("count_people")["people"], store.read_one("count_one_to_ones")["meetings"])


def test_the_small_network_loads(empty_store):
    load_small(empty_store)
    assert counts(empty_store) == (4, 2)
