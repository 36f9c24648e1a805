"""Verifying a live server through its JSON API (urllib only)."""

from __future__ import annotations

import binascii
import hashlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.client import HTTPException
from typing import Any

from commune.ledger import limits
from commune.ledger.checkpoint import Checkpoint, commune_of_origin, read_checkpoint
from commune.ledger.encoding import b64encode
from commune.ledger.errors import (
    CheckpointError,
    InputTooLargeError,
    KeyFormatError,
    SourceError,
    shown,
)
from commune.ledger.merkle import MemoryTree, verify_consistency
from commune.ledger.note import VerifierKey
from commune.ledger.rotation import KeyRing
from commune.ledger.verify.checks import (
    Block,
    apply_rotations,
    check_entry,
    compare_with_trusted,
    open_signed,
    unvouched,
)
from commune.ledger.verify.report import Problem, Progress, Report, Verdict

#: Entries fetched per request from a server (the API's maximum).
PAGE_SIZE = 1000
API = "/api/v1/journal"

_sha256 = hashlib.sha256
_b2a = binascii.b2a_base64
_a2b = binascii.a2b_base64

# --- A live server -------------------------------------------------------------------------


class _Http:
    def __init__(self, base_url: str, timeout: float) -> None:
        self.base = base_url.rstrip("/") + API
        self.timeout = timeout

    def get(self, path: str, *, limit: int | None = None, **params: int) -> bytes:
        """The body of ``GET path?params``, read in pieces and never more than ``limit``
        bytes (default :data:`~commune.ledger.limits.MAX_SMALL_ANSWER_BYTES`) nor for longer
        than :data:`~commune.ledger.limits.ANSWER_SECONDS`: beyond either, the connection is
        dropped and the error names the limit."""
        limit = limits.MAX_SMALL_ANSWER_BYTES if limit is None else limit
        url = self.base + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, headers={"User-Agent": "commune-journal-verify/1"})
        beyond = f"the verifier's limit for one answer to GET {path}"
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                announced = response.headers.get("Content-Length", "")
                if announced.isdigit() and len(announced) < 30 and int(announced) > limit:
                    raise InputTooLargeError(
                        f"GET {url}: the answer announces {announced} bytes, which exceeds "
                        f"{limits.size_text(limit)} ({beyond})"
                    )
                deadline = time.monotonic() + limits.ANSWER_SECONDS
                pieces: list[bytes] = []
                received = 0
                while piece := response.read(min(1 << 20, limit + 1 - received)):
                    pieces.append(piece)
                    received += len(piece)
                    if received > limit:
                        raise InputTooLargeError(
                            f"GET {url}: the answer exceeds {limits.size_text(limit)} ({beyond})"
                        )
                    if time.monotonic() > deadline:
                        raise SourceError(
                            f"GET {url}: the answer takes longer than "
                            f"{limits.ANSWER_SECONDS:.0f} s ({beyond})"
                        )
                return b"".join(pieces)
        except urllib.error.HTTPError as exc:
            raise SourceError(f"GET {url}: HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError, HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc or type(exc).__name__
            raise SourceError(f"GET {url}: {reason}") from None

    def get_json(self, path: str, *, limit: int | None = None, **params: int) -> dict[str, Any]:
        body = self.get(path, limit=limit, **params)

        def bounded_int(text: str) -> int:
            # No index, size or count has more digits; int() refuses over 4,300 anyway.
            if len(text.lstrip("-")) > 20:
                raise SourceError(f"{path}: the answer holds a number of {len(text)} digits")
            return int(text)

        try:
            value = json.loads(body, parse_int=bounded_int)
        except ValueError:
            raise SourceError(f"{path}: the server did not answer JSON") from None
        except RecursionError:
            raise SourceError(f"{path}: the server's answer is nested too deeply") from None
        if not isinstance(value, dict):
            raise SourceError(f"{path}: the server did not answer a JSON object")
        return value

    def entries(self, start: int, end: int) -> tuple[Any, int]:
        """The ``entries`` of the page ``[start, end)`` and the end asked for: a page whose
        answer exceeds :data:`~commune.ledger.limits.MAX_ANSWER_BYTES` is asked again in
        halves, down to one entry (the API allows any page of at most 1,000)."""
        while True:
            try:
                value = self.get_json(
                    "/entries", limit=limits.MAX_ANSWER_BYTES, start=start, end=end
                )
                return value.get("entries"), end
            except InputTooLargeError as exc:
                if end - start <= 1:
                    raise InputTooLargeError(f"entry {start} alone: {exc.message}") from None
                end = start + (end - start) // 2

    def hashes(self, path: str, **params: int) -> list[bytes]:
        value = self.get_json(path, **params)
        hashes = value.get("hashes")
        if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes):
            raise SourceError(f"{path}: the answer has no list of hashes")
        try:
            return [_a2b(h.encode("ascii"), strict_mode=True) for h in hashes]
        except (binascii.Error, UnicodeEncodeError):
            raise SourceError(f"{path}: a hash is not base64") from None


