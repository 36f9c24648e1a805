"""The acts of mandates that the Journal officiel records (delegates act in public)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from commune.journal.kinds import EntryKind, Payload


class MandateBegan(Payload):
    mandate: int
    body: str
    section: int | None
    delegate: str
    election: int | None
    started_at: str


KINDS = [
    EntryKind(
        "mandate.began",
        _("Mandate began"),
        MandateBegan,
        lambda p: _("%(delegate)s, section %(section)s") % p,
    ),
]


class MandateEnded(Payload):
    mandate: int
    section: int | None
    delegate: str
    reason: str
    ended_at: str


class InstructionProposed(Payload):
    instruction: int
    section: int
    motion: int
    carrier: int
    vote: str
    text: str


class InstructionCompared(Payload):
    instruction: int
    section: int
    division: int
    motion: int
    vote: str
    followed: list[str]
    departed: list[str]
    absent: list[str]


class DepartureExplained(Payload):
    fidelity: int
    delegate: str
    division: int
    statement: str


class PetitionOpened(Payload):
    petition: int
    mandate: int
    delegate: str
    section: int | None
    reason: str
    opened_by: str | None
    registered: int
    threshold: int
    closes_at: str


class PetitionSigned(Payload):
    petition: int
    signer: str | None
    signatures: int
    threshold: int


class PetitionThresholdReached(Payload):
    petition: int
    signatures: int
    threshold: int
    vote: int


class ReplacementCalled(Payload):
    petition: int
    vote: int
    replacement: int
    candidacies_until: str
    opens_at: str
    closes_at: str


class PetitionEnded(Payload):
    petition: int
    state: str
    signatures: int


class RecallSettled(Payload):
    petition: int
    delegate: str
    vote: int
    outcome: str
    recall: int
    keep: int
    blank: int
    voters: int
    registered: int
    rule: str
    by_election: int | None


KINDS += [
    EntryKind(
        "mandate.ended",
        _("Mandate ended"),
        MandateEnded,
        lambda p: _("%(delegate)s: %(reason)s") % p,
    ),
    EntryKind(
        "instruction.proposed",
        _("Instruction proposed"),
        InstructionProposed,
        lambda p: _("section %(section)s on motion %(motion)s") % p,
    ),
    EntryKind(
        "instruction.compared",
        _("Delegates' votes compared with an instruction"),
        InstructionCompared,
        lambda p: _("section %(section)s, motion %(motion)s") % p,
    ),
    EntryKind(
        "fidelity.explained",
        _("Departure explained"),
        DepartureExplained,
        lambda p: _("%(delegate)s") % p,
    ),
    EntryKind(
        "recall.petition_opened",
        _("Recall petition opened"),
        PetitionOpened,
        lambda p: _("against %(delegate)s") % p,
    ),
    EntryKind(
        "recall.signed",
        _("Recall petition signed"),
        PetitionSigned,
        lambda p: _("%(signatures)s of %(threshold)s signatures") % p,
    ),
    EntryKind(
        "recall.signature_withdrawn",
        _("Signature withdrawn"),
        PetitionSigned,
        lambda p: _("%(signatures)s of %(threshold)s signatures") % p,
    ),
    EntryKind(
        "recall.threshold_reached",
        _("Recall petition reached its threshold"),
        PetitionThresholdReached,
        lambda p: _("recall vote %(vote)s opened") % p,
    ),
    EntryKind(
        "recall.replacement_called",
        _("Replacement called on the recall's ballot"),
        ReplacementCalled,
        lambda p: _("recall vote %(vote)s and replacement %(replacement)s, together") % p,
    ),
    EntryKind(
        "recall.petition_ended",
        _("Recall petition ended"),
        PetitionEnded,
        lambda p: _("%(state)s") % p,
    ),
    EntryKind(
        "recall.settled",
        _("Recall vote settled"),
        RecallSettled,
        lambda p: _("%(delegate)s: %(outcome)s") % p,
    ),
]
