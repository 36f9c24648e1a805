"""Every change to an election goes through one of these (one module per topic)."""

from commune.elections.actions.candidacies import do_file_candidacy, do_withdraw_candidacy
from commune.elections.actions.casting import Receipt, do_cast_ballot
from commune.elections.actions.lifecycle import (
    do_call_election,
    do_cancel_election,
    do_change_election_settings,
    do_close_election_now,
    do_settle_election,
)
from commune.elections.actions.records import CandidateOfRecord, do_record_election
from commune.elections.actions.stations import (
    do_add_polling_station,
    do_confirm_count_sheet,
    do_enter_count_sheet,
)

__all__ = [
    "CandidateOfRecord",
    "Receipt",
    "do_add_polling_station",
    "do_call_election",
    "do_cancel_election",
    "do_cast_ballot",
    "do_change_election_settings",
    "do_close_election_now",
    "do_confirm_count_sheet",
    "do_enter_count_sheet",
    "do_file_candidacy",
    "do_record_election",
    "do_settle_election",
    "do_withdraw_candidacy",
]
