"""Plain-text reports of results: every round, every transfer, every tie and how it was broken."""

from __future__ import annotations

from commune.socialchoice.result import Result, show


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def fmt(r: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )

    return [fmt(header), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]


def render(result: Result) -> str:
    """The report printed by ``commune tally`` without ``--json``."""
    out: list[str] = []
    title = f"Method: {result.method}    rules: {result.rules}    seats: {result.seats}"
    out.append(title)
    out.append(
        f"Ballots counted: {show(result.num_ballots)}    blank: {result.num_blank}    "
        f"rejected: {result.num_rejected}    arithmetic: {result.arithmetic}"
    )
    if result.quota is not None:
        out.append(f"Quota: {show(result.quota)}")
    if result.threshold is not None:
        out.append(f"Threshold: {show(result.threshold)} votes")
    out.append("")
    for rnd in result.rounds:
        out.append(f"Round {rnd.number}")
        if rnd.transfer_from:
            tv = "" if rnd.transfer_value is None else f" at value {show(rnd.transfer_value)}"
            out.append(f"  transfer ({rnd.transfer_kind}) from {', '.join(rnd.transfer_from)}{tv}")
            moved = [f"{k} {show(v)}" for k, v in rnd.transfers.items() if v]
            if moved:
                out.append("    received: " + ", ".join(moved))
        if rnd.counts:
            rows = [
                [name, show(v)] for name, v in sorted(rnd.counts.items(), key=lambda kv: -kv[1])
            ]
            if rnd.exhausted:
                rows.append(["(exhausted)", show(rnd.exhausted)])
            out.extend("  " + line for line in _table(["candidate", "votes"], rows))
        if rnd.elected:
            out.append(f"  elected: {', '.join(rnd.elected)}")
        if rnd.excluded:
            out.append(f"  excluded: {', '.join(rnd.excluded)}")
        if rnd.note:
            out.append(f"  note: {rnd.note}")
        out.append("")
    if result.pairwise is not None:
        names = list(result.candidates)
        short = [n[:10] for n in names]
        out.append("Pairwise matrix (row preferred to column):")
        rows = [[names[i], *(show(v) for v in row)] for i, row in enumerate(result.pairwise)]
        out.extend("  " + line for line in _table(["", *short], rows))
        out.append("")
    if result.strongest_paths is not None:
        names = list(result.candidates)
        short = [n[:10] for n in names]
        out.append("Strongest paths:")
        rows = [[names[i], *(show(v) for v in row)] for i, row in enumerate(result.strongest_paths)]
        out.extend("  " + line for line in _table(["", *short], rows))
        out.append("")
    if result.scores is not None and not result.rounds:
        rows = [[k, show(v)] for k, v in result.scores.items()]
        out.extend(_table(["candidate", "score"], rows))
        out.append("")
    if result.ranking:
        out.append("Ranking: " + " > ".join(" = ".join(g) for g in result.ranking))
    for note in result.notes:
        out.append(f"Note: {note}")
    for tie in result.ties:
        out.append(
            f"Tie ({tie.context}) between {', '.join(tie.tied)}: {tie.procedure} chose "
            f"{', '.join(tie.chosen)}" + (f" [{tie.detail}]" if tie.detail else "")
        )
    if len(result.tied_winners) > 1:
        out.append(f"Tied winners before tie-breaking: {', '.join(result.tied_winners)}")
    if result.unfilled:
        out.append(f"Unfilled seats: {result.unfilled} (a complementary election must be called)")
    out.append(f"Seed for lots: {result.seed if result.seed is not None else '(no lot drawn)'}")
    label = "Winner" if result.seats == 1 else "Elected"
    out.append(f"{label}: {', '.join(result.winners) if result.winners else '(none)'}")
    return "\n".join(out)
