"""The caps of the counting engine: beyond each, an input is refused, and the error names it.

They keep every count exact and a hostile or mistaken file cheap to refuse. Each is a named
constant documented in docs/tally.md ("Limits"); an input beyond one raises
:class:`~commune.socialchoice.errors.LimitError` (code ``limit_exceeded``) saying which limit it
passed, e.g. ``big.csv:1: line is longer than 1,048,576 characters (the limit for a line)``.

>>> check_seats(12)
12
>>> try:
...     check_seats(10**9)
... except LimitError as exc:
...     print(exc.limit, "-", exc)
MAX_SEATS - 1,000,000,000 seats: more than 10,000 (the limit for the number of seats)
"""

from __future__ import annotations

from typing import Final

from commune.socialchoice.errors import LimitError

#: The total weight of the ballots of one count (the sum of their weights or counts). The
#: vectorised paths add weights in float64, which is exact up to 2^53; one less keeps every
#: partial sum exact too. A single weight above it is refused as well.
MAX_TOTAL_WEIGHT: Final = 2**53 - 1

#: Candidates of one election: candidate indices, ranks and preference levels are stored as
#: int16 (``-1`` for "none"; ``C`` for "not ranked", so ``C`` itself must fit).
MAX_CANDIDATES: Final = 32_767

#: Characters on one line of a ballot or population file (1 MiB): readers stream their input
#: line by line and never hold more than about one line and one block of 1 MiB.
MAX_LINE_CHARS: Final = 1 << 20

#: Seats to fill or to apportion. Divisor methods give seats one at a time; a constitution's
#: council is capped at the same number.
MAX_SEATS: Final = 10_000

#: The top of a score (grade) scale: majority judgment keeps a histogram of every grade, and
#: score totals stay exact in int64 (1,000 × 2^53 < 2^63).
MAX_SCORE: Final = 1_000

#: Distinct ballots × ranks of one ranked profile (2^31 cells: 2 GiB of int8, 4 GiB of int16).
MAX_PROFILE_CELLS: Final = 1 << 31


def _over(value: int, limit: int, unit: str, what: str) -> str:
    return f"{value:,} {unit}: more than {limit:,} (the limit for {what})"


def check_seats(seats: int, *, line: int | None = None, source: str | None = None) -> int:
    """``seats`` if it is within :data:`MAX_SEATS`; else a :class:`LimitError` naming the limit."""
    if seats > MAX_SEATS:
        raise LimitError(
            _over(seats, MAX_SEATS, "seats", "the number of seats"),
            limit="MAX_SEATS",
            line=line,
            source=source,
        )
    return seats


def check_candidates(
    num_candidates: int, *, line: int | None = None, source: str | None = None
) -> int:
    """``num_candidates`` if within :data:`MAX_CANDIDATES`; else a :class:`LimitError`."""
    if num_candidates > MAX_CANDIDATES:
        raise LimitError(
            _over(num_candidates, MAX_CANDIDATES, "candidates", "the number of candidates"),
            limit="MAX_CANDIDATES",
            line=line,
            source=source,
        )
    return num_candidates


def too_many_candidates(*, line: int | None = None, source: str | None = None) -> LimitError:
    """The error of a reader that meets candidate number ``MAX_CANDIDATES + 1``."""
    return LimitError(
        f"more than {MAX_CANDIDATES:,} candidates (the limit for the number of candidates)",
        limit="MAX_CANDIDATES",
        line=line,
        source=source,
    )


def line_too_long(*, line: int | None = None, source: str | None = None) -> LimitError:
    """The error of a reader that meets a line longer than :data:`MAX_LINE_CHARS`."""
    return LimitError(
        f"line is longer than {MAX_LINE_CHARS:,} characters (the limit for a line)",
        limit="MAX_LINE_CHARS",
        line=line,
        source=source,
    )


def _number(value: int | str) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}… ({len(text):,} digits)"


def weight_too_large(
    weight: int | str,
    *,
    what: str = "ballot weight",
    line: int | None = None,
    source: str | None = None,
) -> LimitError:
    """The error for one weight above :data:`MAX_TOTAL_WEIGHT` (``weight`` as written)."""
    return LimitError(
        f"{what} {_number(weight)} is more than "
        f"{MAX_TOTAL_WEIGHT:,} (the limit for the total weight of the ballots)",
        limit="MAX_TOTAL_WEIGHT",
        line=line,
        source=source,
    )


def total_too_large(
    *, where: str = "", line: int | None = None, source: str | None = None
) -> LimitError:
    """The error for weights whose running total passes :data:`MAX_TOTAL_WEIGHT`."""
    return LimitError(
        f"{where}the total weight of the ballots passes {MAX_TOTAL_WEIGHT:,} "
        "(the limit for the total weight of the ballots)",
        limit="MAX_TOTAL_WEIGHT",
        line=line,
        source=source,
    )


def score_too_large(
    score: int | str, *, line: int | None = None, source: str | None = None
) -> LimitError:
    """The error for a score above :data:`MAX_SCORE`."""
    return LimitError(
        f"score {_number(score)} is more than {MAX_SCORE:,} (the limit for a score)",
        limit="MAX_SCORE",
        line=line,
        source=source,
    )


__all__ = [
    "MAX_CANDIDATES",
    "MAX_LINE_CHARS",
    "MAX_PROFILE_CELLS",
    "MAX_SCORE",
    "MAX_SEATS",
    "MAX_TOTAL_WEIGHT",
    "check_candidates",
    "check_seats",
    "line_too_long",
    "score_too_large",
    "too_many_candidates",
    "total_too_large",
    "weight_too_large",
]
