"""A delegate's mandate, the instructions that bind it, how faithfully it was held, and the
petitions and votes that recall it ("responsible and revocable at any time")."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commune.assemblies.models import Division, Motion, Seat
from commune.communes.models import Commune
from commune.elections.models import Election
from commune.members.models import Person, Section


class Mandate(models.Model):
    """A seat held by a delegate: revocable at any time, so `ended_at` may come early."""

    class EndReason(models.TextChoices):
        TERM = "term", _("end of term")
        RESIGNATION = "resignation", _("resignation")
        RECALL = "recall", _("recalled")
        DEATH = "death", _("death")
        ANNULMENT = "annulment", _("annulled")

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="mandates")
    # The body the seat belongs to: the council for now; commissions and federal councils later.
    body = models.CharField(_("body"), max_length=40, default="council")
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mandates")
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    # The seat in the council the mandate gives (the assemblies room counts its members).
    # Someone elected by two sections holds one seat, as in 1871 (then opts for one).
    seat = models.ForeignKey(
        Seat, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=16, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["commune", "section", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person"],
                condition=Q(election__isnull=False),
                name="one_mandate_per_winner",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")),
                name="mandate_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.body})"


class Instruction(models.Model):
    """A section's binding instruction to its delegates on a council motion (an imperative
    mandate). It is adopted like any motion, by the section's general assembly: `carrier` is
    that assembly's motion; it binds once adopted, for the council's divisions opened after."""

    class Vote(models.TextChoices):
        YES = "yes", _("vote for")
        NO = "no", _("vote against")
        ABSTAIN = "abstain", _("abstain")

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="instructions")
    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="instructions")
    carrier = models.OneToOneField(
        Motion, on_delete=models.PROTECT, related_name="carried_instruction"
    )
    # How the delegates must vote; empty for an instruction in words (no division to compare).
    vote = models.CharField(_("vote"), max_length=8, choices=Vote.choices, blank=True)
    text = models.TextField(_("instruction"), blank=True)
    created_at = models.DateTimeField(_("proposed at"))

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["section", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(vote="") | ~Q(text=""), name="instruction_says_something"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.motion} ({self.vote or 'text'})"


class Fidelity(models.Model):
    """How a bound delegate voted, against their section's instruction, in one division."""

    class Verdict(models.TextChoices):
        FOLLOWED = "followed", _("followed")
        DEPARTED = "departed", _("departed from")
        ABSENT = "absent", _("absent")

    instruction = models.ForeignKey(Instruction, on_delete=models.PROTECT, related_name="fidelity")
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="fidelity")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="fidelity")
    vote = models.CharField(_("vote"), max_length=8, blank=True)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    statement = models.TextField(_("statement"), blank=True)
    statement_at = models.DateTimeField(_("statement at"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("fidelity record")
        verbose_name_plural = _("fidelity records")
        ordering = ["mandate", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instruction", "mandate", "division"], name="fidelity_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate}: {self.verdict}"


class RecallPetition(models.Model):
    """Members of a section ask to recall their delegate. At the constitution's threshold the
    petition closes and a recall vote opens in the section (an election of two options)."""

    class State(models.TextChoices):
        OPEN = "open", _("collecting signatures")
        VOTING = "voting", _("recall vote open")
        RECALLED = "recalled", _("recalled")
        KEPT = "kept", _("kept by the vote")
        EXPIRED = "expired", _("expired")

    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="petitions")
    # Who opened it: a member, or nobody when the constitution's rule opened it.
    opened_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    opened_at = models.DateTimeField(_("opened at"))
    closes_at = models.DateTimeField(_("closes at"))
    # The section's registered members when it opened, and the signatures that close it.
    registered = models.PositiveIntegerField(_("registered"))
    threshold = models.PositiveIntegerField(_("signatures needed"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default="open")
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    vote = models.OneToOneField(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="recall"
    )
    # The election that fills the seat: a by-election called once the recall carried, or,
    # with `is_same_ballot`, the replacement called with the recall vote at the threshold.
    by_election = models.OneToOneField(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="recall_of"
    )
    # The replacement is on the same ballot as the recall (the constitution's
    # `recall.replacement_on_same_ballot` when the threshold was reached): both votes open
    # and close together; the recall's outcome seats its winner or cancels it.
    is_same_ballot = models.BooleanField(_("replacement on the same ballot"), default=False)
    settled_at = models.DateTimeField(null=True, blank=True)
    # Signatures given and not withdrawn, whoever has moved away since: kept by the actions
    # that sign and withdraw, under the petition's lock, so that counting the signatures
    # that count does not read them all at every signature (`queries.count_signatures`).
    live_signatures = models.PositiveIntegerField(_("live signatures"), default=0)

    class Meta:
        verbose_name = _("recall petition")
        verbose_name_plural = _("recall petitions")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            # One petition at a time against a mandate (a second is refused by name).
            models.UniqueConstraint(
                fields=["mandate"],
                condition=Q(state__in=["open", "voting"]),
                name="one_active_petition_per_mandate",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opened_at")), name="petition_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(threshold__gte=1), name="petition_threshold_set"),
        ]

    def __str__(self) -> str:
        return f"{self.mandate} ({self.state})"


class Signature(models.Model):
    """A member of the section signs a petition (once; withdrawable until the threshold)."""

    petition = models.ForeignKey(
        RecallPetition, on_delete=models.PROTECT, related_name="signatures"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "person"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_signature_per_member",
            ),
        ]
        indexes = [models.Index(fields=["petition", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.person_id}"
