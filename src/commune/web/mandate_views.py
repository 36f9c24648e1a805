"""Revocable delegates for people: a delegate's mandate with their instructions and fidelity,
recall petitions (open, sign, withdraw), the recall vote and the by-election they lead to,
and a section's instructions to its delegates.

Views parse → access → action or query → render (`commune.web.acting`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commune.assemblies import queries as assembly_queries
from commune.communes import access as commune_access
from commune.communes.constitution import validate_constitution
from commune.communes.models import Commune
from commune.errors import NotFound
from commune.mandates import access, actions, queries
from commune.mandates.models import Mandate, RecallPetition
from commune.members import access as member_access
from commune.members.models import Person
from commune.web import forms
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
        },
    )


@login_required
@require_POST
def petition_act(request: HttpRequest, slug: str, petition_id: int, act: str) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    petition = access.access_petition(request.user, commune, petition_id)
    if act == "sign":
        petition = actions.do_sign_petition(petition, actor=request.user).petition
        if petition.state == RecallPetition.State.VOTING:
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
