"""Approval and score (grade) profiles: one row of marks per distinct ballot, with counts."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from commune.socialchoice.errors import BallotError
from commune.socialchoice.limits import MAX_SCORE, score_too_large
from commune.socialchoice.profile import Irregularities, _check_names, check_weight, check_weights

IntArray = npt.NDArray[np.integer[Any]]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, eq=False)
class ApprovalProfile:
    """Distinct approval ballots: ``approvals[i, c]`` is True if ballot ``i`` approves ``c``.

    >>> p = ApprovalProfile.from_ballots(["a", "b", "c"], [{"a", "b"}, {"b"}, {"b", "a"}])
    >>> p.num_distinct, p.num_voters
    (2, 3)
    """

    candidates: tuple[str, ...]
    approvals: BoolArray
    counts: IntArray
    rules: str = "strict"
    irregular: Irregularities = field(default_factory=Irregularities)

    @property
    def num_candidates(self) -> int:
        return len(self.candidates)

    @property
    def num_distinct(self) -> int:
        return int(self.approvals.shape[0])

    @property
    def num_voters(self) -> int:
        return int(self.counts.sum())

    def digest(self) -> str:
        h = hashlib.sha256("\x1f".join(self.candidates).encode())
        order = np.lexsort(self.approvals.T[::-1]) if self.num_distinct else np.arange(0)
        h.update(np.packbits(self.approvals[order], axis=1).tobytes())
        h.update(self.counts[order].astype(np.int64).tobytes())
        return h.hexdigest()

    def sets(self) -> list[tuple[frozenset[int], int]]:
        """Each distinct ballot as ``(approved candidate indices, count)``."""
        return [
            (frozenset(np.flatnonzero(row).tolist()), int(k))
            for row, k in zip(self.approvals, self.counts, strict=True)
        ]

    @classmethod
    def from_ballots(
        cls,
        candidates: Sequence[str],
        ballots: Iterable[Iterable[str | int]],
        *,
        counts: Iterable[int] | None = None,
        allow_empty: bool = True,
        source: str | None = None,
    ) -> ApprovalProfile:
        """Build from ballots given as collections of approved candidates (names or indices).

        A candidate approved twice on a ballot is an error (``duplicate_candidate``); an empty
        ballot is a blank vote unless ``allow_empty`` is False.
        """
        names = tuple(candidates)
        _check_names(names)
        lookup = {n: i for i, n in enumerate(names)}
        agg: Counter[frozenset[int]] = Counter()
        count_iter = iter(counts) if counts is not None else None
        blank = 0
        total = 0
        for k, ballot in enumerate(ballots):
            weight = 1 if count_iter is None else check_weight(next(count_iter), k, total, source)
            total += weight
            marks = []
            for m in ballot:
                if isinstance(m, str):
                    if m not in lookup:
                        raise BallotError(
                            "unknown_candidate", f"unknown candidate {m!r}", ballot=k, source=source
                        )
                    marks.append(lookup[m])
                else:
                    if not 0 <= int(m) < len(names):
                        raise BallotError(
                            "unknown_candidate", f"unknown candidate {m}", ballot=k, source=source
                        )
                    marks.append(int(m))
            if len(set(marks)) != len(marks):
                raise BallotError(
                    "duplicate_candidate", "a candidate is approved twice", ballot=k, source=source
                )
            if not marks:
                if not allow_empty:
                    raise BallotError(
                        "empty_ballot", "no candidate approved", ballot=k, source=source
                    )
                blank += weight
                continue
            if weight:
                agg[frozenset(marks)] += weight
        items = sorted(agg.items(), key=lambda kv: sorted(kv[0]))
        arr = np.zeros((len(items), len(names)), dtype=bool)
        for i, (s, _) in enumerate(items):
            arr[i, sorted(s)] = True
        cnt = np.array([w for _, w in items], dtype=np.int64)
        return cls(names, arr, cnt, irregular=Irregularities(num_blank=blank))

    @classmethod
    def from_array(
        cls, candidates: Sequence[str], array: npt.ArrayLike, *, counts: npt.ArrayLike | None = None
    ) -> ApprovalProfile:
        """Build from an ``N×C`` boolean array (identical rows are aggregated).

        Each row becomes integer keys of 60 bits (candidate 0 the most significant bit), found
        with small-integer matrix products; with few possible ballots (at most 2^24, and not
        many more than the rows) the keys are counted in a histogram and nothing is sorted;
        otherwise they are sorted once. Counting 10^6 × 10 ballots costs about one NumPy pass
        over the array (bench/tally.py --approval-build, docs/benchmarks.md).

        >>> p = ApprovalProfile.from_array(["a", "b", "c"], [[1, 1, 0], [0, 1, 0], [1, 1, 0]])
        >>> p.approvals.astype(int).tolist(), p.counts.tolist()
        ([[0, 1, 0], [1, 1, 0]], [1, 2])
        """
        names = tuple(candidates)
        _check_names(names)
        a = np.asarray(array)
        if a.ndim != 2 or a.shape[1] != len(names):
            raise ValueError("approval array must be N × number of candidates")
        if a.dtype != np.bool_:
            a = a.astype(bool)
        n, c = a.shape
        w = None if counts is None else check_weights(counts, n)
        if n == 0:
            return cls(names, a, np.zeros(0, dtype=np.int64))
        words = _bit_words(a)
        if words.shape[1] == 1 and c <= _HISTOGRAM_BITS and 1 << c <= max(4 * n, 1 << 16):
            # few possible ballots: a histogram of the keys, nothing sorted
            hist = np.bincount(words[:, 0], weights=w, minlength=1 << c)  # exact below 2^53
            keys = np.flatnonzero(hist)
            weights = hist[keys].astype(np.int64)
            shifts = np.arange(c - 1, -1, -1, dtype=np.int64)
            rows = ((keys[:, None] >> shifts) & 1).astype(bool)
        else:
            # any order of equal keys will do: they are the same ballot
            order = np.argsort(words[:, 0]) if words.shape[1] == 1 else np.lexsort(words.T[::-1])
            ranked = words[order]
            starts = np.flatnonzero(
                np.concatenate([[True], (ranked[1:] != ranked[:-1]).any(axis=1)])
            )
            if w is None:
                weights = np.diff(np.append(starts, n)).astype(np.int64)
            else:
                weights = np.add.reduceat(w[order], starts)
            rows = a[order[starts]]
        used = weights != 0
        rows, weights = rows[used], weights[used]
        empty = ~rows.any(axis=1)
        return cls(
            names,
            rows[~empty],
            weights[~empty],
            irregular=Irregularities(int(weights[empty].sum())),
        )


#: up to this many candidates, the possible approval ballots may be counted in a histogram
_HISTOGRAM_BITS = 24


def _bit_words(a: BoolArray) -> IntArray:
    """Each row of ``a`` as integers of 60 bits (``N × ceil(C / 60)``), column 0 the most
    significant bit of the first: sorting the words sorts the rows.

    Built 15 columns at a time by a product with int16 powers of two (the bytes of ``a``
    widened to int16 only, never to int64).
    """
    n, c = a.shape
    u = a.view(np.uint8)
    if c <= 15:
        bits = (1 << np.arange(c - 1, -1, -1)).astype(np.int16)
        key: IntArray = (u @ bits).astype(np.int64)
        return key.reshape(n, 1)
    out = np.zeros((n, (c + 59) // 60), dtype=np.int64)
    for k in range(out.shape[1]):
        word = out[:, k]
        for start in range(60 * k, min(c, 60 * k + 60), 15):
            stop = min(c, start + 15, 60 * k + 60)
            bits = (1 << np.arange(stop - start - 1, -1, -1)).astype(np.int16)
            word <<= stop - start
            word |= u[:, start:stop] @ bits
    return out


@dataclass(frozen=True, slots=True, eq=False)
class ScoreProfile:
    """Distinct score (grade) ballots: ``scores[i, c]`` in ``0..max_score``; counts per row.

    A candidate a ballot does not score gets ``0``: the lowest grade ("to reject" in majority
    judgment, no points in score voting).
    """

    candidates: tuple[str, ...]
    scores: IntArray
    counts: IntArray
    max_score: int
    grades: tuple[str, ...] = ()
    rules: str = "strict"
    irregular: Irregularities = field(default_factory=Irregularities)

    @property
    def num_candidates(self) -> int:
        return len(self.candidates)

    @property
    def num_voters(self) -> int:
        return int(self.counts.sum())

    def digest(self) -> str:
        h = hashlib.sha256("\x1f".join(self.candidates).encode())
        order = np.lexsort(self.scores.T[::-1]) if self.scores.shape[0] else np.arange(0)
        h.update(self.scores[order].astype(np.int64).tobytes())
        h.update(self.counts[order].astype(np.int64).tobytes())
        return h.hexdigest()

    @classmethod
    def from_ballots(
        cls,
        candidates: Sequence[str],
        ballots: Iterable[Mapping[str, int]],
        *,
        max_score: int,
        counts: Iterable[int] | None = None,
        grades: Sequence[str] = (),
        source: str | None = None,
    ) -> ScoreProfile:
        """Build from ballots given as ``{candidate: score}`` mappings (unscored = 0)."""
        names = tuple(candidates)
        _check_names(names)
        if max_score > MAX_SCORE:
            raise score_too_large(max_score, source=source)
        lookup = {n: i for i, n in enumerate(names)}
        agg: Counter[tuple[int, ...]] = Counter()
        count_iter = iter(counts) if counts is not None else None
        total = 0
        for k, ballot in enumerate(ballots):
            weight = 1 if count_iter is None else check_weight(next(count_iter), k, total, source)
            total += weight
            row = [0] * len(names)
            for name, sc in ballot.items():
                if name not in lookup:
                    raise BallotError(
                        "unknown_candidate", f"unknown candidate {name!r}", ballot=k, source=source
                    )
                if not 0 <= int(sc) <= max_score:
                    raise BallotError(
                        "invalid_score",
                        f"score {sc} for {name!r} is outside 0..{max_score}",
                        ballot=k,
                        source=source,
                    )
                row[lookup[name]] = int(sc)
            agg[tuple(row)] += weight
        items = sorted(agg.items())
        arr = np.array([r for r, _ in items], dtype=np.int64).reshape(len(items), len(names))
        cnt = np.array([w for _, w in items], dtype=np.int64)
        return cls(names, arr, cnt, max_score, tuple(grades))
