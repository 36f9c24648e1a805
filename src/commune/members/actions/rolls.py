"""The sections' rolls: admitting members, importing lists, moves and departures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from django.db import IntegrityError, transaction

from commune import clock, planner
from commune.communes import access
from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.errors import Conflict, InvalidInput
from commune.journal.record import append_entry
from commune.members.actions._common import validate
from commune.members.errors import AlreadyMember, ImportRejected
from commune.members.imports import LineProblem, MemberRow
from commune.members.models import Membership, Person, Section
from commune.text import clean_text, shorten

# People are kept per commune (`Person.commune`), so every check below looks only at this
# commune's people: a clerk learns nothing about anyone outside it.
NAME_MISMATCH = "{email} is recorded in this commune under another name"


def _open_membership(person: Person, section: Section, actor: Actor) -> Membership:
    membership = Membership(
        person=person, commune=section.commune, section=section, started_at=clock.now()
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        # The unique constraint is the guard, so this holds under concurrent requests.
        raise AlreadyMember(
            f"{person.full_name} is already a member of {section.commune.name}"
        ) from None
    append_entry(
        section.commune,
        "roll.member_admitted",
        {"section": section.number, "membership": membership.pk},
        actor=actor,
    )
    return membership


def _require_active(section: Section) -> None:
    if section.dissolved_at is not None:
        raise Conflict(f"section {section} was merged into another and keeps no roll")


def do_admit_member(
    section: Section,
    *,
    actor: Actor,
    full_name: str,
    email: str | None = None,
) -> Membership:
    """Enter one person on a section's roll (an existing person is found by email)."""
    access.require_clerk(actor, section.commune)
    _require_active(section)
    full_name = clean_text(full_name, what="name", max_length=200)
    email = email.strip().lower() if email else None
    with transaction.atomic():
        commune = section.commune
        person = Person.objects.filter(commune=commune, email=email).first() if email else None
        if person is not None and person.full_name != full_name:
            raise InvalidInput(NAME_MISMATCH.format(email=email))
        if person is None:
            person = _new_person(commune, full_name, email)
        return _open_membership(person, section, actor)


def _new_person(commune: Commune, full_name: str, email: str | None) -> Person:
    """A new person, or the one a concurrent admission of the same email just created (seen
    by the model's constraint check or by the database's): it is the same person."""
    person = Person(commune=commune, full_name=full_name, email=email, created_at=clock.now())
    try:
        validate(person)
        with transaction.atomic():
            person.save()
    except (InvalidInput, IntegrityError):
        found = Person.objects.filter(commune=commune, email=email).first() if email else None
        if found is None:
            raise
        if found.full_name != full_name:
            raise InvalidInput(NAME_MISMATCH.format(email=email)) from None
        return found
    return person


def _section_for(
    text: str, by_number: dict[str, Section], by_name: dict[str, Section]
) -> Section | None:
    """A section named in a member list: by number when the cell is a number, else by name."""
    return by_number.get(text) if text.isdigit() else by_name.get(text.casefold())


def _check_member_rows(
    commune: Commune, rows: Sequence[MemberRow], problems: Sequence[LineProblem]
) -> tuple[list[tuple[MemberRow, Section]], dict[str, Person]]:
    """Place every row in its section, or raise `ImportRejected` listing every bad line."""
    all_problems = list(problems)
    sections = list(Section.objects.filter(commune=commune, dissolved_at__isnull=True))
    by_number = {str(s.number): s for s in sections}
    by_name = {s.name.casefold(): s for s in sections}
    emails = [row.email for row in rows if row.email]
    existing = {
        p.email: p for p in Person.objects.filter(commune=commune, email__in=emails) if p.email
    }
    member_of = {
        m.person.email: m.section
        for m in Membership.objects.filter(
            commune=commune, ended_at__isnull=True, person__email__in=emails
        ).select_related("person", "section")
    }
    placed: list[tuple[MemberRow, Section]] = []
    for row in rows:
        section = _section_for(row.section, by_number, by_name)
        if section is None:
            all_problems.append(
                LineProblem(row.line, f"no section {shorten(row.section)!r} in {commune.name}")
            )
        elif row.email and row.email in member_of:
            all_problems.append(
                LineProblem(
                    row.line, f"{row.email} is already a member of section {member_of[row.email]}"
                )
            )
        elif row.email in existing and existing[row.email].full_name != row.full_name:
            all_problems.append(LineProblem(row.line, NAME_MISMATCH.format(email=row.email)))
        else:
            placed.append((row, section))
    if all_problems:
        all_problems.sort(key=lambda p: p.line)
        raise ImportRejected(
            f"{len(all_problems)} problem(s) in the member list; nothing was imported",
            details=[p.as_dict() for p in all_problems],
        )
    return placed, existing


