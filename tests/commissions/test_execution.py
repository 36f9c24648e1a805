"""Carrying out a decree: referral, tasks with someone responsible and a due date, reports
with attachments, overdue work in public, and the commission's report to the council."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from commune import clock
from commune.commissions import actions as c
from commune.commissions import queries
from commune.commissions.errors import BadAttachment, WrongState
from commune.commissions.models import Referral, Task, TaskReport
from commune.errors import Conflict, InvalidInput, PermissionDenied
from commune.journal.models import JournalEntry
from commune.members.models import Person

pytestmark = pytest.mark.django_db


def _person(user):
    return Person.objects.get(user=user)


def test_a_decree_carried_out_and_reported(commission, decree, delegates, operator):
    referral = c.do_refer_decree(decree, actor=operator, commission=commission)
    due = clock.now().date() + dt.timedelta(days=7)
    task = c.do_create_task(
        referral,
        actor=delegates[3],
        title="Register at each town hall",
        responsible=_person(delegates[4]),
        due_on=due,
    )
    c.do_move_task(task, actor=delegates[4], state="in_progress")
    pdf = b"%PDF-1.4 registers opened"
    report = c.do_report_on_task(
        task,
        actor=delegates[4],
        text="Registers opened in 20 town halls.",
        attachment=("registres.pdf", "application/pdf", pdf),
    )
    assert report.attachment.sha256 == hashlib.sha256(pdf).hexdigest()
    c.do_move_task(task, actor=delegates[4], state="done")
    c.do_report_to_council(referral, actor=delegates[3], text="Carried out.")
    kinds = list(JournalEntry.objects.order_by("-pk").values_list("kind", flat=True)[:5])
    assert (
        kinds[::-1]
        == [
            "decree.referred",
            "task.created",
            "task.state_changed",
            "task.reported",
            "task.state_changed",
            "commission.reported",
        ][1:]
    )
    assert queries.progress(referral) == queries.Progress(done=1, open=0, overdue=0)


def test_overdue_tasks_are_public_and_counted(commission, decree, delegates, operator, commune):
    referral = c.do_refer_decree(decree, actor=operator, commission=commission)
    with clock.frozen(dt.datetime(2030, 1, 1, tzinfo=dt.UTC)):
        late = c.do_create_task(
            referral,
            actor=operator,
            title="Late",
            responsible=_person(delegates[3]),
            due_on=dt.date(2030, 1, 10),
        )
    with clock.frozen(dt.datetime(2030, 2, 1, tzinfo=dt.UTC)):
        assert queries.overdue_tasks(commune) == [late]
        assert queries.progress(referral).overdue == 1
        c.do_move_task(late, actor=operator, state="done")
        assert queries.overdue_tasks(commune) == []


def test_refusals_change_nothing(commission, decree, delegates, operator, council):
    with pytest.raises(PermissionDenied, match="only a clerk"):
        c.do_refer_decree(decree, actor=delegates[0], commission=commission)
    with pytest.raises(InvalidInput, match="not a commission"):
        c.do_refer_decree(decree, actor=operator, commission=council)
    referral = c.do_refer_decree(decree, actor=operator, commission=commission)
    with pytest.raises(Conflict, match="already with"):
        c.do_refer_decree(decree, actor=operator, commission=commission)
    with pytest.raises(PermissionDenied, match="only the members of Travail"):
        c.do_create_task(
            referral,
            actor=delegates[0],
            title="x",
            responsible=_person(delegates[3]),
            due_on=dt.date(2030, 1, 1),
        )
    with pytest.raises(InvalidInput, match="does not sit in"):
        c.do_create_task(
            referral,
            actor=operator,
            title="x",
            responsible=_person(delegates[0]),
            due_on=dt.date(2030, 1, 1),
        )
    task = c.do_create_task(
        referral,
        actor=operator,
        title="x",
        responsible=_person(delegates[3]),
        due_on=dt.date(2030, 1, 1),
    )
    with pytest.raises(BadAttachment, match="not accepted"):
        c.do_report_on_task(
            task, actor=delegates[3], text="t", attachment=("a.html", "text/html", b"<script>")
        )
    with pytest.raises(BadAttachment, match="at most 5 MiB"):
        c.do_report_on_task(
            task,
            actor=delegates[3],
            text="t",
            attachment=("a.pdf", "application/pdf", b"0" * (5 * 2**20 + 1)),
        )
    with pytest.raises(InvalidInput, match="signed by a member"):
        c.do_report_on_task(task, actor=operator, text="t")
    c.do_move_task(task, actor=delegates[3], state="cancelled")
    with pytest.raises(WrongState, match="cannot become"):
        c.do_move_task(task, actor=delegates[3], state="open")
    assert Referral.objects.count() == 1 and Task.objects.count() == 1
    assert TaskReport.objects.count() == 0
