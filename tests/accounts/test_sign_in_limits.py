"""Password guessing is limited by counters that cannot be culled, raced or turned against
an administrator."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse

from commune import clock
from commune.accounts import actions
from commune.accounts.models import SignInAttempts
from commune.accounts.throttle import LIMITS, WINDOW

pytestmark = pytest.mark.django_db

LOGIN = "/login/"


def _fail(client, username: str, address: str):
    return client.post(LOGIN, {"username": username, "password": "wrong"}, REMOTE_ADDR=address)


def test_other_addresses_failures_do_not_erase_a_victims_counter(client, clerk_user):
    """The old cache culled its entries at 300: 350 failures elsewhere wiped the count."""
    for _ in range(5):
        _fail(client, "clerk", "192.0.2.1")
    for n in range(350):
        actions.do_claim_attempt(f"someone-{n}", f"198.51.100.{n % 250}")
    response = client.post(
        LOGIN, {"username": "clerk", "password": "a long clerk password"}, REMOTE_ADDR="192.0.2.1"
    )
    assert response.status_code == 429
    assert SignInAttempts.objects.count() >= 350


def test_an_attacker_cannot_lock_the_account_out_for_everyone(client, clerk_user):
    """Locking is per account *and* address: the owner signs in from elsewhere."""
    for _ in range(10):
        _fail(client, "clerk", "203.0.113.66")
    assert _fail(client, "clerk", "203.0.113.66").status_code == 429
    response = client.post(
        LOGIN, {"username": "clerk", "password": "a long clerk password"}, REMOTE_ADDR="192.0.2.1"
    )
    assert response.status_code == 302


def test_many_addresses_meet_the_slower_global_limit(client, clerk_user):
    per_account = next(limit.attempts for limit in LIMITS if limit.scope == "account")
    for n in range(per_account):
        assert actions.do_claim_attempt("clerk", f"10.0.{n // 250}.{n % 250}") is None
    broken = actions.do_claim_attempt("clerk", "10.9.9.9")
    assert broken is not None and broken.scope == "account"


def test_one_address_cannot_spray_many_accounts(db):
    per_address = next(limit.attempts for limit in LIMITS if limit.scope == "address")
    for n in range(per_address):
        assert actions.do_claim_attempt(f"user{n}", "192.0.2.7") is None
    broken = actions.do_claim_attempt("another", "192.0.2.7")
    assert broken is not None and broken.scope == "address"


def test_the_window_ends(frozen_clock, clerk_user, client):
    for _ in range(6):
        _fail(client, "clerk", "192.0.2.1")
    assert _fail(client, "clerk", "192.0.2.1").status_code == 429
    with clock.frozen(frozen_clock + WINDOW + dt.timedelta(seconds=1)):
        response = client.post(
            LOGIN,
            {"username": "clerk", "password": "a long clerk password"},
            REMOTE_ADDR="192.0.2.1",
        )
    assert response.status_code == 302


def test_success_clears_only_the_account_from_that_address(client, clerk_user):
    for _ in range(4):
        _fail(client, "clerk", "192.0.2.1")
    client.post(
        LOGIN, {"username": "clerk", "password": "a long clerk password"}, REMOTE_ADDR="192.0.2.1"
    )
    client.logout()
    for _ in range(5):
        assert _fail(client, "clerk", "192.0.2.1").status_code == 200  # five fresh tries


@pytest.mark.usefixtures("committed_db")
def test_a_parallel_burst_gets_exactly_the_allowed_tries():
    """Each attempt claims its slot before any password is checked: 16 at once get 5."""
    allowed = next(limit.attempts for limit in LIMITS if limit.scope == "account+address")
    results: list[object] = []
    barrier = threading.Barrier(16)

    def attempt() -> None:
        barrier.wait()
        try:
            results.append(actions.do_claim_attempt("root", "192.0.2.99"))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 16
    assert sum(result is None for result in results) == allowed


def test_the_sign_in_page_still_answers_429_after_the_limit(client, clerk_user):
    for _ in range(5):
        _fail(client, "clerk", "192.0.2.1")
    response = client.post(
        reverse("web:login"),
        {"username": "clerk", "password": "a long clerk password"},
        REMOTE_ADDR="192.0.2.1",
    )
    assert response.status_code == 429
