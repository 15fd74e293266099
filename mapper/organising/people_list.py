"""Lists of people a page at a time, with a search by name: the organisers' people list and the
people an organiser has met. No page lists everyone at once.

>>> page_number("3"), page_number("x"), page_number("-2"), page_number("99999999")
(3, 1, 1, 10000)
"""
from __future__ import annotations

from mapper.organising.person_fields import lucene_query

PER_PAGE = 50
MAX_PAGE = 10_000


def page_number(value) -> int:
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return max(1, min(MAX_PAGE, int(text)))


def _paged(rows: list[dict], page: int, per_page: int) -> dict:
    return {"people": rows[:per_page], "page": page, "per_page": per_page,
            "has_next": len(rows) > per_page, "has_previous": page > 1}


def people(store, q: str = "", page: int = 1, per_page: int = PER_PAGE) -> dict:
    """One page of active people, by name; with ``q``, those whose names match it, best first."""
    skip = (page - 1) * per_page
    q = (q or "").strip()[:100]
    lucene = lucene_query(q) if q else ""
    if q and not lucene:
        rows = []
    elif lucene:
        rows = store.read("people_page_search", lucene=lucene, skip=skip, limit=per_page + 1)
    else:
        rows = store.read("list_people", skip=skip, limit=per_page + 1)
    found = _paged(rows, page, per_page)
    found.update({"q": q, "total": None if q else store.read_one("count_active_people")["people"]})
    return found


def met_by(store, person_id: str, page: int = 1, per_page: int = PER_PAGE) -> dict:
    """One page of the people someone has met, most recently met first."""
    rows = store.read("my_people_page", id=person_id, skip=(page - 1) * per_page, limit=per_page + 1)
    return _paged(rows, page, per_page)
