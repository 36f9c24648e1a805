"""What every reader returns: an :class:`Election` of raw ballots, before any rule set."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from commune.socialchoice.cardinal import ApprovalProfile, ScoreProfile
from commune.socialchoice.errors import BallotError
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

    def add_ranked(self, key: RawKey, weight: int, line: int) -> None:
        self.ranked[key] += weight
        if key not in self.lines:
            self.lines[key] = line

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
                message = str(exc).split(": ")[-1]
                raise BallotError(exc.problem, message, line=line, source=self.source) from None
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


def numbered_lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    """``(line number, line without its end)`` for each line of ``stream``, from 1."""
    for number, line in enumerate(stream, start=1):
        yield number, line.rstrip("\r\n")


def display_name(path: str | Path) -> str:
    return Path(path).name
