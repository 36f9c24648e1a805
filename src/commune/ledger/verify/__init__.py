"""The independent verifier of a Journal officiel: from an export file or a live server.

It trusts nothing but a verifier key (given, or taken from the source on first use) and,
optionally, a checkpoint saved by an earlier run. It recomputes the Merkle tree from every
entry, checks that each entry is well formed and stands at its own index in its own commune,
that the checkpoint is signed by a trusted key (or by a key the log itself brought in with an
endorsed ``key.rotated`` entry), that the recomputed root is the signed one, and that the new
checkpoint extends the trusted one (same size and another root: a fork; smaller: a rollback;
larger: a consistency proof, fetched from the server or recomputed from the export).

Every problem carries a stable code and, when it can be pinned down, the index of the first
entry at fault (:attr:`Report.first_bad_index`). When only the root disagrees, the verifier
finds the first altered entry with the export's declared leaf hashes (trusted only if they
fold to the signed root) or, for a server, by bisection with consistency proofs.
"""

from commune.ledger.verify.exportfile import BLOCK_BYTES, verify_export
from commune.ledger.verify.report import Problem, Progress, Report, save_checkpoint
from commune.ledger.verify.server import PAGE_SIZE, verify_url

__all__ = [
    "BLOCK_BYTES",
    "PAGE_SIZE",
    "Problem",
    "Progress",
    "Report",
    "save_checkpoint",
    "verify_export",
    "verify_url",
]