def verify_url(
    base_url: str,
    *,
    public_key: VerifierKey | None = None,
    trusted: str | None = None,
    trusted_for: Callable[[str], str | None] | None = None,
    trusted_label: str = "the trusted checkpoint",
    progress: Progress | None = None,
    timeout: float = 30.0,
) -> Report:
    """Verify the journal served at ``base_url`` (``https://host``) through its JSON API.

    ``trusted`` is a checkpoint note saved earlier; without it, ``trusted_for(origin)`` gives
    one for the journal the server names (a trust store), if any. ``trusted_label`` names
    its source in the messages.

    Raises :class:`SourceError` when the server cannot be reached or answers nonsense."""
    http = _Http(base_url, timeout)
    verdict = Verdict()
    keys: list[VerifierKey] = []
    if public_key is None:
        text = http.get("/public-key").decode("utf-8", "replace").strip()
        try:
            keys.append(VerifierKey.parse(text))
        except KeyFormatError as exc:
            raise SourceError(f"the server's public key: {exc.message}") from None
        verdict.notices.append(
            "the key was fetched from the server (trust on first use): "
            "compare it with the journal's published key"
        )
    else:
        keys.append(public_key)
    try:
        note = http.get("/checkpoint").decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError("the checkpoint is not UTF-8") from None
    try:
        checkpoint = read_checkpoint(note)
        commune = commune_of_origin(checkpoint.origin)
    except CheckpointError as exc:
        verdict.add("bad_checkpoint", None, exc.message)
        return verdict.report(base_url, signed=None, entries_checked=0, root=None, keys=keys)
    if trusted is None and trusted_for is not None:
        trusted = trusted_for(checkpoint.origin)
    trusted_cp: Checkpoint | None = None
    if trusted is not None:
        try:
            trusted_cp = read_checkpoint(trusted)
        except CheckpointError as exc:
            raise SourceError(f"{trusted_label} is unreadable: {exc.message}") from None

    size = checkpoint.size
    tree = MemoryTree()
    block = Block(0)
    start = 0
    page = PAGE_SIZE  # smaller once a page was too large to read: entries are large here
    while start < size:
        items, end = http.entries(start, min(start + page, size))
        page = min(page, end - start)
        if not isinstance(items, list):
            raise SourceError(f"/entries?start={start}&end={end}: the answer has no entries list")
        if not items:  # a shorter page is only a smaller page; an empty one ends the log
            block.problems.append(
                Problem(
                    "missing_entries",
                    start,
                    f"the server gives no entry from {start} on, the checkpoint signs {size}",
                )
            )
            break
        for offset, item in enumerate(items[: end - start]):
            _check_item(start + offset, item, commune, tree, block)
        start += min(len(items), end - start)
        if progress is not None:
            progress(start, size)
    verdict.problems.extend(block.problems)

    ring = KeyRing(checkpoint.origin, keys)
    apply_rotations(ring, block.rotations, size, verdict)
    opened = open_signed(note, ring.keys_for(size), "the server's checkpoint", verdict)
    recomputed: bytes | None = None
    if tree.size == size:
        recomputed = tree.root()
        if recomputed != checkpoint.root:
            bad = _bisect(http, tree, checkpoint)
            verdict.add(
                "entry_altered" if bad is not None else "root_mismatch",
                bad,
                (
                    f"entry {bad} is not the entry the log signed "
                    "(found with the server's consistency proofs)"
                    if bad is not None
                    else f"the entries give root {b64encode(recomputed)}, the checkpoint "
                    f"signs {b64encode(checkpoint.root)}"
                ),
            )
    if trusted_cp is not None and trusted is not None and opened is not None:
        old = trusted_cp

        def proven_extension() -> str | None:
            # RFC 9162 §2.1.4: the server proves its new tree head extends the trusted one.
            try:
                proof = http.hashes("/proof/consistency", first=old.size, second=size)
            except SourceError as exc:
                return f"the server proves no consistency from size {old.size} ({exc})"
            if verify_consistency(old.size, size, old.root, checkpoint.root, proof):
                return None
            return (
                f"the server's consistency proof from size {old.size} to {size} fails: "
                f"the log has been rewritten within its first {old.size} entries"
            )

        if open_signed(trusted, ring.keys, trusted_label, verdict):
            compare_with_trusted(
                trusted_cp, checkpoint, proven_extension, verdict, label=trusted_label
            )
    elif trusted_cp is not None and trusted is not None:
        old_size = trusted_cp.size
        if (
            open_signed(trusted, ring.keys, trusted_label, verdict)
            and old_size < tree.size
            and tree.root(old_size) == trusted_cp.root
        ):
            unvouched(old_size, verdict)
    signed = (opened, note) if opened is not None else None
    return verdict.report(
        base_url, signed=signed, entries_checked=tree.size, root=recomputed, keys=ring.keys
    )


