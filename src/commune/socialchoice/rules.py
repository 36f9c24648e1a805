"""Named rule sets: what an irregular ballot becomes, and a jurisdiction's counting conventions.

A raw ranked ballot is a sequence of *ranks*; each rank is the collection of candidates marked
at that rank: empty when the voter skipped it, two or more for an over-vote (or, where allowed,
equal preferences). ``UNIDENTIFIED`` (-1) stands for a mark whose candidate the source did not
give (Checkoway's ``-=-``). The five irregularities are

* ``unknown_candidate`` — a candidate that is not standing (always an error: bad input);
* ``skipped_rank`` — an empty rank *followed by* a marked one (trailing empty ranks are mere
  truncation and are not irregular);
* ``overvote`` — several candidates at one rank;
* ``duplicate_candidate`` — a candidate marked again at a later rank;
* ``empty_ballot`` — no usable mark at all.

A rule set says, for each, one of ``error`` (refuse the whole input with a :class:`BallotError`
naming the ballot), ``reject`` (the ballot is invalid: counted as rejected, not in the count),
``exhaust`` (keep the preferences before the irregular rank, drop the rest), ``resolve`` (an
over-voted rank counts for its one continuing candidate once the others are excluded; reached
while several of its candidates continue, it exhausts the ballot), ``pass_over`` /
``count_once`` (skip the irregular rank or the repeated mark and go on), ``equal`` (several
candidates at one rank are equal preferences) or ``blank`` (counted as a blank ballot).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from commune.socialchoice.errors import BallotError

UNIDENTIFIED = -1

SkipAction = Literal["error", "reject", "exhaust", "pass_over"]
OvervoteAction = Literal["error", "reject", "exhaust", "equal", "resolve"]
DuplicateAction = Literal["error", "reject", "exhaust", "count_once"]
EmptyAction = Literal["error", "reject", "blank"]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The conventions of one jurisdiction or organisation; see ``RULE_SETS`` and docs/tally.md."""

    name: str
    description: str
    skipped_rank: SkipAction = "error"
    overvote: OvervoteAction = "error"
    duplicate: DuplicateAction = "error"
    empty: EmptyAction = "error"
    #: a ballot without exactly one first preference is invalid (Scottish, Irish, NSW rules)
    first_preference_required: bool = False
    #: unranked candidates rank equal, below every ranked one (Debian) instead of not at all
    unranked_below: bool = False
    #: STV arithmetic: exact fractions, or fixed point with 5 decimals truncated (Scottish WIG)
    arithmetic: Literal["fraction", "fixed5"] = "fraction"
    #: earlier-round tie-breaking: most recent differing round, first differing round, or none
    tie_history: Literal["backward", "forward", "none"] = "backward"
    #: IRV stops at a majority of continuing ballots, or goes on to the last two candidates
    irv_stop: Literal["majority", "two"] = "majority"
    #: exclude at once every candidate who cannot catch up (all lowest whose sum < next total)
    bulk_exclusion: bool = False
    #: Debian: the default option ("None Of The Above") and the majority needed to beat it
    default_option: str | None = None
    default_majority: Fraction = Fraction(1)


RULE_SETS: dict[str, RuleSet] = {}


def _register(rules: RuleSet, *aliases: str) -> RuleSet:
    for name in (rules.name, *aliases):
        RULE_SETS[name] = rules
    return rules


STRICT = _register(
    RuleSet(
        "strict",
        "Every irregular ballot is an error: for inputs that cannot contain one (online ballots).",
    )
)
LENIENT = _register(
    RuleSet(
        "lenient",
        "Skips passed over, repeats counted once, over-votes exhaust, empty ballots blank.",
        skipped_rank="pass_over",
        overvote="exhaust",
        duplicate="count_once",
        empty="blank",
    )
)
ALAMEDA = _register(
    RuleSet(
        "alameda",
        "Alameda County / San Francisco RCV: a skipped rank is passed over, a candidate ranked "
        "twice counts once, a ballot exhausts at an over-voted rank; count to the last two.",
        skipped_rank="pass_over",
        overvote="exhaust",
        duplicate="count_once",
        empty="blank",
        irv_stop="two",
    ),
    "san-francisco",
    "sf",
)
BURLINGTON = _register(
    RuleSet(
        "burlington",
        "Burlington (Vermont) IRV 2006-2009: ballots with no mark are invalid; skips passed "
        "over; repeats count once; an over-voted rank counts for its only continuing "
        "candidate, and exhausts the ballot if several are continuing; simultaneous "
        "exclusion when mathematically inevitable; ties by previous round, then lot.",
        skipped_rank="pass_over",
        overvote="resolve",
        duplicate="count_once",
        empty="reject",
        bulk_exclusion=True,
        tie_history="backward",
    )
)
SCOTTISH = _register(
    RuleSet(
        "scottish",
        "Scottish Local Government Elections Order 2007: a paper needs one first preference; "
        "it is valid up to a break in the sequence or a repeated preference; WIG transfer "
        "values to 5 decimal places, remainder ignored; ties by earliest differing stage.",
        skipped_rank="exhaust",
        overvote="exhaust",
        duplicate="exhaust",
        empty="reject",
        first_preference_required=True,
        arithmetic="fixed5",
        tie_history="forward",
    )
)
IRISH = _register(
    RuleSet(
        "irish",
        "Irish PR-STV (Electoral Act 1992): a paper needs one first preference and is valid up "
        "to a break in the sequence; ties by earliest differing count, then lot.",
        skipped_rank="exhaust",
        overvote="exhaust",
        duplicate="exhaust",
        empty="reject",
        first_preference_required=True,
        tie_history="forward",
    )
)
NSW_OPTIONAL = _register(
    RuleSet(
        "nsw-optional",
        "New South Wales optional preferential voting: a first preference suffices; "
        "preferences count up to a break or a repeat; exclusions until a majority of the "
        "ballots still in the count.",
        skipped_rank="exhaust",
        overvote="exhaust",
        duplicate="exhaust",
        empty="reject",
        first_preference_required=True,
        tie_history="backward",
    ),
    "nsw",
)
DEBIAN = _register(
    RuleSet(
        "debian",
        "Debian constitution A.6: equal ranks allowed; unranked options rank equal, below "
        "every ranked one; 'None Of The Above' is the default option, which an option must "
        "beat by a simple majority to stay in; Schulze (Cloneproof SSD) by winning votes.",
        skipped_rank="pass_over",
        overvote="equal",
        duplicate="count_once",
        empty="blank",
        unranked_below=True,
        default_option="None Of The Above",
        tie_history="none",
    )
)


