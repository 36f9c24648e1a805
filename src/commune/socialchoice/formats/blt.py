"""BLT ballot files: OpenSTV / Scottish standard and Stephen Checkoway's IRV variant.

Layout: optional ``#`` comment lines; ``ncand nseats``; an optional line of withdrawn
candidates as negative numbers; ballot lines ``weight c1 c2 … 0`` (candidates numbered from 1;
``a=b`` marks several candidates at one rank — an over-vote or equal preferences, as the rules
decide; ``-`` is a skipped rank; ``-=-`` an over-vote whose candidates are not given); a line
``0``; one quoted name per candidate (two double quotes inside quotes are a literal quote, and a
party quoted at the end of the name, as in the Scottish files, is split off); a title, quoted or
not, possibly without a final newline.

The file is streamed: ballot lines are read in blocks of whole lines. In a file of at least
``FAST_MIN_LINES`` ballot lines that are all *plain* (``weight c1 … ck 0``: digits and spaces,
positive weights, known candidates), each block is parsed in one vectorised pass into an array
(``Election.array``); the rule set then applies to it through
:meth:`RankedProfile.from_array`. Anything else — a skip, an over-vote, a ballot id, a comment,
a weight that is not plain or would pass the limit on the total — sends the whole file down the
line-by-line path, which is the reference: the vectorised path reads exactly what it reads, and
refuses nothing it would not refuse in the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import (
    Election,
    Lines,
    RawKey,
    parse_count,
    shorten,
)
from commune.socialchoice.limits import (
    MAX_PROFILE_CELLS,
    MAX_TOTAL_WEIGHT,
    check_candidates,
    check_seats,
)
from commune.socialchoice.profile import index_dtype
from commune.socialchoice.rules import UNIDENTIFIED

FAST_MIN_LINES = 4096

#: the end of the ballot section: a line that is ``0`` once stripped
_END = re.compile(r"(?m)^[^\S\n]*0[^\S\n]*$")
#: the characters of plain ballot lines (deleted to see whether anything else is left)
_PLAIN = b"0123456789 \n"
#: ASCII characters a line may start with if it is ``0`` once stripped (``str.strip``'s
#: whitespace, and ``0``)
_END_STARTS = np.array([ord(ch) for ch in "0 \t\x0b\x0c\r\x1c\x1d\x1e\x1f"], dtype=np.uint8)


def _plain_bytes(text: str) -> npt.NDArray[np.uint8] | None:
    """The bytes of ``text`` if it holds only digits, spaces and newlines, else None."""
    if not text.isascii():
        return None
    raw = text.encode("ascii")
    if raw.translate(None, _PLAIN):
        return None
    return np.frombuffer(raw, dtype=np.uint8)


def _end_of_ballots(block: list[str], text: str) -> int | None:
    """The index in ``block`` of the first line that is ``0`` once stripped, if any.

    On ASCII text only the lines starting with ``0`` or a space are looked at (found with
    NumPy); other text is searched with a regular expression.
    """
    if not text.isascii():
        end = _END.search(text)
        return None if end is None else text.count("\n", 0, end.start())
    data = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    starts = np.concatenate([[0], np.flatnonzero(data == 10) + 1])
    starts = starts[starts < data.size]
    for i in np.flatnonzero(np.isin(data[starts], _END_STARTS)).tolist():
        if block[i].strip() == "0":
            return int(i)
    return None


def _unquote(text: str, line: int, source: str) -> str:
    t = text.strip()
    if len(t) >= 2 and t[0] == '"' and t[-1] == '"':
        return t[1:-1].replace('""', '"')
    if t.startswith('"'):
        raise FormatError(f"unterminated quoted name {shorten(t)!r}", line=line, source=source)
    return t


def _split_party(name: str) -> tuple[str, str]:
    if name.endswith('"') and name.count('"') >= 2:
        head, _, party = name[:-1].rpartition('"')
        if head.strip():
            return head.strip(), party
    return name, ""


def _content(lines: Lines) -> tuple[int, str] | None:
    """The next line that is neither blank nor a ``#`` comment."""
    for number, text in lines:
        if text.strip() and not text.lstrip().startswith("#"):
            return number, text
    return None


