"""What rooms above elections do at an election's turns, in the same transaction.

The mandates room settles a recall vote the moment its election is counted (the count itself
may be settled by the clock on anybody's first access), refuses the delegate under recall as
a candidate to replace themselves, and keeps a recall vote and the replacement on its ballot
together: it registers functions here at start-up, so this room never imports the room
above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commune.elections.models import Election
    from commune.members.models import Person

AfterCount = Callable[["Election"], None]
BeforeSettle = Callable[["Election"], None]
CandidacyCheck = Callable[["Election", "Person"], None]
ClerkCheck = Callable[["Election", str], None]
_AFTER_COUNT: list[AfterCount] = []
_BEFORE_SETTLE: list[BeforeSettle] = []
_CANDIDACY_CHECKS: list[CandidacyCheck] = []
_CLERK_CHECKS: list[ClerkCheck] = []


def after_count(function: AfterCount) -> AfterCount:
    """Register `function(election)`, called inside the count's transaction."""
    if function not in _AFTER_COUNT:
        _AFTER_COUNT.append(function)
    return function


def counted(election: Election) -> None:
    for function in _AFTER_COUNT:
        function(election)


def candidacy_check(function: CandidacyCheck) -> CandidacyCheck:
    """Register `function(election, person)`, called before a candidacy is filed (inside its
    transaction, the election's row locked); it refuses by raising a `CommuneError`."""
    if function not in _CANDIDACY_CHECKS:
        _CANDIDACY_CHECKS.append(function)
    return function


def check_candidacy(election: Election, person: Person) -> None:
    for function in _CANDIDACY_CHECKS:
        function(election, person)


def clerk_check(function: ClerkCheck) -> ClerkCheck:
    """Register `function(election, act)`, called before a clerk changes a draft's settings
    (`act`: the names of the settings changed, comma-separated) or cancels it (`cancel`);
    it refuses by raising a `CommuneError`."""
    if function not in _CLERK_CHECKS:
        _CLERK_CHECKS.append(function)
    return function


def check_clerk_act(election: Election, act: str) -> None:
    for function in _CLERK_CHECKS:
        function(election, act)


def before_settle(function: BeforeSettle) -> BeforeSettle:
    """Register `function(election)`, called when the clock moves `election` on, inside the
    transaction and before its row is locked: a room that settles two elections together
    locks both rows there, always in the same order, so two requests settling either one
    never wait on each other's locks (and the journal's) the other way round."""
    if function not in _BEFORE_SETTLE:
        _BEFORE_SETTLE.append(function)
    return function


def settling(election: Election) -> None:
    for function in _BEFORE_SETTLE:
        function(election)
