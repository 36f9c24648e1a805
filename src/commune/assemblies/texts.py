"""Motion texts: applying an amendment, and the difference an amendment makes.

Plain functions on strings (no Django), so that the rule an amendment follows can be tested on
its own and read in one place. A text is a sequence of paragraphs separated by blank lines.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from typing import Literal

_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


class AmendmentDoesNotApply(ValueError):
    """The amendment cannot be applied to this text; the message says why."""


def digest(text: str) -> str:
    """What an amendment remembers of the text it was tabled against."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _BLANK_LINES.split(text.strip()) if p.strip()]


def apply(
    text: str,
    operation: Literal["replace", "insert"] | str,
    new_text: str,
    *,
    target: str = "",
    position: int | None = None,
) -> str:
    """`text` with the amendment applied.

    replace: `target` must occur exactly once (an ambiguous passage is refused, never guessed);
    insert: `new_text` becomes a paragraph after paragraph `position` (0: at the start).
    """
    if operation == "replace":
        if not target:
            raise AmendmentDoesNotApply("name the passage to replace")
        found = text.count(target)
        if found == 0:
            raise AmendmentDoesNotApply(f"the passage {_quote(target)} is not in the text")
        if found > 1:
            raise AmendmentDoesNotApply(
                f"the passage {_quote(target)} occurs {found} times: quote more of it"
            )
        return text.replace(target, new_text.strip(), 1)
    if operation == "insert":
        parts = paragraphs(text)
        if position is None or not 0 <= position <= len(parts):
            raise AmendmentDoesNotApply(
                f"insert after paragraph 0 to {len(parts)}: the text has {len(parts)}"
            )
        if not new_text.strip():
            raise AmendmentDoesNotApply("the paragraph to insert is empty")
        parts.insert(position, new_text.strip())
        return "\n\n".join(parts)
    raise AmendmentDoesNotApply(f"unknown operation {operation!r}: replace or insert")


def _quote(passage: str) -> str:
    shown = passage if len(passage) <= 60 else passage[:57] + "…"
    return f"“{shown}”"


@dataclass(frozen=True, slots=True)
class Change:
    """A run of words kept, removed or added, for showing a diff as marked-up text."""

    kind: Literal["same", "removed", "added"]
    text: str


def word_diff(before: str, after: str) -> list[Change]:
    """The words `after` adds to and removes from `before`, in reading order."""
    a, b = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            changes.append(Change("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            changes.append(Change("removed", "".join(a[i1:i2])))
        if j2 > j1:
            changes.append(Change("added", "".join(b[j1:j2])))
    return changes
