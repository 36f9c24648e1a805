"""The one seam through which Commune reads the time.

State that depends on time (an election is open between two instants, a
membership is current) is computed from `now()`. Tests freeze it with
`frozen(instant)` instead of patching `datetime` everywhere.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

_frozen_at: dt.datetime | None = None


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC)."""
    return _frozen_at if _frozen_at is not None else dt.datetime.now(dt.UTC)


@contextlib.contextmanager
def frozen(instant: dt.datetime) -> Iterator[None]:
    """Make `now()` return `instant` inside the block (tests, replaying a historical record)."""
    global _frozen_at
    if instant.tzinfo is None:
        raise ValueError("frozen() needs a timezone-aware datetime")
    previous, _frozen_at = _frozen_at, instant
    try:
        yield
    finally:
        _frozen_at = previous


def iso(at: dt.datetime) -> str:
    """An instant as the journal prints it: ISO 8601 in UTC, with a `Z`."""
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
