"""The demo's elections: a demonstration, clearly labelled, beside the history.

The 1871 elections are recorded in the demo's sections and journal from the sources; their
vote figures are mostly unknown (`paris1871/NOTES.md`), so nothing is invented for them.
To show how an election runs, the demo adds members of demonstration to the 13th
arrondissement, one of whom can sign in (`membre`), with:

- an open election of demonstration, where `membre` can vote;
- a question of demonstration already counted, with invented ballots said to be invented,
  so that a newcomer can recount it at once (`commune election verify`).

To count that question while loading, the loader runs the demo's clock a minute ahead
(`commune.clock.frozen`): its acts are dated in the coming minute, never in the past.
"""

from __future__ import annotations

import datetime as dt

from commune import clock
from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.elections import actions as elections
from commune.elections.models import Election
from commune.mandates.actions import do_certify_election
from commune.members import actions as members
from commune.members.models import Section

MEMBER_USERNAME = "membre"
SECTION = 13
NUM_MEMBERS = 40
LABEL = "démonstration"
OPEN_TITLE = "Élection de démonstration — XIIIe arrondissement (non historique)"
QUESTION_TITLE = "Question de démonstration : publier les séances du conseil ? (non historique)"
# Invented for the demonstration, and said to be: the 39 other members vote 26 yes, 9 no,
# 4 blank.
QUESTION_VOTES: list[str | None] = ["Oui"] * 26 + ["Non"] * 9 + [None] * 4


def load_demo_elections(
    commune: Commune, section: Section, *, actor: Actor, member_password: str
) -> list[Election]:
    """Members of demonstration, an open election and a counted question (see above)."""
    start = clock.now()
    with clock.frozen(start):
        users = []
        for n in range(1, NUM_MEMBERS + 1):
            membership = members.do_admit_member(
                section, actor=actor, full_name=f"Membre de démonstration {n}"
            )
            username = MEMBER_USERNAME if n == 1 else f"{MEMBER_USERNAME}-{n}"
            # Only the first can sign in; the others vote in the loader alone.
            password = member_password if n == 1 else None
            user = members.do_create_login(actor=actor, username=username, password=password)
            members.do_link_account(membership.person, actor=actor, user=user)
            users.append((membership.person, user))
        opening = start + dt.timedelta(seconds=1)
        open_election = elections.do_call_election(
            commune,
            actor=actor,
            title=OPEN_TITLE,
            section=section,
            seats=2,
            opens_at=opening,
            closes_at=start + dt.timedelta(days=30),
        )
        for person, _user in users[1:4]:
            elections.do_file_candidacy(
                open_election,
                actor=actor,
                person=person,
                statement="Candidature de démonstration : ce texte n'est pas historique.",
            )
        question = elections.do_call_election(
            commune,
            actor=actor,
            title=QUESTION_TITLE,
            section=section,
            options=["Oui", "Non"],
            opens_at=opening,
            closes_at=start + dt.timedelta(seconds=50),
        )
    with clock.frozen(start + dt.timedelta(seconds=2)):
        for (_person, user), vote in zip(users[1:], QUESTION_VOTES, strict=True):
            elections.do_cast_ballot(question, actor=user, marks=[vote] if vote else None)
    with clock.frozen(start + dt.timedelta(seconds=60)):
        question = elections.do_settle_election(question)
        do_certify_election(question, actor=actor)
        open_election = elections.do_settle_election(open_election)
    return [open_election, question]
