"""What rooms above the assemblies do when a division closes, in the same transaction.

The mandates room compares the bound delegates' votes with their sections' instructions when
the council divides: it registers a function here at start-up, so this room never imports
the room above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commune.assemblies.models import Division

AfterDivision = Callable[["Division"], None]
_AFTER_DIVISION: list[AfterDivision] = []


def after_division(function: AfterDivision) -> AfterDivision:
    """Register `function(division)`, called inside the closing transaction."""
    if function not in _AFTER_DIVISION:
        _AFTER_DIVISION.append(function)
    return function


def division_closed(division: Division) -> None:
    for function in _AFTER_DIVISION:
        function(division)
