"""Charts of a count, drawn as SVG by the templates: bars whose lengths are computed here.

No script and no inline style (the pages' Content-Security-Policy forbids both): the
template writes plain SVG rectangles with these widths.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

#: The drawing's width in SVG units; bars are scaled to the round's largest count.
WIDTH = 400


@dataclass(frozen=True, slots=True)
class Bar:
    name: str
    value: str
    width: int
    y: int
    elected: bool
    excluded: bool


def _number(value: Any) -> Fraction:
    try:
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return Fraction(0)


def round_bars(round_: Mapping[str, Any], names: Sequence[str], *, step: int = 24) -> list[Bar]:
    """One bar per candidate still counted in this round, in ballot order."""
    counts: Mapping[str, Any] = round_.get("counts", {})
    shown = [n for n in names if n in counts]
    top = max((_number(counts[n]) for n in shown), default=Fraction(0)) or Fraction(1)
    elected, excluded = set(round_.get("elected", ())), set(round_.get("excluded", ()))
    return [
        Bar(
            name=name,
            value=str(counts[name]),
            width=int(WIDTH * _number(counts[name]) / top),
            y=i * step,
            elected=name in elected,
            excluded=name in excluded,
        )
        for i, name in enumerate(shown)
    ]
