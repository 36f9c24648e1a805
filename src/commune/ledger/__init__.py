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
"""
