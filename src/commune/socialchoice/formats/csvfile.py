"""Plain CSV ballot files.

* ``csv`` (ranked): one ballot per row, the candidate at each rank in successive columns; an
  empty cell is a skipped rank, ``a=b`` several candidates at one rank. An optional header row
  (``rank1,rank2,…``, ``choice 1,…``) is skipped; a first column headed ``count`` or ``weight``
  gives how many voters cast the row.
* ``approval-csv``: one ballot per row, the approved candidates in the cells; an empty row is
  a blank ballot.
* ``score-csv``: one ballot per row, cells ``candidate=score`` (unscored candidates get 0).

A comment line ``# candidates: a, b, c`` declares the candidates (otherwise: in order of first
appearance); ``# max score: 5`` declares the top of the score scale (otherwise the largest
score met).
"""

from __future__ import annotations

import csv
import re
from typing import IO

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import Election

_HEADER = re.compile(r"^\s*(rank|choice|preference|pref)\s*_?\s*\d+\s*$", re.IGNORECASE)


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

    def cand(name: str, line: int) -> int:
        name = name.strip()
        if name not in index:
            if declared:
                raise FormatError(f"unknown candidate {name!r}", line=line, source=source)
            index[name] = len(election.candidates)
            election.candidates.append(name)
        return index[name]

    lines = stream.read().splitlines()
    rows: list[tuple[int, list[str]]] = []
    for number, text in enumerate(lines, start=1):
        stripped = text.strip()
        if stripped.startswith("#"):
            body = stripped.lstrip("#").strip()
            key, _, value = body.partition(":")
            if key.strip().lower() == "candidates":
                for name in next(csv.reader([value])):
                    if name.strip():
                        cand(name, number)
                declared = True
            elif key.strip().lower() in ("max score", "max"):
                try:
                    max_score = int(value)
                except ValueError:
                    raise FormatError(
                        f"bad max score {value!r}", line=number, source=source
                    ) from None
            continue
        cells = next(csv.reader([text])) if text.strip() else []
        rows.append((number, cells))
    if rows and ballot_kind == "ranked":
        number, first = rows[0]
        heads = [c.strip().lower() for c in first]
        if heads and heads[0] in ("count", "weight", "votes"):
            count_column = True
            rows = rows[1:]
        elif first and all(_HEADER.match(c) for c in first if c.strip()) and any(first):
            rows = rows[1:]
    scored: list[tuple[int, dict[int, int]]] = []
    for number, cells in rows:
        weight = 1
        if count_column and cells:
            try:
                weight = int(cells[0])
            except ValueError:
                raise FormatError(f"bad count {cells[0]!r}", line=number, source=source) from None
            cells = cells[1:]
        if ballot_kind == "ranked":
            ranks = []
            for cell in cells:
                parts = [m for m in cell.split("=") if m.strip()]
                ranks.append(tuple(cand(m, number) for m in parts))
            while ranks and not ranks[-1]:
                ranks.pop()
            election.add_ranked(tuple(ranks), weight, number)
        elif ballot_kind == "approval":
            chosen = [cand(cell, number) for cell in cells if cell.strip()]
            if len(set(chosen)) != len(chosen):
                raise FormatError("a candidate is approved twice", line=number, source=source)
            if chosen:
                election.approvals[frozenset(chosen)] += weight
            else:
                election.num_blank += weight
        else:
            marks: dict[int, int] = {}
            for cell in cells:
                if not cell.strip():
                    continue
                name, sep, value = cell.rpartition("=")
                if not sep:
                    raise FormatError(
                        f"expected candidate=score, got {cell!r}", line=number, source=source
                    )
                try:
                    points = int(value)
                except ValueError:
                    raise FormatError(f"bad score {value!r}", line=number, source=source) from None
                k = cand(name, number)
                if k in marks:
                    raise FormatError(
                        f"{name.strip()!r} is scored twice", line=number, source=source
                    )
                if points < 0 or (max_score is not None and points > max_score):
                    raise FormatError(f"score {points} out of range", line=number, source=source)
                marks[k] = points
            scored.append((weight, marks))
    if ballot_kind == "score":
        top = max((v for _, m in scored for v in m.values()), default=0)
        election.max_score = max_score if max_score is not None else top
        for weight, marks in scored:
            row = tuple(marks.get(k, 0) for k in range(len(election.candidates)))
            election.scores[row] += weight
    if not election.candidates:
        raise FormatError("no candidates found", line=1, source=source)
    return election
