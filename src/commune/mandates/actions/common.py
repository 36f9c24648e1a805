"""What the mandates' actions share."""

from __future__ import annotations

import datetime as dt

from commune.actors import Operator

#: The actor of acts the constitution's rules perform by themselves (a petition opened after
#: repeated departures, a recall settled when its vote is counted): named so in the journal.
RULE = Operator(name="constitution")


def iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
