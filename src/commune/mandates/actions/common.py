"""What the mandates' actions share."""

from __future__ import annotations

from commune.actors import Operator
from commune.mandates.models import Mandate

#: The actor of acts the constitution's rules perform by themselves (a petition opened after
#: repeated departures, a recall settled when its vote is counted): named so in the journal.
RULE = Operator(name="constitution")

#: The options of a recall vote's ballot (a blank ballot counts as cast, for neither).
RECALL, KEEP = "Recall", "Keep"


def recall_vote_title(mandate: Mandate) -> str:
    """The recall vote's title, whether it is called alone or with its replacement."""
    number = mandate.section.number if mandate.section else "?"
    return f"Recall of {mandate.person.full_name}, delegate of section {number}"[:200]
