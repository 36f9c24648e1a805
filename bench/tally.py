"""Benchmark of the counting engine (commune.socialchoice) against peer libraries.

Generates seeded ballots — impartial culture (complete rankings), a 1-D spatial model
(complete) and the same spatial model truncated to the top 3 — as ``N×C`` int8 arrays; times
building the profile from the array and each count (plurality, IRV, STV 3 and 5 seats, Schulze,
ranked pairs, Borda, approval of the top 3), and the same counts in peer libraries where they
can take the input (svvamp, votekit, pref_voting, pyrankvote, votelib, pyrcv), plus a plain
NumPy pass as the floor. Prints a table of medians, ratios to ours, and peak memory.

    uv run --group bench python bench/tally.py                  # default: a few minutes
    uv run --group bench python bench/tally.py --sizes 10000000 --candidates 10 --no-peers
    uv run --group bench python bench/tally.py --approval-build --sizes 1000000 --candidates 10
    uv run --group bench python bench/tally.py --blt-read --sizes 1000000 --candidates 10

Speed is measured here and recorded in docs/benchmarks.md; it is never asserted in tests.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from commune.socialchoice import ApprovalProfile, RankedProfile, approval, borda, irv, plurality
from commune.socialchoice.methods.condorcet import ranked_pairs, schulze
from commune.socialchoice.methods.stv import stv_wigm

CHUNK = 1 << 20


# --- ballots ---------------------------------------------------------------------------------


def impartial_culture(n: int, c: int, rng: np.random.Generator) -> np.ndarray:
    out = np.empty((n, c), dtype=np.int8)
    for s in range(0, n, CHUNK):
        m = min(CHUNK, n - s)
        out[s : s + m] = np.argsort(rng.random((m, c), dtype=np.float32), axis=1)
    return out


def spatial(n: int, c: int, rng: np.random.Generator, top: int | None = None) -> np.ndarray:
    """Voters and candidates on a line; each voter ranks candidates by distance."""
    cands = rng.random(c, dtype=np.float32)
    out = np.empty((n, c), dtype=np.int8)
    for s in range(0, n, CHUNK):
        m = min(CHUNK, n - s)
        voters = rng.normal(0.5, 0.25, size=(m, 1)).astype(np.float32)
        out[s : s + m] = np.argsort(np.abs(voters - cands[None, :]), axis=1)
    if top is not None:
        out[:, top:] = -1
    return out


MODELS: dict[str, Callable[[int, int, np.random.Generator], np.ndarray]] = {
    "ic": impartial_culture,
    "spatial": spatial,
    "spatial-top3": lambda n, c, rng: spatial(n, c, rng, top=3),
}


# --- timing ----------------------------------------------------------------------------------


def measure(fn: Callable[[], Any], repeat: int, memory: bool) -> tuple[float, float | None, Any]:
    """Median wall time (s) over ``repeat`` runs, peak traced memory (MiB) of one run, result."""
    times = []
    result = None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    peak = None
    if memory:
        gc.collect()
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return statistics.median(times), peak, result


# --- peers -----------------------------------------------------------------------------------


def peer_counts(arr: np.ndarray, c: int, complete: bool) -> dict[str, dict[str, Callable[[], Any]]]:
    """For each peer, the counts it can do on this input, as zero-argument callables.

    Each callable goes from the ``N×C`` int8 array to the winners: it converts the array to
    the peer's own input and builds its profile (peers cache work there), so it is compared
    with our *build + count* time.
    """
    names = [f"c{i}" for i in range(c)]
    peers: dict[str, dict[str, Callable[[], Any]]] = {}

    def rows() -> list[list[int]]:
        return [[int(x) for x in r if x >= 0] for r in arr.tolist()]

    def aggregated() -> dict[tuple[int, ...], int]:
        out: dict[tuple[int, ...], int] = {}
        for r in rows():
            if r:
                out[tuple(r)] = out.get(tuple(r), 0) + 1
        return out

    try:
        import svvamp

        if complete:

            def sv(rule: Any) -> Callable[[], Any]:
                return lambda: rule()(svvamp.Profile(preferences_rk=arr.astype(np.int64))).w_

            peers["svvamp"] = {
                "plurality": sv(svvamp.RulePlurality),
                "irv": sv(svvamp.RuleIRV),
                "schulze": sv(svvamp.RuleSchulze),
                "ranked-pairs": sv(svvamp.RuleRankedPairs),
                "borda": sv(svvamp.RuleBorda),
            }
        else:
            peers["svvamp"] = {"_skip": "takes complete rankings only"}  # type: ignore[dict-item]
    except Exception as exc:
        peers["svvamp"] = {"_skip": f"unavailable: {type(exc).__name__}"}  # type: ignore[dict-item]

    try:
        from votekit import RankBallot, RankProfile
        from votekit.elections import IRV as VK_IRV
        from votekit.elections import FastSTV

        def vk_profile() -> Any:
            return RankProfile(
                ballots=[
                    RankBallot(ranking=tuple(frozenset({names[x]}) for x in b), weight=k)
                    for b, k in aggregated().items()
                ],
                candidates=names,
            )

        peers["votekit"] = {
            "irv": lambda: VK_IRV(vk_profile(), tiebreak="random", rng_seed=1).get_elected(),
            "stv3": lambda: FastSTV(
                vk_profile(), n_seats=3, tiebreak="random", rng_seed=1
            ).get_elected(),
            "stv5": lambda: FastSTV(
                vk_profile(), n_seats=5, tiebreak="random", rng_seed=1
            ).get_elected(),
        }
    except Exception as exc:
        peers["votekit"] = {"_skip": f"unavailable: {type(exc).__name__}"}  # type: ignore[dict-item]

    try:
        from pref_voting.iterative_methods import instant_runoff
        from pref_voting.margin_based_methods import beat_path
        from pref_voting.margin_based_methods import ranked_pairs as pv_rp
        from pref_voting.profiles import Profile
        from pref_voting.profiles_with_ties import ProfileWithTies
        from pref_voting.scoring_methods import borda as pv_borda
        from pref_voting.scoring_methods import plurality as pv_plurality

        def pv_profile() -> Any:
            if complete:
                return Profile(arr.astype(int))
            agg = aggregated()
            prof = ProfileWithTies(
                [{x: i for i, x in enumerate(r)} for r in agg],
                list(agg.values()),
                candidates=list(range(c)),
            )
            prof.use_extended_strict_preference()
            return prof

        peers["pref_voting"] = {
            "plurality": lambda: pv_plurality(pv_profile()),
            "irv": lambda: instant_runoff(pv_profile()),
            "schulze": lambda: beat_path(pv_profile()),
            "borda": lambda: pv_borda(pv_profile()),
        }
        if c <= 5:
            peers["pref_voting"]["ranked-pairs"] = lambda: pv_rp(pv_profile())
    except Exception as exc:
        peers["pref_voting"] = {"_skip": f"unavailable: {type(exc).__name__}"}  # type: ignore[dict-item]

    try:
        import pyrankvote
        from pyrankvote import Ballot, Candidate

        pc = [Candidate(n) for n in names]

        def prv() -> list[Any]:
            return [Ballot(ranked_candidates=[pc[x] for x in r]) for r in rows() if r]

        peers["pyrankvote"] = {
            "irv": lambda: pyrankvote.instant_runoff_voting(pc, prv()),
            "stv3": lambda: pyrankvote.single_transferable_vote(pc, prv(), number_of_seats=3),
            "stv5": lambda: pyrankvote.single_transferable_vote(pc, prv(), number_of_seats=5),
        }
    except Exception as exc:
        peers["pyrankvote"] = {"_skip": f"unavailable: {type(exc).__name__}"}  # type: ignore[dict-item]

    try:
        import votelib.convert
        import votelib.evaluate.condorcet as vc
        import votelib.evaluate.sequential as vs

        def ranked() -> dict[tuple[str, ...], int]:
            return {tuple(names[x] for x in b): k for b, k in aggregated().items()}

        def pairs() -> Any:
            return votelib.convert.RankedToCondorcetVotes(names).convert(ranked())

        peers["votelib"] = {
            "irv": lambda: vs.TransferableVoteSelector().evaluate(ranked(), 1),
            "stv3": lambda: vs.TransferableVoteSelector().evaluate(ranked(), 3),
            "schulze": lambda: vc.Schulze().evaluate(pairs(), 1),
            "ranked-pairs": lambda: vc.RankedPairs().evaluate(pairs(), 1),
        }
    except Exception as exc:
        peers["votelib"] = {"_skip": f"unavailable: {type(exc).__name__}"}  # type: ignore[dict-item]

    try:
        import pyrcv

        def race(seats: int) -> Any:
            agg = aggregated()
            meta = pyrcv.RaceMetadata("bench", seats, names)
            return pyrcv.RaceData(meta, [[x + 1 for x in b] for b in agg], list(agg.values()))

        peers["pyrcv"] = {
            "irv": lambda: pyrcv.run_rcv(race(1)),
            "stv3": lambda: pyrcv.run_rcv(race(3)),
            "stv5": lambda: pyrcv.run_rcv(race(5)),
        }
    except Exception as exc:
        peers["pyrcv"] = {"_skip": f"unavailable: {type(exc).__name__}"}  # type: ignore[dict-item]
    return peers


# --- main ------------------------------------------------------------------------------------


def ours(arr: np.ndarray, names: list[str]) -> dict[str, Callable[[], Any]]:
    profile = RankedProfile.from_array(names, arr)
    top3 = np.zeros((arr.shape[0], len(names)), dtype=bool)
    rows = np.arange(arr.shape[0])
    for j in range(min(3, arr.shape[1])):
        col = arr[:, j]
        ok = col >= 0
        top3[rows[ok], col[ok]] = True
    approvals = ApprovalProfile.from_array(names, top3)
    return {
        "plurality": lambda: plurality(profile).winners,
        "irv": lambda: irv(profile).winners,
        "stv3": lambda: stv_wigm(profile, seats=3).winners,
        "stv5": lambda: stv_wigm(profile, seats=5).winners,
        "stv5 from array": lambda: stv_wigm(RankedProfile.from_array(names, arr), seats=5).winners,
        "schulze": lambda: schulze(profile).winners,
        "ranked-pairs": lambda: ranked_pairs(profile).winners,
        "borda": lambda: borda(profile).winners,
        "approval": lambda: approval(approvals).winners,
    }


def run_config(model: str, n: int, c: int, args: argparse.Namespace, notes: set[str]) -> None:
    """Time one (model, N, C) configuration and print its rows."""
    rng = np.random.default_rng([args.seed, n, c, list(MODELS).index(model)])
    arr = MODELS[model](n, c, rng)
    names = [f"c{i}" for i in range(c)]
    repeat = args.repeat if n < 5_000_000 else 1
    rows: list[tuple[str, str, float, float | None]] = []

    def floor() -> Any:
        return np.bincount(arr[:, 0].astype(np.intp) + 1)

    def build() -> Any:
        return RankedProfile.from_array(names, arr)

    t, mem, _ = measure(floor, repeat, args.memory)
    rows.append(("plurality", "numpy floor", t, mem))
    t, mem, _ = measure(build, repeat, args.memory)
    rows.append(("build profile", "commune", t, mem))
    build_time = t
    mine: dict[str, float] = {}
    for label, fn in ours(arr, names).items():
        t, mem, _ = measure(fn, repeat, args.memory and n <= 1_000_000)
        rows.append((label, "commune", t, mem))
        mine[label] = t if label == "stv5 from array" else t + build_time
    if args.peers and n <= args.peer_max and c <= args.peer_candidates:
        for peer, counts in peer_counts(arr, c, model != "spatial-top3").items():
            if "_skip" in counts:
                notes.add(f"{peer} skipped on {model}: {counts['_skip']}")
                continue
            for label, fn in counts.items():
                try:
                    fn()  # warm-up: JIT compilation, imports
                    t, _, _ = measure(fn, 1, False)
                except Exception as exc:
                    notes.add(f"{peer} {label} failed on {model}: {type(exc).__name__}")
                    continue
                rows.append((label, peer, t, None))
    for label, lib, t, mem in rows:
        base = mine.get(label.split(" ")[0])
        ratio = f"{t / base:8.1f}" if base and lib != "commune" else ""
        ms = f"{t * 1000:11.1f}"
        peak = f"{mem:10.1f}" if mem is not None else ""
        print(f"{model:<13}{n:>10}{c:>4}  {label:<16}{lib:<12}{ms}{ratio:>9}{peak}")
    sys.stdout.flush()


def approval_arrays(n: int, c: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """``N×C`` approval ballots: each candidate approved with probability 0.3 (up to 2^C
    distinct ballots), and each voter's first three preferences in the spatial model."""
    top3 = np.zeros((n, c), dtype=bool)
    ranked = spatial(n, c, rng, top=3)
    rows = np.arange(n)
    for j in range(3):
        top3[rows, ranked[:, j]] = True
    return {"random 0.3": rng.random((n, c), dtype=np.float32) < 0.3, "spatial top-3": top3}


