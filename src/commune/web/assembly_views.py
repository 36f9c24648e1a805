"""The council and the other bodies for people: motions and their amendments with the diff,
sittings with their agenda and roll, live divisions, decrees in force, a delegate's record.

Pages read through queries and act through one action each (`commune.web.acting`). Buttons
that act post to their own address; a refusal is answered by the error pages with the
error's status and message (`commune.web.errors`), and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commune import clock
from commune.assemblies import access, actions, majorities, queries, texts
from commune.assemblies.models import Body, Division, Motion, Seat
from commune.commissions import queries as commission_queries
from commune.commissions.models import Task
from commune.communes import access as commune_access
from commune.communes.constitution import parse_share
from commune.communes.models import Commune
from commune.elections import queries as election_queries
from commune.errors import NotFound
from commune.mandates import queries as mandate_queries
from commune.web import forms
from commune.web.acting import Done, act_on, submitted

GET_POST = require_http_methods(["GET", "POST"])
PER_PAGE = 50


def _body_url(body: Body) -> str:
    return reverse("web:body", args=[body.commune.slug, body.pk])


def _motion_url(motion: Motion) -> str:
    return reverse("web:motion", args=[motion.body.commune.slug, motion.body_id, motion.number])


def _division_url(division: Division) -> str:
    return reverse("web:division", args=[division.body.commune.slug, division.body_id, division.pk])


def _open(request: HttpRequest, slug: str, body_id: int) -> tuple[Commune, Body]:
    commune = commune_access.access_commune(request.user, slug)
    return commune, access.access_body(request.user, commune, body_id)


def _member(request: HttpRequest, body: Body) -> Any:
    """The visitor's member record if they sit in `body`, else None (pages offer acts to it)."""
    if not request.user.is_authenticated:
        return None
    person = queries.person_of(body.commune, request.user.pk)
    return person if person is not None and queries.is_member(body, person) else None


def _button(request: HttpRequest, act: Callable[[], Done]) -> HttpResponse:
    """Perform a one-button act and go back with a message (refusals: the error pages)."""
    message, next_url = act()
    messages.success(request, message)
    return HttpResponseRedirect(next_url)


def bodies(request: HttpRequest, slug: str) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    return render(
        request,
        "commune/assemblies/bodies.html",
        {
            "commune": commune,
            "bodies": queries.list_bodies(commune),
            "decrees": queries.count_decrees(commune),
            "overdue": commission_queries.overdue_tasks(commune),
            "is_clerk": commune_access.is_clerk(request.user, commune),
        },
    )


