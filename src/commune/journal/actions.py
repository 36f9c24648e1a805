"""Signing the journal's tree head, and changing the key that signs it."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Generator
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from commune import clock
from commune.actors import Actor, is_administrator
from commune.communes.models import Commune
from commune.errors import PermissionDenied
from commune.journal import signing
from commune.journal.errors import JournalInconsistent
from commune.journal.models import Checkpoint, JournalEntry, SigningKey, TreeHead, TreeNode
from commune.journal.record import append_entry, locked_head
from commune.journal.store import DatabaseHashStore
from commune.ledger.checkpoint import Checkpoint as TreeHeadText
from commune.ledger.checkpoint import open_checkpoint, sign_checkpoint
from commune.ledger.entry import KEY_ROTATED
from commune.ledger.errors import (
    CheckpointError,
    InconsistentLogError,
    KeyFormatError,
    NoteError,
)
from commune.ledger.extension import READ_BATCH, StoredRow, extend_signed_head
from commune.ledger.merkle import completed_ranges, root_keys
from commune.ledger.note import MAX_NOTE_SIZE, SignerKey, VerifierKey
from commune.ledger.rotation import rotation_payload

logger = logging.getLogger("commune.journal")


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

    A new size is signed only once it is proven to extend the last checkpoint signed, from
    the stored tree and the entries appended since (`_prove_extension`); otherwise
    `JournalInconsistent` (code `journal_inconsistent`, a 503: the operator must repair the
    database) is raised, logged as CRITICAL, and nothing is signed.
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
        keys = list(SigningKey.objects.filter(commune=commune).order_by("pk"))
        if not keys:
            raise signing.SigningKeyMissing(f"{commune.slug} has no signing key yet")
        signer = signing.load_signer(keys[-1].key_file)
        try:
            root = _prove_extension(commune, head, keys, signer)
        except InconsistentLogError as error:
            # The database was written behind the application's back: say so to whoever
            # watches the logs, and sign nothing (the hardening issue, item 2).
            logger.critical(
                "Journal officiel of %s: refusing to sign a checkpoint of size %s: %s",
                commune.slug,
                head.size,
                error.message,
            )
            raise JournalInconsistent(error.message) from error
        text = TreeHeadText(origin=head.origin, size=head.size, root=root)
        note = sign_checkpoint(text, signer)
        _remember_signed(keys[-1].key_file, note)
        return Checkpoint.objects.create(
            commune=commune,
            size=head.size,
            root_hash=root,
            note=note,
            signed_at=clock.now(),
        )


# --- Signing only what extends what was signed --------------------------------------------


def _prove_extension(
    commune: Commune, head: TreeHead, keys: list[SigningKey], signer: SignerKey
) -> bytes:
    """The root to sign for `head`, proven to extend the last checkpoint this journal signed
    (`commune.ledger.extension`: O(log n) stored hashes, plus the entries appended since).

    "The last checkpoint signed" is the newest of the checkpoint rows and of the notes the
    signer keeps beside each key (`_remember_signed`), each opened with the journal's keys:
    deleting rows from the database does not make the server forget what it signed.
    """
    if head.origin != signer.name:
        raise InconsistentLogError(
            f"the head names the log {head.origin!r}, its signing key {signer.name!r}"
        )
    previous = _last_signed(commune, keys, signer)
    if previous is not None and previous.origin != head.origin:
        raise InconsistentLogError(
            f"the last checkpoint signed is of {previous.origin!r}, the head of {head.origin!r}"
        )
    start = previous.size if previous is not None else 0
    # Closed here, not whenever it is collected: an unfinished server-side cursor closed by
    # the garbage collector may wait on the connection's lock, held by whatever runs then.
    with closing(_stored_entries(commune, start, head.size)) as entries:
        return extend_signed_head(
            commune=commune.slug,
            previous=previous,
            previous_subtrees=DatabaseHashStore(commune, root_keys(start)),
            size=head.size,
            entries=entries,
            stored_nodes=lambda begin, end: _stored_nodes(commune, begin, end),
            head_root=bytes(head.root_hash),
        )


def _last_signed(
    commune: Commune, keys: list[SigningKey], signer: SignerKey
) -> TreeHeadText | None:
    try:
        verifiers = [VerifierKey.parse(key.verifier_key) for key in keys]
    except KeyFormatError as exc:
        raise InconsistentLogError(f"a signing key of the journal is malformed: {exc}") from None
    if signer.verifier_key not in verifiers:
        raise InconsistentLogError("the signing key's public half is not the one recorded")
    # (what, note, and the size and root a row claims beside its note)
    candidates: list[tuple[str, str, int | None, bytes | None]] = []
    latest = Checkpoint.objects.filter(commune=commune).order_by("-size").first()
    if latest is not None:
        what = f"the checkpoint row of size {latest.size}"
        candidates.append((what, latest.note, latest.size, bytes(latest.root_hash)))
    for key in keys:
        path = _signed_path(key.key_file)
        if path.exists():
            candidates.append(
                (f"the last note signed by {key.key_file}", _read_note(path), None, None)
            )
    newest: TreeHeadText | None = None
    for what, note, size, root in candidates:
        try:
            signed = open_checkpoint(note, verifiers).checkpoint
        except (NoteError, CheckpointError) as exc:
            raise InconsistentLogError(
                f"{what} is not a checkpoint signed by this journal's keys: {exc}"
            ) from None
        if size is not None and (signed.size, signed.root) != (size, root):
            raise InconsistentLogError(f"{what} does not hold the size and root its note signs")
        if newest is not None and newest.size == signed.size and newest.root != signed.root:
            raise InconsistentLogError(f"two checkpoints of size {signed.size} were signed")
        if newest is None or signed.size > newest.size:
            newest = signed
    return newest


def _signed_path(key_file: str) -> Path:
    """Where the signer keeps the last note a key signed: beside the key, in the data
    directory, out of reach of whoever can only write to the database."""
    if Path(key_file).name != key_file or not key_file:
        raise InconsistentLogError(f"the key file name {key_file!r} is not a plain file name")
    return signing.keys_folder() / f"{key_file}.last-signed"


def _read_note(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_NOTE_SIZE + 1)
    except OSError as exc:
        raise InconsistentLogError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_NOTE_SIZE:
        raise InconsistentLogError(f"{path} is larger than a note ({MAX_NOTE_SIZE} bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InconsistentLogError(f"{path} is not UTF-8") from None


def _remember_signed(key_file: str, note: str) -> None:
    """Replace the key's last signed note, atomically (mode 0600), before the checkpoint is
    published: the head row lock orders the signers, so the file only ever grows in size."""
    path = _signed_path(key_file)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(note)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _stored_entries(
    commune: Commune, start: int, end: int
) -> Generator[list[StoredRow], None, None]:
    """Entries `start` ≤ index < `end` with the leaf hash stored beside each, streamed in
    index order, a batch at a time (a server-side cursor where the database has one; no
    model objects)."""
    quote = connection.ops.quote_name
    index = quote("index")
    sql = (
        f"SELECT {index}, data, leaf_hash FROM {quote(JournalEntry._meta.db_table)} "
        f"WHERE commune_id = %s AND {index} >= %s AND {index} < %s ORDER BY {index}"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [commune.pk, start, end])
        while rows := cursor.fetchmany(READ_BATCH):
            yield [
                (position, data.encode("utf-8"), None if leaf is None else bytes(leaf))
                for position, data, leaf in rows
            ]


def _stored_nodes(commune: Commune, begin: int, end: int) -> dict[tuple[int, int], bytes]:
    """The stored subtrees that leaves `begin` to `end - 1` complete, in one statement (a
    range of the unique index per level; the commune in every branch, for SQLite)."""
    quote = connection.ops.quote_name
    table = quote(TreeNode._meta.db_table)
    level_col, index_col = quote("level"), quote("index")
    branches = []
    params: list[Any] = []
    for level, first, stop in completed_ranges(begin, end):
        branches.append(
            f"(commune_id = %s AND {level_col} = %s AND {index_col} >= %s AND {index_col} < %s)"
        )
        params += [commune.pk, level, first, stop]
    if not branches:
        return {}
    sql = f"SELECT {level_col}, {index_col}, hash FROM {table} WHERE " + " OR ".join(branches)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(level, index): bytes(digest) for level, index, digest in cursor.fetchall()}


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
