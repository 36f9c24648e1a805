"""Reads about mandates."""

from __future__ import annotations

from commune.communes.models import Commune
from commune.elections.models import Election
from commune.mandates.models import Mandate


def list_current_mandates(commune: Commune) -> list[Mandate]:
    return list(
        Mandate.objects.filter(commune=commune, ended_at__isnull=True)
        .select_related("person", "section")
        .order_by("section__number", "person__full_name")
    )


def mandates_of_election(election: Election) -> list[Mandate]:
    return list(Mandate.objects.filter(election=election).select_related("person", "section"))
