"""PrefLib files (https://preflib.github.io/PrefLib-Data/ format specification).

Ordinal files (``.soc`` strict complete, ``.soi`` strict incomplete, ``.toc``/``.toi`` with
ties) have ``# ALTERNATIVE NAME k: name`` header lines and ``count: a,b,{c,d},e`` data lines,
braces marking equal preferences. Categorical files (``.cat``) have ``# CATEGORY NAME k: name``
lines and ``count: {a,b},{c},{}`` lines, one group per category: the first category is read as
the approved set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO

from commune.socialchoice.errors import FormatError
from commune.socialchoice.formats._base import (
    Election,
    RawKey,
    numbered_lines,
    parse_count,
    parse_index,
    shorten,
)
from commune.socialchoice.limits import check_candidates

_ALT = re.compile(r"^#\s*ALTERNATIVE NAME (\d+)\s*:\s*(.*)$")
#: a group in braces, a bare alternative, a separating comma, spaces, or a stray brace
_TOKEN = re.compile(r"\{[^{}]*\}|[^,{}\s]+|,|\s+|[{}]")


def read_preflib(
    stream: IO[str],
    *,
    source: str = "",
    categorical: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Election:
    """Read a PrefLib ordinal or categorical file; errors name the line.

    >>> import io
    >>> text = "# ALTERNATIVE NAME 1: a\\n# ALTERNATIVE NAME 2: b\\n4: 2,1\\n1: {1,2}\\n"
    >>> dict(read_preflib(io.StringIO(text)).ranked)
    {((1,), (0,)): 4, ((0, 1),): 1}
    """
    election = Election(candidates=[], source=source, kind="approval" if categorical else "ranked")
    names: dict[int, str] = {}
    cache: dict[str, RawKey] = {}
    for number, text in numbered_lines(stream, source=source):
        s = text.strip()
        if not s:
            continue
        if s.startswith("#"):
            m = _ALT.match(s)
            if m:
                k = parse_index(m.group(1), what="alternative number", line=number, source=source)
                if k not in names:
                    check_candidates(len(names) + 1, line=number, source=source)
                names[k] = m.group(2).strip()
            elif s.startswith("# TITLE:"):
                election.title = s.split(":", 1)[1].strip()
            elif ":" in s:
                field_name, value = s[1:].split(":", 1)
                election.metadata[field_name.strip()] = value.strip()
            continue
        if not election.candidates:
            if not names:
                raise FormatError(
                    "no '# ALTERNATIVE NAME' lines before the data", line=number, source=source
                )
            if sorted(names) != list(range(1, len(names) + 1)):
                raise FormatError("alternatives are not numbered 1..n", line=number, source=source)
            election.candidates = [names[k] for k in range(1, len(names) + 1)]
        count_text, sep, body = s.partition(":")
        if not sep:
            raise FormatError(
                f"expected 'count: order', got {shorten(s)!r}", line=number, source=source
            )
        count = parse_count(count_text, what="count", line=number, source=source)
        body = body.strip()
        key = cache.get(body)
        if key is None:
            key = _parse(body, len(names), number, source)
            if len(cache) < 1 << 16:
                cache[body] = key
        if categorical:
            first = frozenset(key[0]) if key else frozenset()
            election.add_weight(count, number)
            if first:
                election.approvals[first] += count
            else:
                election.num_blank += count
        else:
            election.add_ranked(key, count, number)
        if progress is not None and number % 65536 == 0:
            progress(number)
    if not election.candidates:
        election.candidates = [names[k] for k in sorted(names)]
    return election


def _parse(body: str, n: int, line: int, source: str) -> RawKey:
    ranks: list[tuple[int, ...]] = []
    expect_item = True
    for tok in _TOKEN.findall(body):
        if tok.isspace():
            continue
        if tok == ",":
            if expect_item:
                raise FormatError("empty place between commas", line=line, source=source)
            expect_item = True
            continue
        if not expect_item:
            raise FormatError(f"expected a comma before {tok!r}", line=line, source=source)
        if tok in ("{", "}"):
            raise FormatError(f"unbalanced brace {tok!r}", line=line, source=source)
        expect_item = False
        inner = tok[1:-1] if tok.startswith("{") else tok
        group = []
        for part in inner.split(","):
            part = part.strip()
            if not part:
                continue
            if not (part.isascii() and part.isdigit()):
                raise FormatError(f"bad alternative {shorten(part)!r}", line=line, source=source)
            k = int(part) if len(part) < 12 else n + 1
            if not 1 <= k <= n:
                raise FormatError(
                    f"unknown alternative {k if len(part) < 12 else shorten(part)}",
                    line=line,
                    source=source,
                )
            group.append(k - 1)
        ranks.append(tuple(group))
    if ranks and expect_item:
        raise FormatError("the order ends with a comma", line=line, source=source)
    return tuple(ranks)
