"""Shared test set-up: a scratch data directory, the clock seam, and data made through actions."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from commune import clock

# `make test` and CI draw the same examples every run, so a red build is reproducible and
# never a matter of luck; `HYPOTHESIS_PROFILE=explore` draws fresh, more numerous examples
# to hunt for new counterexamples (then pin each one found with @example).
settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# An election of the Louvre with voters who can sign in: shared by the elections, API and
# page tests.
pytest_plugins = [
    "tests.election_fixtures",
    "tests.assembly_fixtures",
    "tests.mandate_fixtures",
]

FOUNDING = dt.datetime(1871, 3, 26, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _forget_kept_rows() -> Iterator[None]:
    """Each test starts with nothing kept in memory: the tests' rollbacks reuse ids, which
    production never does (see `commune.memo`)."""
    from commune import memo

    memo.forget_everything()
    yield
    memo.forget_everything()


@pytest.fixture
def frozen_clock() -> Iterator[dt.datetime]:
    """Freeze `commune.clock.now` at the morning of 26 March 1871."""
    with clock.frozen(FOUNDING):
        yield FOUNDING


@pytest.fixture
def operator():
    from commune.communes.access import OPERATOR

    return OPERATOR


@pytest.fixture
def commune(db, operator):
    """A small commune of three sections, founded and apportioned through the actions."""
    from commune.members import actions

    c = actions.do_found_commune(
        actor=operator,
        slug="test-commune",
        name="Test Commune",
        constitution={"apportionment": {"method": "hamilton", "total_seats": 10}},
    )
    for number, name, population in [
        (1, "Louvre", 81_665),
        (2, "Bourse", 81_609),
        (3, "Temple", 92_680),
    ]:
        actions.do_create_section(
            c, actor=operator, number=number, name=name, population=population
        )
    actions.do_apportion_seats(c, actor=operator)
    c.refresh_from_db()
    return c


@pytest.fixture
def clerk_user(db, commune, operator, django_user_model):
    from commune.members import actions

    user = django_user_model.objects.create_user("clerk", password="a long clerk password")
    actions.do_appoint_clerk(commune, actor=operator, user=user)
    return user


@pytest.fixture
def plain_user(db, django_user_model):
    return django_user_model.objects.create_user("citizen", password="a long citizen password")


@pytest.fixture
def committed_db(transactional_db):
    """A database whose writes really commit (for concurrency tests).

    Between such tests the scratch database is emptied, which the journal's
    append-only triggers would refuse; `journal_guard` is lifted only for that
    flush and locked again right after (see `pytest_runtest_teardown`).
    """
    yield
    from django.db import connection

    from commune.journal import triggers

    triggers.unlock(connection)  # DDL: the guard refuses any write while it is locked


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last test the scratch database is gone along with the session's fixtures.
    if nextitem is not None and "committed_db" in getattr(item, "fixturenames", ()):
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        manager = item.session.config.stash[blocking_manager_key]
        from commune.journal import triggers

        with manager.unblock():
            triggers.lock(connection)
    return result
