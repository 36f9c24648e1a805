"""Invariants under concurrent requests, with real commits (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from commune.errors import Conflict
from commune.journal.models import JournalEntry
from commune.members import actions
from commune.members.errors import AlreadyMember
from commune.members.models import Membership, Section


@pytest.fixture
def sections(committed_db, operator):
    commune = actions.do_found_commune(actor=operator, slug="race", name="Race")
    return [
        actions.do_create_section(commune, actor=operator, number=n, name=f"S{n}") for n in (1, 2)
    ]


def run_together(work, count: int) -> list[object]:
    """Start `count` threads at once; each returns its result or the error it raised."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def target(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as error:  # every failure is kept and asserted on by the test
            results[i] = error
        finally:
            connection.close()  # each thread has its own connection: release it

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_one_open_membership_under_concurrent_admissions(sections, operator):
    """Eight clerks admit the same person at once: exactly one membership is opened."""
    results = run_together(
        lambda i: actions.do_admit_member(
            sections[i % 2], actor=operator, full_name="Louise Michel", email="lm@example.org"
        ),
        8,
    )
    opened = [r for r in results if isinstance(r, Membership)]
    assert len(opened) == 1, results
    assert all(isinstance(r, AlreadyMember) for r in results if r not in opened), results
    assert Membership.objects.filter(person__email="lm@example.org").count() == 1


def test_journal_indices_have_no_gap_under_concurrent_writers(sections, operator):
    """Concurrent acts get consecutive journal indices, none lost, none repeated."""
    commune = sections[0].commune
    results = run_together(
        lambda i: actions.do_admit_member(
            sections[i % 2], actor=operator, full_name=f"Member {i}", email=f"m{i}@example.org"
        ),
        8,
    )
    assert all(isinstance(r, Membership) for r in results), results
    indices = list(JournalEntry.objects.filter(commune=commune).values_list("index", flat=True))
    assert indices == list(range(len(indices)))
    assert Section.objects.filter(commune=commune).count() == 2
    assert Membership.objects.filter(commune=commune).count() == 8


def test_opposite_merges_at_once_merge_once(sections, operator):
    """Two clerks merge 1 into 2 and 2 into 1 at the same moment: one merge happens, the
    other is refused because its section no longer acts; no member is lost."""
    first, second = sections
    actions.do_admit_member(first, actor=operator, full_name="Eugène Varlin")
    actions.do_admit_member(second, actor=operator, full_name="Benoît Malon")
    pairs = [(first, second), (second, first)]
    results = run_together(
        lambda i: actions.do_merge_sections(pairs[i][0], actor=operator, into=pairs[i][1]), 2
    )
    merged = [r for r in results if isinstance(r, Section)]
    assert len(merged) == 1, results
    assert any(isinstance(r, Conflict) for r in results), results
    assert Membership.objects.filter(ended_at__isnull=True).count() == 2
    assert set(
        Membership.objects.filter(ended_at__isnull=True).values_list("section", flat=True)
    ) == {merged[0].pk}


def test_concurrent_renames_to_one_name_rename_once(sections, operator):
    results = run_together(
        lambda i: actions.do_rename_section(sections[i], actor=operator, name="Hôtel de Ville"),
        2,
    )
    assert sum(isinstance(r, Section) for r in results) == 1, results
    assert Section.objects.filter(name="Hôtel de Ville").count() == 1
