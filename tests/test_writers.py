"""SQLite's writers of the hot paths queue on a lock file: one at a time across processes."""

from __future__ import annotations

import fcntl
import multiprocessing
import time

import pytest
from django.db import connection, transaction

from commune import writers

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'sqlite'"),
]


def _hold(database: str, started, seconds: float) -> None:
    descriptor = writers._lock_file(database)
    assert descriptor is not None
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    started.set()
    time.sleep(seconds)
    fcntl.flock(descriptor, fcntl.LOCK_UN)


def _try(database: str, answer) -> None:
    descriptor = writers._lock_file(database)
    assert descriptor is not None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        answer.put(True)
    except BlockingIOError:
        answer.put(False)


def test_a_writer_waits_for_another_process_and_goes_on_at_once():
    database = str(connection.settings_dict["NAME"])
    context = multiprocessing.get_context("fork")
    started = context.Event()
    other = context.Process(target=_hold, args=(database, started, 0.5))
    other.start()
    assert started.wait(10)
    t = time.monotonic()
    with writers.one_writer():
        waited = time.monotonic() - t
    other.join(10)
    assert 0.3 < waited < 5  # it waited for the other's turn, and was not left asleep


def test_a_turn_held_here_keeps_other_processes_out_and_a_forked_child_opens_its_own():
    database = str(connection.settings_dict["NAME"])
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    with writers.one_writer():
        child = context.Process(target=_try, args=(database, answers))
        child.start()
        child.join(10)
        assert answers.get(timeout=10) is False  # not the parent's descriptor: kept out
    child = context.Process(target=_try, args=(database, answers))
    child.start()
    child.join(10)
    assert answers.get(timeout=10) is True


def test_inside_a_transaction_no_turn_is_taken():
    """The transaction holds SQLite's write lock already: queueing then could deadlock."""
    database = str(connection.settings_dict["NAME"])
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    with transaction.atomic(), writers.one_writer():
        child = context.Process(target=_try, args=(database, answers))
        child.start()
        child.join(10)
        assert answers.get(timeout=10) is True
