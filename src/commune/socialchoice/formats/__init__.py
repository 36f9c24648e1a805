"""Readers for ballot files. :func:`read` detects the format from the extension and content.

Every reader returns an :class:`Election` (raw ballots, before a rule set is applied) and
raises :class:`~commune.socialchoice.errors.FormatError` naming the line of malformed input.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import IO

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import Election

FORMATS = (
    "blt",
    "abif",
    "preflib",
    "preflib-cat",
    "irish",
    "debian",
    "csv",
    "approval-csv",
    "score-csv",
)

_EXT = {
    ".blt": "blt",
    ".abif": "abif",
    ".soc": "preflib",
    ".soi": "preflib",
    ".toc": "preflib",
    ".toi": "preflib",
    ".cat": "preflib-cat",
}


def detect(path: Path, head: str) -> str:
    """Guess the format of ``path`` from its extension, then from its first lines."""
    ext = path.suffix.lower()
    if ext in _EXT:
        return _EXT[ext]
    lines = [ln.strip() for ln in head.splitlines() if ln.strip()]
    if any("Tally Sheet" in ln for ln in lines[:10]) or any(ln.startswith("V: ") for ln in lines):
        return "debian"
    if (
        lines
        and lines[0].startswith('"')
        and all(ln.startswith('"') and ln.endswith('"') for ln in lines[:20])
        and '","' not in lines[0]
    ):
        return "irish"
    if any(ln.startswith("# ALTERNATIVE NAME") for ln in lines[:50]):
        return "preflib-cat" if any(ln.startswith("# CATEGORY") for ln in lines[:50]) else "preflib"
    if any(ln.startswith("=") and ":" in ln for ln in lines[:50]) or any(
        ln.startswith("{") for ln in lines[:5]
    ):
        return "abif"
    body = [ln for ln in lines if not ln.startswith("#")]
    if body and len(body[0].split()) == 2 and all(t.isdigit() for t in body[0].split()):
        return "blt"
    if ext in (".csv", ".tsv", ".txt"):
        if any("=" in ln for ln in body[1:5]):
            return "score-csv"
        return "csv"
    raise FormatError("cannot tell the format of this file; pass --format", source=path.name)


def _open(path: Path, encoding: str | None) -> IO[str]:
    raw = path.read_bytes()
    if encoding:
        return io.StringIO(raw.decode(encoding))
    try:
        return io.StringIO(raw.decode("utf-8"))
    except UnicodeDecodeError:
        # older Debian tally sheets are ISO-8859-1
        return io.StringIO(raw.decode("iso-8859-1"))


def read(
    path: str | Path,
    format: str | None = None,
    *,
    encoding: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Election:
    """Read the ballot file at ``path`` (format detected unless given)."""
    p = Path(path)
    stream = _open(p, encoding)
    head = stream.read(8192)
    stream.seek(0)
    fmt = format or detect(p, head)
    name = p.name
    if fmt == "blt":
        from commune.socialchoice.formats.blt import read_blt

        return read_blt(stream, source=name, progress=progress)
    if fmt == "abif":
        from commune.socialchoice.formats.abif import read_abif

        return read_abif(stream, source=name, progress=progress)
    if fmt in ("preflib", "preflib-cat"):
        from commune.socialchoice.formats.preflib import read_preflib

        return read_preflib(
            stream, source=name, categorical=fmt == "preflib-cat", progress=progress
        )
    if fmt == "irish":
        from commune.socialchoice.formats.irish import read_irish

        return read_irish(stream, source=name)
    if fmt == "debian":
        from commune.socialchoice.formats.debian import read_debian

        return read_debian(stream, source=name)
    if fmt in ("csv", "approval-csv", "score-csv"):
        from commune.socialchoice.formats.csvfile import read_csv

        return read_csv(stream, source=name, kind=fmt)
    raise FormatError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}", source=name)


__all__ = ["FORMATS", "Election", "detect", "read"]
