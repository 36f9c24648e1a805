"""Profiles: the distinct ballots of an election, with how many voters cast each.

A :class:`RankedProfile` keeps its ballots as one NumPy array of candidate indices in order of
preference (``-1`` pads the unused ranks) and a parallel array of counts; equal preferences, where
the rules allow them, are kept as a second array of preference *levels*. Building one from an
iterable of ballots is streaming (memory grows with the number of *distinct* ballots); building
one from an ``N×L`` integer array is vectorised.
"""

from __future__ import annotations

import hashlib
import operator
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from commune.socialchoice.errors import BallotError, LimitError
from commune.socialchoice.limits import (
    MAX_PROFILE_CELLS,
    MAX_TOTAL_WEIGHT,
    check_candidates,
    total_too_large,
    weight_too_large,
)
from commune.socialchoice.rules import (
    BLANK,
    OK,
    REJECTED,
    UNIDENTIFIED,
    Groups,
    RuleSet,
    clean_ranked,
    get_rules,
)

IntArray = npt.NDArray[np.integer[Any]]
Mark = str | int | Collection[str | int] | None

#: above this many weighted ballots, float64 bincounts would stop being exact
EXACT_FLOAT_LIMIT = 2**53


def index_dtype(num_candidates: int) -> np.dtype[Any]:
    """The smallest signed integer type that holds candidate indices, -1 and ``C`` itself
    (int16 up to ``MAX_CANDIDATES``)."""
    check_candidates(num_candidates)
    return np.dtype(np.int8) if num_candidates < 127 else np.dtype(np.int16)


def check_weight(weight: Any, ballot: int, total: int, source: str | None = None) -> int:
    """``weight`` of ballot number ``ballot`` as an int, given the ``total`` weight before it.

    Refuses a weight that is not an integer or is negative (:class:`BallotError`), or that
    takes the total beyond ``MAX_TOTAL_WEIGHT`` (:class:`LimitError`).
    """
    try:
        w = operator.index(weight)
    except TypeError:
        raise BallotError(
            "invalid_weight", f"weight {weight!r} is not an integer", ballot=ballot, source=source
        ) from None
    if w < 0:
        raise BallotError(
            "negative_weight", f"weight {w} is negative", ballot=ballot, source=source
        )
    if w > MAX_TOTAL_WEIGHT:
        raise weight_too_large(w, what=f"ballot {ballot}: weight", source=source)
    if w > MAX_TOTAL_WEIGHT - total:
        raise total_too_large(where=f"ballot {ballot}: ", source=source)
    return w


def check_weights(counts: npt.ArrayLike, n: int) -> npt.NDArray[np.int64]:
    """Counts of ``n`` ballot rows as int64, checked as :func:`check_weight` checks each one."""
    w = np.asarray(counts)
    if w.shape != (n,):
        raise ValueError("counts must have one entry per ballot row")
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if w.dtype == object:
        total = 0
        for i, x in enumerate(w.tolist()):
            total += check_weight(x, i, total)
        return w.astype(np.int64)
    if not np.issubdtype(w.dtype, np.integer):
        bad = w.ravel()[0] if w.size else None
        raise BallotError("invalid_weight", f"weight {bad!r} is not an integer", ballot=0)
    if int(w.min()) < 0:
        i = int(np.argmax(w < 0))
        raise BallotError("negative_weight", f"weight {int(w[i])} is negative", ballot=i)
    top = int(w.max())
    if top > MAX_TOTAL_WEIGHT:
        i = int(np.argmax(w > MAX_TOTAL_WEIGHT))
        raise weight_too_large(int(w[i]), what=f"ballot {i}: weight")
    w = w.astype(np.int64, copy=False)
    if top <= MAX_TOTAL_WEIGHT // n:
        return w  # the sum cannot pass the limit
    total = 0
    step = max(1, (2**62) // max(top, 1))  # int64 cumulative sums of a step cannot overflow
    for start in range(0, n, step):
        run = np.cumsum(w[start : start + step]) + total
        over = np.flatnonzero(run > MAX_TOTAL_WEIGHT)
        if over.size:
            raise total_too_large(where=f"ballot {start + int(over[0])}: ")
        total = int(run[-1])
    return w


@dataclass(frozen=True, slots=True)
class Irregularities:
    """How many ballots met each irregularity, and what became of ballots overall."""

    num_blank: int = 0
    num_rejected: int = 0
    problems: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, eq=False)
