"""What a ballot is on the way in and on the way out: marks, receipts, published files.

A ballot's marks are kept as text in the BLT convention (candidates numbered from 1 in
ballot order): `3 1 4` is a ranking, or the candidates marked on an approval ballot;
`3=1 4` puts 3 and 1 equal where the rules allow it; an empty text is a blank ballot.
The published files are written from these texts, sorted by receipt, and the count reads
the very BLT text it publishes (`blt_text`), so `commune tally` on the file gives the
result the server published.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from commune.elections.errors import InvalidBallot
from commune.socialchoice.errors import BallotError
from commune.socialchoice.methods import get_method
from commune.socialchoice.rules import BLANK, REJECTED, clean_ranked, get_rules

RECEIPT_TITLE = b"commune ballot receipt v1\n"

#: What a submitted ballot may hold: a name, or (ranked ballots, where the rules allow
#: equal preferences) a list of names at one rank.
Mark = str | Sequence[str]


def ballot_kind(method: str) -> str:
    """`ranked` or `approval`: what a voter marks for this method. The block vote (1871) is
    marked like an approval ballot: up to as many names as there are seats, in no order."""
    spec = get_method(method)
    return "approval" if spec.name == "block" else spec.ballot


def make_receipt(election_id: int, marks: str) -> str:
    """A receipt for these marks: a hash over the ballot and a random nonce, which is then
    forgotten. It proves the ballot is in the published list; it names nobody."""
    nonce = secrets.token_bytes(16)
    digest = hashlib.sha256(RECEIPT_TITLE + f"{election_id}\n{marks}\n".encode() + nonce).digest()
    code = base64.b32encode(digest[:10]).decode("ascii")
    return "-".join(code[i : i + 4] for i in range(0, 16, 4))


def normalise_receipt(text: str) -> str:
    """A receipt as the voter may type it back (lower case, spaces, no dashes)."""
    plain = "".join(c for c in text.upper() if c.isalnum())[:16]
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


@dataclass(frozen=True, slots=True)
class CleanBallot:
    marks: str
    is_blank: bool


def _index(names: Sequence[str], name: object) -> int:
    if not isinstance(name, str):
        raise InvalidBallot(f"a mark must be a candidate's name, not {type(name).__name__}")
    try:
        return names.index(name)
    except ValueError:
        shown = name if len(name) <= 60 else name[:59] + "…"
        raise InvalidBallot(f"{shown!r} is not a candidate in this election") from None


def clean_ballot(
    marks: Sequence[Mark] | None,
    *,
    names: Sequence[str],
    method: str,
    rules: str,
    seats: int,
) -> CleanBallot:
    """Check a submitted ballot against the election's candidates, method and rules.

    `None` or an empty list is a blank ballot. A ranked ballot is judged by the engine's
    rule set (`commune.socialchoice.rules.clean_ranked`); an approval ballot may mark each
    candidate once, and no more candidates than there are seats for the block vote.
    """
    if not marks:
        return CleanBallot("", True)
    if len(marks) > len(names):
        raise InvalidBallot(f"the ballot has {len(marks)} marks for {len(names)} candidates")
    if ballot_kind(method) == "approval":
        chosen = [_index(names, m) for m in marks]
        if len(set(chosen)) != len(chosen):
            raise InvalidBallot("a candidate is marked twice")
        if get_method(method).name == "block" and len(chosen) > seats:
            raise InvalidBallot(
                f"the ballot marks {len(chosen)} candidates for {seats} seat(s) (an over-vote)"
            )
        return CleanBallot(" ".join(str(i + 1) for i in sorted(chosen)), False)
    ranks = [
        [_index(names, m)] if isinstance(m, str) else [_index(names, x) for x in m] for m in marks
    ]
    try:
        status, groups, problems = clean_ranked(ranks, get_rules(rules), len(names))
    except BallotError as error:
        raise InvalidBallot(f"the ballot breaks the rules ({rules}): {error}") from None
    if status == REJECTED:
        raise InvalidBallot(
            f"the ballot would be rejected under the rules ({rules}): " + ", ".join(problems)
        )
    if status == BLANK or not groups:
        return CleanBallot("", True)
    text = " ".join("=".join(str(c + 1) for c in group) for group in groups)
    return CleanBallot(text, False)


def marks_as_names(marks: str, names: Sequence[str]) -> list[str | list[str]]:
    """A stored ballot as the candidates' names (equal preferences as a list)."""
    out: list[str | list[str]] = []
    for group in marks.split():
        members = [names[int(n) - 1] for n in group.split("=")]
        out.append(members[0] if len(members) == 1 else members)
    return out


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: A polling station's count as ballot lines: (how many ballots, candidate numbers from 1).
SheetLines = Sequence[tuple[int, tuple[int, ...]]]


