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

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import Election, RawKey, numbered_lines
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


def read_blt(
    stream: IO[str], *, source: str = "", progress: Callable[[int], None] | None = None
) -> Election:
    """Read a BLT file (either variant); errors name the line.

    >>> import io
    >>> e = read_blt(io.StringIO('2 1\\n3 1 2 0\\n1 2 0\\n0\\n"Varlin"\\n"Vallès"\\n"1871"'))
    >>> e.candidates, e.seats, dict(e.ranked), e.title
    (['Varlin', 'Vallès'], 1, {((0,), (1,)): 3, ((1,),): 1}, '1871')
    """
    lines = numbered_lines(stream)
    election = Election(candidates=[], source=source)
    header: list[str] | None = None
    number = 0
    for number, text in lines:  # noqa: B007 (number is read after the loop)
        s = text.strip()
        if not s or s.startswith("#"):
            continue
        header = s.split()
        break
    if header is None:
        raise FormatError("empty BLT file", line=number or 1, source=source)
    try:
        ncand, nseats = int(header[0]), int(header[1])
    except (ValueError, IndexError):
        raise FormatError(
            f"expected 'candidates seats' header, got {' '.join(header)!r}",
            line=number,
            source=source,
        ) from None
    if ncand < 1 or nseats < 1:
        raise FormatError("candidates and seats must be positive", line=number, source=source)
    election.seats = nseats
    cache: dict[str, RawKey] = {}
    first = True
    ended = False
    for number, text in lines:
        s = text.strip()
        if not s or s.startswith("#"):
            continue
        if first and s.startswith("-"):
            first = False
            try:
                election.withdrawn = [-int(t) - 1 for t in s.split()]
            except ValueError:
                raise FormatError(f"bad withdrawn line {s!r}", line=number, source=source) from None
            if any(not 0 <= w < ncand for w in election.withdrawn):
                raise FormatError("withdrawn candidate out of range", line=number, source=source)
            continue
        first = False
        if s == "0":
            ended = True
            break
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
    if not ended:
        raise FormatError("ballot section does not end with a line '0'", line=number, source=source)
    names: list[str] = []
    for number, text in lines:
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
