"""What the mandates' actions share."""

from __future__ import annotations

from commune.actors import Operator

#: The actor of acts the constitution's rules perform by themselves (a petition opened after
#: repeated departures, a recall settled when its vote is counted): named so in the journal.
RULE = Operator(name="constitution")

#: The options of a recall vote's ballot (a blank ballot counts as cast, for neither).
RECALL, KEEP = "Recall", "Keep"
