"""Revocable delegates for people: a delegate's mandate with their instructions and fidelity,
recall petitions (open, sign, withdraw), the recall vote and the by-election they lead to
(or the replacement on the recall's own ballot, both questions cast on one page), and a
section's instructions to its delegates.

Views parse → access → action or query → render (`commune.web.acting`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commune.api.errors import status_for
from commune.assemblies import queries as assembly_queries
from commune.communes import access as commune_access
from commune.communes.constitution import validate_constitution
from commune.communes.models import Commune
from commune.elections import access as election_access
from commune.elections import queries as election_queries
from commune.errors import CommuneError, NotFound
from commune.mandates import access, actions, queries
from commune.mandates.models import Mandate, RecallPetition
from commune.members import access as member_access
from commune.members.models import Person
from commune.web import election_views, forms
from commune.web.acting import Done, act_on, submitted
from commune.web.charts import fidelity_line

GET_POST = require_http_methods(["GET", "POST"])


def _petition_url(petition: RecallPetition) -> str:
    return reverse("web:petition", args=[petition.mandate.commune.slug, petition.pk])


def _visitor(request: HttpRequest, commune: Commune) -> Person | None:
    """The signed-in visitor's member record in `commune`, if any."""
    if not request.user.is_authenticated:
        return None
    return assembly_queries.person_of(commune, request.user.pk)


def _in_section(person: Person | None, mandate: Mandate) -> bool:
    """Is `person` a member of the delegate's section now (who may sign, open, vote)?"""
    return (
        person is not None
        and mandate.section is not None
        and queries.is_section_member(mandate.section, person)
    )


