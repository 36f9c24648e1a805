"""Who may see a commission's work and who may do it.

Execution is public: anyone may read referrals, tasks, reports and attachments. The members
of a commission (and the commune's clerks) create tasks, change their state and report;
the clerks refer decrees.
"""

from __future__ import annotations

from commune.assemblies.access import member_of
from commune.assemblies.models import Body
from commune.commissions import queries
from commune.commissions.models import Referral, Task
from commune.communes.access import Actor, is_clerk
from commune.errors import NotFound, PermissionDenied
from commune.members.models import Person


def access_commission(actor: Actor, body: Body) -> Body:
    if body.kind != Body.Kind.COMMISSION:
        raise NotFound(f"{body.name} is not a commission")
    return body


def access_referral(actor: Actor, commission: Body, decree_number: int) -> Referral:
    referral = queries.get_referral(commission, decree_number)
    if referral is None:
        raise NotFound(f"decree {decree_number} is not referred to {commission.name}")
    return referral


def access_task(actor: Actor, referral: Referral, number: int) -> Task:
    task = queries.get_task(referral, number)
    if task is None:
        raise NotFound(f"no task {number} on decree {referral.decree.number}")
    return task


def worker_of(actor: Actor, commission: Body) -> Person | None:
    """The member of the commission acting, or None for a clerk who is not one; refuses
    anyone else."""
    if is_clerk(actor, commission.commune):
        try:
            return member_of(actor, commission)
        except PermissionDenied:  # a clerk need not sit in the commission
            return None
    return member_of(actor, commission)


def can_work(actor: Actor, commission: Body) -> bool:
    """May `actor` create and report on the commission's tasks? (for the pages' buttons)"""
    try:
        worker_of(actor, commission)
    except PermissionDenied:
        return False
    return True