def body_detail(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    commune, body = _open(request, slug, body_id)
    state = request.GET.get("state", "")
    state = state if state in Motion.State.values else ""
    paginator = Paginator(range(queries.count_motions(body, state=state or None)), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    motions = queries.list_motions(
        body, state=state or None, limit=PER_PAGE, offset=(page.number - 1) * PER_PAGE
    )
    return render(
        request,
        "commune/assemblies/body.html",
        {
            "commune": commune,
            "body": body,
            "seats": queries.list_seats(body) if body.kind != Body.Kind.ASSEMBLY else [],
            "members": queries.count_members(body),
            "next_sitting": queries.next_sitting(body),
            "division": queries.open_division(body),
            "sittings": queries.list_sittings(body, limit=10),
            "motions": motions,
            "page": page,
            "state": state,
            "states": Motion.State.choices,
            "is_member": _member(request, body) is not None,
            "is_clerk": access.can_keep(request.user, body),
            **(_commission_context(body) if body.kind == Body.Kind.COMMISSION else {}),
        },
    )


def _commission_context(body: Body) -> dict[str, Any]:
    """A commission's page also shows the decrees it holds and its board of tasks."""
    board = commission_queries.board(body)
    return {
        "referrals": commission_queries.referrals_of(body),
        "board": [(Task.State(state).label, tasks) for state, tasks in board.items()],
        "today": commission_queries.today(),
    }


def motion_detail(request: HttpRequest, slug: str, body_id: int, number: int) -> HttpResponse:
    commune, body = _open(request, slug, body_id)
    motion = access.access_motion(request.user, body, number)
    member = _member(request, body)
    amendments = queries.list_amendments(motion) if not motion.is_amendment else []
    divisions = queries.list_divisions(motion)
    sitting = queries.next_sitting(body)
    cosigners = queries.cosigners(motion)
    return render(
        request,
        "commune/assemblies/motion.html",
        {
            "commune": commune,
            "body": body,
            "motion": motion,
            "cosigners": cosigners,
            "amendments": [
                (a, texts.word_diff(motion.current_text, _amended(motion, a))) for a in amendments
            ],
            "diff": texts.word_diff(motion.text, motion.current_text),
            "changed": motion.text != motion.current_text,
            "divisions": [(d, queries.roll_call(d)) for d in divisions],
            "decree": queries.decree_of(motion),
            "pending": motion.state in actions.motions.PENDING,
            "member": member,
            "is_proposer": member is not None and member.pk == motion.proposer_id,
            "has_signed": member is not None and member.full_name in cosigners,
            "is_clerk": access.can_keep(request.user, body),
            "sitting": sitting,
            "open_division": queries.open_division(body),
            "commissions": queries.list_commissions(commune) if body.kind == "council" else [],
            "instructions": mandate_queries.instructions_on(motion),
            "my_section": _section_of(request, commune) if body.kind == "council" else None,
        },
    )


def _section_of(request: HttpRequest, commune: Commune) -> Any:
    """The visitor's section, where they may propose an instruction to its delegates."""
    if not request.user.is_authenticated:
        return None
    person = queries.person_of(commune, request.user.pk)
    return mandate_queries.section_of(person) if person is not None else None


def _amended(motion: Motion, amendment: Motion) -> str:
    """The motion's current text as the amendment would make it (its text if it no longer
    applies: the page then says the amendment is stale)."""
    try:
        return texts.apply(
            motion.current_text,
            amendment.operation,
            amendment.text,
            target=amendment.target,
            position=amendment.position,
        )
    except texts.AmendmentDoesNotApply:
        return motion.current_text


@login_required
@GET_POST
def table_motion(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    commune, body = _open(request, slug, body_id)
    form = forms.MotionForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        motion = actions.do_table_motion(
            body,
            actor=request.user,
            title=data["title"],
            text=data["text"],
            majority=data["majority"],
            urgent=data["urgent"],
        )
        return _("Motion %(number)s is tabled.") % {"number": motion.number}, _motion_url(motion)

    return act_on(
        request,
        form,
        act,
        template="commune/assemblies/form.html",
        context={"commune": commune, "body": body, "heading": _("Table a motion")},
    )


@login_required
@GET_POST
def amend_motion(request: HttpRequest, slug: str, body_id: int, number: int) -> HttpResponse:
    commune, body = _open(request, slug, body_id)
    motion = access.access_motion(request.user, body, number)
    form = forms.AmendmentForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        amendment = actions.do_table_amendment(
            motion,
            actor=request.user,
            operation=data["operation"],
            text=data["text"],
            target=data["target"] or "",
            position=data["position"],
        )
        return (
            _("Amendment %(number)s is tabled.") % {"number": amendment.number},
            _motion_url(motion),
        )

    return act_on(
        request,
        form,
        act,
        template="commune/assemblies/form.html",
        context={
            "commune": commune,
            "body": body,
            "motion": motion,
            "heading": _("Amend motion %(number)s") % {"number": motion.number},
        },
    )


@login_required
@GET_POST
def convene_sitting(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    commune, body = _open(request, slug, body_id)
    access.require_clerk(request.user, commune)
    form = forms.SittingForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        sitting = actions.do_convene_sitting(
            body,
            actor=request.user,
            scheduled_for=data["scheduled_for"],
            agenda=[line for line in data["agenda"].splitlines() if line.strip()],
        )
        return (
            _("Sitting %(number)s is convened.") % {"number": sitting.number},
            reverse("web:sitting", args=[slug, body.pk, sitting.number]),
        )

    return act_on(
        request,
        form,
        act,
        template="commune/assemblies/form.html",
        context={
            "commune": commune,
            "body": body,
            "heading": _("Convene a sitting"),
            "timezone": timezone.get_current_timezone_name(),
        },
    )


@login_required
@GET_POST
def report_on_motion(request: HttpRequest, slug: str, body_id: int, number: int) -> HttpResponse:
    commune, body = _open(request, slug, body_id)
    motion = access.access_motion(request.user, body, number)
    form = forms.ReportForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        actions.do_report_on_motion(motion, actor=request.user, report=data["report"])
        return _("The report is recorded."), _motion_url(motion)

    return act_on(
        request,
        form,
        act,
        template="commune/assemblies/form.html",
        context={
            "commune": commune,
            "body": body,
            "motion": motion,
            "heading": _("Report on motion %(number)s") % {"number": motion.number},
        },
    )


@login_required
@GET_POST
def promulgate(request: HttpRequest, slug: str, body_id: int, number: int) -> HttpResponse:
    commune, body = _open(request, slug, body_id)
    motion = access.access_motion(request.user, body, number)
    form = forms.PromulgateForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        targets = {
            key: access.access_decree(request.user, commune, data[key])
            for key in ("amends", "repeals")
            if data[key]
        }
        decree = actions.do_promulgate_decree(motion, actor=request.user, **targets)
        return (
            _("Decree no. %(number)s is promulgated.") % {"number": decree.number},
            reverse("web:decree", args=[slug, decree.number]),
        )

    return act_on(
        request,
        form,
        act,
        template="commune/assemblies/form.html",
        context={
            "commune": commune,
            "body": body,
            "motion": motion,
            "heading": _("Promulgate motion %(number)s as a decree") % {"number": motion.number},
        },
    )


@login_required
@require_POST
def motion_act(
    request: HttpRequest, slug: str, body_id: int, number: int, act: str
) -> HttpResponse:
    """The one-button acts on a motion: co-sign, withdraw, refer, place on the agenda, vote."""
    commune, body = _open(request, slug, body_id)
    motion = access.access_motion(request.user, body, number)
    user = request.user

    def cosign() -> Done:
        actions.do_cosign_motion(motion, actor=user)
        return _("You have signed motion %(n)s.") % {"n": motion.number}, _motion_url(motion)

    def withdraw() -> Done:
        actions.do_withdraw_motion(motion, actor=user, reason=request.POST.get("reason", ""))
        return _("Motion %(n)s is withdrawn.") % {"n": motion.number}, _motion_url(motion)

    def refer() -> Done:
        raw = request.POST.get("commission", "")
        commission = access.access_body(user, commune, int(raw) if raw.isdigit() else 0)
        actions.do_refer_motion(motion, actor=user, commission=commission)
        return (
            _("Motion %(n)s is referred to %(c)s.") % {"n": motion.number, "c": commission.name},
            _motion_url(motion),
        )

    def place() -> Done:
        sitting = queries.next_sitting(body)
        if sitting is None:
            raise NotFound(_("no sitting is convened: convene one first"))
        actions.do_place_on_agenda(sitting, actor=user, motion=motion)
        return (
            _("Motion %(n)s is on the agenda of sitting %(s)s.")
            % {"n": motion.number, "s": sitting.number},
            _motion_url(motion),
        )

    def divide() -> Done:
        mode = request.POST.get("mode", Division.Mode.ROLL_CALL)
        division = actions.do_open_division(motion, actor=user, mode=mode)
        return _("The division on motion %(n)s is open.") % {"n": motion.number}, _division_url(
            division
        )

    acts = {
        "cosign": cosign,
        "withdraw": withdraw,
        "refer": refer,
        "place": place,
        "divide": divide,
    }
    if act not in acts:
        raise NotFound(f"no act {act!r}")
    return _button(request, acts[act])


def sitting_detail(request: HttpRequest, slug: str, body_id: int, number: int) -> HttpResponse:
    commune, body = _open(request, slug, body_id)
    sitting = access.access_sitting(request.user, body, number)
    member = _member(request, body)
    present = queries.present_names(sitting)
    return render(
        request,
        "commune/assemblies/sitting.html",
        {
            "commune": commune,
            "body": body,
            "sitting": sitting,
            "agenda": queries.list_agenda(sitting),
            "present": present,
            "members": queries.count_members(body),
            "divisions": list(sitting.divisions.select_related("motion").order_by("opened_at")),
            "in_progress": sitting.opened_at is not None and sitting.closed_at is None,
            "member": member,
            "is_present": member is not None and member.full_name in present,
            "is_clerk": access.can_keep(request.user, body),
            "absent": (
                [p for p in queries.list_members(body) if p.full_name not in present]
                if body.kind != Body.Kind.ASSEMBLY
                else []
            ),
        },
    )


@login_required
@require_POST
def sitting_act(
    request: HttpRequest, slug: str, body_id: int, number: int, act: str
) -> HttpResponse:
    _commune, body = _open(request, slug, body_id)
    sitting = access.access_sitting(request.user, body, number)
    user = request.user
    here = reverse("web:sitting", args=[slug, body.pk, sitting.number])

    def open_() -> Done:
        actions.do_open_sitting(sitting, actor=user)
        return _("Sitting %(n)s is open.") % {"n": sitting.number}, here

    def close() -> Done:
        actions.do_close_sitting(sitting, actor=user)
        return _("Sitting %(n)s is closed.") % {"n": sitting.number}, here

    def present() -> Done:
        actions.do_declare_present(sitting, actor=user)
        return _("You are marked present."), here

    def roll() -> Done:
        ids = {int(v) for v in request.POST.getlist("person") if v.isdigit()}
        people = [p for p in queries.list_members(body) if p.pk in ids]
        names = actions.do_record_attendance(sitting, people, actor=user)
        return _("%(n)s members marked present.") % {"n": len(names)}, here

    acts = {"open": open_, "close": close, "present": present, "roll": roll}
    if act not in acts:
        raise NotFound(f"no act {act!r}")
    return _button(request, acts[act])


def explain(division: Division) -> str:
    """The rule and arithmetic of a closed division, in the reader's language (the journal
    keeps the same sentence in English, `Division.arithmetic`)."""
    figures = {
        "yes": division.yes,
        "no": division.no,
        "abstain": division.abstain,
        "members": division.members,
        "present": division.present,
        "quorum": division.quorum,
        "needed": majorities.quorum_needed(division.members, parse_share(division.quorum)),
    }
    if division.outcome == Division.Outcome.NO_QUORUM:
        return (
            _(
                "present %(present)s of %(members)s members; the quorum (%(quorum)s) needs "
                "%(needed)s"
            )
            % figures
        )
    if division.majority == "absolute":
        return _("for %(yes)s of %(members)s members; an absolute majority needs %(threshold)s") % {
            **figures,
            "threshold": majorities.absolute_needed(division.members),
        }
    if division.majority == "two_thirds":
        cast = division.yes + division.no
        return _(
            "for %(yes)s of %(cast)s voting for or against; two thirds need %(threshold)s "
            "(%(abstain)s abstentions)"
        ) % {**figures, "cast": cast, "threshold": majorities.two_thirds_needed(cast)}
    return (
        _(
            "for %(yes)s, against %(no)s: a simple majority of those voting for or against "
            "(%(abstain)s abstentions)"
        )
        % figures
    )


def _division_context(request: HttpRequest, body: Body, division: Division) -> dict[str, Any]:
    member = _member(request, body)
    open_ = division.closed_at is None
    secret = division.election is not None
    tally = queries.roll_call(division)
    counts = (
        {"yes": len(tally.yes), "no": len(tally.no), "abstain": len(tally.abstain)}
        if open_
        else {
            "yes": division.yes,
            "no": division.no,
            "abstain": division.abstain,
        }
    )
    voted = sum(counts.values())
    if open_ and division.election is not None:
        # A secret ballot is counted only when the chair closes it: how many, not how.
        counts = {}
        voted = election_queries.turnout(division.election).voters
    return {
        "commune": body.commune,
        "body": body,
        "division": division,
        "motion": division.motion,
        "counts": counts,
        "voted": voted,
        "secret": secret,
        "tally": tally,
        "explained": explain(division) if not open_ else "",
        "fidelity": mandate_queries.fidelity_of_division(division) if not open_ else [],
        "is_open": open_,
        "member": member,
        "my_vote": _has_voted(division, member),
        "is_clerk": access.can_keep(request.user, body),
        "now": clock.now(),
    }


def _has_voted(division: Division, member: Any) -> bool:
    if member is None:
        return False
    if division.election is not None:
        return election_queries.has_voted(division.election, member)
    return queries.vote_of(division, member) is not None


def division_detail(
    request: HttpRequest, slug: str, body_id: int, division_id: int
) -> HttpResponse:
    _commune, body = _open(request, slug, body_id)
    division = access.access_division(request.user, body, division_id)
    context = _division_context(request, body, division)
    if request.headers.get("HX-Request") == "true":
        # The live part only: the page polls it while the division is open.
        return render(request, "commune/assemblies/division_live.html", context)
    return render(request, "commune/assemblies/division.html", context)


@login_required
@require_POST
def division_act(
    request: HttpRequest, slug: str, body_id: int, division_id: int, act: str
) -> HttpResponse:
    _commune, body = _open(request, slug, body_id)
    division = access.access_division(request.user, body, division_id)
    here = _division_url(division)

    def vote() -> Done:
        choice = request.POST.get("choice", "")
        if division.election is not None:
            receipt = actions.do_cast_secret_vote(division, actor=request.user, choice=choice)
            return _(
                "Your secret ballot is cast. Keep its receipt, %(code)s: once the division is "
                "closed, find it in the published ballots."
            ) % {"code": receipt.code}, here
        actions.do_cast_division_vote(division, actor=request.user, choice=choice)
        return _("Your vote is recorded."), here

    def close() -> Done:
        closed = actions.do_close_division(division, actor=request.user)
        return _("The division is closed: %(outcome)s.") % {
            "outcome": closed.get_outcome_display()
        }, here

    acts = {"vote": vote, "close": close}
    if act not in acts:
        raise NotFound(f"no act {act!r}")
    return _button(request, acts[act])


def decree_list(request: HttpRequest, slug: str) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    paginator = Paginator(range(queries.count_decrees(commune)), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    decrees = queries.list_decrees(commune, limit=PER_PAGE, offset=(page.number - 1) * PER_PAGE)
    return render(
        request,
        "commune/assemblies/decrees.html",
        {
            "commune": commune,
            "decrees": [queries.consolidate(d) for d in decrees],
            "page": page,
        },
    )


def decree_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    decree = access.access_decree(request.user, commune, number)
    division = decree.motion.divisions.filter(outcome="adopted").order_by("-closed_at").first()
    return render(
        request,
        "commune/assemblies/decree.html",
        {
            "commune": commune,
            "decree": decree,
            "state": queries.consolidate(decree),
            "division": division,
            "tally": queries.roll_call(division) if division else None,
            "explained": explain(division) if division else "",
            "referrals": [
                (r, commission_queries.progress(r))
                for r in commission_queries.referrals_of_decree(decree)
            ],
            "commissions": queries.list_commissions(commune),
            "is_clerk": commune_access.is_clerk(request.user, commune),
        },
    )


def person_record(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    """A delegate's public record: seats, votes by name, sittings attended. Only someone who
    has held a seat has such a page: other members' names are not published here."""
    commune = commune_access.access_commune(request.user, slug)
    person = access.access_person(request.user, commune, person_id)
    seats = queries.seats_of(person)
    if not seats:
        raise NotFound(f"no delegate {person_id} in {commune.name}")
    attended = queries.attendance_record(person)
    return render(
        request,
        "commune/assemblies/person.html",
        {
            "commune": commune,
            "person": person,
            "seats": seats,
            "votes": queries.voting_record(person),
            "attended": attended,
            "sittings_held": queries.sittings_while_seated(person),
            "mandates": mandate_queries.mandates_of_person(person),
        },
    )


@login_required
@GET_POST
def create_commission(request: HttpRequest, slug: str) -> HttpResponse:
    commune = commune_access.access_commune_for_clerk(request.user, slug)
    form = forms.CommissionForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        body = actions.do_create_body(
            commune,
            actor=request.user,
            kind=Body.Kind.COMMISSION,
            name=data["name"],
            competence=data["competence"],
        )
        return _("%(name)s is created.") % {"name": body.name}, _body_url(body)

    return act_on(
        request,
        form,
        act,
        template="commune/assemblies/form.html",
        context={"commune": commune, "body": None, "heading": _("Create a commission")},
    )


@login_required
@GET_POST
def appoint(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    """A clerk records an appointment to a commission, with the council's decision if any.
    The council's members are offered (in 1871 the commissions were drawn from it)."""
    commune, body = _open(request, slug, body_id)
    access.require_clerk(request.user, commune)
    council = queries.get_council(commune)
    people = queries.list_members(council, limit=1000) if council else []
    decisions = queries.adopted_motions(council) if council else []
    form = forms.AppointForm(
        **submitted(request),
        people=[(p.pk, p.full_name) for p in people],
        decisions=[(m.number, f"{m.number}. {m.title}") for m in decisions],
    )

    def act(data: dict[str, Any]) -> Done:
        person = access.access_person(request.user, commune, data["person"])
        decision = next((m for m in decisions if m.number == data["decision"]), None)
        actions.do_take_seat(
            body, person, actor=request.user, origin=Seat.Origin.APPOINTMENT, decision=decision
        )
        return (
            _("%(name)s sits in %(body)s.") % {"name": person.full_name, "body": body.name},
            _body_url(body),
        )

    return act_on(
        request,
        form,
        act,
        template="commune/assemblies/form.html",
        context={
            "commune": commune,
            "body": body,
            "heading": _("Appoint a member to %(body)s") % {"body": body.name},
        },
    )