def do_import_members(
    commune: Commune,
    *,
    actor: Actor,
    rows: Sequence[MemberRow],
    problems: Sequence[LineProblem] = (),
    on_progress: Callable[[int], None] | None = None,
) -> dict[int, int]:
    """Enter a whole member list on the sections' rolls, or nothing at all.

    Every line is checked first — its section exists, its email does not belong to
    someone already on this commune's roll — and if any line (or any problem the
    CSV reader found) is bad, `ImportRejected` lists them all and nothing is saved.
    Returns the number of members admitted per section number.
    """
    access.require_clerk(actor, commune)
    with transaction.atomic():
        # Read and write in one transaction, so the checks hold for the writes.
        placed, existing = _check_member_rows(commune, rows, problems)
        now = clock.now()
        people = [
            (existing.get(row.email) if row.email else None)
            or Person(commune=commune, full_name=row.full_name, email=row.email, created_at=now)
            for row, _section in placed
        ]
        memberships = [
            Membership(person=person, commune=commune, section=section, started_at=now)
            for person, (_row, section) in zip(people, placed, strict=True)
        ]
        try:
            with transaction.atomic():
                Person.objects.bulk_create([p for p in people if p.pk is None], batch_size=500)
                for start in range(0, len(memberships), 500):
                    Membership.objects.bulk_create(memberships[start : start + 500])
                    if on_progress:
                        on_progress(min(start + 500, len(memberships)))
        except IntegrityError:
            raise AlreadyMember(
                "someone on the list joined this commune while the import ran; nothing was imported"
            ) from None
        counts = Counter(section.number for _row, section in placed)
        append_entry(
            commune,
            "roll.imported",
            {"admitted": {str(k): v for k, v in sorted(counts.items())}, "total": len(placed)},
            actor=actor,
        )
        # The roll grew by thousands at once: SQLite's planner statistics are taken again
        # once it is committed (commune.planner; nothing on PostgreSQL).
        transaction.on_commit(planner.refresh_statistics)
    return dict(counts)


def do_end_membership(
    membership: Membership, *, actor: Actor, reason: str = Membership.EndReason.LEFT
) -> Membership:
    """Take a person off a section's roll (they left, or were removed); the history stays."""
    access.require_clerk(actor, membership.commune)
    if reason not in Membership.EndReason.values:
        raise InvalidInput(f"unknown reason {reason!r}")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.ended_at is not None:
            raise Conflict("this membership has already ended")
        membership.ended_at = clock.now()
        membership.end_reason = reason
        membership.save(update_fields=["ended_at", "end_reason"])
        append_entry(
            membership.commune,
            "roll.member_left",
            {"section": membership.section.number, "membership": membership.pk, "reason": reason},
            actor=actor,
        )
    return membership


def do_move_member(membership: Membership, *, actor: Actor, section: Section) -> Membership:
    """Move a member to another section of the same commune: one roll closes, another opens."""
    access.require_clerk(actor, membership.commune)
    if section.commune_id != membership.commune_id:
        raise InvalidInput("a member can only move to a section of the same commune")
    if section.pk == membership.section_id:
        raise InvalidInput(f"this member is already in section {section}")
    _require_active(section)
    with transaction.atomic():
        do_end_membership(membership, actor=actor, reason=Membership.EndReason.MOVED)
        return _open_membership(membership.person, section, actor)