def mandate_detail(request: HttpRequest, slug: str, mandate_id: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    mandate = access.access_mandate(request.user, commune, mandate_id)
    records = queries.fidelity_of(mandate)
    summary = queries.fidelity_summary(records)
    visitor = _visitor(request, commune)
    active = queries.active_petition(mandate)
    return render(
        request,
        "commune/mandates/mandate.html",
        {
            "commune": commune,
            "mandate": mandate,
            "records": records,
            "counts": summary,
            "share": summary.share,
            "chart": fidelity_line(queries.fidelity_curve(mandate)),
            "instructions": queries.instructions_of_section(mandate.section)
            if mandate.section
            else [],
            "petitions": list(mandate.petitions.order_by("-opened_at")),
            "active": active,
            "replacement": _replacement(request, commune, active) if active else None,
            "can_petition": mandate.ended_at is None
            and active is None
            and _in_section(visitor, mandate),
            "is_delegate": visitor is not None and visitor.pk == mandate.person_id,
        },
    )


def section_delegates(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    section = member_access.access_section_by_number(request.user, commune, number)
    person = _visitor(request, commune)
    return render(
        request,
        "commune/mandates/section.html",
        {
            "commune": commune,
            "section": section,
            "mandates": queries.mandates_of_section(section),
            "past": [m for m in queries.mandates_of_section(section, current=False) if m.ended_at],
            "petitions": queries.petitions_of_section(section),
            "instructions": queries.instructions_of_section(section),
            "assembly": queries.section_assembly(section),
            "is_member": person is not None and queries.is_section_member(section, person),
        },
    )


@login_required
@GET_POST
def open_petition(request: HttpRequest, slug: str, mandate_id: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    mandate = access.access_mandate(request.user, commune, mandate_id)
    form = forms.PetitionForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        petition = actions.do_open_petition(mandate, actor=request.user, reason=data["reason"])
        return _("The petition is open, with your signature."), _petition_url(petition)

    return act_on(
        request,
        form,
        act,
        template="commune/mandates/form.html",
        context={
            "commune": commune,
            "mandate": mandate,
            "heading": _("Open a recall petition against %(name)s")
            % {"name": mandate.person.full_name},
        },
    )


def petition_detail(request: HttpRequest, slug: str, petition_id: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    petition = access.access_petition(request.user, commune, petition_id)
    rules = validate_constitution(commune.constitution).recall
    person = _visitor(request, commune)
    signatures = queries.count_signatures(petition)
    return render(
        request,
        "commune/mandates/petition.html",
        {
            "commune": commune,
            "petition": petition,
            "mandate": petition.mandate,
            "signatures": signatures,
            "percent": min(100, round(100 * signatures / petition.threshold)),
            "signers": queries.signer_names(petition) if rules.public_signatures else None,
            "can_sign": petition.state == RecallPetition.State.OPEN
            and _in_section(person, petition.mandate),
            "has_signed": person is not None and queries.has_signed(petition, person),
            "rules": rules,
            "replacement": _replacement(request, commune, petition),
            "can_vote": petition.is_same_ballot
            and petition.state == RecallPetition.State.VOTING
            and petition.vote is not None
            and petition.vote.status == "open"
            and _in_section(person, petition.mandate),
        },
    )


def _replacement(
    request: HttpRequest, commune: Commune, petition: RecallPetition
) -> dict[str, Any] | None:
    """The replacement on the recall's ballot (settled: rule 5) and who stands in it."""
    if not petition.is_same_ballot or petition.by_election_id is None:
        return None
    election = election_access.access_election(request.user, commune, petition.by_election_id)
    return {"election": election, "candidacies": election_queries.list_candidacies(election)}


#: The replacement's marks are named apart from the recall's answer on the one form.
MARK = "replacement"


def _replacement_marks(request: HttpRequest, kind: str, num_names: int) -> list[str]:
    if kind == "ranked":
        chosen = [request.POST.get(f"{MARK}-rank-{n}", "") for n in range(1, num_names + 1)]
        while chosen and not chosen[-1]:
            chosen.pop()
        return chosen
    return [mark for mark in request.POST.getlist(MARK) if mark]


def _ballot_status(request: HttpRequest, *elections: Any) -> str:
    """What the visitor may do with both questions: vote in both, or why not."""
    statuses = [election_views.voter_status(request, e) for e in elections]
    if all(status == "vote" for status in statuses):
        return "vote"
    return "voted" if "voted" in statuses else next(s for s in statuses if s != "vote")


@login_required
@GET_POST
def recall_ballot(request: HttpRequest, slug: str, petition_id: int) -> HttpResponse:
    """Both questions of a recall ballot on one page, one submit: two secret ballots."""
    commune = commune_access.access_commune(request.user, slug)
    petition = access.access_petition(request.user, commune, petition_id)
    if not petition.is_same_ballot or petition.vote_id is None or petition.by_election_id is None:
        raise NotFound(
            _("petition %(n)s has no recall ballot with its replacement") % {"n": petition.pk}
        )
    vote = election_access.access_election(request.user, commune, petition.vote_id)
    replacement = election_access.access_election(request.user, commune, petition.by_election_id)
    names = election_queries.ballot_names(replacement)
    kind = election_views.form_kind(replacement.method)
    context: dict[str, Any] = {
        "commune": commune,
        "petition": petition,
        "mandate": petition.mandate,
        "vote": vote,
        "replacement": replacement,
        "names": names,
        "kind": kind,
        "ranks": range(1, len(names) + 1),
        "voter_status": _ballot_status(request, vote, replacement),
        "error": None,
    }
    if request.method == "POST":
        try:
            receipts = actions.do_cast_recall_ballot(
                petition,
                actor=request.user,
                recall=request.POST.get("recall") or None,
                replacement=_replacement_marks(request, kind, len(names)),
            )
        except NotFound:
            raise  # the error page answers it
        except CommuneError as error:
            context["error"] = error.message
            return render(
                request, "commune/mandates/ballot.html", context, status=status_for(error)
            )
        return render(
            request,
            "commune/mandates/receipts.html",
            {
                **context,
                "pairs": [(vote, receipts.recall), (replacement, receipts.replacement)],
            },
        )
    return render(request, "commune/mandates/ballot.html", context)


@login_required
@require_POST
def petition_act(request: HttpRequest, slug: str, petition_id: int, act: str) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    petition = access.access_petition(request.user, commune, petition_id)
    if act == "sign":
        petition = actions.do_sign_petition(petition, actor=request.user).petition
        if petition.state == RecallPetition.State.VOTING and petition.is_same_ballot:
            opens = petition.vote.opens_at if petition.vote else None
            messages.success(
                request,
                _(
                    "Your signature reached the threshold: the recall vote and the replacement "
                    "are called, on one ballot; members may stand until both open, %(at)s."
                )
                % {"at": date_format(timezone.localtime(opens), "DATETIME_FORMAT")},
            )
        elif petition.state == RecallPetition.State.VOTING:
            messages.success(
                request,
                _("Your signature reached the threshold: the recall vote is open."),
            )
        else:
            messages.success(request, _("You have signed the petition."))
    elif act == "withdraw":
        actions.do_withdraw_signature(petition, actor=request.user)
        messages.success(request, _("Your signature is withdrawn."))
    else:
        raise NotFound(f"no act {act!r}")
    return HttpResponseRedirect(_petition_url(petition))


@login_required
@GET_POST
def propose_instruction(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    section = member_access.access_section_by_number(request.user, commune, number)
    council = assembly_queries.get_council(commune)
    motions = assembly_queries.pending_motions(council) if council else []
    form = forms.InstructionForm(
        **submitted(request),
        motions=[(m.number, f"{m.number}. {m.title}") for m in motions],
        initial={"motion": request.GET.get("motion")},
    )

    def act(data: dict[str, Any]) -> Done:
        motion = next((m for m in motions if m.number == data["motion"]), None)
        if motion is None:
            raise NotFound(f"no pending council motion {data['motion']}")
        instruction = actions.do_propose_instruction(
            section, actor=request.user, motion=motion, vote=data["vote"], text=data["text"]
        )
        carrier = instruction.carrier
        return (
            _("The instruction is before the general assembly as motion %(n)s.")
            % {"n": carrier.number},
            reverse("web:motion", args=[slug, carrier.body_id, carrier.number]),
        )

    return act_on(
        request,
        form,
        act,
        template="commune/mandates/form.html",
        context={
            "commune": commune,
            "section": section,
            "heading": _("Instruct the delegates of section %(n)s") % {"n": section.number},
        },
    )


@login_required
@GET_POST
def explain_departure(request: HttpRequest, slug: str, fidelity_id: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    record = access.access_fidelity(request.user, commune, fidelity_id)
    form = forms.StatementForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        actions.do_explain_departure(record, actor=request.user, statement=data["statement"])
        return _("Your statement is published."), reverse(
            "web:mandate", args=[slug, record.mandate_id]
        )

    return act_on(
        request,
        form,
        act,
        template="commune/mandates/form.html",
        context={
            "commune": commune,
            "mandate": record.mandate,
            "heading": _("Explain your vote"),
        },
    )
