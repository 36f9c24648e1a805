"""The Irish 2002 e-voting text files (Dublin West, Dublin North, Meath).

One ballot per line, in the order published: one double-quoted candidate code per rank,
padded with ``"XXXXX"`` for unused ranks. There is no header; the candidates are the codes
met, named from :data:`KNOWN_CODES` when every code is known there (the 2002 lists).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import IO

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import Election, numbered_lines, shorten
from commune.socialchoice.limits import MAX_CANDIDATES, too_many_candidates

PAD = "XXXXX"
_TOKEN = re.compile(r'"([^"]*)"')

#: candidate codes of the 2002 pilot constituencies (from the returning officer's lists)
KNOWN_CODES: dict[str, dict[str, str]] = {
    "Dublin West 2002": {
        "Higg": "Joe Higgins",
        "Terr": "Sheila Terry",
        "Burt": "Joan Burton",
        "Morr": "Tom Morrissey",
        "Bonn": "Robert Bonnie",
        "Smyt": "John Smyth",
        "McDo": "Mary Lou McDonald",
        "Dohe": "Deirdre Doherty Ryan",
        "Leni": "Brian Lenihan",
    },
    "Dublin North 2002": {
        "Sarg": "Trevor Sargent",
        "Ryan": "Sean Ryan",
        "Glen": "Jim Glennon",
        "Wrig": "G. V. Wright",
        "Daly": "Clare Daly",
        "Kenn": "Michael Kennedy",
        "Owen": "Nora Owen",
        "Davi": "Mick Davis",
        "Bola": "Cathal Boland",
        "Goul": "Ciaran Goulding",
        "Quin": "Eamon Quinn",
        "Wals": "David Walshe",
    },
}


def read_irish(stream: IO[str], *, source: str = "") -> Election:
    """Read an Irish e-voting ballot file; errors name the line.

    >>> import io
    >>> e = read_irish(io.StringIO('"Higg" "Leni" "XXXXX"\\n"Leni" "XXXXX" "XXXXX"\\n'))
    >>> e.candidates, dict(e.ranked)
    (['Joe Higgins', 'Brian Lenihan'], {((0,), (1,)): 1, ((1,),): 1})
    """
    election = Election(candidates=[], source=source)
    codes: dict[str, int] = {}
    # distinct ballots as written, with their count and first line (memory ∝ distinct ballots)
    raw: Counter[tuple[str, ...]] = Counter()
    first_line: dict[tuple[str, ...], int] = {}
    width = None
    for number, text in numbered_lines(stream, source=source):
        s = text.strip()
        if not s:
            continue
        tokens = _TOKEN.findall(s)
        if not tokens or _TOKEN.sub("", s).strip():
            raise FormatError(
                f"expected quoted candidate codes, got {shorten(s)!r}", line=number, source=source
            )
        if width is None:
            width = len(tokens)
        elif len(tokens) != width:
            raise FormatError(
                f"expected {width} ranks, found {len(tokens)}", line=number, source=source
            )
        for t in tokens:
            if t != PAD and t not in codes:
                if len(codes) >= MAX_CANDIDATES:
                    raise too_many_candidates(line=number, source=source)
                codes[t] = len(codes)
        marks = tuple(tokens)
        election.add_weight(1, number)
        raw[marks] += 1
        first_line.setdefault(marks, number)
    if not raw:
        raise FormatError("no ballots", line=1, source=source)
    names = {code: code for code in codes}
    order = sorted(codes)
    for title, table in KNOWN_CODES.items():
        if set(codes) <= set(table):
            names = table
            order = [c for c in table if c in codes]
            election.title = title
            break
    index = {code: i for i, code in enumerate(order)}
    election.candidates = [names[c] for c in order]
    for marks, count in raw.items():
        key: list[tuple[int, ...]] = []
        for t in marks:
            key.append(() if t == PAD else (index[t],))
        while key and not key[-1]:
            key.pop()
        k = tuple(key)
        election.ranked[k] += count
        election.lines.setdefault(k, first_line[marks])
    return election
