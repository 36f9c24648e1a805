"""What every reader returns (an :class:`Election` of raw ballots, before any rule set), and
what every reader shares: lines read in bounded pieces, and counts of voters checked."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from commune.socialchoice.cardinal import ApprovalProfile, ScoreProfile
from commune.socialchoice.errors import BallotError, FormatError
from commune.socialchoice.limits import (
    MAX_CANDIDATES,
    MAX_LINE_CHARS,
    MAX_TOTAL_WEIGHT,
    line_too_long,
    too_many_candidates,
    total_too_large,
    weight_too_large,
)
from commune.socialchoice.profile import RankedProfile, from_raw
from commune.socialchoice.rules import RuleSet

RawKey = tuple[tuple[int, ...], ...]
Kind = Literal["ranked", "approval", "score"]


@dataclass(slots=True)
class Election:
    """Raw ballots as read from a file, aggregated, with the line where each was first met.

    ``ranked`` maps a raw ranked ballot (ranks of candidate indices; ``()`` = skipped rank) to
    its count; ``approvals``/``scores`` hold cardinal ballots. Nothing is judged yet: the rule
    set chosen for the count decides what irregular ballots become (:meth:`profile`).
    """

    candidates: list[str]
    kind: Kind = "ranked"
    title: str = ""
    seats: int | None = None
    parties: dict[str, str] = field(default_factory=dict)
    withdrawn: list[int] = field(default_factory=list)
    ranked: Counter[RawKey] = field(default_factory=Counter)
    lines: dict[RawKey, int] = field(default_factory=dict)
    approvals: Counter[frozenset[int]] = field(default_factory=Counter)
    scores: Counter[tuple[int, ...]] = field(default_factory=Counter)
    max_score: int = 0
    grades: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    num_blank: int = 0
    #: large plain files: the ballots as an ``N×L`` array (``-1`` pads), their counts, and the
    #: file line of row 0 (rows are consecutive lines)
    array: Any = None
    array_counts: Any = None
    array_first_line: int = 0
    #: the rule set the format itself defines (Debian tally sheets), used unless one is chosen
    rules: str | None = None
    #: the weight of the ballots read so far (never above ``MAX_TOTAL_WEIGHT``)
    total_weight: int = 0

    def add_weight(self, weight: int, line: int) -> None:
        """Count ``weight`` more ballots, read at ``line``, refusing a total beyond the limit."""
        if weight > MAX_TOTAL_WEIGHT - self.total_weight:
            raise total_too_large(line=line, source=self.source or None)
        self.total_weight += weight

    def add_ranked(self, key: RawKey, weight: int, line: int) -> None:
        self.add_weight(weight, line)
        self.ranked[key] += weight
        if key not in self.lines:
            self.lines[key] = line

    def add_candidate(self, name: str, line: int) -> int:
        """Append a candidate (its index), refusing one beyond ``MAX_CANDIDATES``."""
        if len(self.candidates) >= MAX_CANDIDATES:
            raise too_many_candidates(line=line, source=self.source or None)
        self.candidates.append(name)
        return len(self.candidates) - 1

    @property
    def num_ballots(self) -> int:
        if self.kind == "ranked":
            extra = int(self.array_counts.sum()) if self.array_counts is not None else 0
            return sum(self.ranked.values()) + extra
        if self.kind == "approval":
            return sum(self.approvals.values()) + self.num_blank
        return sum(self.scores.values())

    def profile(
        self, rules: str | RuleSet = "strict"
    ) -> RankedProfile | ApprovalProfile | ScoreProfile:
        """The profile of this election under ``rules`` (withdrawn candidates struck out)."""
        if self.kind == "ranked" and self.array is not None:
            try:
                return RankedProfile.from_array(
                    self.candidates, self.array, counts=self.array_counts, rules=rules
                )
            except BallotError as exc:
                line = None if exc.ballot is None else self.array_first_line + exc.ballot
                raise BallotError(
                    exc.problem, exc.message, line=line, source=self.source or None
                ) from None
        if self.kind == "ranked":
            # the rules judge each ballot as the voter marked it; withdrawn candidates are then
            # struck out, their ballots passing to the next preference (or exhausting)
            prof = from_raw(
                tuple(self.candidates),
                self.ranked,
                rules=rules,
                source=self.source or None,
                lines=self.lines,
            )
            if self.withdrawn:
                keep = [i for i in range(len(self.candidates)) if i not in set(self.withdrawn)]
                prof = prof.restrict(keep)
            return prof
        if self.kind == "approval":
            items = list(self.approvals.items())
            p = ApprovalProfile.from_ballots(
                self.candidates,
                ([*s] for s, _ in items),
                counts=(w for _, w in items),
                source=self.source or None,
            )
            if self.num_blank:
                from dataclasses import replace

                from commune.socialchoice.profile import Irregularities

                p = replace(p, irregular=Irregularities(p.irregular.num_blank + self.num_blank))
            return p
        items2 = list(self.scores.items())
        return ScoreProfile.from_ballots(
            self.candidates,
            ({self.candidates[i]: v for i, v in enumerate(row) if v} for row, _ in items2),
            counts=(w for _, w in items2),
            max_score=self.max_score,
            grades=self.grades,
            source=self.source or None,
        )


#: characters asked of the stream at a time: a line met whole inside one piece is within
#: ``MAX_LINE_CHARS``, so only lines that span pieces need measuring
BLOCK_CHARS = MAX_LINE_CHARS


class Lines:
    """The lines of a text stream, read in pieces of ``BLOCK_CHARS`` characters.

    Never holds more than about one piece and one line; a line longer than ``limit`` is
    refused (:func:`~commune.socialchoice.limits.line_too_long`) as soon as it passes the limit,
    before the rest of it is read. ``\r\n`` and ``\r`` end lines as ``\n`` does. Lines are
    handed out one at a time (iteration, :meth:`next`) or as a run of whole lines
    (:meth:`block`, then :meth:`consume`), numbered from 1.
    """

    def __init__(self, stream: IO[str], *, source: str = "", limit: int = MAX_LINE_CHARS) -> None:
        self._stream = stream
        self._source = source or None
        self._limit = limit
        self._carry = ""  # the start of a line whose end is not read yet
        self._lines: list[str] = []
        self._pos = 0  # the next line to hand out, in _lines
        self._first = 1  # the number of _lines[0]
        self._eof = False

    @property
    def number(self) -> int:
        """The number of the last line handed out (0 before the first)."""
        return self._first + self._pos - 1

    def _fill(self) -> bool:
        """Read the next piece of whole lines; False once the stream is exhausted."""
        self._first += len(self._lines)
        self._lines, self._pos = [], 0
        while not self._eof:
            chunk = self._stream.read(BLOCK_CHARS)
            if not chunk:
                self._eof = True
                if self._carry:
                    self._lines, self._carry = [self._carry], ""
                    return True
                return False
            if chunk.endswith("\r"):
                chunk += self._stream.read(1)
            if "\x00" in chunk:
                number = (
                    self._first + self._carry.count("\n") + chunk.count("\n", 0, chunk.find("\x00"))
                )
                raise FormatError(
                    "a NUL character: this is not a text file in the expected encoding "
                    "(a UTF-16 file without its byte-order mark? pass --encoding)",
                    line=number,
                    source=self._source,
                )
            if "\r" in chunk:
                chunk = chunk.replace("\r\n", "\n").replace("\r", "\n")
            cut = chunk.rfind("\n")
            if cut < 0:
                self._carry += chunk
                if len(self._carry) > self._limit:
                    raise line_too_long(line=self._first, source=self._source)
                continue
            if len(self._carry) + chunk.find("\n") > self._limit:
                raise line_too_long(line=self._first, source=self._source)
            whole = self._carry + chunk[:cut] if self._carry else chunk[:cut]
            self._carry = chunk[cut + 1 :]
            self._lines = whole.split("\n")
            return True
        return False

    def next(self) -> tuple[int, str] | None:
        """The next line and its number, or None at the end."""
        if self._pos >= len(self._lines) and not self._fill():
            return None
        self._pos += 1
        return self._first + self._pos - 1, self._lines[self._pos - 1]

    def back(self) -> None:
        """Hand out the line just handed out again (once, right after :meth:`next`)."""
        if self._pos == 0:
            raise RuntimeError("no line to give back")
        self._pos -= 1

    def block(self) -> tuple[int, list[str]] | None:
        """The lines read but not handed out yet (reading more if there are none), with the
        number of the first; None at the end. Nothing is handed out until :meth:`consume`."""
        if self._pos >= len(self._lines) and not self._fill():
            return None
        return self._first + self._pos, self._lines[self._pos :]

    def consume(self, count: int) -> None:
        """Hand out the first ``count`` lines of the last :meth:`block`."""
        self._pos += count

    def __iter__(self) -> Iterator[tuple[int, str]]:
        while (item := self.next()) is not None:
            yield item


def numbered_lines(stream: IO[str], *, source: str = "") -> Iterator[tuple[int, str]]:
    """``(line number, line without its end)`` for each line of ``stream``, from 1, read in
    bounded pieces (a line longer than ``MAX_LINE_CHARS`` is refused)."""
    return iter(Lines(stream, source=source))


_COUNT = re.compile(r"[+-]?[0-9]+")


def shorten(text: str, width: int = 40) -> str:
    """``text`` cut to ``width`` characters for an error message (with the length if cut)."""
    return text if len(text) <= width else f"{text[:width]}… ({len(text):,} characters)"


def parse_count(text: str, *, what: str, line: int, source: str) -> int:
    """A count of voters (or a ballot weight) as written at ``line``: a positive integer no
    larger than ``MAX_TOTAL_WEIGHT``. ``what`` names it in errors ("count", "ballot weight")."""
    t = text.strip()
    if not _COUNT.fullmatch(t):
        raise FormatError(f"bad {what} {shorten(t)!r}", line=line, source=source)
    digits = t.lstrip("+-").lstrip("0")
    if t.startswith("-") and digits:
        raise FormatError(f"{what} {shorten(t)} is negative", line=line, source=source)
    if not digits:
        raise FormatError(
            f"{what} {t} is zero (a line counts at least one ballot)", line=line, source=source
        )
    if len(digits) > len(str(MAX_TOTAL_WEIGHT)) or int(digits) > MAX_TOTAL_WEIGHT:
        raise weight_too_large(digits, what=what, line=line, source=source or None)
    return int(digits)


def parse_index(text: str, *, what: str, line: int, source: str) -> int:
    """A small non-negative number (an option or alternative number) as written at ``line``."""
    t = text.strip()
    if not t.isascii() or not t.isdigit() or len(t) > 9:
        raise FormatError(f"bad {what} {shorten(t)!r}", line=line, source=source)
    return int(t)


def display_name(path: str | Path) -> str:
    return Path(path).name
