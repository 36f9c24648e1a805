"""Two delegates of the Louvre, elected and seated (Citoyen 0 and Citoyen 1)."""

from __future__ import annotations

import pytest
from tests.election_fixtures import AFTER, DURING

from commune import clock


@pytest.fixture
def seated(election, voters, operator):
    """The Louvre elects Citoyen 0 and Citoyen 1 (six and four votes), certified."""
    from commune.elections import actions as e
    from commune.mandates import actions as m
    from commune.mandates.models import Mandate

    with clock.frozen(DURING):
        for n, user in enumerate(voters):
            e.do_cast_ballot(
                election,
                actor=user,
                marks=["Citoyen 0", "Citoyen 1"] if n < 6 else ["Citoyen 1", "Citoyen 2"],
            )
    with clock.frozen(AFTER):
        m.do_certify_election(e.do_settle_election(election), actor=operator)
    return {mm.person.full_name: mm for mm in Mandate.objects.filter(election=election)}
