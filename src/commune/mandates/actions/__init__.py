"""Every change to mandates, instructions and recall, each journaled in its transaction."""

from commune.mandates.actions.ending import do_end_mandate
from commune.mandates.actions.instructions import do_explain_departure, do_propose_instruction
from commune.mandates.actions.recall import (
    do_open_petition,
    do_settle_petition,
    do_sign_petition,
    do_withdraw_signature,
)
from commune.mandates.actions.same_ballot import RecallReceipts, do_cast_recall_ballot
from commune.mandates.actions.seating import do_certify_election

__all__ = [
    "RecallReceipts",
    "do_cast_recall_ballot",
    "do_certify_election",
    "do_end_mandate",
    "do_explain_departure",
    "do_open_petition",
    "do_propose_instruction",
    "do_settle_petition",
    "do_sign_petition",
    "do_withdraw_signature",
]
