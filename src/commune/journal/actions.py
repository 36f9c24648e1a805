"""Signing the journal's tree head, and changing the key that signs it."""

from __future__ import annotations

from django.db import transaction

from commune import clock
from commune.actors import Actor, is_administrator
from commune.communes.models import Commune
from commune.errors import PermissionDenied
from commune.journal import signing
from commune.journal.models import Checkpoint, SigningKey, TreeHead
from commune.journal.record import append_entry, locked_head
from commune.ledger.checkpoint import Checkpoint as TreeHeadText
from commune.ledger.checkpoint import sign_checkpoint
from commune.ledger.entry import KEY_ROTATED
from commune.ledger.note import SignerKey
from commune.ledger.rotation import rotation_payload


def _current_signer(commune: Commune) -> SignerKey:
    newest = SigningKey.objects.filter(commune=commune).order_by("-pk").first()
    if newest is None:
        raise signing.SigningKeyMissing(f"{commune.slug} has no signing key yet")
    return signing.load_signer(newest.key_file)


def do_sign_checkpoint(commune: Commune) -> Checkpoint:
    """Sign the current tree head, or return the checkpoint already signed at this size.

    Called when someone asks for the checkpoint (settled on first access, so no
    background worker is needed); the head row lock makes concurrent callers
    agree on one checkpoint per size. When the newest checkpoint already covers the
    whole log, it is returned without taking the write lock, so readers of the public
    pages never queue behind writers (and a read replica could answer them).
    """
    size = TreeHead.objects.filter(commune=commune).values_list("size", flat=True).first()
    if size is not None:
        latest = Checkpoint.objects.filter(commune=commune).order_by("-size").first()
        if latest is not None and latest.size == size:
            return latest
    with transaction.atomic():
        head = locked_head(commune)
        existing = Checkpoint.objects.filter(commune=commune, size=head.size).first()
        if existing is not None:
            return existing
        text = TreeHeadText(origin=head.origin, size=head.size, root=bytes(head.root_hash))
        note = sign_checkpoint(text, _current_signer(commune))
        return Checkpoint.objects.create(
            commune=commune,
            size=head.size,
            root_hash=bytes(head.root_hash),
            note=note,
            signed_at=clock.now(),
        )


def do_rotate_signing_key(commune: Commune, *, actor: Actor) -> SigningKey:
    """Bring in a new signing key, vouched for by the current one in a `key.rotated` entry.

    Verifiers that trust the old key learn the new one from the log itself; the
    old key stays valid for the checkpoints it signed.
    """
    if not is_administrator(actor):
        raise PermissionDenied("only an administrator may rotate the journal's key")
    with transaction.atomic():
        head: TreeHead = locked_head(commune)
        old = _current_signer(commune)
        new, file_name = signing.create_signer(head.origin)
        # The endorsement names the index the entry gets: the head is locked, so it is size.
        payload = rotation_payload(
            origin=head.origin, index=head.size, new_key=new.verifier_key, endorsed_by=old
        )
        append_entry(commune, KEY_ROTATED, payload, actor=actor)
        return SigningKey.objects.create(
            commune=commune,
            verifier_key=str(new.verifier_key),
            key_file=file_name,
            created_at=clock.now(),
        )