class RankedProfile:
    """Distinct ranked ballots (``ballots``), their ``counts`` and the ``candidates``' names.

    ``ballots[i, r]`` is the index of the candidate ballot ``i`` ranks at position ``r`` (0 =
    first), or ``-1`` past its last preference. ``levels``, when not ``None``, gives the
    preference level of each entry (entries with the same level are equal preferences); it is
    ``None`` for strict ballots. ``unranked_below`` says that candidates a ballot leaves out are
    to be taken as ranked equal, below the ones it ranks (Debian), rather than not compared.
    """

    candidates: tuple[str, ...]
    ballots: IntArray
    counts: IntArray
    levels: IntArray | None = None
    rules: str = "strict"
    irregular: Irregularities = field(default_factory=Irregularities)
    unranked_below: bool = False

    @property
    def num_candidates(self) -> int:
        return len(self.candidates)

    @property
    def num_distinct(self) -> int:
        return int(self.ballots.shape[0])

    @property
    def num_voters(self) -> int:
        """Ballots in the count (including ones exhausted from the start; not blanks/rejects)."""
        return int(self.counts.sum())

    @property
    def is_strict(self) -> bool:
        return self.levels is None

    @property
    def max_ranks(self) -> int:
        return int(self.ballots.shape[1])

    def index(self, name: str) -> int:
        return self.candidates.index(name)

    def positions(self) -> IntArray:
        """``(n, C)`` preference level of each candidate on each ballot (0 = first choice).

        A candidate the ballot does not rank gets level ``C`` (below every ranked one).
        """
        n, width = self.ballots.shape
        c = self.num_candidates
        pos = np.full((n, c + 1), c, dtype=np.int16)
        rows = np.arange(n)
        levels = self.levels
        for r in range(width):
            col = self.ballots[:, r].astype(np.intp)
            col = np.where(col < 0, c, col)
            pos[rows, col] = r if levels is None else levels[:, r]
        return pos[:, :c]

    def ranked_mask(self) -> npt.NDArray[np.bool_]:
        """``(n, C)``: does ballot ``i`` rank candidate ``c`` at all?"""
        return self.positions() < self.num_candidates

    def groups(self, i: int) -> Groups:
        """Ballot ``i`` as preference groups of candidate indices."""
        row = self.ballots[i]
        out: list[list[int]] = []
        prev = None
        for r, c in enumerate(row):
            if c < 0:
                break
            level = r if self.levels is None else int(self.levels[i, r])
            if level != prev:
                out.append([])
                prev = level
            out[-1].append(int(c))
        return tuple(tuple(g) for g in out)

    def iter_ballots(self) -> Iterable[tuple[tuple[str, ...], int]]:
        """Yield ``(names in order, count)`` for each distinct ballot (strict profiles)."""
        for i in range(self.num_distinct):
            names = tuple(self.candidates[int(c)] for c in self.ballots[i] if c >= 0)
            yield names, int(self.counts[i])

    def digest(self) -> str:
        """SHA-256 of the candidates and the ballots: the default seed for drawing lots.

        It depends only on the multiset of ballots, not on how the profile stores them: the
        distinct ballots in canonical order (by candidates, then finer preference levels
        first), identical ones merged, ballots with no voter and unused trailing ranks left out.
        """
        ballots, counts, levels = self._canonical()
        h = hashlib.sha256()
        h.update("\x1f".join(self.candidates).encode())
        h.update(np.ascontiguousarray(ballots).astype(np.int16).tobytes())
        h.update(np.ascontiguousarray(counts).astype(np.int64).tobytes())
        if levels is not None:
            h.update(np.ascontiguousarray(levels).astype(np.int16).tobytes())
        return h.hexdigest()

    def _canonical(self) -> tuple[IntArray, IntArray, IntArray | None]:
        ballots, counts, levels = self.ballots, self.counts, self.levels
        keep = counts != 0
        if not bool(keep.all()):
            ballots, counts = ballots[keep], counts[keep]
            levels = None if levels is None else levels[keep]
        n = ballots.shape[0]
        used = np.flatnonzero((ballots >= 0).any(axis=0)) if n else np.zeros(0, np.intp)
        width = int(used[-1]) + 1 if used.size else 1
        ballots = ballots[:, :width]
        levels = None if levels is None else levels[:, :width]
        # the order of from_raw: by candidates; equal sequences with finer levels first
        keys = [ballots[:, j] for j in range(width - 1, -1, -1)]
        if levels is not None:
            keys = [-levels[:, j].astype(np.int32) for j in range(width - 1, -1, -1)] + keys
        order = np.lexsort(keys) if n else np.arange(0)
        ballots, counts = ballots[order], counts[order]
        levels = None if levels is None else levels[order]
        if n > 1:
            same = (ballots[1:] == ballots[:-1]).all(axis=1)
            if levels is not None:
                same &= (levels[1:] == levels[:-1]).all(axis=1)
            if bool(same.any()):
                starts = np.flatnonzero(np.concatenate([[True], ~same]))
                counts = np.add.reduceat(counts.astype(np.int64), starts)
                ballots = ballots[starts]
                levels = None if levels is None else levels[starts]
        return ballots, counts, levels

    def restrict(self, keep: Sequence[int]) -> RankedProfile:
        """The profile with only the candidates ``keep`` (others struck from every ballot)."""
        mapping = np.full(self.num_candidates + 1, -1, dtype=np.int64)
        mapping[np.asarray(keep, dtype=np.int64)] = np.arange(len(keep))
        groups_list: list[Groups] = []
        for i in range(self.num_distinct):
            g = tuple(
                t
                for t in (
                    tuple(int(mapping[c]) for c in grp if mapping[c] >= 0) for grp in self.groups(i)
                )
                if t
            )
            groups_list.append(g)
        return _from_groups(
            tuple(self.candidates[k] for k in keep),
            Counter(dict(zip(groups_list, (int(x) for x in self.counts), strict=True))),
            groups_list,
            [int(x) for x in self.counts],
            self.rules,
            self.irregular,
            self.unranked_below,
        )

    # --- builders -------------------------------------------------------------------------

    @classmethod
    def from_ballots(
        cls,
        candidates: Sequence[str],
        ballots: Iterable[Sequence[Mark]],
        *,
        counts: Iterable[int] | None = None,
        rules: str | RuleSet = "strict",
        source: str | None = None,
    ) -> RankedProfile:
        """Build from ballots given as sequences of ranks (streaming; memory ∝ distinct ballots).

        Each rank is a candidate (name or 0-based index), a collection of candidates (an
        over-vote, or equal preferences where the rules allow) or ``None``/empty (skipped).

        >>> p = RankedProfile.from_ballots(["a", "b", "c"], [["a", "b"], ["b"], ["a", "b"]])
        >>> p.num_distinct, p.num_voters
        (2, 3)
        """
        names = tuple(candidates)
        _check_names(names)
        lookup = {n: i for i, n in enumerate(names)}
        raw: Counter[tuple[tuple[int, ...], ...]] = Counter()
        first_seen: dict[tuple[tuple[int, ...], ...], int] = {}
        count_iter = iter(counts) if counts is not None else None
        total = 0
        for k, ballot in enumerate(ballots):
            weight = 1 if count_iter is None else check_weight(next(count_iter), k, total, source)
            total += weight
            key = tuple(_rank(m, lookup, k, source) for m in ballot)
            raw[key] += weight
            first_seen.setdefault(key, k)
        return from_raw(names, raw, rules=rules, source=source, where=first_seen)

    @classmethod
    def from_array(
        cls,
        candidates: Sequence[str],
        array: npt.ArrayLike,
        *,
        counts: npt.ArrayLike | None = None,
        rules: str | RuleSet = "strict",
        dedupe: bool | None = None,
    ) -> RankedProfile:
        """Build from an ``N×L`` array of candidate indices by rank (``-1`` = no candidate).

        Regular rows are validated and aggregated vectorised; only irregular rows (skips,
        repeats, empty rows) go through the rule set one by one. ``dedupe=None`` aggregates
        identical rows when that is cheap (a small key space) and keeps rows as they are
        otherwise; ``True`` always aggregates, ``False`` never.

        >>> import numpy as np
        >>> rows = np.array([[0, 1, 2], [0, 1, 2], [2, 0, -1]])
        >>> p = RankedProfile.from_array(["a", "b", "c"], rows)
        >>> p.num_distinct, p.num_voters
        (2, 3)
        """
        return _from_array(tuple(candidates), array, counts, get_rules(rules), dedupe)