def _check_item(position: int, item: Any, commune: str, tree: MemoryTree, block: Block) -> None:
    if not isinstance(item, dict):
        block.problems.append(Problem("bad_line", position, f"entry {position} is not an object"))
        tree.append_leaf_hash(_sha256(b"\x01").digest())
        return
    index, data, kind, at = item.get("index"), item.get("data"), item.get("kind"), item.get("at")
    raw: bytes | None = None
    if isinstance(data, str):
        try:
            raw = _a2b(data.encode("ascii"), strict_mode=True)
            if _b2a(raw, newline=False).decode("ascii") != data:
                raw = None
        except (binascii.Error, UnicodeEncodeError):
            raw = None
    if raw is None or not isinstance(kind, str) or not isinstance(at, str):
        block.problems.append(
            Problem("bad_line", position, f"entry {position}: data, kind or at is malformed")
        )
        tree.append_leaf_hash(_sha256(b"\x01" + repr(item).encode()).digest())
        return
    tree.append(raw)
    if index != position:
        block.problems.append(
            Problem(
                "index_mismatch",
                position,
                f"the server gave entry {shown(index)} where entry {position} belongs",
            )
        )
    check_entry(
        position, raw, commune, block, index=index if type(index) is int else None, kind=kind, at=at
    )


def _bisect(http: _Http, tree: MemoryTree, checkpoint: Checkpoint) -> int | None:
    """The first entry at which the fetched entries stop being a prefix of the signed tree,
    by bisection on "the first m entries are consistent with the checkpoint"."""
    size = checkpoint.size

    def is_good_prefix(first: int) -> bool:
        try:
            proof = http.hashes("/proof/consistency", first=first, second=size)
        except SourceError:
            return False
        return verify_consistency(first, size, tree.root(first), checkpoint.root, proof)

    good, bad = 0, size  # the empty prefix is good; the whole is not
    while bad - good > 1:
        middle = (good + bad) // 2
        if is_good_prefix(middle):
            good = middle
        else:
            bad = middle
    return good if good < size else None
