"""Limits on guessing passwords: every attempt is counted *before* the password is checked.

Three counters per attempt, each in a window of `WINDOW` (see `LIMITS`):

- the account from this address: a few tries, then that address must wait;
- the address, whatever account it tries: stops one address spraying many accounts;
- the account, from anywhere: a much higher, slower limit, so that an attacker with
  one address cannot lock an administrator out, while a distributed guess is still capped.

An attempt first claims its slot (an atomic `INSERT … ON CONFLICT DO UPDATE … RETURNING`
on SQLite and PostgreSQL alike); only if every counter is within its limit is the
password checked. Parallel bursts therefore get exactly the allowed number of checks,
and the counters live in their own table, which no cache can cull.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass

WINDOW = dt.timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Limit:
    scope: str
    attempts: int


#: Attempts allowed per window, for each scope.
LIMITS = (
    Limit("account+address", 5),
    Limit("address", 30),
    Limit("account", 100),
)


def normalise_username(username: str) -> str:
    """Look-alike spellings of one account share its counters (as Django's form normalises)."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def keys(username: str, address: str) -> dict[str, str]:
    account = normalise_username(username)
    return {
        "account+address": "aa:" + _digest(account, address),
        "address": "ad:" + _digest(address),
        "account": "ac:" + _digest(account),
    }
