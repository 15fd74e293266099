"""Password rules for every account, wherever it is created: a minimum length, and not a common one.

A password is refused if it is shorter than ``MIN_LENGTH``; if, ignoring case and any digits or
punctuation added at either end, it is one of the common passwords in ``common_passwords.txt``
("Password2024!" is "password"); if it is one character repeated or a run like "1234567890" or
"abcdefghij"; or if it is the account's own email address or the name before its @.

>>> problem("short")
'the password must be at least 10 characters long'
>>> problem("Password2024!")
'that password is one of the most common ones: choose another (a few unrelated words make a good one)'
>>> problem("amina.k@example.org", email="amina.k@example.org")
'the password must not be your email address'
>>> problem("kettle orbit violet lantern") is None
True
"""
from __future__ import annotations

import re
import string
from functools import lru_cache
from importlib import resources

MIN_LENGTH = 10
LIST = resources.files("mapper.accounts") / "common_passwords.txt"  # package data
_ENDS = re.compile(r"^[\d\W_]+|[\d\W_]+$")
_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm")


@lru_cache(maxsize=1)
def common() -> frozenset[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _is_run(text: str) -> bool:
    if len(set(text)) <= 2:
        return True
    return any(text in run or text in run[::-1] for run in _RUNS)


def problem(password: str, email: str | None = None) -> str | None:
    """What is wrong with the password, in words, or None if it will do."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return f"the password must be at least {MIN_LENGTH} characters long"
    lowered = password.lower()
    core = _ENDS.sub("", lowered)
    squeezed = "".join(ch for ch in lowered if ch not in string.whitespace)
    if common() & {lowered, core, squeezed} or _is_run(lowered):
        return "that password is one of the most common ones: choose another (a few unrelated words make a good one)"
    if email:
        email = email.strip().lower()
        local = email.split("@", 1)[0]
        if lowered == email or (len(local) >= 4 and core == _ENDS.sub("", local)):
            return "the password must not be your email address"
    return None
