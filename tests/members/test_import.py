"""Member import from CSV: all lines or none, every bad line named."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from commune.journal.models import JournalEntry
from commune.members import actions
from commune.members.errors import ImportRejected
from commune.members.imports import parse_member_csv
from commune.members.models import Membership, Person

pytestmark = pytest.mark.django_db

GOOD = """name,email,section
Eugène Varlin,varlin@example.org,6
Louise Michel,,18
Élisabeth Dmitrieff,dmitrieff@example.org,Temple
"""


def snapshot(commune):
    return (
        Person.objects.count(),
        Membership.objects.count(),
        JournalEntry.objects.filter(commune=commune).count(),
    )


@pytest.fixture
def paris(commune, operator):
    for number, name in [(6, "Luxembourg"), (18, "Butte-Montmartre")]:
        actions.do_create_section(commune, actor=operator, number=number, name=name)
    return commune


def test_good_file_is_imported_in_one_journal_entry(paris, operator):
    rows, problems = parse_member_csv(GOOD)
    assert problems == []
    counts = actions.do_import_members(paris, actor=operator, rows=rows)
    assert counts == {6: 1, 18: 1, 3: 1}
    last = JournalEntry.objects.filter(commune=paris).last()
    assert last.kind == "roll.imported"
    assert '"total":3' in last.data
    assert "Varlin" not in last.data  # names of members stay out of the public record


def test_bad_file_reports_every_line_and_changes_nothing(paris, operator):
    text = (
        "name,email,section\n"
        "Eugène Varlin,varlin@example.org,6\n"  # good
        ",nobody@example.org,6\n"  # line 3: empty name
        "Louise Michel,not-an-email,18\n"  # line 4: bad email
        "Jules Vallès,valles@example.org,99\n"  # line 5: no such section
        "Gustave Courbet,varlin@example.org,6\n"  # line 6: email repeated from line 2
        "Too,many,fields,here\n"  # line 7
    )
    before = snapshot(paris)
    rows, problems = parse_member_csv(text)
    with pytest.raises(ImportRejected) as error:
        actions.do_import_members(paris, actor=operator, rows=rows, problems=problems)
    lines = {(d["line"], d["problem"]) for d in error.value.details}
    assert {line for line, _ in lines} == {3, 4, 5, 6, 7}
    assert (3, "the name is empty") in lines
    assert (4, "'not-an-email' is not a valid email address") in lines
    assert (5, "no section '99' in Test Commune") in lines
    assert (6, "varlin@example.org is already on line 2 of this file") in lines
    assert (7, "expected 3 fields, found 4") in lines
    assert snapshot(paris) == before


def test_someone_already_on_the_roll_rejects_the_file(paris, operator):
    rows, _ = parse_member_csv(GOOD)
    actions.do_import_members(paris, actor=operator, rows=rows)
    before = snapshot(paris)
    rows, _ = parse_member_csv("name,email,section\nE. Varlin,VARLIN@example.org,18\n")
    with pytest.raises(ImportRejected) as error:
        actions.do_import_members(paris, actor=operator, rows=rows)
    assert error.value.details[0]["line"] == 2
    assert "already a member of section 6" in error.value.details[0]["problem"]
    assert snapshot(paris) == before


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the file is empty"),
        ("nom,section,age\n", "unknown column(s) age"),
        ("email,section\n", "missing column(s) name"),
        ("name,section\n", "no members"),
    ],
)
def test_bad_header(text, problem):
    rows, problems = parse_member_csv(text)
    assert rows == []
    assert problem in problems[0].problem


def test_cli_import_reports_lines_and_exits_nonzero(paris, tmp_path, capsys):
    path = tmp_path / "members.csv"
    path.write_text("name,email,section\nA,,6\nB,,77\n", encoding="utf-8")
    before = snapshot(paris)
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_members", str(path), commune=paris.slug)
    assert "members.csv, line 3: no section '77'" in capsys.readouterr().err
    assert snapshot(paris) == before
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_members", str(path), commune=paris.slug)
    assert Membership.objects.filter(commune=paris).count() == 3


def _statistics(table: str) -> list[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = %s ORDER BY idx", [table])
        return cursor.fetchall()


def _forget_statistics() -> None:
    """Empty SQLite's statistics and make the connection read them again: taken inside the
    test's transaction, they would be rolled back on disk but stay in the connection's
    memory, and other tests' plans would be made from them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sqlite_schema")  # makes sqlite_stat1 if there is none
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.execute("ANALYZE sqlite_schema")  # read again: none


def test_sqlite_takes_planner_statistics_after_an_import_and_after_migrate(
    paris, operator, django_capture_on_commit_callbacks
):
    """A member list grows the roll by thousands at once: once it is committed, SQLite's
    planner statistics are taken again (commune.planner), as after `migrate`. Nothing is
    run on PostgreSQL, whose autovacuum keeps its own."""
    from django.db import connection

    from commune import planner

    rows, _problems = parse_member_csv(GOOD)
    with django_capture_on_commit_callbacks() as callbacks:
        actions.do_import_members(paris, actor=operator, rows=rows)
    assert planner.refresh_statistics in callbacks
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its own statistics")
    try:
        _forget_statistics()
        planner.refresh_statistics()
        indexes = dict(_statistics("members_membership"))
        assert "one_open_membership_per_commune" in indexes, indexes
        assert indexes["membership_section_left"].split()[0] == str(Membership.objects.count())
        _forget_statistics()
        call_command("migrate", verbosity=0)
        assert _statistics("members_membership")
    finally:
        _forget_statistics()