def _check_names(names: tuple[str, ...]) -> None:
    check_candidates(len(names))
    if len(set(names)) != len(names):
        dup = next(n for n, k in Counter(names).items() if k > 1)
        raise ValueError(f"candidate {dup!r} is listed twice")


def _check_cells(rows: int, width: int) -> None:
    if rows * width > MAX_PROFILE_CELLS:
        raise LimitError(
            f"{rows:,} distinct ballots × {width:,} ranks: more than {MAX_PROFILE_CELLS:,} "
            "cells (the limit for the size of a profile)",
            limit="MAX_PROFILE_CELLS",
        )


def _rank(mark: Mark, lookup: Mapping[str, int], k: int, source: str | None) -> tuple[int, ...]:
    if mark is None:
        return ()
    if isinstance(mark, (str, int, np.integer)):
        return (_cand(mark, lookup, k, source),)
    return tuple(_cand(m, lookup, k, source) for m in mark)


def _cand(m: str | int, lookup: Mapping[str, int], k: int, source: str | None) -> int:
    if isinstance(m, str):
        try:
            return lookup[m]
        except KeyError:
            raise BallotError(
                "unknown_candidate", f"unknown candidate {m!r}", ballot=k, source=source
            ) from None
    i = int(m)
    if not (0 <= i < len(lookup) or i == UNIDENTIFIED):
        raise BallotError(
            "unknown_candidate", f"unknown candidate number {i}", ballot=k, source=source
        )
    return i


