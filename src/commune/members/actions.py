"""Every change to communes, sections, rolls and constitutions goes through one of these.

Each action validates its input, checks the actor's permission, writes the
change and appends its Journal officiel entry in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commune import clock
from commune.errors import Conflict, InvalidInput, PermissionDenied
from commune.journal.record import append_entry
from commune.members import access
from commune.members.access import Actor, actor_label
from commune.members.constitution import Constitution, default_constitution, validate_constitution
from commune.members.errors import AlreadyMember, ImportRejected, SeatTie
from commune.members.imports import LineProblem, MemberRow
from commune.members.models import (
    Clerk,
    Commune,
    ConstitutionVersion,
    Membership,
    Person,
    Section,
)
from commune.socialchoice.apportionment import (
    ApportionmentError,
    apportion,
    fixed,
    paris_1871,
)


def _rules_dict(constitution: Constitution) -> dict[str, Any]:
    return constitution.model_dump(mode="json")


def do_found_commune(
    *,
    actor: Actor,
    slug: str,
    name: str,
    description: str = "",
    constitution: Mapping[str, Any] | None = None,
) -> Commune:
    """Found a commune with its first constitution (the 1871 rules unless others are given)."""
    if not access.can_found_commune(actor):
        raise PermissionDenied("only an administrator may found a commune")
    rules = default_constitution() if constitution is None else validate_constitution(constitution)
    now = clock.now()
    commune = Commune(
        slug=slug,
        name=name.strip(),
        description=description,
        constitution=_rules_dict(rules),
        constitution_version=1,
        created_at=now,
    )
    _validate(commune)
    with transaction.atomic():
        _save_new(commune, f"a commune {slug!r} already exists")
        ConstitutionVersion.objects.create(
            commune=commune, version=1, rules=commune.constitution, adopted_at=now
        )
        append_entry(
            commune,
            "commune.founded",
            {
                "name": commune.name,
                "constitution": commune.constitution,
                "by": actor_label(actor),
            },
        )
    return commune


def do_amend_constitution(
    commune: Commune, *, actor: Actor, rules: Mapping[str, Any], reason: str
) -> Commune:
    """Adopt a new version of the constitution; the old one stays in the record.

    The constitution is to be changed only by decree of the council (ARCHITECTURE.md,
    rule 3). Until the council's decrees exist, only an administrator may amend it, and
    must state the reason, which is printed in the Journal officiel.
    """
    if not access.can_found_commune(actor):
        raise PermissionDenied(
            "only an administrator may amend the constitution until decrees exist"
        )
    if not reason.strip():
        raise InvalidInput("an amendment of the constitution must state its reason")
    new = _rules_dict(validate_constitution(rules))
    with transaction.atomic():
        commune = Commune.objects.select_for_update().get(pk=commune.pk)
        if new == commune.constitution:
            raise InvalidInput("the amended constitution is identical to the current one")
        commune.constitution = new
        commune.constitution_version += 1
        commune.save(update_fields=["constitution", "constitution_version"])
        ConstitutionVersion.objects.create(
            commune=commune,
            version=commune.constitution_version,
            rules=new,
            adopted_at=clock.now(),
            reason=reason,
        )
        append_entry(
            commune,
            "constitution.amended",
            {
                "version": commune.constitution_version,
                "rules": new,
                "reason": reason,
                "by": actor_label(actor),
            },
        )
    return commune


def _section_figures(section: Section) -> dict[str, Any]:
    return {
        "number": section.number,
        "name": section.name,
        "population": section.population,
        "registered": section.num_registered_declared,
        "source": section.source,
    }


def do_create_section(
    commune: Commune,
    *,
    actor: Actor,
    number: int,
    name: str,
    population: int | None = None,
    num_registered_declared: int | None = None,
    source: str = "",
) -> Section:
    """Create a constituency of the commune (its seats come from `do_apportion_seats`)."""
    access.require_clerk(actor, commune)
    section = Section(
        commune=commune,
        number=number,
        name=name.strip(),
        population=population,
        num_registered_declared=num_registered_declared,
        source=source,
    )
    _validate(section, exclude=["commune"])
    with transaction.atomic():
        if Section.objects.filter(commune=commune, name__iexact=section.name).exists():
            raise Conflict(f"{commune.name} already has a section named {section.name!r}")
        _save_new(
            section,
            f"{commune.name} already has a section number {number} or named {section.name!r}",
        )
        append_entry(
            commune,
            "section.created",
            {**_section_figures(section), "by": actor_label(actor)},
        )
    return section


def do_update_section_figures(
    section: Section,
    *,
    actor: Actor,
    population: int | None,
    num_registered_declared: int | None,
    source: str,
) -> Section:
    """Record new declared figures for a section (a census, a revised register)."""
    access.require_clerk(actor, section.commune)
    changed = Section(
        pk=section.pk,
        commune=section.commune,
        number=section.number,
        name=section.name,
        population=population,
        num_registered_declared=num_registered_declared,
        source=source,
        seats=section.seats,
    )
    _validate(changed, exclude=["commune"])  # the caller's object stays as it was on failure
    with transaction.atomic():
        changed.save(update_fields=["population", "num_registered_declared", "source"])
        section = changed
        append_entry(
            section.commune,
            "section.figures_changed",
            {**_section_figures(section), "by": actor_label(actor)},
        )
    return section


def _save_new(instance: Any, conflict: str) -> None:
    """Insert a row whose uniqueness the database guards: a concurrent duplicate (which a
    check before the insert cannot see under READ COMMITTED) becomes a `Conflict`."""
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError:
        raise Conflict(conflict) from None


def _validate(instance: Any, exclude: Sequence[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        problems = [
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in error.message_dict.items()
        ]
        raise InvalidInput("; ".join(problems), details=problems) from None


def _seat_basis(commune: Commune, sections: Sequence[Section]) -> dict[str, int]:
    """The figure each section's seats are computed from, as the constitution says."""
    rules = validate_constitution(commune.constitution).apportionment
    figures: dict[str, int] = {}
    missing = []
    if rules.basis == "members":
        counts = Counter(
            Membership.objects.filter(section__in=sections, ended_at__isnull=True).values_list(
                "section_id", flat=True
            )
        )
        return {str(s.number): counts.get(s.pk, 0) for s in sections}
    for section in sections:
        value = (
            section.population if rules.basis == "population" else section.num_registered_declared
        )
        if value is None:
            missing.append(f"{section.number}. {section.name}")
        else:
            figures[str(section.number)] = value
    if missing:
        raise InvalidInput(
            f"seats are apportioned by {rules.basis}, which is unknown for: " + ", ".join(missing)
        )
    return figures