def run_approval_build(n: int, c: int, args: argparse.Namespace) -> None:
    """Time building an approval profile from an ``N×C`` boolean array, against one plain
    NumPy pass over the array (the approval totals) and svvamp's profile + approval count."""
    rng = np.random.default_rng([args.seed, n, c, 12])
    names = [f"c{i}" for i in range(c)]
    try:
        import svvamp
    except ImportError:
        svvamp = None
    for model, arr in approval_arrays(n, c, rng).items():
        timings: list[tuple[str, float]] = []
        floor, _, _ = measure(lambda arr=arr: arr.sum(axis=0), args.repeat, False)
        timings.append(("numpy pass (totals)", floor))
        build, _, prof = measure(
            lambda arr=arr: ApprovalProfile.from_array(names, arr), args.repeat, False
        )
        timings.append(("from_array", build))
        count, _, _ = measure(
            lambda arr=arr: approval(ApprovalProfile.from_array(names, arr)).winners,
            args.repeat,
            False,
        )
        timings.append(("from_array + count", count))
        if svvamp is not None:
            ut = arr.astype(np.float64)

            def sv(ut: np.ndarray = ut) -> Any:
                return svvamp.RuleApproval()(svvamp.Profile(preferences_ut=ut)).w_

            sv()  # warm-up
            t, _, _ = measure(sv, args.repeat, False)
            timings.append(("svvamp build + count", t))
        for label, t in timings:
            ratio = t / floor
            print(
                f"{model:<14}{n:>10}{c:>4}  {label:<22}{t * 1000:10.1f}{ratio:10.2f}"
                f"{prof.num_distinct:>10}"
            )
        sys.stdout.flush()


