"""Signed notes, keys and checkpoints: interoperability with Go's sumdb/note, round trips,
and the refusal of every malformation."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from commune.ledger.checkpoint import (
    Checkpoint,
    commune_of_origin,
    open_checkpoint,
    read_checkpoint,
    sign_checkpoint,
)
from commune.ledger.errors import (
    CheckpointError,
    KeyFileError,
    KeyFormatError,
    NoteError,
    UntrustedNoteError,
)
from commune.ledger.merkle import EMPTY_ROOT
from commune.ledger.note import (
    SignerKey,
    VerifierKey,
    generate_signer_key,
    load_signer_key,
    load_verifier_key,
    open_note,
    parse_note,
    save_signer_key,
    sign_note,
)

# The keys and signatures of golang.org/x/mod/sumdb/note's tests: our notes are theirs.
PETER_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6"
    "KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WW"
    "d1RvMc+QQ=\n"
)


def test_signing_matches_go_sumdb_note() -> None:
    """Our signer reproduces the Go reference's signed note byte for byte."""
    signer = SignerKey.parse(PETER_SIGNER)
    assert str(signer.verifier_key) == PETER
    assert sign_note(TEXT, signer) == TEXT + "\n" + PETER_SIG


def test_go_notes_open_with_the_right_keys() -> None:
    """A note signed by two keys opens with either; unknown keys' signatures are ignored."""
    peter, enoch = VerifierKey.parse(PETER), VerifierKey.parse(ENOCH)
    note, signed_by = open_note(TEXT + "\n" + PETER_SIG + ENOCH_SIG, [peter])
    assert note.text == TEXT and signed_by == (peter,)
    _, signed_by = open_note(TEXT + "\n" + PETER_SIG + ENOCH_SIG, [peter, enoch])
    assert signed_by == (peter, enoch)
    with pytest.raises(UntrustedNoteError):
        open_note(TEXT + "\n" + PETER_SIG + ENOCH_SIG, [])


def test_key_strings_round_trip() -> None:
    """Key strings parse and print back unchanged; repr never shows the secret."""
    signer = SignerKey.parse(PETER_SIGNER)
    assert str(signer) == PETER_SIGNER
    assert str(VerifierKey.parse(PETER)) == PETER
    assert "AYEK" not in repr(signer)


@pytest.mark.parametrize(
    "key",
    [
        PETER[:-1],
        PETER + "A",
        PETER.replace("c74f20a3", "c74f20a4"),
        PETER.replace("c74f20a3", "C74F20A3"),
        PETER.replace("PeterNeumann", "PeterNeuman"),
        PETER.replace("PeterNeumann", "Peter Neumann"),
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3",
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
    ],
)
def test_malformed_verifier_keys_are_refused(key: str) -> None:
    """A truncated, extended, renamed or re-identified verifier key is refused."""
    with pytest.raises(KeyFormatError):
        VerifierKey.parse(key)


def test_every_mangled_key_string_is_refused() -> None:
    """As in Go's tests: every proper substring and every single-byte change is refused."""
    for text, parse in ((PETER, VerifierKey.parse), (PETER_SIGNER, SignerKey.parse)):
        for i in range(len(text)):
            for j in range(i + 1, len(text) + 1):
                if (i, j) != (0, len(text)):
                    with pytest.raises(KeyFormatError):
                        parse(text[i:j])
            changed = text[:i] + chr(ord(text[i]) + 1) + text[i + 1 :]
            with pytest.raises(KeyFormatError):
                parse(changed)


def test_generated_keys_sign_and_verify() -> None:
    """A generated key's notes open with its verifier key and with no other."""
    signer = generate_signer_key("commune.example/paris")
    other = generate_signer_key("commune.example/paris")
    note = sign_note("hello\n", signer)
    assert open_note(note, [signer.verifier_key])[1] == (signer.verifier_key,)
    with pytest.raises(UntrustedNoteError):
        open_note(note, [other.verifier_key])
    assert SignerKey.parse(str(signer)) == signer


def test_key_files_are_private_and_never_overwritten(tmp_path: Path) -> None:
    """A saved key file has mode 0600, loads back, and is not overwritten."""
    signer = generate_signer_key("commune.example/paris")
    path = tmp_path / "journal.key"
    old_umask = os.umask(0)
    try:
        save_signer_key(signer, path)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_signer_key(path) == signer
    with pytest.raises(KeyFileError, match="never overwritten"):
        save_signer_key(generate_signer_key("x"), path)
    assert load_signer_key(path) == signer
    public = tmp_path / "journal.pub"
    public.write_text(f"{signer.verifier_key}\n")
    assert load_verifier_key(str(public)) == signer.verifier_key
    assert load_verifier_key(str(signer.verifier_key)) == signer.verifier_key
    with pytest.raises(KeyFileError):
        load_signer_key(tmp_path / "missing.key")


SIGNER = SignerKey.parse(PETER_SIGNER)
GOOD = sign_note(TEXT, SIGNER)


