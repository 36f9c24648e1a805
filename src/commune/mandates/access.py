"""Who may see mandates, instructions, fidelity records and recall petitions.

A delegate's mandate, the instructions that bind it, how faithfully it was held and the
petitions against it are public record: anyone may read them. Who may act (sign, open,
instruct, explain) is the actions' to decide, since it depends on the section one belongs to
now. `access_*` is the only way interface code gets one of these objects; a missing one is a
404 that names it.
"""

from __future__ import annotations

import copy

from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.errors import NotFound
from commune.mandates import queries
from commune.mandates.models import Fidelity, Mandate, RecallPetition
from commune.memo import Memo

__all__ = ["access_fidelity", "access_mandate", "access_petition", "access_petition_to_sign"]

#: Open petitions kept a moment for signing (see `commune.memo`): while a petition is open
#: nothing of it changes but its state, which the signature reads again under its lock.
_open_petitions: Memo[RecallPetition] = Memo(2.0)


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


def access_petition_to_sign(actor: Actor, commune: Commune, petition_id: int) -> RecallPetition:
    """As `access_petition`, from memory when the petition is open and kept (signing's path).
    The caller gets its own copy, with `commune` as just read (its constitution current)."""
    from commune.mandates.actions import do_settle_petition

    petition = _open_petitions.get(petition_id)
    if petition is None or petition.mandate.commune_id != commune.pk:
        petition = access_petition(actor, commune, petition_id)
        if petition.state == RecallPetition.State.OPEN:
            _open_petitions.put(petition_id, copy.copy(petition))
        return petition
    mine, mandate = copy.copy(petition), copy.copy(petition.mandate)
    mandate.commune = commune
    mine.mandate = mandate
    return do_settle_petition(mine)  # expired by the clock: recorded so now


def access_fidelity(actor: Actor, commune: Commune, fidelity_id: int) -> Fidelity:
    fidelity = queries.get_fidelity(commune, fidelity_id)
    if fidelity is None:
        raise NotFound(f"no fidelity record {fidelity_id} in {commune.name}")
    return fidelity
