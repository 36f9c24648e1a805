"""Write the inputs of the fuzz corpus (``python tests/ledger/fuzz_corpus/make_corpus.py``).

Each case is an input that once made ``journal verify`` print a traceback, or that a fuzzer
(random mutations of good exports and of a server's answers) produced on the way: an export
``<case>.jsonl``, or the answers of a server ``<case>.http.json`` that override those of the
journal in ``_served.jsonl``. The expected outcome of each, written by hand, is
``<case>.expected``: ``exit:`` the exit status (2: the input is unusable, 1: the log is
bad), ``line:`` the one line that says why (stderr for 2; a problem line of stdout for 1), and
optionally ``args:`` more arguments. ``{dir}`` stands for this folder, ``{url}`` for the
server. ``test_fuzz_corpus.py`` replays every case through the ``journal verify`` command.

The journal is signed by a key derived from a fixed seed (a test key, public by design), so
running this again writes the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from commune.ledger.checkpoint import Checkpoint, sign_checkpoint
from commune.ledger.encoding import b64encode
from commune.ledger.entry import make_entry
from commune.ledger.export import entry_line, write_export
from commune.ledger.merkle import MemoryTree
from commune.ledger.note import SignerKey, key_id

HERE = Path(__file__).resolve().parent
ORIGIN = "commune.example/paris"
START = datetime(1871, 3, 28, 16, 0, tzinfo=UTC)


def fixed_key() -> SignerKey:
    seed = hashlib.sha256(b"commune journal verify fuzz corpus").digest()
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return SignerKey(ORIGIN, key_id(ORIGIN, raw), seed)


KEY = fixed_key()


def entries(count: int) -> list[bytes]:
    return [
        make_entry(
            commune="paris",
            index=index,
            kind="decree.adopted",
            at=START + timedelta(minutes=index),
            payload={"n": index, "text": f"acte n° {index}"},
        )
        for index in range(count)
    ]


def export(data: list[bytes]) -> bytes:
    tree = MemoryTree()
    tree.extend(data)
    note = sign_checkpoint(Checkpoint(ORIGIN, len(data), tree.root()), KEY)
    out = io.BytesIO()
    write_export(out, checkpoint=note, public_keys=[str(KEY.verifier_key)], entries=enumerate(data))
    return out.getvalue()


GOOD = export(entries(6))
LINES = GOOD.split(b"\n")[:-1]  # header, 6 entries, footer
DIGITS = b"9" * 5000
DEEP = b"[" * 5000


def with_line(position: int, line: bytes) -> bytes:
    lines = list(LINES)
    lines[position] = line
    return b"\n".join(lines) + b"\n"


def entry_with(old: bytes, new: bytes, position: int = 2) -> bytes:
    """Entry line ``position`` with ``old`` replaced in its entry, and a leaf hash to match."""
    data = entries(6)[position - 1].replace(old, new, 1)
    return with_line(position, entry_line(data).rstrip(b"\n"))


FOOTER = json.loads(LINES[-1])["checkpoint"]

EXPORTS: dict[str, bytes] = {
    "header_5000_digit_size": with_line(0, LINES[0].replace(b'"size":6', b'"size":' + DIGITS)),
    "header_nested_deeply": with_line(0, DEEP),
    "header_key_id_of_5000_digits": with_line(
        0, LINES[0].replace(b"+" + KEY.key_id.hex().encode(), b"+" + DIGITS)
    ),
    "header_key_name_lone_surrogate": with_line(
        0, LINES[0].replace(b'"public_keys":["', b'"public_keys":["\\ud800')
    ),
    "header_version_of_a_long_string": with_line(
        0, LINES[0].replace(b'"version":1', b'"version":"' + b"v" * 20_000 + b'"')
    ),
    "entry_5000_digit_integer": entry_with(b'"n":1', b'"n":' + DIGITS),
    "entry_5000_digit_index": entry_with(b'"index":1', b'"index":' + DIGITS),
    "entry_5000_digit_negative_integer": entry_with(b'"n":1', b'"n":-' + DIGITS),
    "entry_exponent_beyond_a_double": entry_with(b'"n":1', b'"n":1e999999'),
    "entry_nested_deeply": with_line(
        2, b'{"entry":' + DEEP + b',"leaf_hash":"' + b"A" * 43 + b'="}'
    ),
    "entry_lone_surrogate": entry_with(b"acte", b"\\ud800cte"),
    "entry_not_utf8": entry_with(b"acte", b"\xff\xfe"),
    "entry_escaped_nul": entry_with(b"acte", b"\\u0000cte"),
    "entry_leaf_hash_not_base64": with_line(2, LINES[2][:-46] + b"!" * 43 + b'="}'),
    "footer_5000_digit_number": with_line(-1, b'{"checkpoint":' + DIGITS + b"}"),
    "footer_nested_deeply": with_line(-1, b'{"checkpoint":' + DEEP + b"}"),
    "footer_note_lone_surrogate": with_line(
        -1, LINES[-1].replace(b'"checkpoint":"', b'"checkpoint":"\\ud800')
    ),
    "footer_note_size_of_25_digits": with_line(
        -1, LINES[-1].replace(b"\\n6\\n", b"\\n" + b"9" * 25 + b"\\n")
    ),
    "footer_note_with_200_signatures": with_line(
        -1,
        json.dumps(
            {"checkpoint": FOOTER + FOOTER.split("\n\n", 1)[1] * 199}, separators=(",", ":")
        ).encode(),
    ),
    "footer_not_an_object": with_line(-1, b'{"checkpoint":[]}'),
    "empty_file": b"",
    "binary_garbage": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "header_only": LINES[0] + b"\n",
    "crlf_line_endings": GOOD.replace(b"\n", b"\r\n"),
    "nul_bytes_instead_of_an_entry": with_line(3, b"\x00" * 300),
    # Good exports, with a bad file named by an option (see their .expected).
    "trusted_checkpoint_nested_deeply": GOOD,
    "public_key_file_of_5000_digits": GOOD,
}
OPTION_FILES = {
    "_nested_deeply.note": DEEP,
    "_5000_digits.key": b"commune.example/paris+" + DIGITS + b"+AAAA\n",
}

# Answers of a server that override the journal of _served.jsonl: path -> (status, body).
ENTRIES = "/api/v1/journal/entries"
SERVED = {
    "server_entries_5000_digit_index": {
        ENTRIES: (200, b'{"entries":[{"index":' + DIGITS + b',"data":"","kind":"","at":""}]}')
    },
    "server_entries_nested_deeply": {ENTRIES: (200, b'{"entries":' + DEEP + b"}")},
    "server_entries_not_a_list": {ENTRIES: (200, b'{"entries":{"0":1}}')},
    "server_entry_index_a_long_string": {
        ENTRIES: (
            200,
            json.dumps(
                {
                    "entries": [
                        {
                            "index": "x" * 5000,
                            "data": b64encode(e),
                            "kind": json.loads(e)["kind"],
                            "at": json.loads(e)["at"],
                        }
                        for e in entries(6)
                    ]
                }
            ).encode(),
        )
    },
    "server_entry_data_not_base64": {
        ENTRIES: (200, b'{"entries":[{"index":0,"data":"!!!","kind":"a.b","at":"x"}]}')
    },
    "server_entries_http_500": {ENTRIES: (500, b"")},
    "server_checkpoint_not_utf8": {"/api/v1/journal/checkpoint": (200, b"\xff\xfe\n")},
    "server_checkpoint_garbage": {"/api/v1/journal/checkpoint": (200, b"[" * 5000)},
    "server_public_key_5000_digits": {"/api/v1/journal/public-key": (200, DIGITS)},
}


def main() -> None:
    (HERE / "_served.jsonl").write_bytes(GOOD)
    for name, data in EXPORTS.items():
        (HERE / f"{name}.jsonl").write_bytes(data)
    for name, data in OPTION_FILES.items():
        (HERE / name).write_bytes(data)
    for name, answers in SERVED.items():
        value = {
            path: {"status": status, "body_b64": b64encode(body)}
            for path, (status, body) in answers.items()
        }
        (HERE / f"{name}.http.json").write_text(json.dumps(value, indent=1) + "\n")


if __name__ == "__main__":
    main()