@pytest.mark.parametrize(
    ("note", "message"),
    [
        (TEXT, "blank line"),
        (TEXT + "\n", "no signature"),
        (GOOD[:-1], "newline"),
        ("\x01" + GOOD, "control"),
        (GOOD.replace("\n\n", "\n\r\n"), "control"),
        (GOOD.encode()[:-3] + b"\xff\n", "UTF-8"),
        (GOOD.replace("— ", "-- "), "em dash"),
        (GOOD.replace("— PeterNeumann ", "— Peter Neumann "), "base64|key name"),
        (GOOD.replace("— PeterNeumann ", "— PeterNeumann  "), "base64"),
        (GOOD.replace("— PeterNeumann", "— PeterNeumann+x"), "key name"),
        (GOOD.replace("x08go", "x08g!"), "base64"),
        (GOOD.replace("nAM=", "nAN="), "canonical base64"),
        (GOOD.replace("x08go/ZJ", "x08go/Z"), "base64"),
        (GOOD + "Unexpected line.\n", "em dash"),
        (TEXT + "\n— PeterNeumann AAAA\n", "too short"),
        ("\n\n" + PETER_SIG, "empty"),
        (TEXT + "\n" + PETER_SIG * 101, "more than 100"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else None,
)
def test_malformed_notes_are_refused(note: str | bytes, message: str) -> None:
    """Every deviation from the signed-note format is refused, naming the problem."""
    with pytest.raises(NoteError, match=message):
        open_note(note, [SIGNER.verifier_key])


def test_altered_text_or_signature_fails() -> None:
    """Changing the text, or any byte of the signature, fails verification."""
    with pytest.raises(NoteError, match="does not verify"):
        open_note(GOOD.replace("answer", "anwser"), [SIGNER.verifier_key])
    with pytest.raises(NoteError, match="does not verify"):
        open_note(TEXT + "\n" + PETER_SIG[:60] + "ABCD" + PETER_SIG[60:], [SIGNER.verifier_key])


def test_a_bad_signature_by_a_trusted_key_rejects_the_whole_note() -> None:
    """Another good signature does not excuse a bad one by a trusted key (signed-note spec)."""
    bad = TEXT + "\n" + PETER_SIG[:60] + "ABCD" + PETER_SIG[60:] + ENOCH_SIG
    with pytest.raises(NoteError, match="PeterNeumann"):
        open_note(bad, [SIGNER.verifier_key, VerifierKey.parse(ENOCH)])


def test_note_text_may_not_hold_a_blank_line_when_signing() -> None:
    """Signing refuses texts the parser would split elsewhere, or that lack a final newline."""
    with pytest.raises(NoteError):
        sign_note("a\n\nb\n", SIGNER)
    with pytest.raises(NoteError):
        sign_note("a", SIGNER)
    with pytest.raises(NoteError):
        sign_note("a\n")


def test_parse_note_keeps_unknown_signatures() -> None:
    """Parsing keeps every signature line with its name and key ID."""
    note = parse_note(TEXT + "\n" + PETER_SIG + ENOCH_SIG)
    assert [(s.name, s.key_id.hex()) for s in note.signatures] == [
        ("PeterNeumann", "c74f20a3"),
        ("EnochRoot", "af0cfe78"),
    ]
    assert str(note) == TEXT + "\n" + PETER_SIG + ENOCH_SIG


# --- Checkpoints ---------------------------------------------------------------------------

KEY = generate_signer_key("commune.example/paris")


def test_checkpoint_round_trip() -> None:
    """A signed checkpoint opens with its key and gives back the same checkpoint."""
    checkpoint = Checkpoint("commune.example/paris", 71, b"\x07" * 32)
    note = sign_checkpoint(checkpoint, KEY)
    assert note.startswith("commune.example/paris\n71\nBwcH")
    opened = open_checkpoint(note, [KEY.verifier_key])
    assert opened.checkpoint == checkpoint and opened.note == note
    assert opened.signed_by == (KEY.verifier_key,)
    assert read_checkpoint(note) == checkpoint
    assert checkpoint.commune == "paris"


def test_checkpoint_extensions_round_trip() -> None:
    """Extension lines are kept in order."""
    checkpoint = Checkpoint("commune.example/paris", 0, EMPTY_ROOT, ("ext one", "ext two"))
    assert Checkpoint.parse(checkpoint.text()) == checkpoint


@pytest.mark.parametrize(
    "text",
    [
        "commune.example/paris\n71\n",
        "\n71\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n",
        "commune.example/paris\n071\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n",
        "commune.example/paris\n-1\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n",
        "commune.example/paris\n7 1\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n",
        "commune.example/paris\n71\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcH\n",
        "commune.example/paris\n71\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwd=\n",
        "commune.example/paris\n71\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n\n",
        "commune.example/paris\n71\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
    ],
)
def test_malformed_checkpoints_are_refused(text: str) -> None:
    """Missing lines, leading zeros, bad sizes, short or non-canonical roots are refused."""
    with pytest.raises(CheckpointError):
        Checkpoint.parse(text)


def test_origins_name_their_commune() -> None:
    """The last segment of the origin is the commune's slug."""
    assert commune_of_origin("commune.example.org/journal/paris-1871") == "paris-1871"
    assert commune_of_origin("lyon") == "lyon"
    with pytest.raises(CheckpointError):
        commune_of_origin("commune.example.org/é")
