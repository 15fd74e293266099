"""Opening times: parsing the directory's lines and matching "open on Saturday mornings"."""
import doctest

import pytest

from mapper.directory import opening


def test_doctests():
    assert doctest.testmod(opening).failed == 0


@pytest.mark.parametrize("line, expected", [
    ("Sat 10:00-13:00", [(5, 600, 780)]),
    ("Saturday 10.00 - 13.00", [(5, 600, 780)]),
    ("Mon-Wed 09:00-17:00", [(0, 540, 1020), (1, 540, 1020), (2, 540, 1020)]),
    ("Sat, Sun 13:00-16:00", [(5, 780, 960), (6, 780, 960)]),
    ("Fri-Mon 18:00-20:00", [(4, 1080, 1200), (5, 1080, 1200), (6, 1080, 1200), (0, 1080, 1200)]),
    ("Daily 08:00-09:00", [(d, 480, 540) for d in range(7)]),
    ("by appointment", []),
    ("Sat 13:00-10:00", []),
    ("Sat 25:00-26:00", []),
    ("Funday 10:00-12:00", []),
])
def test_parse(line, expected):
    assert [(s.day, s.start, s.end) for s in opening.parse(line)] == expected


@pytest.mark.parametrize("lines, day, part, expected", [
    (["Sat 10:00-12:30"], "Saturday", "morning", True),
    (["Sat 10:00-12:30"], "saturdays", "afternoon", True),  # runs past noon
    (["Sat 10:00-12:00"], "Sat", "afternoon", False),  # ends as the afternoon begins
    (["Sat 13:00-15:00"], "Sat", None, True),
    (["Sun 13:00-15:00"], "Sat", None, False),
    (["Mon 17:30-19:30", "Sat 10:00-12:00"], None, "evening", True),
    (["Tue 12:00-15:00"], None, "morning", False),
    ([], "Mon", None, False),
    ([], None, None, True),
    ("Tue 10:00-13:00; Sat 10:00-12:30", 5, "morning", True),
])
def test_is_open(lines, day, part, expected):
    assert opening.is_open(lines, day, part) is expected


@pytest.mark.parametrize("bad", ["Caturday", "", "Sa"])
def test_unknown_day(bad):
    with pytest.raises(opening.OpeningError):
        opening.day_index(bad)


def test_unknown_part_of_day():
    with pytest.raises(opening.OpeningError):
        opening.part_of_day("midnight")
