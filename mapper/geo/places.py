"""South London place names and London borough names, resolved through the postcode index."""
from __future__ import annotations

import dataclasses
import re

from mapper.geo.names import la_names, london_borough_codes
from mapper.geo.postcodes.index import load_index
from mapper.geo.postcodes.values import Location, PostcodeError

# Each place maps to a postcode at (or within ~100 m of) its usual centre — high street,
# station or green — and the local authority that postcode lies in.
PLACES: dict[str, tuple[str, str]] = {
    "Peckham": ("SE15 5RS", "E09000028"),
    "Brixton": ("SW9 8HE", "E09000022"),
    "Lewisham": ("SE13 7EP", "E09000023"),
    "Croydon": ("CR0 1PB", "E09000008"),
    "Bexleyheath": ("DA6 7JL", "E09000004"),
    "Bromley": ("BR1 1JP", "E09000006"),
    "Camberwell": ("SE5 7AA", "E09000028"),
    "Deptford": ("SE8 4NX", "E09000023"),
    "Catford": ("SE6 9WY", "E09000023"),
    "Woolwich": ("SE18 6PN", "E09000011"),
    "Streatham": ("SW16 6AQ", "E09000022"),
    "Clapham": ("SW4 7AJ", "E09000022"),
    "Norwood": ("SE27 0DT", "E09000022"),
    "West Norwood": ("SE27 0DT", "E09000022"),
    "South Norwood": ("SE25 5AL", "E09000008"),
    "Upper Norwood": ("SE19 3AX", "E09000008"),
    "Sydenham": ("SE26 4LE", "E09000023"),
    "Eltham": ("SE9 1TE", "E09000011"),
    "Sidcup": ("DA14 6BT", "E09000004"),
    "Penge": ("SE20 8QL", "E09000006"),
    "Thornton Heath": ("CR7 8RX", "E09000008"),
    "Tooting": ("SW17 0TA", "E09000032"),
    "Balham": ("SW12 9AY", "E09000032"),
    "Dulwich": ("SE21 7AE", "E09000028"),
    "East Dulwich": ("SE22 8DS", "E09000028"),
    "Forest Hill": ("SE23 2AR", "E09000023"),
    "New Cross": ("SE14 6LA", "E09000023"),
    "Bermondsey": ("SE16 4RZ", "E09000028"),
    "Rotherhithe": ("SE16 7HS", "E09000028"),
    "Elephant and Castle": ("SE1 6TQ", "E09000028"),
    "Walworth": ("SE17 2HG", "E09000028"),
    "Kennington": ("SE11 4JQ", "E09000028"),
    "Vauxhall": ("SW8 1SS", "E09000022"),
    "Stockwell": ("SW9 9BF", "E09000022"),
    "Herne Hill": ("SE24 0EZ", "E09000022"),
    "Tulse Hill": ("SE27 9BT", "E09000022"),
    "Nunhead": ("SE15 3XG", "E09000028"),
    "Brockley": ("SE4 2RW", "E09000023"),
    "Hither Green": ("SE13 6HE", "E09000023"),
    "Lee": ("SE12 8RB", "E09000023"),
    "Blackheath": ("SE3 0AZ", "E09000023"),
    "Greenwich": ("SE10 9NN", "E09000011"),
    "Charlton": ("SE7 8SR", "E09000011"),
    "Kidbrooke": ("SE3 9PY", "E09000011"),
    "Plumstead": ("SE18 7PG", "E09000011"),
    "Abbey Wood": ("SE2 9PY", "E09000011"),
    "Thamesmead": ("SE28 8AA", "E09000011"),
    "Mottingham": ("SE9 4ER", "E09000011"),
    "Erith": ("DA8 3DH", "E09000004"),
    "Welling": ("DA16 2LD", "E09000004"),
    "Orpington": ("BR6 0PH", "E09000006"),
    "Beckenham": ("BR3 1AW", "E09000006"),
    "West Wickham": ("BR4 0AS", "E09000006"),
    "Chislehurst": ("BR7 5AX", "E09000006"),
    "Anerley": ("SE20 8EE", "E09000006"),
    "Crystal Palace": ("SE19 2AZ", "E09000006"),
    "Norbury": ("SW16 4BT", "E09000008"),
    "Selhurst": ("SE25 6AW", "E09000008"),
    "Purley": ("CR8 2AL", "E09000008"),
    "Coulsdon": ("CR5 2NH", "E09000008"),
    "New Addington": ("CR0 0JR", "E09000008"),
    "Mitcham": ("CR4 3AE", "E09000024"),
    "Morden": ("SM4 5BA", "E09000024"),
    "Wimbledon": ("SW19 7NL", "E09000024"),
    "Sutton": ("SM1 1EB", "E09000029"),
    "Kingston": ("KT1 1QJ", "E09000021"),
    "Battersea": ("SW11 2PN", "E09000032"),
    "Wandsworth": ("SW18 1UJ", "E09000032"),
    "Putney": ("SW15 2SH", "E09000032"),
}

