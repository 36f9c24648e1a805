"""Who may see sections and rolls.

`access_*` functions are the only way interface code obtains a guarded object;
they raise the same `NotFound` for "missing" and "forbidden" where existence is
itself private. Communes themselves are guarded in `commune.communes.access`.
"""

from __future__ import annotations

from commune.communes.access import Actor, require_clerk
from commune.communes.models import Commune
from commune.errors import NotFound
from commune.members.models import Person, Section


def access_section(actor: Actor, section_id: int) -> Section:
    """A section by id. Sections, their figures and seats are public."""
    try:
        return Section.objects.select_related("commune").get(pk=section_id)
    except Section.DoesNotExist:
        raise NotFound(f"no section {section_id}") from None


def access_section_by_number(actor: Actor, commune: Commune, number: int) -> Section:
    """A section of a commune by its number (public, like every section)."""
    try:
        return Section.objects.select_related("commune").get(commune=commune, number=number)
    except Section.DoesNotExist:
        raise NotFound(f"{commune.name} has no section {number}") from None


def access_section_for_clerk(actor: Actor, commune: Commune, number: int) -> Section:
    """A section whose records `actor` keeps (renaming, merging, figures)."""
    section = access_section_by_number(actor, commune, number)
    require_clerk(actor, section.commune)
    return section


def access_person_for_clerk(actor: Actor, commune: Commune, person_id: int) -> Person:
    """A person of `commune`'s roll, for its clerks (inviting them to make a login).

    People are kept per commune: a person of another commune is "not found" here, as a
    missing one is, so a clerk learns nothing of other communes' members."""
    require_clerk(actor, commune)
    try:
        return Person.objects.select_related("commune").get(pk=person_id, commune=commune)
    except Person.DoesNotExist:
        raise NotFound(f"{commune.name} has no member {person_id}") from None
