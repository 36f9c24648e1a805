"""C2SP signed notes with Ed25519 keys (c2sp.org/signed-note, golang.org/x/mod/sumdb/note).

A note is a text ending in a newline, a blank line, then signature lines::

    <text>\\n
    \\n
    — <key name> <base64(4-byte key ID || Ed25519 signature of the text)>\\n

Keys are strings:

- verifier key: ``<name>+<hex key ID>+<base64(0x01 || 32-byte public key)>``;
- signer key: ``PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || 32-byte seed)>``;
- key ID = the first 4 bytes of ``SHA-256(name || 0x0A || 0x01 || public key)``.

Parsing is strict: a note that deviates from the format in any way (control characters,
missing blank line, a line that is not a signature, bad or non-canonical base64, a bad key
name) is refused with a message that says what is wrong. Verification follows the spec: a
signature whose (name, key ID) is not a trusted key is ignored; one that is must verify, or
the whole note is refused; and at least one must verify.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from commune.ledger.encoding import b64decode_strict, b64encode
from commune.ledger.errors import KeyFileError, KeyFormatError, NoteError, UntrustedNoteError, shown

__all__ = [
    "MAX_KEY_FILE_SIZE",
    "MAX_NOTE_SIZE",
    "MAX_SIGNATURES",
    "Note",
    "NoteSignature",
    "SignerKey",
    "VerifierKey",
    "generate_signer_key",
    "is_valid_key_name",
    "key_id",
    "load_signer_key",
    "load_verifier_key",
    "open_note",
    "parse_note",
    "save_signer_key",
    "sign_note",
]

_ALG_ED25519 = b"\x01"  # c2sp.org/signed-note: signature type 0x01, Ed25519
_SIGNATURE_PREFIX = "\u2014 "  # em dash, space
_PRIVATE_PREFIX = "PRIVATE+KEY+"
#: The most signatures a note may carry (the spec requires at least 16; Go accepts 100).
MAX_SIGNATURES = 100
#: The largest note accepted, in bytes of UTF-8.
MAX_NOTE_SIZE = 1 << 20
#: The largest file read as a verifier key.
MAX_KEY_FILE_SIZE = 64 << 10
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_HEX_ID = re.compile(r"[0-9a-f]{8}\Z")


def is_valid_key_name(name: str) -> bool:
    """Key names are non-empty and hold no Unicode space, no ``+``, no control character
    and no lone surrogate (a string parsed from JSON may: it is not Unicode text)."""
    return bool(name) and not any(
        c == "+" or c.isspace() or c < " " or "\ud800" <= c <= "\udfff" for c in name
    )


def key_id(name: str, public_key: bytes) -> bytes:
    """``SHA-256(name || 0x0A || 0x01 || public key)[:4]`` (c2sp.org/signed-note, Ed25519)."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + _ALG_ED25519 + public_key).digest()[:4]


@dataclass(frozen=True, slots=True)
class VerifierKey:
    """A public key that verifies notes: a name, a key ID and an Ed25519 public key."""

    name: str
    key_id: bytes
    public_key: bytes

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        """Parse ``<name>+<hex key ID>+<base64(0x01 || public key)>``."""
        parts = text.split("+", 2)
        if len(parts) != 3:
            raise KeyFormatError("a verifier key is <name>+<hex key ID>+<base64 key>")
        name, hex_id, encoded = parts
        if not is_valid_key_name(name):
            raise KeyFormatError(
                f"key name {shown(name)} is empty or holds a space, '+' or control"
            )
        if not _HEX_ID.match(hex_id):
            raise KeyFormatError(f"key ID {shown(hex_id)} is not 8 lower-case hex digits")
        raw = b64decode_strict(encoded, "the verifier key", KeyFormatError)
        if len(raw) != 33 or raw[:1] != _ALG_ED25519:
            raise KeyFormatError("the verifier key is not an Ed25519 key (0x01 and 32 bytes)")
        public_key = raw[1:]
        if key_id(name, public_key) != bytes.fromhex(hex_id):
            raise KeyFormatError(f"key ID {hex_id} does not match the name and public key")
        return cls(name, bytes.fromhex(hex_id), public_key)

    def __str__(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{b64encode(_ALG_ED25519 + self.public_key)}"

    @property
    def label(self) -> str:
        """``<name>+<hex key ID>``: how messages name the key."""
        return f"{self.name}+{self.key_id.hex()}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is this key's Ed25519 signature of ``message``."""
        if len(signature) != 64:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True, slots=True, repr=False)