def read_blt(
    stream: IO[str], *, source: str = "", progress: Callable[[int], None] | None = None
) -> Election:
    """Read a BLT file (either variant); errors name the line.

    >>> import io
    >>> e = read_blt(io.StringIO('2 1\\n3 1 2 0\\n1 2 0\\n0\\n"Varlin"\\n"Vallès"\\n"1871"'))
    >>> e.candidates, e.seats, dict(e.ranked), e.title
    (['Varlin', 'Vallès'], 1, {((0,), (1,)): 3, ((1,),): 1}, '1871')
    """
    lines = Lines(stream, source=source)
    election = Election(candidates=[], source=source)
    header = _content(lines)
    if header is None:
        raise FormatError("empty BLT file", line=max(lines.number, 1), source=source)
    number, text = header
    fields = text.split()
    try:
        if len(fields) < 2 or not all(f.isascii() and f.isdigit() for f in fields[:2]):
            raise ValueError
        ncand, nseats = int(fields[0]), int(fields[1])
    except ValueError:
        raise FormatError(
            f"expected 'candidates seats' header, got {shorten(text.strip())!r}",
            line=number,
            source=source,
        ) from None
    if ncand < 1 or nseats < 1:
        raise FormatError("candidates and seats must be positive", line=number, source=source)
    check_candidates(ncand, line=number, source=source)
    election.seats = check_seats(nseats, line=number, source=source)
    item = _content(lines)
    if item is not None and item[1].strip().startswith("-"):
        number, text = item
        try:
            election.withdrawn = [-int(t) - 1 for t in text.split() if len(t) < 12]
            if len(election.withdrawn) != len(text.split()):
                raise ValueError
        except ValueError:
            raise FormatError(
                f"bad withdrawn line {shorten(text)!r}", line=number, source=source
            ) from None
        if any(not 0 <= w < ncand for w in election.withdrawn):
            raise FormatError("withdrawn candidate out of range", line=number, source=source)
    elif item is not None:
        lines.back()
    section = _Section(election, ncand, source, progress)
    while True:
        got = lines.block()
        if got is None:
            raise FormatError(
                "ballot section does not end with a line '0'",
                line=max(lines.number, 1),
                source=source,
            )
        first, block = got
        text = "\n".join(block)
        k = _end_of_ballots(block, text)
        if k is None:
            section.add(first, block, text)
            lines.consume(len(block))
            continue
        section.add(first, block[:k], "\n".join(block[:k]))
        lines.consume(k + 1)
        number = first + k
        break
    section.finish()
    names: list[str] = []
    seen: set[str] = set()
    for number, text in lines:
        if not text.strip():
            continue
        if len(names) < ncand:
            name, party = _split_party(_unquote(text, number, source))
            if name in seen:
                raise FormatError(
                    f"candidate name {shorten(name)!r} given twice", line=number, source=source
                )
            names.append(name)
            seen.add(name)
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