def do_apportion_seats(commune: Commune, *, actor: Actor) -> dict[int, int]:
    """Share the council's seats among the sections by the constitution's rule.

    A tie for the last seat is refused with `SeatTie` (naming the tied sections),
    never broken here: the constitution or a decree must settle it.
    """
    access.require_clerk(actor, commune)
    with transaction.atomic():
        # Read the rules under lock, so an amendment committed meanwhile is the one applied.
        commune = Commune.objects.select_for_update().get(pk=commune.pk)
        rules = validate_constitution(commune.constitution).apportionment
        sections = list(Section.objects.select_for_update().filter(commune=commune))
        if not sections:
            raise InvalidInput(f"{commune.name} has no sections to apportion seats to")
        figures = _seat_basis(commune, sections) if rules.method != "fixed" else {}
        try:
            if rules.method == "fixed":
                result = fixed(rules.fixed_seats or {}, [str(s.number) for s in sections])
            elif rules.method == "paris-1871":
                result = paris_1871(
                    figures,
                    inhabitants_per_seat=rules.inhabitants_per_seat,
                    remainder_over=rules.remainder_over,
                )
            else:
                result = apportion(rules.method, figures, rules.total_seats)
        except ApportionmentError as error:
            raise InvalidInput(str(error)) from None
        if result.tie:
            raise SeatTie(
                f"tie for {result.tie.seats} seat(s) between sections "
                + ", ".join(result.tie.names),
                details={"sections": list(result.tie.names), "seats": result.tie.seats},
            )
        seats = {int(number): count for number, count in result.seats.items()}
        for section in sections:
            section.seats = seats[section.number]
        Section.objects.bulk_update(sections, ["seats"])
        append_entry(
            commune,
            "seats.apportioned",
            {
                "method": rules.method,
                "basis": rules.basis,
                "figures": figures,
                "seats": {str(k): v for k, v in sorted(seats.items())},
                "by": actor_label(actor),
            },
        )
    return seats


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
        {"section": section.number, "membership": membership.pk, "by": actor_label(actor)},
    )
    return membership