def from_raw(
    candidates: tuple[str, ...],
    raw: Mapping[tuple[tuple[int, ...], ...], int],
    *,
    rules: str | RuleSet = "strict",
    source: str | None = None,
    where: Mapping[tuple[tuple[int, ...], ...], int] | None = None,
    lines: Mapping[tuple[tuple[int, ...], ...], int] | None = None,
) -> RankedProfile:
    """Build from aggregated raw ballots (raw ranks → count), applying ``rules`` once per kind.

    ``where``/``lines`` give, for error messages, the ballot index or file line of the first
    occurrence of each raw ballot.
    """
    rs = get_rules(rules)
    c = len(candidates)
    cleaned: Counter[Groups] = Counter()
    blank = rejected = 0
    problems: Counter[str] = Counter()
    total = 0
    for key, weight in raw.items():
        total += check_weight(weight, 0 if where is None else where.get(key, 0), total, source)
        status, groups, found = clean_ranked(
            key,
            rs,
            c,
            ballot=None if where is None else where.get(key),
            line=None if lines is None else lines.get(key),
            source=source,
        )
        for p in set(found):
            problems[p] += weight
        if status == OK:
            cleaned[groups] += weight
        elif status == BLANK:
            blank += weight
        else:
            assert status == REJECTED
            rejected += weight
    irregular = Irregularities(blank, rejected, dict(sorted(problems.items())))
    keys = list(cleaned)
    return _from_groups(
        candidates, cleaned, keys, [cleaned[k] for k in keys], rs.name, irregular, rs.unranked_below
    )


def _from_groups(
    candidates: tuple[str, ...],
    cleaned: Mapping[Groups, int],
    keys: list[Groups],
    weights: list[int],
    rules: str,
    irregular: Irregularities,
    unranked_below: bool,
) -> RankedProfile:
    merged: Counter[Groups] = Counter()
    for k, w in zip(keys, weights, strict=True):
        merged[k] += w
    items = sorted(merged.items())
    width = max((sum(len(g) for g in k) for k, _ in items), default=0)
    width = max(width, 1)
    n = len(items)
    _check_cells(n, width)
    ballots = np.full((n, width), -1, dtype=index_dtype(len(candidates)))
    levels = np.full((n, width), -1, dtype=np.int16)
    strict = True
    for i, (groups, _) in enumerate(items):
        r = 0
        for lv, grp in enumerate(groups):
            if len(grp) > 1:
                strict = False
            for cand in grp:
                ballots[i, r] = cand
                levels[i, r] = lv
                r += 1
    counts = np.array([w for _, w in items], dtype=np.int64)
    return RankedProfile(
        candidates,
        ballots,
        counts,
        None if strict else levels,
        rules,
        irregular,
        unranked_below,
    )


