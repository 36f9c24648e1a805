"""Debian devotee tally sheets (``leader*_tally.txt``).

A free-text header; lines ``Option k---->: Name`` name the options in order; then one line
``V: <one character per option> <hash>`` per voter, the character being the rank given to that
option (``1`` best, equal characters equal ranks, ``-`` not ranked). Ranks above 9 are letters.

The format defines its own rules: equal ranks are equal preferences and unranked options rank
below the ranked ones (Debian constitution A.6), so an election read from a tally sheet carries
``rules = "debian"``, used unless other rules are chosen.
"""

from __future__ import annotations

import re
from typing import IO

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import Election, numbered_lines, parse_index, shorten
from commune.socialchoice.limits import check_candidates

_OPTION = re.compile(r"Option\s+(\d+)-*>\s*:\s*(.+?)\s*$")
_VOTE = re.compile(r"^V:\s+(\S+)(?:\s+(\S+))?\s*$")


def _rank(ch: str) -> int | None:
    if ch == "-":
        return None
    if "0" <= ch <= "9":
        return int(ch)
    if ch.isascii() and ch.isalpha():
        return 10 + ord(ch.lower()) - ord("a")
    raise ValueError(ch)


def read_debian(stream: IO[str], *, source: str = "") -> Election:
    """Read a Debian tally sheet; errors name the line.

    >>> import io
    >>> text = "Option 1--->: Towns\\nOption 2-->: None Of The Above\\nV: 12 ab12\\nV: 1- cd34\\n"
    >>> e = read_debian(io.StringIO(text))
    >>> e.candidates, dict(e.ranked)
    (['Towns', 'None Of The Above'], {((0,), (1,)): 1, ((0,),): 1})
    """
    election = Election(candidates=[], source=source, title="Debian vote", rules="debian")
    options: dict[int, str] = {}
    for number, text in numbered_lines(stream, source=source):
        m = _OPTION.search(text) if not election.candidates else None
        if m and not text.startswith("V:"):
            k = parse_index(m.group(1), what="option number", line=number, source=source)
            if k not in options:
                check_candidates(len(options) + 1, line=number, source=source)
            options[k] = m.group(2)
            continue
        if not text.startswith("V:"):
            continue
        if not election.candidates:
            if sorted(options) != list(range(1, len(options) + 1)) or not options:
                raise FormatError(
                    "options are not numbered 1..n before the votes", line=number, source=source
                )
            election.candidates = [options[k] for k in sorted(options)]
        v = _VOTE.match(text)
        if not v:
            raise FormatError(f"bad vote line {shorten(text)!r}", line=number, source=source)
        marks = v.group(1)
        if len(marks) != len(election.candidates):
            raise FormatError(
                f"vote has {len(marks)} marks for {len(election.candidates)} options",
                line=number,
                source=source,
            )
        try:
            ranks = [_rank(ch) for ch in marks]
        except ValueError as exc:
            raise FormatError(
                f"bad rank character {str(exc)!r}", line=number, source=source
            ) from None
        levels = sorted({r for r in ranks if r is not None})
        key = tuple(tuple(i for i, r in enumerate(ranks) if r == lv) for lv in levels)
        election.add_ranked(key, 1, number)
    if not election.candidates:
        raise FormatError("no votes found", line=1, source=source)
    return election
