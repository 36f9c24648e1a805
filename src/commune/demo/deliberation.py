"""The demo's deliberation: a general assembly of demonstration, clearly labelled.

The council of 1871 appears with its decrees of record only: the sources give few votes and
no roll-calls, so none is invented for it. To show how a body deliberates, the demo gives the
13th arrondissement's members of demonstration a general assembly with:

- a motion of demonstration, amended, then adopted by a roll-call division (the votes are
  invented, and the titles say so);
- a second motion whose roll-call division is open, where `membre` can vote and watch the
  figures move.
"""

from __future__ import annotations

import datetime as dt

from commune import clock
from commune.assemblies import actions as assemblies
from commune.assemblies.models import Body, Division, Motion
from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.demo.elections import MEMBER_USERNAME
from commune.members.models import Person, Section

ASSEMBLY_NAME = "Assemblée générale du XIIIe arrondissement (démonstration)"
ADOPTED_TITLE = "Motion de démonstration : des lavoirs municipaux gratuits (non historique)"
ADOPTED_TEXT = (
    "Chaque quartier de l'arrondissement disposera d'un lavoir municipal gratuit.\n\n"
    "La commission des services publics en dressera la liste dans le mois."
)
OPEN_TITLE = "Motion de démonstration : publier l'ordre du jour une semaine avant (non historique)"
OPEN_TEXT = "L'ordre du jour de chaque séance sera affiché une semaine avant, dans chaque mairie."
# Invented, and said to be: 38 of the members of demonstration vote on the first motion.
VOTES = ["yes"] * 25 + ["no"] * 9 + ["abstain"] * 4


def _members_of_demonstration(section: Section) -> list[Person]:
    return list(
        Person.objects.filter(
            memberships__section=section,
            memberships__ended_at__isnull=True,
            user__isnull=False,
            full_name__startswith="Membre de démonstration",
        ).select_related("user")
    )


def load_demo_deliberation(commune: Commune, section: Section, *, actor: Actor) -> Division:
    """The general assembly of demonstration, its adopted motion and its open division."""
    people = sorted(
        _members_of_demonstration(section), key=lambda p: int(p.full_name.rsplit(" ", 1)[1])
    )
    voters = [p.user for p in people if p.user and p.user.get_username() != MEMBER_USERNAME]
    # After the demo's elections, whose acts are dated in the coming minute.
    with clock.frozen(clock.now() + dt.timedelta(minutes=2)):
        body = assemblies.do_create_body(
            commune, actor=actor, kind=Body.Kind.ASSEMBLY, name=ASSEMBLY_NAME, section=section
        )
        sitting = assemblies.do_open_sitting(
            assemblies.do_convene_sitting(
                body, actor=actor, scheduled_for=clock.now(), agenda=["Lavoirs", "Ordre du jour"]
            ),
            actor=actor,
        )
        for user in voters:
            assemblies.do_declare_present(sitting, actor=user)
        motion = assemblies.do_table_motion(
            body, actor=voters[0], title=ADOPTED_TITLE, text=ADOPTED_TEXT
        )
        assemblies.do_cosign_motion(motion, actor=voters[1])
        amendment = assemblies.do_table_amendment(
            motion,
            actor=voters[2],
            operation=Motion.Operation.REPLACE,
            target="dans le mois",
            text="dans les quinze jours",
        )
        assemblies.do_place_on_agenda(sitting, actor=actor, motion=motion)
        for target, votes in ((amendment, ["yes"] * 30 + ["no"] * 8), (motion, VOTES)):
            division = assemblies.do_open_division(target, actor=actor)
            for user, choice in zip(voters, votes, strict=False):
                assemblies.do_cast_division_vote(division, actor=user, choice=choice)
            assemblies.do_close_division(division, actor=actor)
        second = assemblies.do_table_motion(body, actor=voters[3], title=OPEN_TITLE, text=OPEN_TEXT)
        assemblies.do_place_on_agenda(sitting, actor=actor, motion=second)
        division = assemblies.do_open_division(second, actor=actor)
        for user, choice in zip(voters[:12], ["yes"] * 9 + ["no"] * 3, strict=True):
            assemblies.do_cast_division_vote(division, actor=user, choice=choice)
    return division
