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


@dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: int
    label: str


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the share of instructions followed, division after division (0–100 %)."""

    points: str
    dots: list[Point]
    width: int
    height: int


def fidelity_line(curve: Sequence[Any], *, height: int = 120, step: int = 40) -> Line | None:
    """`curve`: points with `followed`, `compared` and `at` (mandates.queries.FidelityPoint)."""
    if not curve:
        return None
    dots = [
        Point(
            x=10 + i * step,
            y=10 + int((height - 20) * (1 - Fraction(p.followed, p.compared))),
            label=f"{p.at}: {p.followed}/{p.compared}",
        )
        for i, p in enumerate(curve)
    ]
    return Line(
        points=" ".join(f"{d.x},{d.y}" for d in dots),
        dots=dots,
        width=20 + step * max(1, len(curve) - 1),
        height=height,
    )
