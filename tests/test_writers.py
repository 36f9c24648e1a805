"""SQLite's writers of the hot paths queue on a lock file: one at a time across processes."""

from __future__ import annotations

import fcntl
import multiprocessing
import threading
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


def _session(key: str) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.create(session_key=key, session_data="", expire_date=timezone.now())


callers: dict[int, int] = {}


def _in_threads(works: list) -> list:
    """Call `in_turn` with each work from its own thread, while another process holds the
    turn (so they all queue), then let the turn go: each thread's outcome, in order."""
    outcomes: list = [None] * len(works)

    def call(n: int) -> None:
        callers[n] = threading.get_ident()
        try:
            outcomes[n] = ("result", writers.in_turn(works[n]))
        except Exception as error:
            outcomes[n] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(n,)) for n in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return outcomes


def test_writes_that_wait_together_are_committed_together_each_with_its_own_outcome():
    from django.contrib.sessions.models import Session

    database = str(connection.settings_dict["NAME"])
    context = multiprocessing.get_context("fork")
    started = context.Event()
    other = context.Process(target=_hold, args=(database, started, 1.0))
    commits: list[int] = []
    ran_on: dict[int, int] = {}

    def work(n: int):
        def write() -> int:
            ran_on[n] = threading.get_ident()
            _session(f"key-{n}")
            transaction.on_commit(lambda: commits.append(n))
            if n == 2:
                raise ValueError("refused")  # its savepoint only is rolled back
            return n * 10

        return write

    other.start()
    assert started.wait(10)
    outcomes = _in_threads([work(n) for n in range(5)])
    other.join(10)
    assert outcomes[2][0] == "error" and str(outcomes[2][1]) == "refused"
    assert [o for n, o in enumerate(outcomes) if n != 2] == [
        ("result", 0),
        ("result", 10),
        ("result", 30),
        ("result", 40),
    ]
    keys = set(Session.objects.values_list("session_key", flat=True))
    assert keys == {"key-0", "key-1", "key-3", "key-4"}
    assert sorted(commits) == [0, 1, 3, 4]
    # The first to find no one writing took the queue; the others, queued meanwhile, were
    # written by a thread that wrote for them too.
    assert any(ran_on[n] != callers[n] for n in range(5))
    assert writers._queue == [] and writers._writing is False


def test_a_failed_commit_fails_every_write_of_the_batch(monkeypatch):
    from django.contrib.sessions.models import Session
    from django.db import OperationalError, connections

    def broken(*args, **kwargs):
        raise OperationalError("the disk is full")

    database = str(connection.settings_dict["NAME"])
    context = multiprocessing.get_context("fork")
    started = context.Event()
    other = context.Process(target=_hold, args=(database, started, 0.5))
    other.start()
    assert started.wait(10)
    monkeypatch.setattr(type(connections["default"]), "commit", broken)
    outcomes = _in_threads([lambda n=n: _session(f"lost-{n}") for n in range(3)])
    monkeypatch.undo()
    other.join(10)
    assert [(kind, str(error)) for kind, error in outcomes] == [("error", "the disk is full")] * 3
    assert not Session.objects.filter(session_key__startswith="lost").exists()
    assert writers._queue == [] and writers._writing is False


def test_inside_a_transaction_the_write_is_done_there_and_then():
    with transaction.atomic():
        assert writers.in_turn(lambda: threading.get_ident()) == threading.get_ident()
        assert connection.in_atomic_block