# Other spellings of borough names, mapped to their codes.
_BOROUGH_ALIASES = {
    "city": "E09000001",
    "the city": "E09000001",
    "city of westminster": "E09000033",
    "kingston": "E09000021",
    "richmond": "E09000027",
    "hammersmith": "E09000013",
    "fulham": "E09000013",
    "kensington": "E09000020",
    "chelsea": "E09000020",
    "barking": "E09000002",
    "dagenham": "E09000002",
}

_PREFIXES = ("london borough of ", "royal borough of ", "borough of ", "lb ")
_SUFFIXES = (" london borough", " borough", " london", " uk")


def _key(name: str) -> str:
    s = name.strip().lower().replace("&", " and ")
    return re.sub(r"[\s'’.,\-_]+", " ", s).strip()


def _candidates(name: str):
    """The normalised name, then the name without "London Borough of" and the like."""
    s = _key(name)
    yield s
    for p in _PREFIXES:
        if s.startswith(p):
            s = s[len(p):]
    for suf in _SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf):
            s = s[: -len(suf)]
    yield s.strip()


def _table() -> dict[str, tuple[str, str | None]]:
    """Key -> (display name, postcode) or (display name, None) for a borough centroid."""
    table: dict[str, tuple[str, str | None]] = {}
    names = la_names()
    for code in london_borough_codes():
        table[_key(names[code])] = (names[code], "@" + code)
    for alias, code in _BOROUGH_ALIASES.items():
        table.setdefault(_key(alias), (names[code], "@" + code))
    for name, (postcode, _code) in PLACES.items():
        table[_key(name)] = (name, postcode)  # a town centre beats a borough's centroid
    return table


_TABLE: dict[str, tuple[str, str | None]] | None = None
_RESOLVED: dict[tuple[int, str], Location] = {}


def place_names() -> list[str]:
    """Every place and borough name ``lookup_place`` knows, sorted."""
    global _TABLE
    if _TABLE is None:
        _TABLE = _table()
    return sorted({display for display, _ in _TABLE.values()})


def lookup_place(name: str) -> Location | None:
    """A South London place or a London borough, case-insensitively; None if unknown.

    Places resolve to a postcode near their centre; boroughs without a same-named town to the
    postcode nearest the centroid of their postcodes. The result has ``kind="place"`` and
    ``name`` set to the place's display name.
    """
    global _TABLE
    if not isinstance(name, str):
        return None
    if _TABLE is None:
        _TABLE = _table()
    hit = next((_TABLE[k] for k in _candidates(name) if k in _TABLE), None)
    if hit is None:
        return None
    display, target = hit
    index = load_index()
    cached = _RESOLVED.get((id(index), display))
    if cached is not None:
        return cached
    if target.startswith("@"):
        loc = index.la_location(target[1:])
    else:
        loc = index.lookup(target)
    if loc is None:
        return None
    loc = dataclasses.replace(loc, kind="place", name=display)
    _RESOLVED[(id(index), display)] = loc
    return loc


def resolve(text: str) -> Location:
    """A place name or a postcode (full, sector or district) -> Location.

    Raises ``PostcodeError``: ``MalformedPostcode`` when the text is neither a known place nor
    postcode-shaped, ``PostcodeNotFound`` when it is a well-formed but unknown postcode.
    """
    loc = lookup_place(text)
    if loc is not None:
        return loc
    try:
        return load_index().geocode(text)
    except PostcodeError as exc:
        if exc.reason == "malformed":
            raise type(exc)(
                f"{str(text).strip()!r} is neither a known place nor a UK postcode "
                "(try a postcode like 'SE15 5DQ', a district like 'SE15', or a place like 'Peckham')",
                str(text),
            ) from None
        raise
