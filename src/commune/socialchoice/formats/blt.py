"""BLT ballot files: OpenSTV / Scottish standard and Stephen Checkoway's IRV variant.

Layout: optional ``#`` comment lines; ``ncand nseats``; an optional line of withdrawn
candidates as negative numbers; ballot lines ``weight c1 c2 … 0`` (candidates numbered from 1;
``a=b`` marks several candidates at one rank — an over-vote or equal preferences, as the rules
decide; ``-`` is a skipped rank; ``-=-`` an over-vote whose candidates are not given); a line
``0``; one quoted name per candidate (two double quotes inside quotes are a literal quote, and a
party quoted at the end of the name, as in the Scottish files, is split off); a title, quoted or
not, possibly without a final newline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

import numpy as np
import numpy.typing as npt

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import Election, RawKey
from commune.socialchoice.rules import UNIDENTIFIED


def _unquote(text: str, line: int, source: str) -> str:
    t = text.strip()
    if len(t) >= 2 and t[0] == '"' and t[-1] == '"':
        return t[1:-1].replace('""', '"')
    if t.startswith('"'):
        raise FormatError(f"unterminated quoted name {t!r}", line=line, source=source)
    return t


def _split_party(name: str) -> tuple[str, str]:
    if name.endswith('"') and name.count('"') >= 2:
        head, _, party = name[:-1].rpartition('"')
        if head.strip():
            return head.strip(), party
    return name, ""


FAST_MIN_LINES = 4096


def read_blt(
    stream: IO[str], *, source: str = "", progress: Callable[[int], None] | None = None
) -> Election:
    """Read a BLT file (either variant); errors name the line.

    Large files of plain ballot lines (no skips, over-votes, ids or comments among them) are
    parsed in one vectorised pass into an array (``Election.array``); the rule set then
    applies to it through :meth:`RankedProfile.from_array`, with the same results.

    >>> import io
    >>> e = read_blt(io.StringIO('2 1\\n3 1 2 0\\n1 2 0\\n0\\n"Varlin"\\n"Vallès"\\n"1871"'))
    >>> e.candidates, e.seats, dict(e.ranked), e.title
    (['Varlin', 'Vallès'], 1, {((0,), (1,)): 3, ((1,),): 1}, '1871')
    """
    lines = stream.read().splitlines()
    election = Election(candidates=[], source=source)
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        i += 1
    if i == len(lines):
        raise FormatError("empty BLT file", line=max(i, 1), source=source)
    header = lines[i].split()
    try:
        ncand, nseats = int(header[0]), int(header[1])
    except (ValueError, IndexError):
        raise FormatError(
            f"expected 'candidates seats' header, got {lines[i].strip()!r}",
            line=i + 1,
            source=source,
        ) from None
    if ncand < 1 or nseats < 1:
        raise FormatError("candidates and seats must be positive", line=i + 1, source=source)
    election.seats = nseats
    i += 1
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        i += 1
    if i < len(lines) and lines[i].strip().startswith("-"):
        try:
            election.withdrawn = [-int(t) - 1 for t in lines[i].split()]
        except ValueError:
            raise FormatError(
                f"bad withdrawn line {lines[i]!r}", line=i + 1, source=source
            ) from None
        if any(not 0 <= w < ncand for w in election.withdrawn):
            raise FormatError("withdrawn candidate out of range", line=i + 1, source=source)
        i += 1
    first = i
    try:
        end = lines.index("0", first)
    except ValueError:
        end = next((k for k in range(first, len(lines)) if lines[k].strip() == "0"), -1)
    if end < 0:
        raise FormatError(
            "ballot section does not end with a line '0'", line=len(lines), source=source
        )
    if not (end - first >= FAST_MIN_LINES and _fast_blt(election, lines, first, end, ncand)):
        _slow_blt(election, lines, first, end, ncand, source, progress)
    names: list[str] = []
    number = end + 1
    for k in range(end + 1, len(lines)):
        text = lines[k]
        number = k + 1
        if not text.strip():
            continue
        if len(names) < ncand:
            full = _unquote(text, number, source)
            name, party = _split_party(full)
            if name in names:
                raise FormatError(
                    f"candidate name {name!r} given twice", line=number, source=source
                )
            names.append(name)
            if party:
                election.parties[name] = party
        elif not election.title:
            election.title = _unquote(text, number, source)
        else:
            raise FormatError("unexpected text after the title", line=number, source=source)
    if len(names) < ncand:
        raise FormatError(
            f"expected {ncand} candidate names, found {len(names)}", line=number, source=source
        )
    election.candidates = names
    return election


def _slow_blt(
    election: Election,
    lines: list[str],
    first: int,
    end: int,
    ncand: int,
    source: str,
    progress: Callable[[int], None] | None,
) -> None:
    cache: dict[str, RawKey] = {}
    for k in range(first, end):
        number = k + 1
        s = lines[k].strip()
        if not s or s.startswith("#"):
            continue
        weight_text, _, rest = s.partition(" ")
        if weight_text.startswith("("):
            # an OpenSTV ballot id: "(id) weight …"
            weight_text, _, rest = rest.strip().partition(" ")
        try:
            weight = int(weight_text)
        except ValueError:
            raise FormatError(
                f"bad ballot weight {weight_text!r}", line=number, source=source
            ) from None
        key = cache.get(rest)
        if key is None:
            key = _parse_ranks(rest, ncand, number, source)
            cache[rest] = key
        election.add_ranked(key, weight, number)
        if progress is not None and number % 65536 == 0:
            progress(number)


def _fast_blt(election: Election, lines: list[str], first: int, end: int, ncand: int) -> bool:
    """Parse plain ballot lines ``weight c1 … ck 0`` at once; False if they are not all plain."""
    if election.withdrawn:
        return False
    section = "\n".join(lines[first:end])
    if any(ch in section for ch in "-=(#.") or "" in lines[first:end]:
        return False
    tokens = np.fromstring(section, dtype=np.int64, sep=" ")  # whitespace-separated integers
    zeros = np.flatnonzero(tokens == 0)
    n = end - first
    if zeros.size != n:
        return False  # a weight of 0 or a line without its final 0: let the slow path say where
    starts = np.concatenate([[0], zeros[:-1] + 1])
    weights = tokens[starts]
    lengths = zeros - starts - 1
    if bool((weights <= 0).any()) or bool((lengths < 0).any()):
        return False
    cand = tokens[_candidate_mask(tokens.size, starts, zeros)]
    if cand.size and (int(cand.min()) < 1 or int(cand.max()) > ncand):
        return False
    width = max(int(lengths.max()), 1) if n else 1
    array = np.full((n, width), -1, dtype=np.int8 if ncand < 127 else np.int16)
    row = np.repeat(np.arange(n), lengths)
    col = np.arange(cand.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    array[row, col] = cand - 1
    election.array = array
    election.array_counts = weights
    election.array_first_line = first + 1
    return True


def _candidate_mask(
    size: int, starts: npt.NDArray[np.int64], zeros: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    mask = np.ones(size, dtype=bool)
    mask[starts] = False
    mask[zeros] = False
    return mask


def _parse_ranks(rest: str, ncand: int, line: int, source: str) -> RawKey:
    tokens = rest.split()
    if not tokens or tokens[-1] != "0":
        raise FormatError("ballot line does not end with 0", line=line, source=source)
    ranks: list[tuple[int, ...]] = []
    for tok in tokens[:-1]:
        if tok == "-":
            ranks.append(())
            continue
        mark: list[int] = []
        for part in tok.split("="):
            if part == "-":
                mark.append(UNIDENTIFIED)
                continue
            try:
                num = int(part)
            except ValueError:
                raise FormatError(
                    f"bad candidate number {part!r}", line=line, source=source
                ) from None
            if not 1 <= num <= ncand:
                raise FormatError(
                    f"unknown candidate number {num} (there are {ncand})", line=line, source=source
                )
            mark.append(num - 1)
        ranks.append(tuple(mark))
    return tuple(ranks)
