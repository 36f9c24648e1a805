"""Imperative mandates: a section's general assembly instructs its delegates how to vote on
a council motion, by the same motion-and-division machinery as any body; when the council
divides, each bound delegate's vote is compared with the instruction, in public.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from commune import clock
from commune.assemblies import hooks as assembly_hooks
from commune.assemblies import queries as assembly_queries
from commune.assemblies.actions import do_create_body, do_table_motion
from commune.assemblies.models import Body, Division, DivisionVote, Motion
from commune.communes.access import Actor
from commune.communes.constitution import validate_constitution
from commune.errors import InvalidInput, PermissionDenied
from commune.journal.record import append_entry
from commune.mandates import queries
from commune.mandates.actions.common import RULE
from commune.mandates.errors import NotOfSection
from commune.mandates.models import Fidelity, Instruction, Mandate
from commune.members.models import Section
from commune.text import clean_text

PENDING = (
    Motion.State.TABLED,
    Motion.State.REFERRED,
    Motion.State.REPORTED,
    Motion.State.ON_AGENDA,
)


def ensure_assembly(section: Section) -> Body:
    """The section's general assembly, created on first need (by the constitution's rule)."""
    assembly = queries.section_assembly(section)
    if assembly is not None:
        return assembly
    return do_create_body(
        section.commune,
        actor=RULE,
        kind=Body.Kind.ASSEMBLY,
        name=str(_("General assembly of section %(number)s, %(name)s"))
        % {"number": section.number, "name": section.name},
        section=section,
    )


def do_propose_instruction(
    section: Section, *, actor: Actor, motion: Motion, vote: str = "", text: str = ""
) -> Instruction:
    """A member of `section` proposes that its general assembly instruct the section's
    delegates on a pending council motion: vote yes, no, abstain, or a text in words. The
    proposal is a motion of the assembly; it binds once the assembly adopts it."""
    if motion.body.kind != Body.Kind.COUNCIL or motion.body.commune_id != section.commune_id:
        raise InvalidInput("an instruction is given on a motion of this commune's council")
    if motion.state not in PENDING or motion.is_amendment:
        raise InvalidInput(
            f"motion {motion.number} is {motion.get_state_display()}: only a pending motion "
            "can be the subject of an instruction",
            field="motion",
        )
    if vote not in ("", *Instruction.Vote.values):
        raise InvalidInput(
            f"an instruction's vote is yes, no or abstain, not {vote!r}", field="vote"
        )
    text = clean_text(text, what="text", max_length=20_000, required=not vote, multiline=True)
    person = assembly_queries.person_of(section.commune, getattr(actor, "pk", None))
    if person is None or not queries.is_section_member(section, person):
        raise NotOfSection(f"only the members of section {section.number} instruct its delegates")
    assembly = ensure_assembly(section)
    wording = {
        "yes": "vote for",
        "no": "vote against",
        "abstain": "abstain on",
        "": "act as follows on",
    }[vote]
    with transaction.atomic():
        carrier = do_table_motion(
            assembly,
            actor=actor,
            title=f"Instruction to the delegates: {wording} council motion {motion.number}"[:300],
            text=f"The delegates of section {section.number} {wording} motion {motion.number} "
            f"of the council, “{motion.title}”." + (f"\n\n{text}" if text else ""),
        )
        instruction = Instruction.objects.create(
            section=section,
            motion=motion,
            carrier=carrier,
            vote=vote,
            text=text,
            created_at=clock.now(),
        )
        append_entry(
            section.commune,
            "instruction.proposed",
            {
                "instruction": instruction.pk,
                "section": section.number,
                "motion": motion.number,
                "carrier": carrier.number,
                "vote": vote,
                "text": text,
            },
            actor=actor,
        )
    return instruction


@assembly_hooks.after_division
def compare_with_instructions(division: Division) -> None:
    """When the council divides by roll-call, compare each bound delegate's vote with their
    section's instruction (followed, departed from, absent), journal it, and open a recall
    petition where the constitution says repeated departures call for one."""
    if division.body.kind != Body.Kind.COUNCIL or division.election_id is not None:
        return  # a secret vote cannot be compared with anything: nothing is recorded by name
    instructions = queries.binding_instructions(division.motion, division)
    if not instructions:
        return
    votes = dict(DivisionVote.objects.filter(division=division).values_list("person_id", "choice"))
    now = clock.now()
    departed_mandates: list[Mandate] = []
    for instruction in instructions:
        verdicts: dict[str, list[str]] = {"followed": [], "departed": [], "absent": []}
        mandates = Mandate.objects.filter(
            section=instruction.section, ended_at__isnull=True, started_at__lte=division.opened_at
        ).select_related("person")
        for mandate in mandates:
            vote = votes.get(mandate.person_id, "")
            verdict = (
                Fidelity.Verdict.ABSENT
                if not vote
                else Fidelity.Verdict.FOLLOWED
                if vote == instruction.vote
                else Fidelity.Verdict.DEPARTED
            )
            Fidelity.objects.create(
                instruction=instruction,
                mandate=mandate,
                division=division,
                vote=vote,
                verdict=verdict,
                recorded_at=now,
            )
            verdicts[verdict].append(mandate.person.full_name)
            if verdict == Fidelity.Verdict.DEPARTED:
                departed_mandates.append(mandate)
        append_entry(
            division.body.commune,
            "instruction.compared",
            {
                "instruction": instruction.pk,
                "section": instruction.section.number,
                "division": division.pk,
                "motion": division.motion.number,
                "vote": instruction.vote,
                **{k: sorted(v) for k, v in verdicts.items()},
            },
            actor=RULE,
        )
    rules = validate_constitution(division.body.commune.constitution).recall
    if rules.departures_for_petition is None:
        return
    from commune.mandates.actions.recall import open_petition  # the recall module's core

    for mandate in departed_mandates:
        departures = queries.departures_in_term(mandate)
        if departures >= rules.departures_for_petition and not queries.active_petition(mandate):
            open_petition(
                mandate,
                actor=RULE,
                opened_by=None,
                reason=f"{departures} departures from the section's instructions "
                f"(the constitution calls a petition at {rules.departures_for_petition})",
            )


def do_explain_departure(fidelity: Fidelity, *, actor: Actor, statement: str) -> Fidelity:
    """The delegate publishes why they departed from their section's instruction."""
    mandate = fidelity.mandate
    person = assembly_queries.person_of(mandate.commune, getattr(actor, "pk", None))
    if person is None or person.pk != mandate.person_id:
        raise PermissionDenied("only the delegate explains their own vote")
    if fidelity.verdict != Fidelity.Verdict.DEPARTED:
        raise InvalidInput("only a departure from an instruction is explained")
    statement = clean_text(statement, what="statement", max_length=20_000, multiline=True)
    with transaction.atomic():
        fidelity = Fidelity.objects.select_for_update().get(pk=fidelity.pk)
        fidelity.statement = statement
        fidelity.statement_at = clock.now()
        fidelity.save(update_fields=["statement", "statement_at"])
        append_entry(
            mandate.commune,
            "fidelity.explained",
            {
                "fidelity": fidelity.pk,
                "delegate": mandate.person.full_name,
                "division": fidelity.division_id,
                "statement": statement,
            },
            actor=actor,
        )
    return fidelity