def run_blt_read(n: int, c: int, args: argparse.Namespace) -> None:
    """Time reading a BLT file of ``n`` plain ballots (complete IC rankings) with
    ``formats.read`` (the vectorised path), then building its profile."""
    import os
    import tempfile

    from commune.socialchoice.formats import read

    rng = np.random.default_rng([args.seed, n, c, 13])
    arr = impartial_culture(n, c, rng) + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.blt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(f"{c} 1\n")
            for s in range(0, n, CHUNK):
                block = arr[s : s + CHUNK]
                fh.write("\n".join("1 " + " ".join(map(str, row)) + " 0" for row in block.tolist()))
                fh.write("\n")
            fh.write("0\n" + "".join(f'"c{i}"\n' for i in range(c)) + '"bench"\n')
        size = os.path.getsize(path) / 2**20
        t, mem, election = measure(lambda: read(path), args.repeat, args.memory)
        b, _, _ = measure(lambda: election.profile(), args.repeat, False)
    peak = f"{mem:10.1f}" if mem is not None else ""
    print(
        f"blt {size:7.1f} MiB{n:>10}{c:>4}  read {t * 1000:10.1f} ms"
        f"  profile {b * 1000:8.1f} ms  peak MiB{peak}"
    )
    print(f"  vectorised: {election.array is not None}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="voters, comma-separated")
    parser.add_argument("--candidates", default="5,10,20", help="candidates, comma-separated")
    parser.add_argument("--models", default=",".join(MODELS), help="ballot models")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--peer-max", type=int, default=10000, help="largest N given to peers")
    parser.add_argument(
        "--peer-candidates", type=int, default=10, help="most candidates given to peers"
    )
    parser.add_argument("--memory", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--seed", type=int, default=1871)
    parser.add_argument(
        "--approval-build",
        action="store_true",
        help="only time building approval profiles from arrays (with --sizes, --candidates)",
    )
    parser.add_argument(
        "--blt-read",
        action="store_true",
        help="only time reading BLT files of plain ballots (with --sizes, --candidates)",
    )
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    cands = [int(s) for s in args.candidates.split(",")]
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}")
    if args.blt_read:
        print("peak MiB: traced by tracemalloc during one read")
        for c in cands:
            for n in sizes:
                run_blt_read(n, c, args)
        return 0
    if args.approval_build:
        print("× numpy: time over one NumPy pass over the same array (arr.sum(axis=0))")
        head = f"{'model':<14}{'N':>10}{'C':>4}  {'step':<22}{'median ms':>10}{'× numpy':>10}"
        print(head + f"{'distinct':>10}")
        print("-" * (len(head) + 10))
        for c in cands:
            for n in sizes:
                run_approval_build(n, c, args)
        return 0
    header = (
        f"{'model':<13}{'N':>10}{'C':>4}  {'count':<16}{'library':<12}"
        f"{'median ms':>11}{'× ours':>9}{'peak MiB':>10}"
    )
    print(
        "× ours: a peer's time (array → its input → winners) over ours (build + count);"
        " 'numpy floor' is one bincount of the first column"
    )
    print(header)
    print("-" * len(header))
    notes: set[str] = set()
    for model in args.models.split(","):
        for c in cands:
            for n in sizes:
                run_config(model, n, c, args, notes)
                gc.collect()
    for note in sorted(notes):
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
