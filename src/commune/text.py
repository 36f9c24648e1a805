"""Plain text as people type it: names, reasons, sources.

Control characters (a NUL byte above all, which PostgreSQL refuses in text) never
reach the database: they are refused here with a message naming the field, so the
same input gets the same clear error on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import unicodedata

from commune.errors import InvalidInput

#: Characters allowed in multi-line text besides printable ones.
LINE_BREAKS = frozenset("\n\r\t")


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control character of `text` (as U+XXXX), or None."""
    for char in text:
        if unicodedata.category(char) == "Cc" and not (multiline and char in LINE_BREAKS):
            return f"U+{ord(char):04X}"
    return None


def clean_text(
    value: str, *, what: str, max_length: int, required: bool = True, multiline: bool = False
) -> str:
    """`value` stripped, or `InvalidInput` naming `what` is wrong with it."""
    text = value.strip()
    if required and not text:
        raise InvalidInput(f"{what}: this field is required", field=what)
    if len(text) > max_length:
        raise InvalidInput(
            f"{what}: at most {max_length} characters (it has {len(text)})", field=what
        )
    bad = control_character(text, multiline=multiline)
    if bad is not None:
        raise InvalidInput(f"{what}: contains the control character {bad}", field=what)
    return text


def shorten(text: str, limit: int = 40) -> str:
    """`text` cut to `limit` characters with an ellipsis: for quoting input in messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