CHUNK = 1 << 20


def _from_array(
    candidates: tuple[str, ...],
    array: npt.ArrayLike,
    counts: npt.ArrayLike | None,
    rules: RuleSet,
    dedupe: bool | None,
) -> RankedProfile:
    _check_names(candidates)
    a = np.asarray(array)
    if a.ndim != 2:
        raise ValueError("the ballot array must be two-dimensional (ballots × ranks)")
    if not np.issubdtype(a.dtype, np.integer):
        raise ValueError("the ballot array must hold integer candidate indices")
    c = len(candidates)
    n, width = a.shape
    _check_cells(n, width)
    w = None if counts is None else check_weights(counts, n)
    irregular_rows: list[npt.NDArray[np.intp]] = []
    for start in range(0, n, CHUNK):
        block = a[start : start + CHUNK]
        bad = _irregular_rows(block, c)
        if bad.size:
            irregular_rows.append(bad + start)
    bad_rows = np.concatenate(irregular_rows) if irregular_rows else np.zeros(0, dtype=np.intp)
    dtype = index_dtype(c)
    if bad_rows.size:
        regular = np.ones(n, dtype=bool)
        regular[bad_rows] = False
        good = a[regular]
        good_w = None if w is None else w[regular]
    else:
        good = a
        good_w = w
    good = good.astype(dtype, copy=False)
    ballots, weights = _aggregate(good, good_w, c, dedupe)
    irregular = Irregularities()
    levels = None
    if bad_rows.size:
        raw: Counter[tuple[tuple[int, ...], ...]] = Counter()
        where: dict[tuple[tuple[int, ...], ...], int] = {}
        for r in bad_rows.tolist():
            key = tuple((int(x),) if x >= 0 else () for x in a[r])
            raw[key] += 1 if w is None else int(w[r])
            where.setdefault(key, int(r))
        extra = from_raw(candidates, raw, rules=rules, where=where)
        irregular = extra.irregular
        if extra.num_distinct:
            width = max(ballots.shape[1], extra.max_ranks)
            if ballots.shape[1] < width:
                wide = np.full((ballots.shape[0], width), -1, dtype=dtype)
                wide[:, : ballots.shape[1]] = ballots
                ballots = wide
            ext = np.full((extra.num_distinct, width), -1, dtype=dtype)
            ext[:, : extra.max_ranks] = extra.ballots
            ballots = np.concatenate([ballots, ext])
            weights = np.concatenate([weights, extra.counts])
            if extra.levels is not None:
                levels = np.tile(np.arange(width, dtype=np.int16), (ballots.shape[0], 1))
                levels[-extra.num_distinct :, : extra.max_ranks] = extra.levels
                levels[ballots < 0] = -1
    return RankedProfile(
        candidates, ballots, weights, levels, rules.name, irregular, rules.unranked_below
    )


