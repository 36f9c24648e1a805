"""Reads about mandates, instructions, fidelity and recall."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from commune import clock
from commune.assemblies.models import Body, Division, Motion
from commune.communes.models import Commune
from commune.elections.models import Election
from commune.mandates.models import Fidelity, Instruction, Mandate, RecallPetition, Signature
from commune.members.models import Membership, Person, Section


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
    """Is `person` a member of `section` now (a member who moved away is not)? Asked of
    their one open membership in the commune (a unique index): SQLite, without statistics,
    would otherwise walk the section's open memberships, 2 equalities against 1."""
    return person.memberships.filter(
        commune_id=section.commune_id, section=section, ended_at__isnull=True
    ).exists()


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


def petition_of_replacement(election: Election) -> RecallPetition | None:
    """The petition whose replacement (or by-election) `election` is, if any."""
    return (
        RecallPetition.objects.filter(by_election=election)
        .select_related("mandate", "mandate__person", "mandate__section", "mandate__commune")
        .first()
    )


def same_ballot_petition_of(election: Election) -> RecallPetition | None:
    """The petition still being voted on whose recall vote or replacement on the same ballot
    `election` is: the pair that opens, closes and settles together."""
    question = election.kind == Election.Kind.QUESTION
    pair = Q(vote=election) if question else Q(by_election=election)
    return (
        RecallPetition.objects.filter(pair, is_same_ballot=True, state=RecallPetition.State.VOTING)
        .only("pk", "vote_id", "by_election_id")
        .first()
    )


def valid_signatures(petition: RecallPetition) -> QuerySet[Signature]:
    """Signatures that count: not withdrawn, by someone still a member of the section (a
    member who moved away loses their signature with their right).

    Read from the petition's signatures, each signer's membership asked of their one open
    membership in the commune (a unique index). As a join on memberships, SQLite without
    statistics drove it from the section's open memberships (the index on (section,
    ended_at)), probing for a signature once per member of the section."""
    mandate = petition.mandate
    if mandate.section_id is None:
        return Signature.objects.none()  # no section, no member of it to sign
    still_member = Membership.objects.filter(
        person_id=OuterRef("person_id"),
        commune_id=mandate.commune_id,
        section_id=mandate.section_id,
        ended_at__isnull=True,
    )
    return Signature.objects.filter(
        Exists(still_member), petition=petition, withdrawn_at__isnull=True
    )


def count_signatures(petition: RecallPetition) -> int:
    """How many signatures count, without visiting each signer's membership.

    Every signer was a member of the section when they signed (the action checks it), so a
    signature stops counting only if its signer's membership there ended since the petition
    opened. Take the petition's live signatures (given and not withdrawn: a number the
    signing actions keep on its row) and take away those of the few who left since and are
    not members there again. Counting with a join on memberships read one membership per
    signature, and counting the live signatures one index entry per signature, at every
    signature: quadratic over a petition of 20,000 signatures.
    """
    quote = connection.ops.quote_name
    petitions, signature = quote(RecallPetition._meta.db_table), quote(Signature._meta.db_table)
    membership = quote(Membership._meta.db_table)
    section = petition.mandate.section_id
    since = connection.ops.adapt_datetimefield_value(petition.opened_at)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT live_signatures FROM {petitions} WHERE id = %s", [petition.pk])
        (live,) = cursor.fetchone()
        # Those who left since and are not members again: few, found from the index on
        # (section, ended_at). Then their signatures, by the (petition, person) index. In one
        # statement the planner, misled by statistics older than the petition, drove the
        # join from the signatures, one probe each. Whether one who left is a member again is
        # asked of their one open membership in the commune (a unique index): with the
        # section alone, SQLite without statistics walked the section's open memberships for
        # each of them (50 moves in a section of 100,000: 0.9 s, at every signature).
        cursor.execute(
            f"SELECT DISTINCT l.person_id FROM {membership} l "
            "WHERE l.section_id = %s AND l.ended_at >= %s "
            f"AND NOT EXISTS (SELECT 1 FROM {membership} b WHERE b.person_id = l.person_id "
            "AND b.commune_id = l.commune_id AND b.section_id = %s AND b.ended_at IS NULL)",
            [section, since, section],
        )
        gone = [row[0] for row in cursor.fetchall()]
        lost = 0
        for start in range(0, len(gone), 500):
            batch = gone[start : start + 500]
            cursor.execute(
                f"SELECT COUNT(*) FROM {signature} WHERE petition_id = %s "
                f"AND withdrawn_at IS NULL AND person_id IN ({', '.join(['%s'] * len(batch))})",
                [petition.pk, *batch],
            )
            lost += cursor.fetchone()[0]
    return int(live) - int(lost)


