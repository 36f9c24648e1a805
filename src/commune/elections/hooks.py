"""What rooms above elections do when an election is counted, in the same transaction.

The mandates room settles a recall vote the moment its election is counted (the count itself
may be settled by the clock on anybody's first access): it registers a function here at start-
up, so this room never imports the room above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commune.elections.models import Election

AfterCount = Callable[["Election"], None]
_AFTER_COUNT: list[AfterCount] = []


def after_count(function: AfterCount) -> AfterCount:
    """Register `function(election)`, called inside the count's transaction."""
    if function not in _AFTER_COUNT:
        _AFTER_COUNT.append(function)
    return function


def counted(election: Election) -> None:
    for function in _AFTER_COUNT:
        function(election)
