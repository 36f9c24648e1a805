"""Appending needs the caller's transaction: the entry and the act commit together or not at all."""

from __future__ import annotations

import pytest

from commune.communes.access import OPERATOR
from commune.communes.models import Commune
from commune.journal.record import JournalError, append_entry


def test_append_outside_a_transaction_is_refused():
    with pytest.raises(JournalError, match="inside the action's transaction"):
        append_entry(Commune(slug="x"), "section.created", {}, actor=OPERATOR)
