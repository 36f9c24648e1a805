"""The result of a count: winners in order plus everything needed to explain and recheck them."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from commune.socialchoice.ties import TieBreak

Number = int | Fraction


def exact(value: Number | float) -> int | str | float:
    """A JSON-safe exact form of ``value``: an int, a terminating decimal string, or ``"p/q"``."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value
    if value.denominator == 1:
        return value.numerator
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    scaled = value * 10**places
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def show(value: Number | float, places: int = 5) -> str:
    """A human-readable form of ``value`` for reports (exact when it is a short decimal)."""
    if isinstance(value, Fraction) and value.denominator != 1:
        as_exact = exact(value)
        if isinstance(as_exact, str) and "/" not in as_exact:
            return as_exact
        return f"{float(value):.{places}f}"
    if isinstance(value, float):
        return f"{value:.{places}f}"
    return str(int(value))


@dataclass(frozen=True, slots=True)
class Round:
    """One round (stage) of a sequential count.

    ``counts`` are the candidates' totals during the round; ``elected``/``excluded`` are the
    decisions taken at its end; ``transfers`` says how much each candidate (and ``exhausted``)
    received from the transfer that *opened* the round, from ``transfer_from``.
    """

    number: int
    counts: Mapping[str, Number]
    exhausted: Number = 0
    elected: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    transfer_from: tuple[str, ...] = ()
    transfer_kind: str = ""
    transfer_value: Number | None = None
    transfers: Mapping[str, Number] = field(default_factory=dict)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "number": self.number,
            "counts": {k: exact(v) for k, v in self.counts.items()},
            "exhausted": exact(self.exhausted),
            "elected": list(self.elected),
            "excluded": list(self.excluded),
        }
        if self.transfer_from:
            out["transfer"] = {
                "from": list(self.transfer_from),
                "kind": self.transfer_kind,
                "value": None if self.transfer_value is None else exact(self.transfer_value),
                "received": {k: exact(v) for k, v in self.transfers.items()},
            }
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class Result:
    """What a method decided and why.

    ``winners`` are in order of election (for a single winner, one name). ``tied_winners`` is
    the set the method itself could not separate; when it has more than one name, the tie was
    broken by the recorded step(s) in ``ties``. ``unfilled`` counts seats left empty (the 1871
    threshold rule), for which a complementary election must be called.
    """

    method: str
    candidates: tuple[str, ...]
    winners: tuple[str, ...]
    seats: int = 1
    rules: str = "strict"
    seed: str | None = None
    arithmetic: str = "integer"
    num_ballots: Number = 0
    num_blank: int = 0
    num_rejected: int = 0
    tied_winners: tuple[str, ...] = ()
    ties: tuple[TieBreak, ...] = ()
    rounds: tuple[Round, ...] = ()
    scores: Mapping[str, Number] | None = None
    ranking: tuple[tuple[str, ...], ...] = ()
    pairwise: tuple[tuple[Number, ...], ...] | None = None
    strongest_paths: tuple[tuple[Number, ...], ...] | None = None
    quota: Number | None = None
    threshold: Number | None = None
    unfilled: int = 0
    notes: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def winner(self) -> str:
        """The single winner (the first elected)."""
        return self.winners[0]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary; non-integer numbers are exact strings (see :func:`exact`)."""
        out: dict[str, Any] = {
            "winners": list(self.winners),
            "method": self.method,
            "rules": self.rules,
            "seats": self.seats,
            "candidates": list(self.candidates),
            "seed": self.seed,
            "arithmetic": self.arithmetic,
            "num_ballots": exact(self.num_ballots),
            "num_blank": self.num_blank,
            "num_rejected": self.num_rejected,
            "tied_winners": list(self.tied_winners),
            "ties": [t.as_dict() for t in self.ties],
            "rounds": [r.as_dict() for r in self.rounds],
        }
        if self.scores is not None:
            out["scores"] = {k: exact(v) for k, v in self.scores.items()}
        if self.ranking:
            out["ranking"] = [list(g) for g in self.ranking]
        if self.pairwise is not None:
            out["pairwise"] = [[exact(v) for v in row] for row in self.pairwise]
        if self.strongest_paths is not None:
            out["strongest_paths"] = [[exact(v) for v in row] for row in self.strongest_paths]
        if self.quota is not None:
            out["quota"] = exact(self.quota)
        if self.threshold is not None:
            out["threshold"] = exact(self.threshold)
        if self.unfilled:
            out["unfilled"] = self.unfilled
        if self.notes:
            out["notes"] = list(self.notes)
        if self.extra:
            out["extra"] = _jsonable(self.extra)
        return out

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.as_dict(), indent=indent, ensure_ascii=False)

    def report(self) -> str:
        """A readable, plain-text explanation of the count, round by round."""
        from commune.socialchoice.report import render

        return render(self)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        return exact(value)
    return value


def matrix(rows: Sequence[Sequence[Number]]) -> tuple[tuple[Number, ...], ...]:
    """An immutable copy of a square matrix of exact numbers."""
    return tuple(tuple(int(v) if not isinstance(v, Fraction) else v for v in r) for r in rows)
