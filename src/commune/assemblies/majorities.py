"""The rules a division is decided by, and the arithmetic each states (no Django).

A result always says which rule applied and the figures it compared, so that anyone can check
it from the published roll-call.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Rule = Literal["simple", "absolute", "two_thirds"]
Outcome = Literal["adopted", "rejected", "no_quorum"]


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    arithmetic: str


def quorum_needed(members: int, quorum: Fraction) -> int:
    """The fewest members present that make the quorum (at least the share, rounded up)."""
    return -(-quorum.numerator * members // quorum.denominator)


def absolute_needed(members: int) -> int:
    """Votes for that make an absolute majority: more than half of the members."""
    return members // 2 + 1


def two_thirds_needed(cast: int) -> int:
    """Votes for that make two thirds of those voting for or against (rounded up)."""
    return -(-2 * cast // 3)


def decide(
    rule: Rule, *, yes: int, no: int, abstain: int, members: int, present: int, quorum: Fraction
) -> Decision:
    """Adopted or rejected by `rule`, or no quorum; the arithmetic in English, one line."""
    needed = quorum_needed(members, quorum)
    if present < needed:
        return Decision(
            "no_quorum",
            f"present {present} of {members} members; the quorum ({quorum}) needs {needed}",
        )
    if rule == "simple":
        adopted = yes > no
        sign = ">" if adopted else "≤"
        line = (
            f"for {yes} {sign} against {no} (simple majority of those voting for or against; "
            f"{abstain} abstentions)"
        )
    elif rule == "absolute":
        threshold = absolute_needed(members)
        adopted = yes >= threshold
        line = (
            f"for {yes} of {members} members; an absolute majority needs {threshold} "
            f"(more than half of the members)"
        )
    elif rule == "two_thirds":
        cast = yes + no
        threshold = two_thirds_needed(cast)
        adopted = cast > 0 and yes >= threshold
        line = (
            f"for {yes} of {cast} voting for or against; two thirds need {threshold} "
            f"({abstain} abstentions)"
        )
    else:
        raise ValueError(f"unknown majority {rule!r}")
    outcome: Outcome = "adopted" if adopted else "rejected"
    return Decision(outcome, f"{line}: {outcome}")
