"""Every counting method, registered by name (the names ``commune tally --method`` takes).

A method is a function ``method(profile, *, rules=None, seed=None, …) -> Result``; multi-winner
methods also take ``seats``. See :data:`METHODS` and docs/tally.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from commune.socialchoice.result import Result

Ballot = Literal["ranked", "approval", "score", "party"]


@dataclass(frozen=True, slots=True)
class MethodSpec:
    """A registered method: its name, where it lives, what ballots it takes, what it is."""

    name: str
    target: str
    ballot: Ballot
    multiwinner: bool
    summary: str
    aliases: tuple[str, ...] = ()

    @property
    def func(self) -> Callable[..., Result]:
        module, _, attr = self.target.rpartition(".")
        fn: Callable[..., Result] = getattr(importlib.import_module(module), attr)
        return fn


_P = "commune.socialchoice.methods."
_SPECS = [
    MethodSpec(
        "plurality",
        _P + "plurality.plurality",
        "ranked",
        False,
        "most first choices wins",
        ("fptp", "single-choice"),
    ),
    MethodSpec(
        "two-round",
        _P + "plurality.two_round",
        "ranked",
        False,
        "runoff between the two leaders unless one has a majority",
        ("runoff", "two-round-runoff"),
    ),
    MethodSpec(
        "irv",
        _P + "irv.irv",
        "ranked",
        False,
        "instant-runoff: exclude the last until a majority",
        ("instant-runoff", "rcv", "av"),
    ),
    MethodSpec(
        "borda", _P + "scoring.borda", "ranked", False, "points for candidates ranked below", ()
    ),
    MethodSpec(
        "schulze",
        _P + "condorcet.schulze",
        "ranked",
        False,
        "Condorcet: strongest beatpaths (winning votes)",
        ("beatpath", "cssd"),
    ),
    MethodSpec(
        "ranked-pairs",
        _P + "condorcet.ranked_pairs",
        "ranked",
        False,
        "Condorcet: lock majorities by margin, skip cycles (Tideman)",
        ("tideman", "rp"),
    ),
    MethodSpec(
        "copeland", _P + "condorcet.copeland", "ranked", False, "Condorcet: most pairwise wins", ()
    ),
    MethodSpec(
        "minimax",
        _P + "condorcet.minimax",
        "ranked",
        False,
        "Condorcet: smallest worst defeat (margins)",
        ("simpson-kramer",),
    ),
    MethodSpec(
        "debian",
        _P + "condorcet.debian",
        "ranked",
        False,
        "Debian A.6: default option, majority requirement, Cloneproof SSD",
        ("debian-ssd",),
    ),
    MethodSpec("approval", _P + "scoring.approval", "approval", False, "most approvals wins", ()),
    MethodSpec(
        "score", _P + "scoring.score", "score", False, "highest total score wins", ("range",)
    ),
    MethodSpec(
        "majority-judgment",
        _P + "scoring.majority_judgment",
        "score",
        False,
        "best median grade wins",
        ("mj",),
    ),
    MethodSpec(
        "block",
        _P + "block.block_vote",
        "ranked",
        True,
        "block vote: most votes take the seats, optional share-of-registered threshold",
        ("block-vote", "bloc", "plurality-at-large"),
    ),
    MethodSpec(
        "stv-wigm",
        _P + "stv.stv_wigm",
        "ranked",
        True,
        "STV, Droop quota, weighted inclusive Gregory (Scottish rules)",
        ("stv", "wigm", "scottish-stv"),
    ),
    MethodSpec(
        "stv-meek", _P + "stv.stv_meek", "ranked", True, "Meek STV, exact arithmetic", ("meek",)
    ),
    MethodSpec(
        "stv-irish",
        _P + "stv.stv_irish",
        "ranked",
        True,
        "Irish PR-STV (deterministic last-parcel Gregory)",
        ("irish-stv",),
    ),
    MethodSpec(
        "pav",
        _P + "committee.pav",
        "approval",
        True,
        "proportional approval voting (exact optimum)",
        (),
    ),
    MethodSpec(
        "phragmen",
        _P + "committee.seq_phragmen",
        "approval",
        True,
        "sequential Phragmén",
        ("seq-phragmen",),
    ),
    MethodSpec(
        "mes",
        _P + "committee.equal_shares",
        "approval",
        True,
        "method of equal shares",
        ("equal-shares",),
    ),
    MethodSpec(
        "dhondt",
        _P + "party.dhondt",
        "party",
        True,
        "party list, D'Hondt (Jefferson) highest averages",
        ("jefferson",),
    ),
    MethodSpec(
        "sainte-lague",
        _P + "party.sainte_lague",
        "party",
        True,
        "party list, Sainte-Laguë (Webster) highest averages",
        ("webster",),
    ),
]

METHODS: dict[str, MethodSpec] = {s.name: s for s in _SPECS}
ALIASES: dict[str, str] = {a: s.name for s in _SPECS for a in s.aliases}


def get_method(name: str) -> MethodSpec:
    """The method called ``name`` or one of its aliases."""
    key = name.lower().replace("_", "-")
    key = ALIASES.get(key, key)
    try:
        return METHODS[key]
    except KeyError:
        raise ValueError(f"unknown method {name!r}; known: {', '.join(METHODS)}") from None


def run(name: str, profile: Any, **options: Any) -> Result:
    """Run the method called ``name`` on ``profile``."""
    return get_method(name).func(profile, **options)


__all__ = ["ALIASES", "METHODS", "MethodSpec", "get_method", "run"]
