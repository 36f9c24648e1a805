"""Readers for ballot files. :func:`read` detects the format from the extension and content.

Every reader streams its input (:class:`~commune.socialchoice.formats._base.Lines`), returns an
:class:`Election` (raw ballots, before a rule set is applied) and raises
:class:`~commune.socialchoice.errors.FormatError` naming the line of malformed input, or
:class:`~commune.socialchoice.errors.LimitError` naming the limit an input passes.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path
from typing import IO

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import Election, Lines, shorten

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


#: what a file is read as when no encoding is given: UTF-8 (a byte-order mark is skipped), and
#: if that fails, ISO-8859-1 (older Debian tally sheets), which reads any bytes
DEFAULT_ENCODINGS = ("utf-8-sig", "iso-8859-1")


def _check_encoding(encoding: str, source: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise FormatError(f"unknown text encoding {shorten(encoding)!r}", source=source) from None


def _head(path: Path, encoding: str) -> str:
    """The first 8 KiB of the file, decoded for format detection only (errors replaced)."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    try:
        return head.decode(encoding, errors="replace")
    except UnicodeError:  # UTF-16 without its byte-order mark, say: reading will tell where
        return head.decode("iso-8859-1")


def _starts_with(path: Path, marks: tuple[bytes, ...]) -> bool:
    with path.open("rb") as fh:
        head = fh.read(4)
    return any(head.startswith(m) for m in marks)


def bad_line(path: Path, encoding: str) -> int:
    """The number of the first line of ``path`` that is not valid ``encoding`` text."""
    decoder = codecs.getincrementaldecoder(encoding)()
    number = 0
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                decoder.decode(raw)
            except UnicodeError:
                return number
    return max(number, 1)


def read(
    path: str | Path,
    format: str | None = None,
    *,
    encoding: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Election:
    """Read the ballot file at ``path`` (format detected unless given), streaming it.

    Without ``encoding`` the file is read as UTF-8 and, if it is not valid UTF-8, read again
    as ISO-8859-1. Errors name the file and line (:class:`FormatError`, :class:`LimitError`).
    """
    p = Path(path)
    name = p.name
    if encoding:
        encodings: tuple[str, ...] = (_check_encoding(encoding, name),)
    elif _starts_with(p, (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)  # a spreadsheet's "Unicode text": its byte-order mark says so
    else:
        encodings = DEFAULT_ENCODINGS
    fmt = _format_name(format, name) if format else detect(p, _head(p, encodings[0]))
    for enc in encodings:
        try:
            with p.open(encoding=enc, newline="") as stream:
                return _read(stream, fmt, name, progress)
        except UnicodeError:
            if enc == encodings[-1]:
                raise FormatError(
                    f"not valid {enc} text", line=bad_line(p, enc), source=name
                ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _format_name(format: str, source: str) -> str:
    fmt = format.strip().lower().replace("_", "-")
    if fmt not in FORMATS:
        raise FormatError(f"unknown format {format!r}; known: {', '.join(FORMATS)}", source=source)
    return fmt


def _read(stream: IO[str], fmt: str, name: str, progress: Callable[[int], None] | None) -> Election:
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
    from commune.socialchoice.formats.csvfile import read_csv

    return read_csv(stream, source=name, kind=fmt)


__all__ = ["FORMATS", "Election", "Lines", "bad_line", "detect", "read", "shorten"]
