"""Errors map to HTTP statuses by class, in one table used by the API and the pages."""

from __future__ import annotations

import pytest

from commune.accounts import throttle  # noqa: F401  (the sign-in limits load on their own)
from commune.api.errors import body_for, status_for
from commune.errors import Conflict, Fault, InvalidInput, NotFound, PermissionDenied, Unavailable
from commune.journal.errors import JournalInconsistent
from commune.journal.kinds import UnknownKind
from commune.journal.record import JournalError
from commune.journal.signing import SigningKeyMissing
from commune.ledger.errors import ExportFormatError
from commune.members.errors import AlreadyMember, ImportRejected, SeatTie
from commune.socialchoice.apportionment import ApportionmentError
from commune.socialchoice.errors import BallotError


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("x"), 404),
        (PermissionDenied("x"), 403),
        (InvalidInput("x"), 400),
        (ImportRejected("x"), 400),
        (Conflict("x"), 409),
        (AlreadyMember("x"), 409),
        (SeatTie("x"), 409),
        (Unavailable("x"), 503),
        (SigningKeyMissing("x"), 503),
        (JournalInconsistent("x"), 503),
        (Fault("x"), 500),
        (JournalError("x"), 500),
        (UnknownKind("x"), 500),
        (ApportionmentError("x"), 400),
        (BallotError("overvote", "x"), 400),
        (ExportFormatError("x"), 400),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Exception) else str(v),
)
def test_each_error_gets_the_status_of_its_class(error, status):
    assert status_for(error) == status


def test_a_faults_message_is_not_sent():
    body = body_for(SigningKeyMissing("the key /var/lib/commune/journal-keys/x.key is missing"))
    assert body["code"] == "signing_key_missing"
    assert "/var/lib" not in str(body)


def test_the_apportionment_error_is_still_a_value_error():
    assert isinstance(ApportionmentError("x"), ValueError)
    assert ApportionmentError.code == "apportionment_error"
