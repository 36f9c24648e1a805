"""Counting an election's published ballots, as `commune tally` would.

Django-free, so that `commune election verify URL` recounts without a database: the
server counts the very BLT text it publishes with this function, and so does anyone who
downloads it.
"""

from __future__ import annotations

import inspect
import io
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from commune.socialchoice.formats.blt import read_blt
from commune.socialchoice.methods import get_method
from commune.socialchoice.result import Result


@dataclass(frozen=True, slots=True)
class CountSettings:
    """What the count needs besides the ballots: as the election's result records them."""

    method: str
    seats: int
    rules: str
    threshold: str  # "1/8", or "" for none
    registered: int | None


def count_blt(text: str, settings: CountSettings) -> Result:
    """Count a BLT file exactly as `commune tally FILE --method … --rules …` does."""
    election = read_blt(io.StringIO(text), source="ballots.blt")
    spec = get_method(settings.method)
    profile: Any = election.profile(settings.rules)
    params = inspect.signature(spec.func).parameters
    options: dict[str, Any] = {"rules": settings.rules, "seed": None}
    if "seats" in params:
        options["seats"] = settings.seats
    if settings.threshold and "threshold" in params:
        options["threshold"] = Fraction(settings.threshold)
        options["registered"] = settings.registered
    result: Result = spec.func(profile, **{k: v for k, v in options.items() if k in params})
    return result


def tally_command(settings: CountSettings, path: str) -> list[str]:
    """The `commune tally` command line that recounts the published BLT file."""
    words = ["commune", "tally", path, "--method", get_method(settings.method).name]
    words += ["--seats", str(settings.seats), "--rules", settings.rules]
    if settings.threshold:
        words += ["--threshold", settings.threshold, "--registered", str(settings.registered)]
    return words
