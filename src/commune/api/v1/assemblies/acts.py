"""Acting in a body through the API: signed in (the session cookie and the CSRF token, as
the pages send them: `django_auth` checks both), each request handed to one action,
refusals answered by the error's class.

Members of a body table motions and amendments, sign, withdraw their own motions, declare
themselves present and vote; the commune's clerks keep the record: they convene, open and
close sittings, place motions on the agenda, open and close divisions, refer motions to a
commission and promulgate decrees. A commission's members (or a clerk) report on a motion.

The writes share the reads' router: a path that is read and written (`…/motions`) must be one
route, or the second router's method would never be reached.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status
from ninja.security import django_auth

from commune.api.schemas import Error
from commune.api.v1.assemblies import shapes
from commune.api.v1.assemblies.reads import (
    BODY,
    get_body,
    get_decree,
    get_division,
    get_sitting,
    router,
)
from commune.assemblies import access, actions, queries
from commune.assemblies.models import Body, Decree, Motion
from commune.communes import access as commune_access
from commune.communes.models import Commune
from commune.errors import InvalidInput

#: Every write may be refused for any of these reasons; 401 comes from the sign-in check.
REFUSALS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


def _named_motion(body: Body, number: int, field: str = "motion") -> Motion:
    """A motion a request names in its body (not in its path): a bad reference is bad input."""
    motion = queries.get_motion(body, number)
    if motion is None:
        raise InvalidInput(f"no motion {number} in {body.name}", field=field)
    return motion


def _named_decree(commune: Commune, number: int | None, field: str) -> Decree | None:
    if number is None:
        return None
    decree = queries.get_decree(commune, number)
    if decree is None:
        raise InvalidInput(f"no decree {number} of {commune.name}", field=field)
    return decree


def _motion(request: HttpRequest, slug: str, body_id: int, number: int) -> Motion:
    return access.access_motion(request.user, get_body(request.user, slug, body_id), number)


# ── Members ───────────────────────────────────────────────────────────────────────────────


@router.post(
    f"{BODY}/motions",
    auth=django_auth,
    response={201: shapes.MotionDetail, **REFUSALS},
    summary="Table a motion (members of the body)",
)
def table_motion(request: HttpRequest, slug: str, body_id: int, data: shapes.MotionIn) -> Any:
    body = get_body(request.user, slug, body_id)
    motion = actions.do_table_motion(
        body,
        actor=request.user,
        title=data.title,
        text=data.text,
        majority=data.majority or "",
        urgent=data.urgent,
    )
    return Status(
        201, shapes.motion_detail(access.access_motion(request.user, body, motion.number))
    )


@router.post(
    f"{BODY}/motions/{{number}}/amendments",
    auth=django_auth,
    response={201: shapes.MotionDetail, **REFUSALS},
    summary="Table an amendment to a pending motion's current text (members of the body)",
)
def table_amendment(
    request: HttpRequest, slug: str, body_id: int, number: int, data: shapes.AmendmentIn
) -> Any:
    motion = _motion(request, slug, body_id, number)
    amendment = actions.do_table_amendment(
        motion,
        actor=request.user,
        operation=data.operation,
        text=data.text,
        target=data.target,
        position=data.position,
        title=data.title,
    )
    return Status(
        201, shapes.motion_detail(access.access_motion(request.user, motion.body, amendment.number))
    )


@router.post(
    f"{BODY}/motions/{{number}}/cosignatures",
    auth=django_auth,
    response={201: shapes.Cosigned, **REFUSALS},
    summary="Sign a pending motion beside its proposer (members of the body; once)",
)
def cosign_motion(request: HttpRequest, slug: str, body_id: int, number: int) -> Any:
    motion = _motion(request, slug, body_id, number)
    actions.do_cosign_motion(motion, actor=request.user)
    return Status(201, {"motion": motion.number, "cosigners": queries.cosigners(motion)})


@router.post(
    f"{BODY}/motions/{{number}}/withdrawal",
    auth=django_auth,
    response={200: shapes.MotionDetail, **REFUSALS},
    summary="Withdraw a motion not yet decided (its proposer or a clerk); its amendments lapse",
)
def withdraw_motion(
    request: HttpRequest, slug: str, body_id: int, number: int, data: shapes.WithdrawalIn
) -> Any:
    motion = _motion(request, slug, body_id, number)
    actions.do_withdraw_motion(motion, actor=request.user, reason=data.reason)
    return shapes.motion_detail(access.access_motion(request.user, motion.body, number))


@router.post(
    f"{BODY}/sittings/{{number}}/attendance",
    auth=django_auth,
    response={200: shapes.Presence, 201: shapes.Presence, **REFUSALS},
    summary="Declare yourself present at a sitting in progress (members; 200 if already)",
)
def declare_present(request: HttpRequest, slug: str, body_id: int, number: int) -> Any:
    sitting = get_sitting(get_body(request.user, slug, body_id), number)
    added = actions.do_declare_present(sitting, actor=request.user)
    answer = {"sitting": sitting.number, "added": added, "present": queries.present_names(sitting)}
    return Status(201 if added else 200, answer)


@router.post(
    f"{BODY}/divisions/{{division_id}}/votes",
    auth=django_auth,
    response={201: shapes.VoteCast, **REFUSALS},
    summary="Vote yes, no or abstain in an open division (members; once; by name in a "
    "roll-call, by secret ballot with a receipt in a secret division)",
)
def cast_vote(
    request: HttpRequest, slug: str, body_id: int, division_id: int, data: shapes.VoteIn
) -> Any:
    division = get_division(get_body(request.user, slug, body_id), division_id)
    if division.election is not None:
        receipt = actions.do_cast_secret_vote(division, actor=request.user, choice=data.choice)
        return Status(
            201, {"division": division.pk, "choice": data.choice, "receipt": receipt.code}
        )
    vote = actions.do_cast_division_vote(division, actor=request.user, choice=data.choice)
    return Status(201, {"division": division.pk, "choice": vote.choice})


@router.post(
    f"{BODY}/motions/{{number}}/report",
    auth=django_auth,
    response={200: shapes.MotionDetail, **REFUSALS},
    summary="Report on a motion referred to a commission (its members, or a clerk)",
)
def report_on_motion(
    request: HttpRequest, slug: str, body_id: int, number: int, data: shapes.ReportIn
) -> Any:
    motion = _motion(request, slug, body_id, number)
    actions.do_report_on_motion(motion, actor=request.user, report=data.report)
    return shapes.motion_detail(access.access_motion(request.user, motion.body, number))


# ── Clerks ────────────────────────────────────────────────────────────────────────────────


@router.post(
    f"{BODY}/sittings",
    auth=django_auth,
    response={201: shapes.SittingDetail, **REFUSALS},
    summary="Convene the body's next sitting, with an order of the day in words (clerks)",
)
def convene_sitting(request: HttpRequest, slug: str, body_id: int, data: shapes.SittingIn) -> Any:
    body = get_body(request.user, slug, body_id)
    sitting = actions.do_convene_sitting(
        body, actor=request.user, scheduled_for=data.scheduled_for, agenda=data.agenda
    )
    return Status(201, shapes.sitting_detail(sitting))


@router.post(
    f"{BODY}/sittings/{{number}}/opening",
    auth=django_auth,
    response={200: shapes.SittingDetail, **REFUSALS},
    summary="Open a convened sitting (clerks; one sitting in progress per body)",
)
def open_sitting(request: HttpRequest, slug: str, body_id: int, number: int) -> Any:
    sitting = get_sitting(get_body(request.user, slug, body_id), number)
    return shapes.sitting_detail(actions.do_open_sitting(sitting, actor=request.user))


@router.post(
    f"{BODY}/sittings/{{number}}/closing",
    auth=django_auth,
    response={200: shapes.SittingDetail, **REFUSALS},
    summary="Close the sitting in progress (clerks; no division may be open)",
)
def close_sitting(request: HttpRequest, slug: str, body_id: int, number: int) -> Any:
    sitting = get_sitting(get_body(request.user, slug, body_id), number)
    return shapes.sitting_detail(actions.do_close_sitting(sitting, actor=request.user))


@router.post(
    f"{BODY}/sittings/{{number}}/agenda",
    auth=django_auth,
    response={201: shapes.AgendaItemOut, **REFUSALS},
    summary="Place a motion (or an item in words) on a sitting's order of the day (clerks)",
)
def place_on_agenda(
    request: HttpRequest, slug: str, body_id: int, number: int, data: shapes.AgendaItemIn
) -> Any:
    body = get_body(request.user, slug, body_id)
    sitting = get_sitting(body, number)
    motion = _named_motion(body, data.motion) if data.motion is not None else None
    item = actions.do_place_on_agenda(sitting, actor=request.user, motion=motion, title=data.title)
    return Status(201, {"position": item.position, "title": item.title, "motion": data.motion})


@router.post(
    f"{BODY}/divisions",
    auth=django_auth,
    response={201: shapes.DivisionDetail, **REFUSALS},
    summary="Put a motion or amendment to the vote in the sitting in progress (clerks)",
)
def open_division(request: HttpRequest, slug: str, body_id: int, data: shapes.DivisionIn) -> Any:
    body = get_body(request.user, slug, body_id)
    motion = _named_motion(body, data.motion)
    division = actions.do_open_division(motion, actor=request.user, mode=data.mode)
    return Status(201, shapes.division_detail(get_division(body, division.pk)))


@router.post(
    f"{BODY}/divisions/{{division_id}}/closing",
    auth=django_auth,
    response={200: shapes.DivisionDetail, **REFUSALS},
    summary="Close a division: count, decide by the motion's majority, settle the motion (clerks)",
)
def close_division(request: HttpRequest, slug: str, body_id: int, division_id: int) -> Any:
    body = get_body(request.user, slug, body_id)
    division = actions.do_close_division(get_division(body, division_id), actor=request.user)
    return shapes.division_detail(get_division(body, division.pk))


@router.post(
    f"{BODY}/motions/{{number}}/referral",
    auth=django_auth,
    response={200: shapes.MotionDetail, **REFUSALS},
    summary="Refer a pending motion to a commission for a report (clerks)",
)
def refer_motion(
    request: HttpRequest, slug: str, body_id: int, number: int, data: shapes.ReferralIn
) -> Any:
    motion = _motion(request, slug, body_id, number)
    commission = queries.get_body(motion.body.commune, data.commission)
    if commission is None:
        raise InvalidInput(f"no body {data.commission} in this commune", field="commission")
    actions.do_refer_motion(motion, actor=request.user, commission=commission)
    return shapes.motion_detail(access.access_motion(request.user, motion.body, number))


@router.post(
    "/communes/{slug}/decrees",
    auth=django_auth,
    response={201: shapes.DecreeDetail, **REFUSALS},
    summary="Promulgate a motion the council adopted as the next decree (clerks)",
)
def promulgate_decree(request: HttpRequest, slug: str, data: shapes.DecreeIn) -> Any:
    commune = commune_access.access_commune(request.user, slug)
    council = queries.get_council(commune)
    if council is None:
        raise InvalidInput(f"{commune.name} has no council yet", field="motion")
    motion = _named_motion(council, data.motion)
    decree = actions.do_promulgate_decree(
        motion,
        actor=request.user,
        amends=_named_decree(commune, data.amends, "amends"),
        repeals=_named_decree(commune, data.repeals, "repeals"),
    )
    return Status(201, shapes.decree_detail(get_decree(commune, decree.number)))