class SignerKey:
    """A private key that signs notes. ``str()`` is the secret key string; ``repr()`` hides it."""

    name: str
    key_id: bytes
    seed: bytes

    @classmethod
    def parse(cls, text: str) -> SignerKey:
        """Parse ``PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>``."""
        if not text.startswith(_PRIVATE_PREFIX):
            raise KeyFormatError("a signer key starts with PRIVATE+KEY+")
        parts = text[len(_PRIVATE_PREFIX) :].split("+", 2)
        if len(parts) != 3:
            raise KeyFormatError("a signer key is PRIVATE+KEY+<name>+<hex key ID>+<base64 key>")
        name, hex_id, encoded = parts
        if not is_valid_key_name(name):
            raise KeyFormatError(
                f"key name {shown(name)} is empty or holds a space, '+' or control"
            )
        if not _HEX_ID.match(hex_id):
            raise KeyFormatError(f"key ID {shown(hex_id)} is not 8 lower-case hex digits")
        raw = b64decode_strict(encoded, "the signer key", KeyFormatError)
        if len(raw) != 33 or raw[:1] != _ALG_ED25519:
            raise KeyFormatError("the signer key is not an Ed25519 seed (0x01 and 32 bytes)")
        key = cls(name, bytes.fromhex(hex_id), raw[1:])
        if key_id(name, key.verifier_key.public_key) != key.key_id:
            raise KeyFormatError(f"key ID {hex_id} does not match the name and key")
        return key

    def __str__(self) -> str:
        encoded = b64encode(_ALG_ED25519 + self.seed)
        return f"{_PRIVATE_PREFIX}{self.name}+{self.key_id.hex()}+{encoded}"

    def __repr__(self) -> str:
        return f"SignerKey(name={self.name!r}, key_id={self.key_id.hex()!r})"

    @property
    def verifier_key(self) -> VerifierKey:
        """The public half, to publish (``str()`` of it is the verifier key string)."""
        public = Ed25519PrivateKey.from_private_bytes(self.seed).public_key()
        return VerifierKey(
            self.name, self.key_id, public.public_bytes(Encoding.Raw, PublicFormat.Raw)
        )

    def sign(self, message: bytes) -> bytes:
        """The Ed25519 signature (64 bytes) of ``message``."""
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(message)


def generate_signer_key(name: str) -> SignerKey:
    """A new random Ed25519 signer key named ``name`` (for a journal: its checkpoint origin)."""
    if not is_valid_key_name(name):
        raise KeyFormatError(f"key name {shown(name)} is empty or holds a space, '+' or control")
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return SignerKey(name, key_id(name, public), seed)


def save_signer_key(key: SignerKey, path: str | os.PathLike[str]) -> None:
    """Write the signer key to a new file readable by its owner only (mode 0600).

    An existing file is never overwritten: losing a journal's key is not undone.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(f"{os.fspath(path)} exists: a key file is never overwritten") from None
    except OSError as exc:
        raise KeyFileError(f"cannot create {os.fspath(path)}: {exc.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)  # whatever the umask
        handle.write(f"{key}\n")


def load_signer_key(path: str | os.PathLike[str]) -> SignerKey:
    """Read a signer key written by :func:`save_signer_key`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"cannot read the signer key {os.fspath(path)}: {exc}") from None
    return SignerKey.parse(text.strip())


def load_verifier_key(text_or_path: str) -> VerifierKey:
    """A verifier key given as its string, or as the path of a file holding it."""
    candidate = text_or_path.strip()
    if candidate.count("+") >= 2 and not os.path.exists(candidate):
        return VerifierKey.parse(candidate)
    try:
        with open(text_or_path, "rb") as handle:
            data = handle.read(MAX_KEY_FILE_SIZE + 1)  # a key file is small: read no more
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(
            f"{text_or_path!r} is neither a verifier key nor a readable file"
        ) from exc
    if len(data) > MAX_KEY_FILE_SIZE:
        raise KeyFileError(
            f"{text_or_path!r} is larger than {MAX_KEY_FILE_SIZE >> 10} KiB: not a key file"
        )
    return VerifierKey.parse(text.strip())


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line of a note."""

    name: str
    key_id: bytes
    signature: bytes

    def __str__(self) -> str:
        return f"{_SIGNATURE_PREFIX}{self.name} {b64encode(self.key_id + self.signature)}\n"


@dataclass(frozen=True, slots=True)
class Note:
    """A note's text (with its final newline) and its signature lines, unverified."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def __str__(self) -> str:
        return self.text + "\n" + "".join(map(str, self.signatures))


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("the note text does not end with a newline")
    if not text.strip("\n"):
        raise NoteError("the note text is empty")
    bad = _CONTROL.search(text)
    if bad:
        raise NoteError(f"control character {bad.group()!r} at character {bad.start()}")