class _Section:
    """The ballot lines of one file, read block by block, vectorised while they are plain."""

    def __init__(
        self,
        election: Election,
        ncand: int,
        source: str,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.election = election
        self.ncand = ncand
        self.source = source
        self.progress = progress
        self.fast = not election.withdrawn
        #: plain blocks not parsed yet: ``(first line, lines, text, its bytes)`` (fewer than
        #: ``FAST_MIN_LINES`` lines in all, so small)
        self.pending: list[tuple[int, list[str], str, npt.NDArray[np.uint8]]] = []
        self.num_pending = 0
        #: parsed blocks: ``(first line, array, weights)``, consecutive lines
        self.parsed: list[tuple[int, npt.NDArray[Any], npt.NDArray[np.int64]]] = []
        self.num_parsed = 0
        self.cache: dict[str, RawKey] = {}

    def add(self, first: int, block: list[str], text: str) -> None:
        if not block:
            return
        if self.progress is not None:
            self.progress(first + len(block) - 1)
        data = _plain_bytes(text) if self.fast else None
        if data is not None:
            self.pending.append((first, block, text, data))
            self.num_pending += len(block)
            if self.num_parsed + self.num_pending < FAST_MIN_LINES:
                return
            while self.pending:
                start, lines, body, data = self.pending[0]
                got = self._parse(body, data, len(lines))
                if got is None:
                    self._to_slow()
                    return
                self.parsed.append((start, *got))
                self.num_parsed += len(lines)
                self.num_pending -= len(lines)
                self.pending.pop(0)
            return
        if self.fast:
            self._to_slow()
        self._slow(first, block)

    def finish(self) -> None:
        if not self.fast:
            return
        if not self.parsed:
            self._to_slow()
            return
        width = max(a.shape[1] for _, a, _ in self.parsed)
        if self.num_parsed * width > MAX_PROFILE_CELLS:
            self._to_slow()  # the distinct ballots may still fit: let the slow path see
            return
        array = np.full((self.num_parsed, width), -1, dtype=index_dtype(self.ncand))
        row = 0
        for _, a, _ in self.parsed:
            array[row : row + a.shape[0], : a.shape[1]] = a
            row += a.shape[0]
        election = self.election
        election.array = array
        election.array_counts = np.concatenate([w for _, _, w in self.parsed])
        election.array_first_line = self.parsed[0][0]
        self.parsed = []

    def _parse(
        self, text: str, data: npt.NDArray[np.uint8], n: int
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64]] | None:
        """``n`` plain lines parsed at once, or None if any is not a regular plain ballot line
        (the slow path then reads them and says what is wrong, if anything)."""
        # every line must end with the token 0 (" 0"): with exactly one 0 per line (below),
        # it is the line's last token. Numbers past int64 saturate, so a weight or candidate
        # written with 19 digits or more is past its limit and declined below.
        ends = np.append(np.flatnonzero(data == 10), data.size)
        if ends.size != n or int(ends[0]) < 2:
            return None
        if not bool(((data[ends - 1] == 48) & (data[ends - 2] == 32)).all()):
            return None
        tokens = np.fromstring(text, dtype=np.int64, sep=" ")  # whitespace-separated integers
        zeros = np.flatnonzero(tokens == 0)
        if zeros.size != n:
            return None  # a weight or a candidate 0 inside a line: the slow path says where
        starts = np.concatenate([[0], zeros[:-1] + 1])
        weights = tokens[starts]
        lengths = zeros - starts - 1
        if bool((lengths < 0).any()) or int(weights.min()) < 1:
            return None
        top = int(weights.max())
        if top > MAX_TOTAL_WEIGHT:
            return None
        total = int(weights.sum()) if top < 2**40 else sum(weights.tolist())
        if total > MAX_TOTAL_WEIGHT - self.election.total_weight:
            return None
        mask = np.ones(tokens.size, dtype=bool)
        mask[starts] = False
        mask[zeros] = False
        cand = tokens[mask]
        if cand.size and (int(cand.min()) < 1 or int(cand.max()) > self.ncand):
            return None
        width = max(int(lengths.max()), 1)
        if width > 2 * self.ncand:
            return None  # a long run of repeats: keep the array narrow
        array = np.full((n, width), -1, dtype=index_dtype(self.ncand))
        row = np.repeat(np.arange(n), lengths)
        col = np.arange(cand.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        array[row, col] = cand - 1
        self.election.total_weight += total
        return array, weights

    def _to_slow(self) -> None:
        """Leave the vectorised path: what it parsed becomes raw ballots, line by line."""
        self.fast = False
        election = self.election
        election.total_weight = 0
        for first, array, weights in self.parsed:
            keys: dict[bytes, RawKey] = {}
            for i, (row, w) in enumerate(zip(array, weights.tolist(), strict=True)):
                raw = row.tobytes()
                key = keys.get(raw)
                if key is None:
                    key = tuple((int(c),) for c in row if c >= 0)
                    keys[raw] = key
                election.add_ranked(key, w, first + i)
        self.parsed = []
        self.num_parsed = 0
        for first, block, _, _ in self.pending:
            self._slow(first, block)
        self.pending = []
        self.num_pending = 0

    def _slow(self, first: int, block: list[str]) -> None:
        election = self.election
        source = self.source
        cache = self.cache
        for offset, text in enumerate(block):
            number = first + offset
            s = text.strip()
            if not s or s.startswith("#"):
                continue
            weight_text, _, rest = s.partition(" ")
            if weight_text.startswith("("):
                # an OpenSTV ballot id: "(id) weight …"
                weight_text, _, rest = rest.strip().partition(" ")
            weight = parse_count(weight_text, what="ballot weight", line=number, source=source)
            key = cache.get(rest)
            if key is None:
                key = _parse_ranks(rest, self.ncand, number, source)
                if len(cache) < 1 << 16:
                    cache[rest] = key
            election.add_ranked(key, weight, number)


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
            if not (part.isascii() and part.isdigit()):
                raise FormatError(
                    f"bad candidate number {shorten(part)!r}", line=line, source=source
                )
            digits = part.lstrip("0") or "0"
            num = int(digits) if len(digits) < 12 else ncand + 1
            if not 1 <= num <= ncand:
                shown = str(num) if len(digits) < 12 else shorten(part)
                raise FormatError(
                    f"unknown candidate number {shown} (there are {ncand})",
                    line=line,
                    source=source,
                )
            mark.append(num - 1)
        ranks.append(tuple(mark))
    return tuple(ranks)
