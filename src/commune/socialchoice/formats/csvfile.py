"""Plain CSV ballot files.

* ``csv`` (ranked): one ballot per row, the candidate at each rank in successive columns; an
  empty cell is a skipped rank, ``a=b`` several candidates at one rank. An optional header row
  naming the ranks is skipped: ``rank1,rank2,…``, ``Choice 1``, ``Preference #1``, ``1st``,
  ``2nd choice``, ``first,second,…``. A first column headed ``count``, ``weight`` or ``votes``
  gives how many voters cast the row.
* ``approval-csv``: one ballot per row, the approved candidates in the cells; an empty row is
  a blank ballot. A header row naming the columns as above is skipped too.
* ``score-csv``: one ballot per row, cells ``candidate=score`` (unscored candidates get 0).

A comment line ``# candidates: a, b, c`` declares the candidates (otherwise: in order of first
appearance); ``# max score: 5`` declares the top of the score scale (otherwise the largest
score met).

A first row that is not a header we recognise, but whose names appear on no other row, is
refused: it is almost surely a header, and reading it as a ballot would invent candidates.
Declaring the candidates (or naming the columns ``rank1, rank2, …``) settles it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from typing import IO

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import Election, numbered_lines, parse_count, shorten
from commune.socialchoice.limits import MAX_SCORE, score_too_large

_RANK_WORD = r"(?:rank(?:ing)?|choice|preference|pref|vote|option|place)"
_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|\d+\s*(?:st|nd|rd|th))"
)
#: a cell of a header row naming a rank: ``rank1``, ``Choice 2``, ``Preference #3``, ``1st``,
#: ``2nd choice``, ``third preference``
_HEADER = re.compile(
    rf"^\s*(?:{_RANK_WORD}\s*[_#.-]?\s*(?:no\.?\s*)?\d+|{_ORDINAL}(?:[\s_-]*{_RANK_WORD})?)\s*$",
    re.IGNORECASE,
)
_COUNT_HEADS = ("count", "weight", "votes")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _cells(text: str, line: int, source: str) -> list[str]:
    if not text.strip():
        return []
    try:
        return next(csv.reader([text]))
    except csv.Error as exc:
        raise FormatError(f"bad CSV: {exc}", line=line, source=source) from None


def _score(text: str, line: int, source: str) -> int:
    t = text.strip()
    if not _INTEGER.fullmatch(t):
        raise FormatError(f"bad score {shorten(t)!r}", line=line, source=source)
    if len(t.lstrip("+-").lstrip("0")) > 9 or int(t) > MAX_SCORE:
        raise score_too_large(t.lstrip("+"), line=line, source=source)
    return int(t)


def read_csv(stream: IO[str], *, source: str = "", kind: str = "csv") -> Election:
    """Read a CSV ballot file of the given ``kind``; errors name the line.

    >>> import io
    >>> e = read_csv(io.StringIO("rank1,rank2\\nVarlin,Pyat\\nPyat,\\nVarlin,Pyat\\n"))
    >>> e.candidates, dict(e.ranked)
    (['Varlin', 'Pyat'], {((0,), (1,)): 2, ((1,),): 1})
    >>> e = read_csv(io.StringIO("a=3,b=1\\nb=2\\n"), kind="score-csv")
    >>> e.candidates, dict(e.scores), e.max_score
    (['a', 'b'], {(3, 1): 1, (0, 2): 1}, 3)
    """
    ballot_kind = {"csv": "ranked", "approval-csv": "approval", "score-csv": "score"}.get(kind)
    if ballot_kind is None:
        raise FormatError(f"unknown CSV kind {kind!r}", source=source)
    election = Election(candidates=[], source=source, kind=ballot_kind)  # type: ignore[arg-type]
    index: dict[str, int] = {}
    declared = False
    max_score: int | None = None
    count_column = False
    # the first data row, if read as a ballot: its line, its names, and whether any of them
    # is met again on a later row (if none is, the row was a header we did not recognise)
    first_row: int | None = None
    first_cells: list[str] = []
    first_names: set[int] = set()
    met_again = False
    later_rows = 0
    before = 0

    def cand(name: str, line: int) -> int:
        name = name.strip()
        got = index.get(name)
        if got is None:
            if declared:
                raise FormatError(f"unknown candidate {shorten(name)!r}", line=line, source=source)
            got = index[name] = election.add_candidate(name, line)
        return got

    scored: Counter[tuple[tuple[int, int], ...]] = Counter()  # (candidate, score) pairs
    for number, text in numbered_lines(stream, source=source):
        stripped = text.strip()
        if stripped.startswith("#"):
            body = stripped.lstrip("#").strip()
            key, _, value = body.partition(":")
            if key.strip().lower() == "candidates":
                for name in _cells(value, number, source):
                    if name.strip():
                        cand(name, number)
                declared = True
            elif key.strip().lower() in ("max score", "max"):
                if not _INTEGER.fullmatch(value.strip()) or value.strip().startswith("-"):
                    raise FormatError(
                        f"bad max score {shorten(value.strip())!r}", line=number, source=source
                    )
                max_score = _score(value, number, source)
            continue
        cells = _cells(text, number, source)
        if first_row is None and ballot_kind != "score":
            heads = [c.strip().lower() for c in cells]
            if heads and heads[0] in _COUNT_HEADS and ballot_kind == "ranked":
                count_column = True
                first_row = 0
                continue
            if cells and any(c.strip() for c in cells):
                if all(_HEADER.match(c) for c in cells if c.strip()):
                    first_row = 0
                    continue
                first_row = number
                first_cells = [c.strip() for c in cells if c.strip()]
                before = len(election.candidates)
        weight = 1
        if count_column and cells:
            weight = parse_count(cells[0], what="count", line=number, source=source)
            cells = cells[1:]
        if ballot_kind == "ranked":
            ranks = []
            for cell in cells:
                parts = [m for m in cell.split("=") if m.strip()]
                ranks.append(tuple(cand(m, number) for m in parts))
            while ranks and not ranks[-1]:
                ranks.pop()
            election.add_ranked(tuple(ranks), weight, number)
            marked = {k for rank in ranks for k in rank}
        elif ballot_kind == "approval":
            chosen = [cand(cell, number) for cell in cells if cell.strip()]
            if len(set(chosen)) != len(chosen):
                raise FormatError("a candidate is approved twice", line=number, source=source)
            election.add_weight(weight, number)
            if chosen:
                election.approvals[frozenset(chosen)] += weight
            else:
                election.num_blank += weight
            marked = set(chosen)
        else:
            marks: dict[int, int] = {}
            for cell in cells:
                if not cell.strip():
                    continue
                name, sep, value = cell.rpartition("=")
                if not sep:
                    raise FormatError(
                        f"expected candidate=score, got {shorten(cell)!r}",
                        line=number,
                        source=source,
                    )
                points = _score(value, number, source)
                k = cand(name, number)
                if k in marks:
                    raise FormatError(
                        f"{shorten(name.strip())!r} is scored twice", line=number, source=source
                    )
                if points < 0 or (max_score is not None and points > max_score):
                    raise FormatError(f"score {points} out of range", line=number, source=source)
                marks[k] = points
            election.add_weight(weight, number)
            scored[tuple(sorted(marks.items()))] += weight
            continue
        if first_row == number:
            first_names = set(range(before, len(election.candidates)))
        elif marked:
            later_rows += 1
            if not met_again and first_names & marked:
                met_again = True
    if first_row and first_names and later_rows and not met_again and not declared:
        shown = ", ".join(repr(shorten(c, 20)) for c in first_cells[:4])
        more = ", …" if len(first_cells) > 4 else ""
        raise FormatError(
            f"the first row looks like a header ({shown}{more}): its names appear on no other "
            "row; name its columns rank1, rank2, … or declare the candidates with a line "
            "'# candidates: a, b, c'",
            line=first_row,
            source=source,
        )
    if ballot_kind == "score":
        top = max((v for pairs in scored for _, v in pairs), default=0)
        election.max_score = max_score if max_score is not None else top
        for pairs, weight in scored.items():
            marks = dict(pairs)
            row = tuple(marks.get(k, 0) for k in range(len(election.candidates)))
            election.scores[row] += weight
    if not election.candidates:
        raise FormatError("no candidates found", line=1, source=source)
    return election
