"""Counting sign-in attempts (private: nothing here is journaled).

See `commune.accounts.throttle` for the limits and why each attempt is counted before
its password is checked.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from commune import clock
from commune.accounts.models import SignInAttempts
from commune.accounts.throttle import LIMITS, WINDOW, Limit, keys


def _claim(key: str, now: dt.datetime) -> int:
    """Count one attempt for `key` (a fresh window if the last one is over); the new count."""
    q = connection.ops.quote_name
    table, k, n, at = (
        q(SignInAttempts._meta.db_table),
        q("key"),
        q("attempts"),
        q("window_started_at"),
    )
    # Instants as the ORM stores them, so that the database compares like with like.
    start = connection.ops.adapt_datetimefield_value(now)
    expired = connection.ops.adapt_datetimefield_value(now - WINDOW)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({k}, {n}, {at}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({k}) DO UPDATE SET "
            f"{n} = CASE WHEN {table}.{at} <= %s THEN 1 ELSE {table}.{n} + 1 END, "
            f"{at} = CASE WHEN {table}.{at} <= %s THEN %s ELSE {table}.{at} END "
            f"RETURNING {n}",
            [key, start, expired, expired, start],
        )
        row = cursor.fetchone()
    return int(row[0])


def do_claim_attempt(username: str, address: str) -> Limit | None:
    """Count an attempt; the limit it breaks (then the password must not be checked), or None."""
    now = clock.now()
    with transaction.atomic():
        counts = {scope: _claim(key, now) for scope, key in keys(username, address).items()}
        if counts["account+address"] == 1:
            do_sweep_expired()  # a new window began: a good moment to drop finished ones
    return next((limit for limit in LIMITS if counts[limit.scope] > limit.attempts), None)


def do_forget_attempts(username: str, address: str) -> None:
    """A successful sign-in: this account from this address starts afresh. The wider
    counters keep the attempt, so successes cannot be used to reset a guessing campaign."""
    SignInAttempts.objects.filter(key=keys(username, address)["account+address"]).delete()


def do_sweep_expired() -> int:
    """Delete counters whose window is over (they would restart at one anyway)."""
    deleted, _ = SignInAttempts.objects.filter(window_started_at__lte=clock.now() - WINDOW).delete()
    return deleted