def section_member(section: Section, user_id: int | None) -> Person | None:
    """The signed-in user's member record if they are a member of `section` now (a member
    who moved away is not), with its name; its other fields are read if asked for. One plain
    statement: every signature runs it. The membership is found as the person's one open
    membership in the commune (a unique index): without statistics SQLite chose the index on
    (section, ended_at) and walked the section's members, longer with every signature."""
    if user_id is None:
        return None
    person = connection.ops.quote_name(Person._meta.db_table)
    membership = connection.ops.quote_name(Membership._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, p.full_name FROM {person} p JOIN {membership} m "
            "ON m.person_id = p.id AND m.commune_id = p.commune_id "
            "WHERE p.commune_id = %s AND p.user_id = %s "
            "AND m.section_id = %s AND m.ended_at IS NULL LIMIT 1",
            [section.commune_id, user_id, section.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    # `from_db` takes the values in the model's field order; the fields not given are deferred.
    fields = ["id", "commune_id", "full_name", "user_id"]
    return Person.from_db(connection.alias, fields, [row[0], section.commune_id, row[1], user_id])


def count_signatures_of(petitions: Sequence[RecallPetition]) -> dict[int, int]:
    """The signatures that count, petition by petition (a page of petitions)."""
    return {p.pk: count_signatures(p) for p in petitions}


def signer_names(petition: RecallPetition, *, limit: int = 1000) -> list[str]:
    return list(
        valid_signatures(petition)
        .order_by("signed_at", "pk")
        .values_list("person__full_name", flat=True)[:limit]
    )


def has_signed(petition: RecallPetition, person: Person) -> bool:
    return petition.signatures.filter(person=person, withdrawn_at__isnull=True).exists()


def petitions_of_section(section: Section, *, limit: int = 50) -> list[RecallPetition]:
    """The section's petitions, newest first. Their signatures are not counted here (a
    count per petition reads every signature; `live_signatures` is on the row)."""
    return list(
        RecallPetition.objects.filter(mandate__section=section)
        .select_related("mandate__person", "vote", "by_election")
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


def petitions_due(commune: Commune) -> list[RecallPetition]:
    """Petitions whose state the clock has overtaken: still open after their closing instant,
    or voting after their vote's. They are settled before a list of them is read (rule 5)."""
    now = clock.now()
    return list(
        RecallPetition.objects.filter(mandate__commune=commune)
        .filter(
            Q(state=RecallPetition.State.OPEN, closes_at__lte=now)
            | Q(state=RecallPetition.State.VOTING, vote__closes_at__lte=now)
        )
        .select_related("mandate__commune", "vote")
    )


def _petitions(commune: Commune, state: str | None) -> QuerySet[RecallPetition]:
    rows = RecallPetition.objects.filter(mandate__commune=commune)
    return rows.filter(state=state) if state else rows


def count_petitions(commune: Commune, *, state: str | None = None) -> int:
    return _petitions(commune, state).count()


def list_petitions(
    commune: Commune, *, state: str | None = None, limit: int = 100, offset: int = 0
) -> list[RecallPetition]:
    """A commune's petitions, newest first, a page at a time."""
    return list(
        _petitions(commune, state)
        .select_related("mandate", "mandate__person", "mandate__section", "opened_by")
        .order_by("-opened_at", "-pk")[offset : offset + limit]
    )


# ── Mandates for the API ──────────────────────────────────────────────────────────────────


def _mandates(commune: Commune, current: bool) -> QuerySet[Mandate]:
    rows = Mandate.objects.filter(commune=commune)
    return rows.filter(ended_at__isnull=True) if current else rows


def count_mandates(commune: Commune, *, current: bool = True) -> int:
    return _mandates(commune, current).count()


def list_mandates(
    commune: Commune, *, current: bool = True, limit: int = 100, offset: int = 0
) -> list[Mandate]:
    """A commune's mandates by section and delegate (those in progress only, if `current`)."""
    return list(
        _mandates(commune, current)
        .select_related("person", "section")
        .order_by("section__number", "person__full_name", "started_at", "pk")[
            offset : offset + limit
        ]
    )


def active_petitions_of(mandates: Sequence[Mandate]) -> dict[int, int]:
    """The petition collecting signatures or being voted on, by mandate (one read)."""
    return dict(
        RecallPetition.objects.filter(
            mandate__in=[m.pk for m in mandates],
            state__in=[RecallPetition.State.OPEN, RecallPetition.State.VOTING],
        ).values_list("mandate_id", "pk")
    )


def instructions_bearing_on(mandate: Mandate, *, limit: int = 200) -> list[Instruction]:
    """The instructions of the delegate's section given before the mandate ended, newest
    first: they bind the delegate once the section's assembly adopts them."""
    if mandate.section_id is None:
        return []
    rows = Instruction.objects.filter(section_id=mandate.section_id)
    if mandate.ended_at is not None:
        rows = rows.filter(created_at__lt=mandate.ended_at)
    return list(
        rows.select_related("motion", "carrier", "carrier__body").order_by("-created_at", "-pk")[
            :limit
        ]
    )


@dataclass(frozen=True, slots=True)
class FidelitySummary:
    """How a delegate held their instructions: each compared division counted once."""

    followed: int
    departed: int
    absent: int

    @property
    def share(self) -> float | None:
        """The share of compared divisions in which the instruction was followed."""
        compared = self.followed + self.departed + self.absent
        return round(self.followed / compared, 4) if compared else None


def fidelity_summary(records: Sequence[Fidelity]) -> FidelitySummary:
    verdicts = [r.verdict for r in records]
    return FidelitySummary(
        followed=verdicts.count(Fidelity.Verdict.FOLLOWED),
        departed=verdicts.count(Fidelity.Verdict.DEPARTED),
        absent=verdicts.count(Fidelity.Verdict.ABSENT),
    )


def get_fidelity(commune: Commune, fidelity_id: int) -> Fidelity | None:
    return (
        Fidelity.objects.filter(pk=fidelity_id, mandate__commune=commune)
        .select_related(
            "mandate", "mandate__person", "mandate__commune", "instruction", "division__motion"
        )
        .first()
    )
