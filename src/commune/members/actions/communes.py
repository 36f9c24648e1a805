"""Founding a commune and amending its constitution."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from commune import clock
from commune.communes import access
from commune.communes.access import Actor
from commune.communes.constitution import (
    Constitution,
    default_constitution,
    validate_constitution,
)
from commune.communes.models import Commune, ConstitutionVersion
from commune.errors import InvalidInput, PermissionDenied
from commune.journal.record import append_entry
from commune.members.actions._common import save_new, validate
from commune.members.actions.sections import create_sections
from commune.members.imports import SectionRow
from commune.text import clean_text


def _rules_dict(constitution: Constitution) -> dict[str, Any]:
    return constitution.model_dump(mode="json")


def do_found_commune(
    *,
    actor: Actor,
    slug: str,
    name: str,
    description: str = "",
    constitution: Mapping[str, Any] | None = None,
    sections: Sequence[SectionRow] = (),
) -> Commune:
    """Found a commune with its first constitution (the 1871 rules unless others are given)
    and, if given, its sections: all of it in one act, or nothing."""
    if not access.can_found_commune(actor):
        raise PermissionDenied("only an administrator may found a commune")
    rules = default_constitution() if constitution is None else validate_constitution(constitution)
    now = clock.now()
    commune = Commune(
        slug=slug.strip(),
        name=clean_text(name, what="name", max_length=200),
        description=clean_text(
            description, what="description", max_length=5000, required=False, multiline=True
        ),
        constitution=_rules_dict(rules),
        constitution_version=1,
        created_at=now,
    )
    validate(commune)
    with transaction.atomic():
        save_new(commune, f"a commune {commune.slug!r} already exists")
        ConstitutionVersion.objects.create(
            commune=commune, version=1, rules=commune.constitution, adopted_at=now
        )
        append_entry(
            commune,
            "commune.founded",
            {"name": commune.name, "constitution": commune.constitution},
            actor=actor,
        )
        if sections:
            create_sections(commune, sections, actor=actor)
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
    reason = clean_text(reason, what="reason", max_length=5000, multiline=True)
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
            {"version": commune.constitution_version, "rules": new, "reason": reason},
            actor=actor,
        )
    return commune
