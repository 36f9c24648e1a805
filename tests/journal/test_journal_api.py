"""The Journal officiel's HTTP contract, checked with the pure core's own verification."""

from __future__ import annotations

import base64
import json

import pytest

from commune.journal import actions as journal_actions
from commune.journal.models import JournalEntry, TreeNode
from commune.ledger.checkpoint import open_checkpoint
from commune.ledger.entry import parse_entry
from commune.ledger.errors import LedgerError
from commune.ledger.merkle import MemoryTree, leaf_hash, verify_consistency, verify_inclusion
from commune.ledger.note import VerifierKey
from commune.members import actions

pytestmark = pytest.mark.django_db


def b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def grow(commune, operator, count: int) -> None:
    for number in range(100, 100 + count):
        actions.do_create_section(commune, actor=operator, number=number, name=f"S{number}")


def test_checkpoint_is_signed_by_the_published_key(client, commune):
    key = VerifierKey.parse(client.get("/api/v1/journal/public-key").content.decode().strip())
    response = client.get("/api/v1/journal/checkpoint")
    assert response["Content-Type"].startswith("text/plain")
    signed = open_checkpoint(response.content.decode(), [key])
    assert signed.checkpoint.size == 5
    assert signed.checkpoint.origin == "localhost/test-commune"


def test_entries_are_the_exact_leaves(client, commune):
    body = client.get("/api/v1/journal/entries?start=0&end=10").json()
    assert [e["index"] for e in body["entries"]] == [0, 1, 2, 3, 4]
    stored = JournalEntry.objects.get(commune=commune, index=1)
    first = body["entries"][1]
    assert b64(first["data"]) == stored.leaf_bytes
    assert leaf_hash(b64(first["data"])) == bytes(stored.leaf_hash)
    entry = parse_entry(b64(first["data"]), index=1, commune="test-commune")
    assert entry.kind == first["kind"] == "section.created"


def test_every_inclusion_and_consistency_proof_verifies(client, commune, operator):
    """At 13 entries (ragged right edges at most sizes), every proof the API serves verifies
    against roots recomputed independently from the entries, and the signed head matches."""
    grow(commune, operator, 8)
    key = VerifierKey.parse(client.get("/api/v1/journal/public-key").content.decode().strip())
    head = open_checkpoint(client.get("/api/v1/journal/checkpoint").content.decode(), [key])
    tree = MemoryTree()
    for entry in JournalEntry.objects.filter(commune=commune):
        tree.append(entry.leaf_bytes)
    assert tree.root() == head.checkpoint.root
    size_now = head.checkpoint.size
    for size in range(1, size_now + 1):
        for index in range(size):
            proof = client.get(f"/api/v1/journal/proof/inclusion?index={index}&size={size}")
            hashes = [b64(h) for h in proof.json()["hashes"]]
            assert verify_inclusion(tree.leaf_hash(index), index, size, hashes, tree.root(size))
        for first in range(1, size + 1):
            proof = client.get(f"/api/v1/journal/proof/consistency?first={first}&second={size}")
            hashes = [b64(h) for h in proof.json()["hashes"]]
            assert verify_consistency(first, size, tree.root(first), tree.root(size), hashes)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("entries?start=5&end=2", "bad range"),
        ("entries?start=0&end=5000", "at most 1000"),
        ("entries?start=x&end=2", "integer"),
        ("proof/inclusion?index=9&size=5", "index 9 is not in a tree of size 5"),
        ("proof/inclusion?index=0&size=99", "size 99 is not a tree size"),
        ("proof/consistency?first=0&second=3", "first 0 must satisfy"),
    ],
)
def test_bad_requests_name_the_problem(client, commune, query, message):
    response = client.get(f"/api/v1/journal/{query}")
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "details"}
    assert message in json.dumps(response.json())


def test_per_commune_base_url(client, commune, operator):
    actions.do_found_commune(actor=operator, slug="other", name="Other")
    assert client.get("/api/v1/journal/checkpoint").status_code == 400  # which commune?
    note = client.get("/c/other/api/v1/journal/checkpoint").content.decode()
    assert note.startswith("localhost/other\n1\n")
    assert client.get("/api/v1/journal/checkpoint?commune=other").content.decode() == note
    assert client.get("/c/nowhere/api/v1/journal/checkpoint").status_code == 404


def test_one_checkpoint_per_size(commune):
    first = journal_actions.do_sign_checkpoint(commune)
    assert journal_actions.do_sign_checkpoint(commune).pk == first.pk


def test_tree_nodes_are_stored_for_every_completed_subtree(commune, operator):
    grow(commune, operator, 3)  # 8 entries: a perfect tree of level 3
    levels = sorted(TreeNode.objects.filter(commune=commune).values_list("level", "index"))
    assert levels.count((0, 7)) == 1 and (3, 0) in levels and len(levels) == 8 + 4 + 2 + 1


def test_key_rotation_is_vouched_for_in_the_log(client, commune, operator):
    from commune.ledger.rotation import KeyRing

    first_key = VerifierKey.parse(client.get("/api/v1/journal/public-key").content.decode().strip())
    new = journal_actions.do_rotate_signing_key(commune, actor=operator)
    note = client.get("/api/v1/journal/checkpoint").content.decode()
    with pytest.raises(LedgerError):  # signed by the new key only
        open_checkpoint(note, [first_key])
    ring = KeyRing(f"localhost/{commune.slug}", [first_key])
    for e in JournalEntry.objects.filter(commune=commune, kind="key.rotated"):
        assert ring.apply(parse_entry(e.leaf_bytes)).value == "added"
    assert new.verifier_key in [str(k) for k in ring.keys]
    open_checkpoint(note, ring.keys_for(6))


def test_immutable_answers_are_cacheable_and_errors_are_not(client, commune):
    proof = client.get("/c/test-commune/api/v1/journal/proof/inclusion?index=1&size=5")
    assert "immutable" in proof["Cache-Control"]
    short = client.get("/api/v1/journal/entries?start=0&end=100")  # the log will grow
    assert "immutable" not in short["Cache-Control"]
    full = client.get("/api/v1/journal/entries?start=0&end=5")
    assert "immutable" in full["Cache-Control"]
    error = client.get("/api/v1/journal/proof/inclusion?index=1&size=99")
    assert error.status_code == 400 and "immutable" not in error.get("Cache-Control", "")
    assert "no-cache" in client.get("/api/v1/journal/checkpoint")["Cache-Control"]


def test_no_commune_yet(client, db):
    response = client.get("/api/v1/journal/checkpoint")
    assert response.status_code == 404
    assert response.json()["message"] == "no commune has been founded on this server"
