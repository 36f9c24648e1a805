"""Deliberating bodies and what they do: sittings, motions and amendments, divisions, decrees.

One mechanism for every body (ARCHITECTURE.md rule 4): the council, whose seats are the
delegates' mandates; a commission, whose members the council appoints; a section's general
assembly, whose members are the section's members. Seats are rows of their own here, so this
room needs nothing above it: the mandates room opens a council seat when it seats a delegate.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commune.communes.models import Commune
from commune.elections.models import Election
from commune.members.models import Person, Section


class Majority(models.TextChoices):
    """The majority a motion needs (the constitution's `assemblies.default_majority`)."""

    SIMPLE = "simple", _("simple majority")
    ABSOLUTE = "absolute", _("absolute majority of members")
    TWO_THIRDS = "two_thirds", _("two-thirds majority")


class Body(models.Model):
    """A deliberating body of a commune."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("council")
        COMMISSION = "commission", _("commission")
        ASSEMBLY = "assembly", _("general assembly of a section")

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    # What a commission is competent for (the council refers matters of that kind to it).
    competence = models.TextField(_("competence"), blank=True)
    # A section's general assembly: its members are the section's members.
    section = models.OneToOneField(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="assembly"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["commune", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="body_name_unique"),
            models.UniqueConstraint(
                fields=["commune"], condition=Q(kind="council"), name="one_council_per_commune"
            ),
            models.CheckConstraint(
                condition=Q(kind="assembly", section__isnull=False)
                | (~Q(kind="assembly") & Q(section__isnull=True)),
                name="assembly_has_a_section",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    """A place in a council or a commission, held by a person for a while."""

    class Origin(models.TextChoices):
        MANDATE = "mandate", _("elected mandate")
        APPOINTMENT = "appointment", _("appointed by the council")
        CLERK = "clerk", _("entered by a clerk")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="seats")
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    # An appointment to a commission: the council's adopted motion that decided it.
    decision = models.ForeignKey(
        "Motion", on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["body", "started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=Q(ended_at__isnull=True),
                name="one_open_seat_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")),
                name="seat_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.body}"


class Sitting(models.Model):
    """A meeting of a body: convened for an instant, opened, closed; its agenda and roll."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="sittings")
    number = models.PositiveIntegerField(_("number"))
    scheduled_for = models.DateTimeField(_("scheduled for"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        ordering = ["body", "-scheduled_for", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="sitting_number_unique"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(opened_at__isnull=False),
                name="sitting_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} #{self.number}"


class Attendance(models.Model):
    """A member present at a sitting (the quorum counts these)."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["sitting", "person"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.sitting}"


class Motion(models.Model):
    """A proposal put to a body; an amendment is a motion against another motion's text.

    `text` is the text as tabled and never changes once tabled; `current_text` is that text
    with the adopted amendments applied, in the order they were adopted.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        TABLED = "tabled", _("tabled")
        REFERRED = "referred", _("referred to a commission")
        REPORTED = "reported", _("reported")
        ON_AGENDA = "on_agenda", _("on the agenda")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Operation(models.TextChoices):
        REPLACE = "replace", _("replace a passage")
        INSERT = "insert", _("insert a paragraph")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="motions")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    current_text = models.TextField(_("text with adopted amendments"))
    proposer = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="motions"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    urgent = models.BooleanField(_("urgent"), default=False)
    majority = models.CharField(_("majority"), max_length=16, choices=Majority.choices)
    # An amendment: the motion it amends, how, where, and a digest of that motion's text when
    # the amendment was tabled (an amendment to a text that has changed since is refused).
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    operation = models.CharField(
        _("operation"), max_length=16, choices=Operation.choices, blank=True
    )
    target = models.TextField(_("passage replaced"), blank=True)
    position = models.PositiveIntegerField(_("inserted after paragraph"), null=True, blank=True)
    base_digest = models.CharField(max_length=64, blank=True)
    # The commission the motion was referred to, and its report.
    referred_to = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    report = models.TextField(_("report"), blank=True)
    # An act of record (1871): entered from the sources, with no invented division.
    historical = models.BooleanField(_("of record"), default=False)
    tabled_at = models.DateTimeField(_("tabled at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["body", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="motion_number_unique"),
            models.CheckConstraint(
                condition=Q(amends__isnull=True, operation="")
                | Q(amends__isnull=False, operation__in=["replace", "insert"]),
                name="amendment_has_an_operation",
            ),
        ]
        indexes = [models.Index(fields=["body", "state"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None


class Cosignature(models.Model):
    """A member of the body who signs a motion beside its proposer."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="cosignatures")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cosignatures")
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="cosignature_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} signs {self.motion}"


class AgendaItem(models.Model):
    """A place on a sitting's order of the day: a motion, or an item in words (a report)."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="agenda")
    position = models.PositiveIntegerField(_("position"))
    motion = models.ForeignKey(
        Motion, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["sitting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "position"], name="agenda_position_unique"),
            models.UniqueConstraint(
                fields=["sitting", "motion"],
                condition=Q(motion__isnull=False),
                name="motion_once_per_agenda",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Division(models.Model):
    """A vote of a body on a motion, taken during a sitting; roll-call votes are public."""

    class Mode(models.TextChoices):
        ROLL_CALL = "roll_call", _("roll-call")
        SECRET = "secret", _("secret ballot")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        NO_QUORUM = "no_quorum", _("no quorum")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="divisions")
    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="divisions")
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="divisions")
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    majority = models.CharField(_("majority"), max_length=16, choices=Majority.choices)
    quorum = models.CharField(_("quorum"), max_length=20)
    # The body's size and those present when the division opened, the base of the rule.
    members = models.PositiveIntegerField(_("members"))
    present = models.PositiveIntegerField(_("present"))
    # A secret division is cast with the elections' ballots: a question of two options
    # ("For", "Against"; a blank ballot abstains) whose roll is the body's members.
    election = models.OneToOneField(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="division"
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    yes = models.PositiveIntegerField(_("for"), default=0)
    no = models.PositiveIntegerField(_("against"), default=0)
    abstain = models.PositiveIntegerField(_("abstentions"), default=0)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    arithmetic = models.TextField(_("arithmetic"), blank=True)

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            # A body takes one division at a time: nothing changes a text while it votes.
            models.UniqueConstraint(
                fields=["body"], condition=Q(closed_at__isnull=True), name="one_open_division"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, outcome="")
                | Q(closed_at__isnull=False) & ~Q(outcome=""),
                name="division_outcome_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.motion} ({self.opened_at:%Y-%m-%d})"


class DivisionVote(models.Model):
    """One member's vote in a roll-call division: public, by name, once."""

    class Choice(models.TextChoices):
        YES = "yes", _("for")
        NO = "no", _("against")
        ABSTAIN = "abstain", _("abstain")

    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="division_votes")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    cast_at = models.DateTimeField(_("cast at"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["division", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["division", "person"], name="one_vote_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.choice}"


class Decree(models.Model):
    """An adopted motion of the council, promulgated: numbered per commune and dated."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="decrees")
    number = models.PositiveIntegerField(_("number"))
    motion = models.OneToOneField(Motion, on_delete=models.PROTECT, related_name="decree")
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    promulgated_at = models.DateTimeField(_("promulgated at"))
    # A decree may replace the text of an earlier one, or repeal it.
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amended_by"
    )
    repeals = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="repealed_by"
    )
    # Of record: where the text and the outcome come from (the sources of 1871).
    source = models.TextField(_("source"), blank=True)
    recorded_outcome = models.CharField(_("outcome of record"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("decree")
        verbose_name_plural = _("decrees")
        ordering = ["commune", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "number"], name="decree_number_unique"),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | Q(repeals__isnull=True),
                name="decree_amends_or_repeals",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
