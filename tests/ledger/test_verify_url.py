"""The verifier against a live server (a tiny http.server in a thread, no Django)."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest

from commune.ledger.errors import SourceError
from commune.ledger.note import generate_signer_key
from commune.ledger.verify import verify_url

from .conftest import KEY, ORIGIN, ServedJournal, build_log, served

Serve = Callable[[ServedJournal], str]
LOG = build_log(2345)


def _codes(report: object) -> set[str]:
    return {p.code for p in report.problems}  # type: ignore[attr-defined]


def test_a_good_server_verifies_page_by_page(journal_server: Serve) -> None:
    """Entries are fetched 1,000 at a time and the whole log verifies."""
    journal = served(LOG)
    report = verify_url(journal_server(journal), public_key=KEY.verifier_key)
    assert report.ok, report.problems
    assert report.checkpoint is not None and report.checkpoint.size == 2345
    pages = [r for r in journal.requests if r.startswith("/api/v1/journal/entries")]
    assert pages == [
        "/api/v1/journal/entries?start=0&end=1000",
        "/api/v1/journal/entries?start=1000&end=2000",
        "/api/v1/journal/entries?start=2000&end=2345",
    ]


def test_the_servers_key_is_trusted_on_first_use(journal_server: Serve) -> None:
    """Without a key, the verifier fetches /public-key and says it trusted it."""
    report = verify_url(journal_server(served(LOG)))
    assert report.ok and "trust on first use" in report.notices[0]


def test_an_altered_entry_is_found_by_bisection(journal_server: Serve) -> None:
    """A server serving one changed entry: consistency proofs locate it exactly."""
    journal = served(LOG)
    data = bytearray(LOG.entries[1717])
    data[data.index(b"acte") + 1] ^= 0x01
    journal.entries[1717]["data"] = base64.b64encode(bytes(data)).decode()
    report = verify_url(journal_server(journal), public_key=KEY.verifier_key)
    assert not report.ok and report.first_bad_index == 1717
    assert _codes(report) == {"entry_altered"}


def test_a_deleted_entry_is_named(journal_server: Serve) -> None:
    """A server that skips an entry is caught at that index."""
    journal = served(LOG)
    del journal.entries[500]
    report = verify_url(journal_server(journal), public_key=KEY.verifier_key)
    assert not report.ok and report.first_bad_index == 500


def test_reordered_entries_are_named(journal_server: Serve) -> None:
    """Swapped entries are named at the first of them."""
    journal = served(LOG)
    journal.entries[7], journal.entries[9] = journal.entries[9], journal.entries[7]
    report = verify_url(journal_server(journal), public_key=KEY.verifier_key)
    assert not report.ok and report.first_bad_index == 7


def test_a_forged_checkpoint_is_refused(journal_server: Serve) -> None:
    """A checkpoint signed by another key fails; with a trusted checkpoint the first entry
    beyond it is named."""
    log = build_log(30)
    journal = served(log)
    log.append()
    journal = served(log)
    journal.note = log.checkpoint(key=generate_signer_key(ORIGIN))
    url = journal_server(journal)
    report = verify_url(url, public_key=KEY.verifier_key)
    assert not report.ok and "bad_signature" in _codes(report)
    report = verify_url(url, public_key=KEY.verifier_key, trusted=log.checkpoint(30, key=KEY))
    assert report.first_bad_index == 30


def test_monitoring_detects_fork_and_rollback(journal_server: Serve) -> None:
    """With a saved checkpoint: growth verifies by consistency proof; a rewritten history is
    a fork; a shorter log is a rollback naming its first vanished entry."""
    log = build_log(50)
    trusted = log.checkpoint(20)
    assert verify_url(journal_server(served(log)), public_key=KEY.verifier_key, trusted=trusted).ok

    other = build_log(10)
    other.append(payload={"n": 10, "text": "rewritten"})
    for _ in range(39):
        other.append()
    report = verify_url(journal_server(served(other)), public_key=KEY.verifier_key, trusted=trusted)
    assert not report.ok and _codes(report) == {"fork"}

    report = verify_url(
        journal_server(served(other)), public_key=KEY.verifier_key, trusted=log.checkpoint()
    )
    assert _codes(report) == {"fork"}

    report = verify_url(
        journal_server(served(log, 15)), public_key=KEY.verifier_key, trusted=trusted
    )
    assert not report.ok and report.first_bad_index == 15 and _codes(report) == {"rollback"}


def test_rotation_over_http(journal_server: Serve) -> None:
    """A log whose key rotated verifies from its first key."""
    first = generate_signer_key(ORIGIN)
    log = build_log(4, key=first)
    log.rotate(generate_signer_key(ORIGIN))
    log.append()
    report = verify_url(journal_server(served(log)), public_key=first.verifier_key)
    assert report.ok, report.problems


def test_an_unreachable_server_is_an_io_error() -> None:
    """No server: SourceError, not a verdict on the log."""
    with pytest.raises(SourceError):
        verify_url("http://127.0.0.1:9", public_key=KEY.verifier_key, timeout=2)


def test_a_server_with_smaller_pages_is_followed(journal_server: Serve) -> None:
    """A server that returns fewer entries than asked is paged on from where it stopped;
    one that returns none before the end is missing entries."""
    journal = served(LOG)

    class Short(list):  # serve at most 300 entries a page
        def __getitem__(self, key):  # type: ignore[no-untyped-def]
            result = list.__getitem__(self, key)
            return result[:300] if isinstance(key, slice) else result

    journal.entries = Short(journal.entries)
    assert verify_url(journal_server(journal), public_key=KEY.verifier_key).ok
    journal.entries = Short(served(LOG).entries[:2000])
    report = verify_url(journal_server(journal), public_key=KEY.verifier_key)
    assert report.first_bad_index == 2000 and _codes(report) == {"missing_entries"}
