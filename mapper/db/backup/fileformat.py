"""The backup file itself: its header, its lines, and how it is written and read (values aside)."""
from __future__ import annotations

import gzip
import json
import os
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

FORMAT = "community-mapper-backup"
VERSION = 1


class BackupError(ValueError):
    """The file is not a whole, valid backup, or the database refused it; the message says which."""


@dataclass(frozen=True)
class Summary:
    nodes: int
    relationships: int
    skipped: int = 0
    created: str = ""


# ---- writing ----------------------------------------------------------------------------------
def line_encoder() -> Callable[[object], str]:
    """JSON as the file writes it (compact, UTF-8 as it is, no NaN: those are tagged), from one encoder
    made once: ``json.dumps`` with options makes a new encoder at every call."""
    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def dumps(obj: dict) -> bytes:
    """One line of the file."""
    return (line_encoder()(obj) + "\n").encode("utf-8")


def gzip_member(data: bytes, level: int = 6) -> bytes:
    """``data`` as one whole gzip member (the file is a header member, then a body member)."""
    deflate = zlib.compressobj(level, zlib.DEFLATED, 31)
    return deflate.compress(data) + deflate.flush()


def private_file(path: Path):
    """``path`` opened for writing, readable by its owner only (a backup holds personal data)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "wb")


# ---- progress ---------------------------------------------------------------------------------
class Progress:
    """Says how far a big graph has got, about every tenth of the way (small graphs: silence)."""

    def __init__(self, say: Callable[[str], None], what: str, total: int, began: float):
        self.say, self.what, self.total, self.began, self.step = say, what, total, began, 0

    def __call__(self, done: int) -> None:
        if self.total < 50_000:
            return
        step = (10 * done) // self.total
        if step > self.step:
            self.step = step
            self.say(f"  {self.what}: {done:,} of {self.total:,} ({time.monotonic() - self.began:.0f} s)")


# ---- reading ----------------------------------------------------------------------------------
@contextmanager
def _readable(path: Path):
    """Reading ``path`` as a backup's gzip: BackupError, in words, where it cannot be."""
    try:
        yield
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except EOFError:
        raise BackupError(f"{path} is truncated (the compressed data ends early): it is not a whole backup") from None
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise BackupError(f"{path} is not a readable backup (corrupt compressed data: {exc})") from None


def lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """``(line number, raw line)`` of the whole file, header included; BackupError if it is not gzip."""
    with _readable(path), gzip.open(path, "rb") as fh:
        yield from enumerate(fh, start=1)


BLOCK = 1 << 22  # uncompressed bytes read at a time


def body_lines(path: Path, digest) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` for every line after the header, read and decoded a block at a time;
    every byte of the body goes through ``digest`` (the header's checksum is over exactly these)."""
    with _readable(path), gzip.open(path, "rb") as fh:
        fh.readline()  # the header, read separately
        number, tail = 1, b""
        while block := fh.read(BLOCK):
            digest.update(block)
            block = tail + block
            cut = block.rfind(b"\n") + 1
            tail = block[cut:]
            for number, line in enumerate(_decoded(block[:cut], number).split("\n")[:-1], start=number + 1):
                yield number, line
        if tail:
            yield number + 1, _decoded(tail, number)


def _decoded(block: bytes, before: int) -> str:
    """A block of whole lines as text; BackupError naming the first line that is not UTF-8."""
    try:
        return block.decode("utf-8")
    except UnicodeDecodeError:
        for number, line in enumerate(block.split(b"\n"), start=before + 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BackupError(f"line {number} is not valid JSON ({exc})") from None
        raise


def parse(number: int, line: bytes | str) -> dict:
    """One line as a JSON object."""
    try:
        obj = json.loads(line.decode("utf-8") if isinstance(line, bytes) else line)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"line {number} is not valid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise BackupError(f"line {number} is not a JSON object")
    return obj


def key(obj: dict, name: str, number: int) -> int:
    """A node's or relationship's key in the file (a whole number)."""
    value = obj.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BackupError(f"line {number}: '{name}' must be a whole number")
    return value


def read_header(path: str | Path) -> dict:
    """The first line, checked to be this application's backup header of this version."""
    for number, line in lines(Path(path)):
        header = parse(number, line)
        if header.get("format") != FORMAT:
            raise BackupError(f"{path} is not a community-mapper backup (no backup header on its first line)")
        if header.get("version") != VERSION:
            raise BackupError(f"{path} is backup format version {header.get('version')!r}; "
                              f"this version reads version {VERSION}")
        for field in ("nodes", "relationships"):
            if not isinstance(header.get(field), int):
                raise BackupError(f"{path}: the header has no '{field}' count")
        if not isinstance(header.get("sha256"), str):
            raise BackupError(f"{path}: the header has no checksum")
        return header
    raise BackupError(f"{path} is empty")


def records(path: Path) -> Iterator[tuple[int, dict]]:
    """``(line number, object)`` for every line after the header."""
    rows = lines(path)
    next(rows, None)  # the header, read separately
    for number, line in rows:
        yield number, parse(number, line)


