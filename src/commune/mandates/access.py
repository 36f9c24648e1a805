"""Who may see mandates, instructions, fidelity records and recall petitions.

A delegate's mandate, the instructions that bind it, how faithfully it was held and the
petitions against it are public record: anyone may read them. Who may act (sign, open,
instruct, explain) is the actions' to decide, since it depends on the section one belongs to
now. `access_*` is the only way interface code gets one of these objects; a missing one is a
404 that names it.
"""

from __future__ import annotations

from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.errors import NotFound
from commune.mandates import queries
from commune.mandates.models import Fidelity, Mandate, RecallPetition

__all__ = ["access_fidelity", "access_mandate", "access_petition"]


def access_mandate(actor: Actor, commune: Commune, mandate_id: int) -> Mandate:
    mandate = queries.get_mandate(commune, mandate_id)
    if mandate is None:
        raise NotFound(f"no mandate {mandate_id} in {commune.name}")
    return mandate


def access_petition(actor: Actor, commune: Commune, petition_id: int) -> RecallPetition:
    """A petition, its expiry settled (rule 5: state follows the clock on access)."""
    from commune.mandates.actions import do_settle_petition

    petition = queries.get_petition(commune, petition_id)
    if petition is None:
        raise NotFound(f"no petition {petition_id} in {commune.name}")
    return do_settle_petition(petition)


def access_fidelity(actor: Actor, commune: Commune, fidelity_id: int) -> Fidelity:
    fidelity = queries.get_fidelity(commune, fidelity_id)
    if fidelity is None:
        raise NotFound(f"no fidelity record {fidelity_id} in {commune.name}")
    return fidelity
