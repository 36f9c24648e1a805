"""Results of record: the 26 March 1871 elections as their sources give them, nothing
estimated, the councillors seated — and never presented as recountable."""

from __future__ import annotations

import datetime as dt

import pytest

from commune.communes.access import OPERATOR
from commune.demo.history import record_26_march
from commune.demo.loader import load_paris_1871
from commune.elections import publication
from commune.elections.errors import WrongState
from commune.elections.models import Election
from commune.elections.verify import report
from commune.journal.models import JournalEntry
from commune.mandates.models import Mandate

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris():
    commune = load_paris_1871(actor=OPERATOR)
    record_26_march(commune, actor=OPERATOR)
    return commune


def test_each_arrondissement_has_its_result_of_record(paris, client):
    assert Election.objects.filter(commune=paris).count() == 20
    twentieth = Election.objects.get(commune=paris, section__number=20)
    result = publication.result_document(twentieth)
    assert result["of_record"] and result["recount"] is None
    assert result["figures"]["Bergeret"] == 15290  # Lepelletier, as the CSV cites
    assert result["voters"] is None  # no source read gives it: left empty, never estimated
    page = client.get(f"/c/paris-1871/elections/{twentieth.pk}/result/").content.decode()
    assert "A result of record" in page and "15,290" in page and "unknown" in page


def test_the_councillors_take_their_seats_on_28_march(paris):
    mandates = Mandate.objects.filter(commune=paris)
    assert mandates.count() == 93  # the names of the list, double elections counted twice
    assert mandates.filter(person__full_name="Varlin").count() == 3
    seated = mandates.first().started_at
    assert seated.date() == dt.date(1871, 3, 28)
    kinds = set(JournalEntry.objects.filter(commune=paris).values_list("kind", flat=True))
    assert {"election.recorded", "election.certified", "mandate.began"} <= kinds


def test_a_result_of_record_has_no_ballots_and_nothing_to_recount(paris, capsys):
    first = Election.objects.get(commune=paris, section__number=1)
    with pytest.raises(WrongState, match="no ballot was kept"):
        publication.ballots_file(first, "blt")
    assert report(publication.result_document(first), "") == 0
    assert capsys.readouterr().out.startswith("RECORD Élections du 26 mars 1871 — 1er")
