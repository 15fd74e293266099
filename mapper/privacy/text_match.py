"""Finding a person's name, e-mail and phone in free text however they were written: the one
normalisation erasure uses, for the database's first search and for the redaction alike.

- **Names and e-mails:** Unicode NFKC, case-folded, any run of whitespace (newlines, tabs,
  non-breaking spaces...) counting as one space; a name is matched as whole words.
- **Phones:** the digits (any Unicode decimal digit, after NFKC), every other character left out,
  with the +44, 0044 and 0 forms of a UK number the same number: a run of digits joined by spaces
  or punctuation (``-().+/``) that holds the number's national digits is the number.

``search_terms`` gives the database a first filter that never misses (every text whose lower-case
form holds every word of the name, or the e-mail, or the phone's digits in order with anything
else between them, or any character the normalisation would change); ``spans`` then finds exactly
what to redact.

>>> redact("Met YANNICK\\u00a0 Pellegrino, (07700) 900.456", "Yannick Pellegrino", None, "+44 7700 900456")
'Met [erased], [erased]'
>>> national_digits("+44 (0)7700 900-456"), national_digits("0044 7700 900456"), national_digits("12")
('7700900456', '7700900456', None)
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

REDACTED = "[erased]"
MIN_DIGITS = 6
SEPARATORS = " \t\n\r\x0b\x0c-().+/\u2010\u2011\u2012\u2013\u2014\u2212"


def _fold_piece(piece: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", piece).casefold())


def fold_map(text: str) -> tuple[str, list[int], list[int]]:
    """The text NFKC-normalised and case-folded, with each folded character's start and end in
    the original text (a base character and the combining marks after it fold together)."""
    out, starts, ends = [], [], []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = _fold_piece(text[i:j])
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return "".join(out), starts, ends


def fold(text: str | None) -> str:
    """NFKC, case-folded, whitespace runs as one space.

    >>> fold("  Ｙannick\\u00a0\\n PELLEGRINO ")
    'yannick pellegrino'
    """
    return " ".join(fold_map(text or "")[0].split())


def national_digits(phone: str | None) -> str | None:
    """A phone number's digits without its international or trunk prefix (+44, 0044, 0)."""
    digits = "".join(str(unicodedata.decimal(c)) for c in fold_map(phone or "")[0] if c.isdecimal())
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("44") and len(digits) > 10:
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits if len(digits) >= MIN_DIGITS else None


def name_words(name: str | None) -> list[str]:
    words = fold(name).split()
    return words if len("".join(words)) >= 3 else []


def _name_spans(folded: str, words: list[str]) -> list[tuple[int, int]]:
    if not words:
        return []
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)")
    return [m.span() for m in pattern.finditer(folded)]


def _email_spans(folded: str, email: str | None) -> list[tuple[int, int]]:
    needle = fold(email)
    if len(needle) < 3:
        return []
    return [m.span() for m in re.finditer(re.escape(needle), folded)]


def _phone_spans(folded: str, national: str | None) -> list[tuple[int, int]]:
    """Runs of digits joined by separators whose digits hold the number: the whole run."""
    if not national:
        return []
    spans, i, n = [], 0, len(folded)
    while i < n:
        if not folded[i].isdecimal():
            i += 1
            continue
        start, end, digits, j = i, i + 1, [folded[i]], i + 1
        while j < n:
            if folded[j].isdecimal():
                digits.append(folded[j])
                end = j = j + 1
            elif folded[j] in SEPARATORS or folded[j].isspace():
                j += 1
            else:
                break
        if national in "".join(str(unicodedata.decimal(c)) for c in digits):
            if start > 0 and folded[start - 1] in "+(":
                start -= 1
            spans.append((start, end))
        i = max(end, i + 1)
    return spans


def spans(text: str, name: str | None, email: str | None, phone: str | None) -> list[tuple[int, int]]:
    """Where in ``text`` (original positions) the name, e-mail or phone is, overlapping ones joined."""
    folded, starts, ends = fold_map(text)
    found = (_name_spans(folded, name_words(name)) + _email_spans(folded, email)
             + _phone_spans(folded, national_digits(phone)))
    merged: list[list[int]] = []
    for s, e in sorted((starts[s], ends[e - 1]) for s, e in found if e > s):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def redact(text: str, name: str | None, email: str | None, phone: str | None) -> str:
    for s, e in reversed(spans(text, name, email, phone)):
        text = text[:s] + REDACTED + text[e:]
    return text


def _ranges(codes: list[int]) -> str:
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(f"\\x{{{codes[i]:x}}}" + (f"-\\x{{{codes[j]:x}}}" if j > i else ""))
        i = j + 1
    return "".join(parts)


def _plain(c: str) -> bool:
    """A character the normalisation leaves as plain lower-casing does (and not a space or digit)."""
    return not (unicodedata.combining(c) or c.isdecimal() or c.isspace() or c in "\u03a3\u00b5"
                or _fold_piece(c) != c.lower())


# Common characters outside ASCII that the normalisation leaves alone (accented Latin letters,
# typographic quotes and dashes, currency signs): a text holding them need not go to the exact check.
PLAIN = [code for block in (range(0xC0, 0x250), range(0x2010, 0x2028), range(0x20A0, 0x20C0))
         for code in block if _plain(chr(code))]


@lru_cache(maxsize=1)
def unusual_pattern() -> str:
    """A Java regular expression matching any text holding a character outside ASCII other than
    the common ones in ``PLAIN``: full-width forms, ligatures, non-breaking spaces, combining
    marks, other digits... Such texts always go on to the exact check (small, so that Neo4j
    compiles it fast)."""
    return "(?s).*[^\\x{0}-\\x{7f}" + _ranges(PLAIN) + "].*"


def search_terms(name: str | None, email: str | None, phone: str | None) -> dict:
    """Parameters for the database's first filter (``erasure_find_text``); it never misses a text
    that ``spans`` would find something in."""
    national = national_digits(phone)
    email_folded = fold(email)
    return {"words": name_words(name), "email": email_folded if len(email_folded) >= 3 else None,
            "phones": ["(?s).*" + "[^0-9]*".join(national) + ".*"] if national else [],
            "unusual": unusual_pattern()}