def do_admit_member(
    section: Section,
    *,
    actor: Actor,
    full_name: str,
    email: str | None = None,
) -> Membership:
    """Enter one person on a section's roll (an existing person is found by email)."""
    access.require_clerk(actor, section.commune)
    email = email.strip().lower() if email else None
    with transaction.atomic():
        person = Person.objects.filter(email=email).first() if email else None
        if person is not None and person.full_name != full_name.strip():
            raise InvalidInput(f"{email} is recorded under another name")
        if person is None:
            person = Person(full_name=full_name.strip(), email=email, created_at=clock.now())
            _validate(person)
            try:
                with transaction.atomic():
                    person.save()
            except IntegrityError:
                # Someone admitted the same email concurrently: it is the same person.
                person = Person.objects.get(email=email)
        return _open_membership(person, section, actor)


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
    sections = list(Section.objects.filter(commune=commune))
    by_number = {str(s.number): s for s in sections}
    by_name = {s.name.casefold(): s for s in sections}
    emails = [row.email for row in rows if row.email]
    existing = {p.email: p for p in Person.objects.filter(email__in=emails) if p.email}
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
                LineProblem(row.line, f"no section {row.section!r} in {commune.name}")
            )
        elif row.email and row.email in member_of:
            all_problems.append(
                LineProblem(
                    row.line, f"{row.email} is already a member of section {member_of[row.email]}"
                )
            )
        elif row.email in existing and existing[row.email].full_name != row.full_name:
            all_problems.append(
                LineProblem(row.line, f"{row.email} is recorded under another name")
            )
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
            or Person(full_name=row.full_name, email=row.email, created_at=now)
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
            {
                "admitted": {str(k): v for k, v in sorted(counts.items())},
                "total": len(placed),
                "by": actor_label(actor),
            },
        )
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
            {
                "section": membership.section.number,
                "membership": membership.pk,
                "reason": reason,
                "by": actor_label(actor),
            },
        )
    return membership


def do_move_member(membership: Membership, *, actor: Actor, section: Section) -> Membership:
    """Move a member to another section of the same commune: one roll closes, another opens."""
    access.require_clerk(actor, membership.commune)
    if section.commune_id != membership.commune_id:
        raise InvalidInput("a member can only move to a section of the same commune")
    if section.pk == membership.section_id:
        raise InvalidInput(f"this member is already in section {section}")
    with transaction.atomic():
        do_end_membership(membership, actor=actor, reason=Membership.EndReason.MOVED)
        return _open_membership(membership.person, section, actor)


def do_create_login(
    *, actor: Actor, username: str, password: str, is_superuser: bool = False
) -> User:
    """Create a sign-in account. Accounts are private, so nothing is journaled here;
    what an account may do (a clerkship, a membership) is journaled where it is granted."""
    if not access.can_found_commune(actor):
        raise PermissionDenied("only an administrator may create accounts")
    try:
        with transaction.atomic():
            if is_superuser:
                return User.objects.create_superuser(username, password=password)
            return User.objects.create_user(username, password=password)
    except IntegrityError:
        raise Conflict(f"the username {username!r} is taken") from None


def do_dismiss_clerk(commune: Commune, *, actor: Actor, user: User) -> None:
    """Withdraw a user's clerkship of a commune (the appointment stays in the record)."""
    if not access.can_found_commune(actor):
        raise PermissionDenied("only an administrator may dismiss clerks")
    with transaction.atomic():
        deleted, _ = Clerk.objects.filter(user=user, commune=commune).delete()
        if not deleted:
            raise Conflict(f"{user} is not a clerk of {commune.name}")
        append_entry(
            commune,
            "clerk.dismissed",
            {"clerk": str(user.get_username()), "by": actor_label(actor)},
        )


def do_appoint_clerk(commune: Commune, *, actor: Actor, user: User) -> Clerk:
    """Entrust a user with the commune's records. Only an administrator or the operator may."""
    if not access.can_found_commune(actor):
        raise PermissionDenied("only an administrator may appoint clerks")
    with transaction.atomic():
        clerk, created = Clerk.objects.get_or_create(
            user=user, commune=commune, defaults={"appointed_at": clock.now()}
        )
        if not created:
            raise Conflict(f"{user} is already a clerk of {commune.name}")
        append_entry(
            commune,
            "clerk.appointed",
            {"clerk": str(user.get_username()), "by": actor_label(actor)},
        )
    return clerk
