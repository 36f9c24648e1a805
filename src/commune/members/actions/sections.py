"""Sections (the constituencies) and the council seats apportioned among them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction

from commune import clock
from commune.communes import access
from commune.communes.access import Actor
from commune.communes.constitution import validate_constitution
from commune.communes.models import Commune
from commune.errors import Conflict, InvalidInput
from commune.journal import record
from commune.journal.record import append_entry
from commune.members.actions._common import save_new, validate
from commune.members.errors import ImportRejected, SeatTie
from commune.members.imports import LineProblem, SectionRow
from commune.members.models import Membership, Section
from commune.socialchoice.apportionment import ApportionmentError, apportion, fixed, paris_1871
from commune.text import clean_text

MAX_NAME = 200


def _figures(section: Section) -> dict[str, Any]:
    return {
        "number": section.number,
        "name": section.name,
        "population": section.population,
        "registered": section.num_registered_declared,
        "source": section.source,
    }


def _new_section(commune: Commune, row: SectionRow) -> Section:
    section = Section(
        commune=commune,
        number=row.number,
        name=clean_text(row.name, what="name", max_length=MAX_NAME),
        population=row.population,
        num_registered_declared=row.registered,
        source=clean_text(row.source, what="source", max_length=2000, required=False),
    )
    validate(section, exclude=["commune", "merged_into"])
    return section


def create_sections(
    commune: Commune,
    rows: Sequence[SectionRow],
    *,
    actor: Actor,
    problems: Sequence[LineProblem] = (),
) -> list[Section]:
    """Create several sections in the caller's transaction, or `ImportRejected` naming every
    bad line: those the reader found (`problems`) and those that clash with another line
    or with a section the commune already has."""
    existing = list(Section.objects.filter(commune=commune).values_list("number", "name"))
    numbers = {number: f"section {number}" for number, _name in existing}
    names = {name.casefold(): f"section {number}" for number, name in existing}
    problems = list(problems)
    sections = []
    for row in rows:
        try:
            section = _new_section(commune, row)
        except InvalidInput as error:
            problems.append(LineProblem(row.line, error.message))
            continue
        if section.number in numbers:
            problems.append(
                LineProblem(
                    row.line, f"number {section.number} is taken by {numbers[section.number]}"
                )
            )
        elif section.name.casefold() in names:
            problems.append(
                LineProblem(
                    row.line,
                    f"the name {section.name!r} is taken by {names[section.name.casefold()]}",
                )
            )
        where = f"line {row.line}" if row.line else f"section {section.number}"
        numbers.setdefault(section.number, where)
        names.setdefault(section.name.casefold(), where)
        sections.append(section)
    if problems:
        raise ImportRejected(
            f"{len(problems)} problem(s) in the sections; none was created",
            details=[p.as_dict() for p in sorted(problems, key=lambda p: p.line)],
        )
    for section in sections:
        save_new(
            section, f"{commune.name} already has section {section.number} or {section.name!r}"
        )
    record.append_entries(
        commune, [("section.created", _figures(s)) for s in sections], actor=actor
    )
    return sections


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
    section = _new_section(
        commune,
        SectionRow(
            line=0,
            number=number,
            name=name,
            population=population,
            registered=num_registered_declared,
            source=source,
        ),
    )
    with transaction.atomic():
        if Section.objects.filter(commune=commune, name__iexact=section.name).exists():
            raise Conflict(f"{commune.name} already has a section named {section.name!r}")
        save_new(
            section,
            f"{commune.name} already has a section number {number} or named {section.name!r}",
        )
        append_entry(commune, "section.created", _figures(section), actor=actor)
    return section


def do_create_sections(
    commune: Commune,
    *,
    actor: Actor,
    rows: Sequence[SectionRow],
    problems: Sequence[LineProblem] = (),
) -> list[Section]:
    """Create the sections of a list (a CSV `number,name,population,registered`): every
    line is checked first, and if any is bad nothing is created."""
    access.require_clerk(actor, commune)
    if not rows and not problems:
        raise InvalidInput("the list holds no section")
    with transaction.atomic():
        return create_sections(commune, rows, actor=actor, problems=problems)


def _active(section: Section) -> Section:
    """The section, locked and re-read, if it has not been merged into another."""
    section = Section.objects.select_for_update().select_related("commune").get(pk=section.pk)
    if section.dissolved_at is not None:
        raise Conflict(f"section {section} was merged into another and no longer acts")
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
    source = clean_text(source, what="source", max_length=2000, required=False)
    with transaction.atomic():
        changed = _active(section)
        changed.population = population
        changed.num_registered_declared = num_registered_declared
        changed.source = source
        validate(changed, exclude=["commune", "merged_into"])
        changed.save(update_fields=["population", "num_registered_declared", "source"])
        append_entry(changed.commune, "section.figures_changed", _figures(changed), actor=actor)
    return changed


def do_rename_section(section: Section, *, actor: Actor, name: str) -> Section:
    """Give a section a new name; its number, roll and history stay."""
    access.require_clerk(actor, section.commune)
    name = clean_text(name, what="name", max_length=MAX_NAME)
    with transaction.atomic():
        renamed = _active(section)
        old_name = renamed.name
        if name == old_name:
            raise InvalidInput(f"section {renamed.number} is already named {name!r}")
        taken = Section.objects.filter(commune=renamed.commune, name__iexact=name)
        if taken.exclude(pk=renamed.pk).exists():
            raise Conflict(f"{renamed.commune.name} already has a section named {name!r}")
        renamed.name = name
        try:
            with transaction.atomic():
                renamed.save(update_fields=["name"])
        except IntegrityError:  # the unique constraint, under a concurrent rename
            raise Conflict(f"{renamed.commune.name} already has a section named {name!r}") from None
        append_entry(
            renamed.commune,
            "section.renamed",
            {"number": renamed.number, "old_name": old_name, "name": name},
            actor=actor,
        )
    return renamed


def _sum(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def do_merge_sections(section: Section, *, actor: Actor, into: Section) -> Section:
    """Merge `section` into `into`: its members move to `into`'s roll, its declared figures
    are added to `into`'s, and it keeps its number and history but no longer acts.

    Seats are not re-apportioned here: the clerk does it as a separate, recorded act.
    """
    access.require_clerk(actor, section.commune)
    if section.commune_id != into.commune_id:
        raise InvalidInput("only two sections of the same commune can be merged")
    if section.pk == into.pk:
        raise InvalidInput("a section cannot be merged into itself")
    with transaction.atomic():
        # Lock both in a fixed order, so two opposite merges cannot deadlock.
        first, second = sorted([section, into], key=lambda s: s.pk)
        locked = {s.pk: _active(s) for s in (first, second)}
        merged, target = locked[section.pk], locked[into.pk]
        now = clock.now()
        moving = list(
            Membership.objects.select_for_update().filter(section=merged, ended_at__isnull=True)
        )
        Membership.objects.filter(pk__in=[m.pk for m in moving]).update(
            ended_at=now, end_reason=Membership.EndReason.MOVED
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    person_id=m.person_id, commune=target.commune, section=target, started_at=now
                )
                for m in moving
            ],
            batch_size=500,
        )
        target.population = _sum(target.population, merged.population)
        target.num_registered_declared = _sum(
            target.num_registered_declared, merged.num_registered_declared
        )
        target.save(update_fields=["population", "num_registered_declared"])
        merged.merged_into = target
        merged.dissolved_at = now
        merged.seats = 0
        merged.save(update_fields=["merged_into", "dissolved_at", "seats"])
        append_entry(
            target.commune,
            "section.merged",
            {
                "number": merged.number,
                "into": target.number,
                "members_moved": len(moving),
                "population": target.population,
                "registered": target.num_registered_declared,
            },
            actor=actor,
        )
    return target


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
        sections = list(
            Section.objects.select_for_update().filter(commune=commune, dissolved_at__isnull=True)
        )
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
            },
            actor=actor,
        )
    return seats


__all__ = [
    "create_sections",
    "do_apportion_seats",
    "do_create_section",
    "do_create_sections",
    "do_merge_sections",
    "do_rename_section",
    "do_update_section_figures",
]