def _irregular_rows(block: npt.NDArray[Any], c: int) -> npt.NDArray[np.intp]:
    """Rows of ``block`` with an unknown candidate, a skip, a repeat, or no candidate at all.

    Column by column in small integer types: one bit per candidate, a repeat shows as a bit
    already set, a skip as a marked rank after an unmarked one.
    """
    n, width = block.shape
    if block.size == 0:
        return np.zeros(0, dtype=np.intp)
    if int(block.min()) < -1 or int(block.max()) >= c:
        unknown = ((block < -1) | (block >= c)).any(axis=1)
        row = int(np.flatnonzero(unknown)[0])
        bad = block[row][(block[row] < -1) | (block[row] >= c)][0]
        raise BallotError("unknown_candidate", f"unknown candidate index {int(bad)}", ballot=row)
    first = block[:, 0] >= 0
    irregular = ~first
    bits_type: Any = (
        np.uint16 if c <= 16 else np.uint32 if c <= 32 else np.uint64 if c <= 64 else None
    )
    if bits_type is None:
        srt = np.sort(block, axis=1)
        irregular |= ((srt[:, 1:] == srt[:, :-1]) & (srt[:, 1:] >= 0)).any(axis=1)
    one = bits_type(1) if bits_type is not None else None
    seen = np.zeros(n, dtype=bits_type) if bits_type is not None else None
    previous = first
    for j in range(width):
        col = block[:, j]
        marked = col >= 0 if j else first
        if j:
            irregular |= marked & ~previous
        if seen is not None and one is not None:
            shift = np.maximum(col, 0).astype(bits_type)
            bit = np.where(marked, np.left_shift(one, shift), 0)
            bit = bit.astype(bits_type, copy=False)
            irregular |= (seen & bit) != 0
            seen |= bit
        previous = marked
    return np.flatnonzero(irregular)


def _aggregate(
    good: npt.NDArray[Any], w: IntArray | None, c: int, dedupe: bool | None
) -> tuple[IntArray, IntArray]:
    n, width = good.shape
    if n == 0:
        return good, np.zeros(0, dtype=np.int64)
    base = c + 1
    # trailing columns that are -1 everywhere carry nothing
    while width > 1 and not (good[:, width - 1] >= 0).any():
        width -= 1
    good = good[:, :width]
    # The last rank of a full order is implied by the others (a regular row repeats no one),
    # so it needs one bit (filled or not), not a digit: a row ranking all but one candidate
    # stays apart from the full order it begins, as the line-by-line path keeps it.
    implied = width == c and width > 1
    key_width = width - 1 if implied else width
    space = base**key_width * (2 if implied else 1)
    fits = space < 2**62
    if dedupe is False or not fits:
        if dedupe and not fits:
            uniq, inv = np.unique(good, axis=0, return_inverse=True)
            weights = np.bincount(
                inv.ravel(), weights=None if w is None else w, minlength=len(uniq)
            )
            return uniq, weights.astype(np.int64)
        return np.ascontiguousarray(good), (np.ones(n, dtype=np.int64) if w is None else w)
    small = space <= max(4 * n, 1 << 16) and space <= 1 << 24
    if dedupe is None and not small:
        return np.ascontiguousarray(good), (np.ones(n, dtype=np.int64) if w is None else w)
    key = np.zeros(n, dtype=np.int64)
    for j in range(key_width):
        key *= base
        key += good[:, j].astype(np.int64) + 1
    if implied:
        key *= 2
        key += good[:, width - 1] >= 0
    if small:
        hist = np.bincount(key, weights=w, minlength=space)
        present = np.flatnonzero(hist)
        weights = hist[present].astype(np.int64)
        first = np.full(space, -1, dtype=np.int64)
        first[key[::-1]] = np.arange(n - 1, -1, -1)
        return good[first[present]], weights
    uniq_keys, idx, inv = np.unique(key, return_index=True, return_inverse=True)
    weights = np.bincount(inv.ravel(), weights=w, minlength=len(uniq_keys)).astype(np.int64)
    return good[idx], weights


def choice_table(profile: RankedProfile) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """The ballots as one flat table and each row's start offset (a cursor per ballot).

    One extra column of ``-1`` closes every row, so a cursor that runs past the last
    preference lands on "exhausted". The table keeps the profile's small integer type (int8
    below 127 candidates) and ``-1`` for "no candidate": indexing a mask of length ``C + 1``
    with ``-1`` reads its last slot, which stands for the exhausted pile (``top % (C + 1)``
    gives ``C`` for counting). Cursors are int32 when the table is small enough.
    """
    n, width = profile.ballots.shape
    table = np.empty((n, width + 1), dtype=profile.ballots.dtype)
    table[:, :-1] = profile.ballots
    table[:, -1] = -1
    cursor_type: Any = np.int32 if n * (width + 1) < 2**31 else np.int64
    starts: npt.NDArray[Any] = np.arange(0, n * (width + 1), width + 1, dtype=cursor_type)
    return table.ravel(), starts
