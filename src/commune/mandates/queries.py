"""Reads about mandates, instructions, fidelity and recall."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from commune import clock
from commune.assemblies.models import Body, Division, Motion
from commune.communes.models import Commune
from commune.elections.models import Election
from commune.mandates.models import Fidelity, Instruction, Mandate, RecallPetition, Signature
from commune.members.models import Person, Section


def list_current_mandates(commune: Commune) -> list[Mandate]:
    return list(
        Mandate.objects.filter(commune=commune, ended_at__isnull=True)
        .select_related("person", "section")
        .order_by("section__number", "person__full_name")
    )


def mandates_of_election(election: Election) -> list[Mandate]:
    return list(Mandate.objects.filter(election=election).select_related("person", "section"))


def mandates_of_section(section: Section, *, current: bool = True) -> list[Mandate]:
    mandates = Mandate.objects.filter(section=section).select_related("person")
    if current:
        mandates = mandates.filter(ended_at__isnull=True)
    return list(mandates.order_by("ended_at", "person__full_name"))


def mandates_of_person(person: Person) -> list[Mandate]:
    return list(Mandate.objects.filter(person=person).select_related("section", "election"))


def get_mandate(commune: Commune, mandate_id: int) -> Mandate | None:
    return (
        Mandate.objects.filter(commune=commune, pk=mandate_id)
        .select_related("person", "section", "seat", "election")
        .first()
    )


def is_section_member(section: Section, person: Person) -> bool:
    """Is `person` a member of `section` now (a member who moved away is not)?"""
    return person.memberships.filter(section=section, ended_at__isnull=True).exists()


def person_of(commune: Commune, user_id: int | None) -> Person | None:
    if user_id is None:
        return None
    return Person.objects.filter(commune=commune, user_id=user_id).first()


def section_assembly(section: Section) -> Body | None:
    return Body.objects.filter(section=section, kind=Body.Kind.ASSEMBLY).first()


# ── Instructions and fidelity ──────────────────────────────────────────────────────────────


def binding_instructions(motion: Motion, division: Division) -> list[Instruction]:
    """The instructions on `motion` adopted before `division` opened: they bind its vote."""
    return list(
        Instruction.objects.filter(
            motion=motion,
            carrier__state=Motion.State.ADOPTED,
            carrier__decided_at__lte=division.opened_at,
        )
        .exclude(vote="")
        .select_related("section", "carrier")
    )


def instructions_of_section(section: Section, *, limit: int = 100) -> list[Instruction]:
    return list(
        Instruction.objects.filter(section=section)
        .select_related("motion", "carrier")
        .order_by("-created_at")[:limit]
    )


def instructions_on(motion: Motion) -> list[Instruction]:
    return list(Instruction.objects.filter(motion=motion).select_related("section", "carrier"))


def fidelity_of(mandate: Mandate) -> list[Fidelity]:
    return list(
        mandate.fidelity.select_related("instruction", "division", "division__motion").order_by(
            "recorded_at", "pk"
        )
    )


def fidelity_of_division(division: Division) -> list[Fidelity]:
    return list(
        division.fidelity.select_related("mandate__person", "instruction__section").order_by(
            "instruction__section__number", "mandate__person__full_name"
        )
    )


def departures_in_term(mandate: Mandate) -> int:
    return mandate.fidelity.filter(verdict=Fidelity.Verdict.DEPARTED).count()


@dataclass(frozen=True, slots=True)
class FidelityPoint:
    """After the n-th compared division: how many instructions followed so far."""

    at: str
    followed: int
    compared: int


def fidelity_curve(mandate: Mandate) -> list[FidelityPoint]:
    """The share of instructions followed, division after division (for the chart)."""
    points: list[FidelityPoint] = []
    followed = 0
    for compared, record in enumerate(fidelity_of(mandate), start=1):
        followed += record.verdict == Fidelity.Verdict.FOLLOWED
        points.append(FidelityPoint(record.recorded_at.date().isoformat(), followed, compared))
    return points


# ── Recall ─────────────────────────────────────────────────────────────────────────────────


def active_petition(mandate: Mandate) -> RecallPetition | None:
    return mandate.petitions.filter(
        state__in=[RecallPetition.State.OPEN, RecallPetition.State.VOTING]
    ).first()


def get_petition(commune: Commune, petition_id: int) -> RecallPetition | None:
    return (
        RecallPetition.objects.filter(pk=petition_id, mandate__commune=commune)
        .select_related(
            "mandate", "mandate__person", "mandate__section", "mandate__commune", "vote"
        )
        .first()
    )


def petition_of_election(election: Election) -> RecallPetition | None:
    return (
        RecallPetition.objects.filter(vote=election)
        .select_related("mandate", "mandate__person", "mandate__section", "mandate__commune")
        .first()
    )


def valid_signatures(petition: RecallPetition) -> QuerySet[Signature]:
    """Signatures that count: not withdrawn, by someone still a member of the section (a
    member who moved away loses their signature with their right)."""
    return Signature.objects.filter(
        petition=petition,
        withdrawn_at__isnull=True,
        person__memberships__section=petition.mandate.section,
        person__memberships__ended_at__isnull=True,
    )


def count_signatures(petition: RecallPetition) -> int:
    return valid_signatures(petition).values("person_id").distinct().count()


def signer_names(petition: RecallPetition, *, limit: int = 1000) -> list[str]:
    return list(
        valid_signatures(petition)
        .order_by("signed_at", "pk")
        .values_list("person__full_name", flat=True)[:limit]
    )


def has_signed(petition: RecallPetition, person: Person) -> bool:
    return petition.signatures.filter(person=person, withdrawn_at__isnull=True).exists()


def petitions_of_section(section: Section, *, limit: int = 50) -> list[RecallPetition]:
    return list(
        RecallPetition.objects.filter(mandate__section=section)
        .select_related("mandate__person", "vote", "by_election")
        .annotate(live=Count("signatures", filter=Q(signatures__withdrawn_at__isnull=True)))
        .order_by("-opened_at")[:limit]
    )


def petitions_of_commune(commune: Commune, *, limit: int = 50) -> list[RecallPetition]:
    return list(
        RecallPetition.objects.filter(mandate__commune=commune)
        .select_related("mandate__person", "mandate__section")
        .order_by("-opened_at")[:limit]
    )


def expired(petition: RecallPetition) -> bool:
    return petition.state == RecallPetition.State.OPEN and clock.now() >= petition.closes_at


def section_of(person: Person) -> Section | None:
    """The section `person` is a member of now, if any."""
    membership = person.memberships.filter(ended_at__isnull=True).select_related("section").first()
    return membership.section if membership else None
