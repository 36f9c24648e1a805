"""Standard base64 (RFC 4648 §4), strictly: one value, one spelling."""

from __future__ import annotations

import base64
import binascii

__all__ = ["b64decode_strict", "b64encode"]


def b64encode(raw: bytes) -> str:
    """Standard base64 with padding."""
    return base64.b64encode(raw).decode("ascii")


def b64decode_strict(text: str, what: str, error: type[Exception]) -> bytes:
    """Decode standard base64, refusing other characters, bad padding and stray bits in the
    last quantum (which would give one value two spellings). Raises ``error`` naming ``what``."""
    try:
        raw = binascii.a2b_base64(text.encode("ascii"), strict_mode=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise error(f"{what} is not valid base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise error(f"{what} is not canonical base64")
    return raw
