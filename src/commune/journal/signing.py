"""The keys that sign a commune's checkpoints.

A private key is generated into the data directory (`journal-keys/`, file mode
0600, never overwritten) and its public half is recorded in the database, so
every web process publishes the same verifier key. Every process that signs must
see the same data directory, and it must be backed up with the database.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from commune.errors import Unavailable
from commune.ledger.note import SignerKey, generate_signer_key, load_signer_key, save_signer_key


class SigningKeyMissing(Unavailable):
    """The database names a signing key whose private half is not in this data directory."""

    code = "signing_key_missing"


def keys_folder() -> Path:
    return Path(settings.DATA_DIR) / "journal-keys"


def create_signer(origin: str) -> tuple[SignerKey, str]:
    """A new Ed25519 key named `origin`, saved (mode 0600); returns it and its file name.

    Files are named by slug and key id, so a file left by a rolled-back act, or by an
    earlier database on the same data directory, is never taken for this journal's key.
    """
    key = generate_signer_key(origin)
    slug = origin.rsplit("/", 1)[-1]
    file_name = f"{slug}.{str(key.verifier_key).split('+')[1]}.key"
    folder = keys_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    save_signer_key(key, folder / file_name)
    return key, file_name


def load_signer(file_name: str) -> SignerKey:
    path = keys_folder() / file_name
    if not path.exists():
        raise SigningKeyMissing(
            f"the journal's signing key {path} is missing: every web process must share "
            "COMMUNE_DATA_DIR, and it must be backed up"
        )
    return load_signer_key(path)
