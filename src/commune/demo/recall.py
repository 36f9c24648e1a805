"""The demo's recall: a petition of demonstration, clearly labelled, one signature short.

No recall of a councillor of 1871 is recorded in the sources we hold, so the petition is a
demonstration and says so. Members of demonstration of the XIIIe open it against one of the
arrondissement's delegates of 1871 and sign it up to one signature below the constitution's
threshold, so that `membre`'s signature opens the recall vote; then `membre` can vote in it,
and, once it is counted, see the by-election it calls.
"""

from __future__ import annotations

import datetime as dt

from commune import clock
from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.demo.elections import MEMBER_USERNAME
from commune.mandates import actions as mandates
from commune.mandates import queries
from commune.mandates.models import RecallPetition
from commune.members.models import Person, Section

DELEGATE = "Chardon"
REASON = (
    "Pétition de démonstration (non historique) : le délégué n'a pas rendu compte de son "
    "mandat à l'assemblée de l'arrondissement."
)


def load_demo_petition(commune: Commune, section: Section, *, actor: Actor) -> RecallPetition:
    """Open the petition and sign it up to one signature short of its threshold."""
    mandate = next(
        m for m in queries.mandates_of_section(section) if m.person.full_name == DELEGATE
    )
    signers = [
        p.user
        for p in Person.objects.filter(
            memberships__section=section,
            memberships__ended_at__isnull=True,
            full_name__startswith="Membre de démonstration",
            user__isnull=False,
        )
        .select_related("user")
        .order_by("-pk")
        if p.user and p.user.get_username() != MEMBER_USERNAME
    ]
    # After the demo's elections and assembly, whose acts are dated in the coming minutes.
    with clock.frozen(clock.now() + dt.timedelta(minutes=3)):
        petition = mandates.do_open_petition(mandate, actor=signers[0], reason=REASON)
        for user in signers[1 : petition.threshold - 1]:
            mandates.do_sign_petition(petition, actor=user)
    return petition