def get_rules(name: str | RuleSet) -> RuleSet:
    """The rule set called ``name`` (or ``name`` itself if already a rule set)."""
    if isinstance(name, RuleSet):
        return name
    try:
        return RULE_SETS[name]
    except KeyError:
        raise ValueError(
            f"unknown rule set {name!r}; known: {', '.join(sorted(RULE_SETS))}"
        ) from None


Groups = tuple[tuple[int, ...], ...]

#: what :func:`clean_ranked` did with a ballot
OK, BLANK, REJECTED = "ok", "blank", "rejected"


def clean_ranked(
    ranks: Sequence[Collection[int]],
    rules: RuleSet,
    num_candidates: int,
    *,
    ballot: int | None = None,
    line: int | None = None,
    source: str | None = None,
) -> tuple[str, Groups, tuple[str, ...]]:
    """Apply ``rules`` to one raw ranked ballot.

    Returns ``(status, groups, problems)``: ``status`` is ``"ok"``, ``"blank"`` or
    ``"rejected"``; ``groups`` are the preference groups kept (a group has one candidate except
    for equal preferences); ``problems`` names the irregularities met. Raises
    :class:`BallotError` where the rules say ``error``.

    >>> clean_ranked([[2], [], [0], [2]], RULE_SETS["alameda"], 3)
    ('ok', ((2,), (0,)), ('skipped_rank', 'duplicate_candidate'))
    >>> clean_ranked([[2], [0, 1], [1]], RULE_SETS["alameda"], 3)
    ('ok', ((2,),), ('overvote',))
    """

    def fail(problem: str, message: str) -> BallotError:
        return BallotError(problem, message, ballot=ballot, line=line, source=source)

    problems: list[str] = []
    kept: list[tuple[int, ...]] = []
    seen: set[int] = set()
    last_marked = -1
    for i, mark in enumerate(ranks):
        if mark:
            last_marked = i
    for i in range(last_marked + 1):
        mark = ranks[i]
        for c in mark:
            if c != UNIDENTIFIED and not 0 <= c < num_candidates:
                raise fail("unknown_candidate", f"unknown candidate number {c + 1} at rank {i + 1}")
        if not mark:
            problems.append("skipped_rank")
            action: str = rules.skipped_rank
            if action == "error":
                raise fail("skipped_rank", f"rank {i + 1} is skipped")
            if action == "reject":
                return REJECTED, (), tuple(problems)
            if action == "exhaust":
                break
            continue
        fresh = tuple(c for c in dict.fromkeys(mark) if c not in seen)
        if len(fresh) < len(mark) and any(c in seen for c in mark):
            problems.append("duplicate_candidate")
            action = rules.duplicate
            if action == "error":
                raise fail("duplicate_candidate", f"a candidate is ranked again at rank {i + 1}")
            if action == "reject":
                return REJECTED, (), tuple(problems)
            if action == "exhaust":
                break
            if not fresh:
                continue
        if len(mark) > 1 or UNIDENTIFIED in mark:
            distinct = set(mark)
            if len(distinct) == 1 and UNIDENTIFIED not in distinct:
                fresh = tuple(distinct)
            else:
                problems.append("overvote")
                action = rules.overvote
                if action == "error":
                    raise fail("overvote", f"several candidates at rank {i + 1}")
                if action == "reject" or (rules.first_preference_required and not kept):
                    return REJECTED, (), tuple(problems)
                if action == "exhaust" or (action == "resolve" and UNIDENTIFIED in mark):
                    break
                fresh = tuple(c for c in fresh if c != UNIDENTIFIED)
                if not fresh:
                    continue
        kept.append(tuple(sorted(fresh)))
        seen.update(fresh)
    if not kept:
        if last_marked < 0 or "overvote" not in problems:
            if rules.first_preference_required and last_marked >= 0:
                return REJECTED, (), (*problems, "empty_ballot")
            problems.append("empty_ballot")
            if rules.empty == "error":
                raise fail("empty_ballot", "the ballot has no usable preference")
            return (BLANK if rules.empty == "blank" else REJECTED), (), tuple(problems)
        # an over-vote at the first rank: the ballot exists but is exhausted from the start
        return OK, (), tuple(problems)
    return OK, tuple(kept), tuple(problems)
