"""Who may see mandates and petitions, and who may act on them.

Mandates, instructions, fidelity and petitions are public record; signers are named only if
the constitution says signatures are public. Members of the delegate's section open, sign
and withdraw; the delegate explains their own departures.
"""

from __future__ import annotations

from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.errors import NotFound
from commune.mandates import queries
from commune.mandates.models import Fidelity, Mandate, RecallPetition


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
    record = (
        Fidelity.objects.filter(pk=fidelity_id, mandate__commune=commune)
        .select_related("mandate", "mandate__person", "mandate__commune", "division")
        .first()
    )
    if record is None:
        raise NotFound(f"no fidelity record {fidelity_id}")
    return record
