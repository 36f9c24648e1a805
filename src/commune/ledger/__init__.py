"""The Journal officiel's pure core: canonical JSON, the RFC 9162 Merkle tree, proofs,
signed checkpoints and the verifier. Imports no Django; the public contract is
``docs/journal-format.md``.

Modules (import them directly; this package imports nothing at load):

- ``canonical``: RFC 8785 canonical JSON (``canonicalize``, ``parse_canonical``);
- ``entry``: journal entries (``make_entry``, ``parse_entry``, ``format_at``);
- ``merkle``: hashing, ``CompactRange``, stores, ``append_entries``, proofs from stored
  perfect-subtree hashes (``*_proof_keys`` for one batched read), RFC 9162 verification;
- ``note`` / ``checkpoint``: Ed25519 keys, C2SP signed notes and tlog checkpoints;
- ``rotation``: ``key.rotated`` entries and the ``KeyRing`` of trusted keys;
- ``export``: the JSON Lines export (streaming writer and reader);
- ``verify`` / ``cli``: the independent verifier and ``journal verify``.

The server side (the journal app), inside the transaction of the action that appends::

    keys = merkle.root_keys(size)                        # rows to read, one query
    nodes, root = merkle.append_entries(merkle.MappingHashStore(rows), size, [
        entry.make_entry(commune=slug, index=size, kind="decree.adopted", at=now, payload=...)])
    # insert nodes as (level, index, hash) rows, never updated; new head: size + 1, root
    note = checkpoint.sign_checkpoint(checkpoint.Checkpoint(origin, size + 1, root), signer)

Proofs: ``inclusion_proof_keys(i, n)`` -> read the rows -> ``inclusion_proof(MappingHashStore(
rows), i, n)`` (likewise ``consistency_proof_keys`` / ``consistency_proof``). Keys:
``generate_signer_key(origin)``, ``save_signer_key``, ``load_signer_key``, and
``str(signer.verifier_key)`` for ``/public-key``. Rotation: an entry of kind ``key.rotated``
with ``rotation.rotation_payload(...)``. Export: ``export.write_export(out, checkpoint=note,
public_keys=[...], entries=rows of (index, entry bytes))``.
"""
