"""Breaking ties: a separate, named and recorded step, never dict or input order.

A method first finds *all* the candidates tied at a decision (who is excluded, whose surplus
moves first, who wins). When the rules name earlier counts as a tie-breaker, :class:`TieBreaker`
narrows the set with them — ``"backward"`` looks at the most recent earlier round where the tied
candidates differ (Burlington's "previous round"), ``"forward"`` at the first round where they
differ (Scottish rule 49(2)/51(2): "the earliest stage … at which they had unequal votes").
What is still tied is decided **by lot**: each tied candidate draws a ticket
``sha256(seed ␟ context ␟ name)``, and tickets are ranked in byte order. Anyone who knows the seed
can redo the draw with a one-line script; the seed is recorded in the result. When no seed is
given the seed is the SHA-256 digest of the profile, so the draw is reproducible from the
published ballots alone but could not be known before they were cast.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Number = int | Fraction
History = Literal["backward", "forward", "none"]


@dataclass(frozen=True, slots=True)
class TieBreak:
    """The record of one broken tie: what was decided, between whom, how, and the outcome."""

    context: str
    tied: tuple[str, ...]
    chosen: tuple[str, ...]
    procedure: str
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "context": self.context,
            "tied": list(self.tied),
            "chosen": list(self.chosen),
            "procedure": self.procedure,
            "detail": self.detail,
        }


def lot_ticket(seed: str, context: str, name: str) -> str:
    """The hexadecimal ticket a candidate draws in the lot for ``context``."""
    return hashlib.sha256(f"{seed}\x1f{context}\x1f{name}".encode()).hexdigest()


class TieBreaker:
    """Breaks ties with earlier counts (if asked) then by a seeded lot, and records each one.

    ``history`` selects how earlier rounds are used; ``records`` collects every
    :class:`TieBreak` made, in order. Without an explicit ``seed``, ``source`` computes one
    (the profile's digest) the first time a lot is drawn.

    >>> tb = TieBreaker(seed="1871")
    >>> tb.choose(["Varlin", "Vallès"], "exclusion in round 2")
    ['Varlin']
    >>> tb.records[0].procedure
    'lot'
    """

    def __init__(
        self,
        seed: str | None = None,
        history: History = "backward",
        source: Callable[[], str] | None = None,
    ) -> None:
        self._seed = seed
        self.history: History = history
        self._source = source
        self.records: list[TieBreak] = []

    @property
    def seed(self) -> str:
        """The seed of the lots (computed from the source on first use)."""
        if self._seed is None:
            self._seed = self._source() if self._source is not None else ""
        return self._seed

    @property
    def seed_used(self) -> str | None:
        """The seed, if one was given or a lot was drawn (else ``None``: nothing to record)."""
        if self._seed is not None or any(r.procedure == "lot" for r in self.records):
            return self.seed
        return None

    def lot(self, tied: Sequence[str], context: str, k: int = 1) -> list[str]:
        """Draw ``k`` of ``tied`` by lot (lowest tickets win the draw) and record it."""
        tickets = {name: lot_ticket(self.seed, context, name) for name in tied}
        ranked = sorted(tied, key=lambda n: (tickets[n], n))
        chosen = ranked[:k]
        detail = "; ".join(f"{n}: {tickets[n][:12]}" for n in ranked)
        self.records.append(
            TieBreak(context, tuple(sorted(tied)), tuple(chosen), "lot", f"tickets {detail}")
        )
        return chosen

    def choose(
        self,
        tied: Sequence[str],
        context: str,
        *,
        rounds: Sequence[Mapping[str, Number]] = (),
        lowest: bool = True,
        k: int = 1,
    ) -> list[str]:
        """Choose ``k`` of ``tied``: the lowest (or highest) in earlier ``rounds``, then by lot.

        ``rounds`` are the earlier counts, oldest first. A candidate absent from a round counts
        as zero there.
        """
        pool = sorted(tied)
        if len(pool) <= k:
            return pool
        chosen: list[str] = []
        if self.history != "none" and rounds:
            order: Sequence[Mapping[str, Number]] = (
                list(reversed(rounds)) if self.history == "backward" else rounds
            )
            pool, chosen, used = _narrow(pool, order, lowest, k)
            if used is not None:
                label = "previous_round" if self.history == "backward" else "earliest_round"
                if len(chosen) == k:
                    self.records.append(
                        TieBreak(context, tuple(sorted(tied)), tuple(chosen), label, used)
                    )
                    return chosen
                self.records.append(
                    TieBreak(context, tuple(sorted(tied)), tuple(chosen), label, used)
                )
        return chosen + self.lot(pool, context, k - len(chosen))


def _narrow(
    pool: list[str], order: Sequence[Mapping[str, Number]], lowest: bool, k: int
) -> tuple[list[str], list[str], str | None]:
    """Split ``pool`` with earlier counts: (still tied, surely chosen, what was used)."""
    chosen: list[str] = []
    used: str | None = None
    sign: Callable[[Number], Number] = (lambda v: v) if lowest else (lambda v: -v)
    for idx, counts in enumerate(order):
        values = {n: sign(counts.get(n, 0)) for n in pool}
        distinct = sorted(set(values.values()))
        if len(distinct) == 1:
            continue
        used = f"earlier round #{idx + 1} looked at: " + ", ".join(
            f"{n}={counts.get(n, 0)}" for n in pool
        )
        new_pool: list[str] = []
        for v in distinct:
            group = [n for n in pool if values[n] == v]
            need = k - len(chosen)
            if need <= 0:
                break
            if len(group) <= need:
                chosen.extend(group)
            else:
                new_pool = group
                break
        pool = new_pool
        if not pool or len(chosen) == k:
            return [], chosen, used
    return pool, chosen, used