def sheet_ballots(votes: Sequence[int], valid: int) -> list[tuple[int, tuple[int, ...]]]:
    """Ballots that carry a count sheet's votes: `valid` ballots (fewer if some would be
    empty), candidate `i` (from 1) marked on `votes[i-1]` of them, each at most once a ballot.

    The marks are dealt round the ballots in turn, candidate after candidate: since no
    candidate has more votes than there are valid ballots, none lands twice on one ballot,
    and no ballot gets more than ⌈total / valid⌉ marks (within the seats, as the sheet was
    checked). The methods that take sheets count only each candidate's votes and the number
    of ballots, so any such ballots give the count the sheet gives.

    >>> sheet_ballots([5, 4, 1], 7)  # 7 ballots: 5 for 1, 4 for 2, 1 for 3
    [(2, (1, 2)), (1, (1, 3)), (2, (1,)), (2, (2,))]
    """
    if valid <= 0:
        return []
    ballots: list[list[int]] = [[] for _ in range(valid)]
    k = 0
    for candidate, count in enumerate(votes, start=1):
        for _ in range(count):
            ballots[k % valid].append(candidate)
            k += 1
    counted: dict[tuple[int, ...], int] = {}
    for marks in ballots:
        if marks:
            key = tuple(marks)
            counted[key] = counted.get(key, 0) + 1
    return [(n, marks) for marks, n in counted.items()]


def blt_text(
    title: str,
    names: Sequence[str],
    seats: int,
    marks: Iterable[str],
    sheets: SheetLines = (),
) -> str:
    """The counted ballots (blank ones left out) as a BLT file: one line per online ballot,
    then the paper count sheets' ballots as weighted lines (see `sheet_ballots`)."""
    out = io.StringIO()
    out.write(f"{len(names)} {seats}\n")
    for text in marks:
        if text:
            out.write(f"1 {text} 0\n")
    for weight, candidates in sheets:
        out.write(f"{weight} {' '.join(map(str, candidates))} 0\n")
    out.write("0\n")
    for name in names:
        out.write(_quote(name) + "\n")
    out.write(_quote(title) + "\n")
    return out.getvalue()


def csv_text(names: Sequence[str], rows: Iterable[tuple[str, str]], sheets: SheetLines = ()) -> str:
    """The counted ballots as a ranked CSV `commune tally` reads: the candidates declared in
    a comment, a `count` column, each online ballot preceded by its receipt in a comment
    line, then the count sheets' ballots as weighted rows (as in `blt_text`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    out.write("# candidates: " + ", ".join(names) + "\n")
    writer.writerow(["count", *[f"rank{i}" for i in range(1, len(names) + 1)]])
    for receipt, text in rows:
        if not text:
            continue
        out.write(f"# receipt {receipt}\n")
        writer.writerow(
            [
                "1",
                *["=".join(names[int(n) - 1] for n in group.split("=")) for group in text.split()],
            ]
        )
    if sheets:
        out.write("# count sheets of the polling stations\n")
    for weight, marks in sheets:
        writer.writerow([str(weight), *[names[c - 1] for c in marks]])
    return out.getvalue()


def json_text(
    names: Sequence[str], rows: Iterable[tuple[str, str]], extra: Mapping[str, object]
) -> str:
    """Every ballot with its receipt, blank ones included (as `null`)."""
    ballots = [
        {"receipt": receipt, "ballot": marks_as_names(text, names) if text else None}
        for receipt, text in rows
    ]
    return json.dumps({**extra, "candidates": list(names), "ballots": ballots}, ensure_ascii=False)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