def parse_note(data: str | bytes) -> Note:
    """Split a signed note into text and signatures, refusing any malformation."""
    if isinstance(data, bytes):
        if len(data) > MAX_NOTE_SIZE:
            raise NoteError(f"note is larger than {MAX_NOTE_SIZE} bytes")
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NoteError(f"note is not UTF-8 (byte {exc.start})") from None
    elif len(data) > MAX_NOTE_SIZE:
        raise NoteError(f"note is larger than {MAX_NOTE_SIZE} bytes")
    else:
        try:
            data.encode("utf-8")  # a str may hold lone surrogates (from JSON's \ud800)
        except UnicodeEncodeError as exc:
            raise NoteError(f"note is not valid Unicode (character {exc.start})") from None
    bad = _CONTROL.search(data)
    if bad:
        raise NoteError(f"control character {bad.group()!r} at character {bad.start()}")
    if not data.endswith("\n"):
        raise NoteError("note does not end with a newline")
    split = data.rfind("\n\n")
    if split < 0:
        raise NoteError("note has no blank line between its text and its signatures")
    text, block = data[: split + 1], data[split + 2 :]
    _check_text(text)
    lines = block.split("\n")[:-1]
    if not lines:
        raise NoteError("note has no signature line")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"note has more than {MAX_SIGNATURES} signatures")
    signatures = []
    for number, line in enumerate(lines, start=1):
        if not line.startswith(_SIGNATURE_PREFIX):
            raise NoteError(f"signature line {number} does not start with an em dash and a space")
        name, space, encoded = line[len(_SIGNATURE_PREFIX) :].partition(" ")
        if not space or not is_valid_key_name(name):
            raise NoteError(f"signature line {number} has no valid key name")
        raw = b64decode_strict(encoded, f"signature line {number}", NoteError)
        if len(raw) < 5:
            raise NoteError(f"signature line {number} is too short for a key ID and a signature")
        signatures.append(NoteSignature(name, raw[:4], raw[4:]))
    return Note(text, tuple(signatures))


def sign_note(text: str, *keys: SignerKey) -> str:
    """The signed note of ``text`` (which must end in a newline) signed by each key."""
    _check_text(text)
    if "\n\n" in text:
        raise NoteError("a note text to sign has no blank line (it would end the text early)")
    if not keys:
        raise NoteError("a note needs at least one signer key")
    message = text.encode("utf-8")
    signatures = tuple(NoteSignature(k.name, k.key_id, k.sign(message)) for k in keys)
    return str(Note(text, signatures))


def open_note(
    data: str | bytes, keys: Iterable[VerifierKey]
) -> tuple[Note, tuple[VerifierKey, ...]]:
    """Parse a note and verify it with the trusted ``keys``; return it and the keys that
    signed it. Raises :class:`NoteError` unless at least one trusted key signed it and every
    signature of a trusted key verifies."""
    note = parse_note(data)
    trusted = {(k.name, k.key_id): k for k in keys}
    message = note.text.encode("utf-8")
    verified: list[VerifierKey] = []
    for signature in note.signatures:
        key = trusted.get((signature.name, signature.key_id))
        if key is None:
            continue  # an unknown key: ignored (c2sp.org/signed-note, "Signatures")
        if not key.verify(message, signature.signature):
            raise NoteError(f"the signature of {key.label} does not verify")
        if key not in verified:
            verified.append(key)
    if not verified:
        signers = ", ".join(f"{s.name}+{s.key_id.hex()}" for s in note.signatures)
        raise UntrustedNoteError(f"no signature by a trusted key (signed by {signers})")
    return note, tuple(verified)
