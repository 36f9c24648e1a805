"""ABIF, the Aggregated Ballot Information Format (electorama/abiftool).

``#`` starts a comment; ``{key: value}`` lines are metadata; ``=token:[Full name]`` declares a
candidate; ``count:A>B=C>D`` is ``count`` ballots ranking A, then B and C at one rank (an
over-vote or equal preferences, as the rules decide), then D. Tokens may be bare words or
``[bracketed names]``; a ``/n`` after a token is a rating, kept only for order. A vote line
with nothing after the colon is blank ballots. Undeclared tokens are candidates too, in order
of first appearance.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import (
    Election,
    RawKey,
    numbered_lines,
    parse_count,
    shorten,
)

_CAND = re.compile(r"^=\s*([^:\s\[]+|\[[^\]]*\])\s*(?::\s*\[(.*)\]\s*)?$")
_VOTE = re.compile(r"^(\d+)\s*:(.*)$")
_META = re.compile(r"^\{\s*([^:]+?)\s*:\s*(.*?)\s*\}$")


def read_abif(
    stream: IO[str], *, source: str = "", progress: Callable[[int], None] | None = None
) -> Election:
    """Read an ABIF file; errors name the line.

    >>> import io
    >>> e = read_abif(io.StringIO("=V:[Varlin]\\n=P:[Pyat]\\n3:V>P\\n2:P\\n1:\\n"))
    >>> e.candidates, dict(e.ranked)
    (['Varlin', 'Pyat'], {((0,), (1,)): 3, ((1,),): 2, (): 1})
    """
    election = Election(candidates=[], source=source)
    tokens: dict[str, int] = {}
    full_names: dict[str, int] = {}
    cache: dict[str, RawKey] = {}

    def token_index(tok: str, line: int) -> int:
        tok = tok.strip()
        if tok.startswith("[") and tok.endswith("]"):
            full = tok[1:-1]
            if full in full_names:
                return full_names[full]
            tok = full
        if not tok:
            raise FormatError("empty candidate token", line=line, source=source)
        if tok not in tokens:
            if tok in full_names:
                raise FormatError(
                    f"candidate name {shorten(tok)!r} given twice", line=line, source=source
                )
            tokens[tok] = full_names[tok] = election.add_candidate(tok, line)
        return tokens[tok]

    for number, text in numbered_lines(stream, source=source):
        s = text.split("#", 1)[0].strip() if not text.lstrip().startswith("{") else text.strip()
        if not s:
            continue
        if s.startswith("{"):
            m = _META.match(s)
            if not m:
                raise FormatError(f"bad metadata line {shorten(s)!r}", line=number, source=source)
            key, value = m.group(1).strip('"'), m.group(2).strip()
            election.metadata[key] = value.strip('"')
            if key == "title":
                election.title = value.strip('"')
            continue
        if s.startswith("="):
            m = _CAND.match(s)
            if not m:
                raise FormatError(f"bad candidate line {shorten(s)!r}", line=number, source=source)
            tok = m.group(1).strip("[]")
            full = m.group(2) if m.group(2) is not None else tok
            if tok in tokens:
                raise FormatError(
                    f"candidate {shorten(tok)!r} declared twice", line=number, source=source
                )
            if full in full_names:
                raise FormatError(
                    f"candidate name {shorten(full)!r} given twice", line=number, source=source
                )
            tokens[tok] = full_names[full] = election.add_candidate(full, number)
            continue
        m = _VOTE.match(s)
        if not m:
            raise FormatError(
                f"expected 'count:ballot', got {shorten(s)!r}", line=number, source=source
            )
        count = parse_count(m.group(1), what="count", line=number, source=source)
        body = m.group(2).strip()
        key = cache.get(body)
        if key is None:
            ranks: list[tuple[int, ...]] = []
            if body:
                for part in body.split(">"):
                    part = part.strip()
                    if not part:
                        raise FormatError("empty rank between '>'", line=number, source=source)
                    group = []
                    for tok in re.split(r"[=,]", part):
                        tok = tok.split("/", 1)[0]
                        group.append(token_index(tok, number))
                    ranks.append(tuple(group))
            key = tuple(ranks)
            if len(cache) < 1 << 16:
                cache[body] = key
        election.add_ranked(key, count, number)
        if progress is not None and number % 65536 == 0:
            progress(number)
    if not election.candidates:
        raise FormatError("no candidates", line=1, source=source)
    return election
