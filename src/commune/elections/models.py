"""Elections, their candidacies, the roll frozen at opening, who voted, and the secret ballots.

Ballot secrecy is a property of these tables: a `Ballot` row names no member and carries
no time or sequence; its primary key is random. `Voted` says who voted, not how. Casting
writes the new ballot into the place of a randomly chosen earlier one, which moves to a
new row (`commune.elections.actions.casting`), so the order of the rows is a random
permutation of the ballots, whatever order they were cast in.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commune.communes.models import Commune
from commune.members.models import Person, Section


class Election(models.Model):
    """A vote of a section (or of the whole commune) between two instants.

    `status` moves forward only: draft → open → closed → counted → certified (or a draft is
    cancelled). Opening and closing follow the clock: they are settled on the first access
    after `opens_at` / `closes_at` (`do_settle_election`), so no worker is needed.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        COUNTED = "counted", _("counted")
        CERTIFIED = "certified", _("certified")
        CANCELLED = "cancelled", _("cancelled")

    class Kind(models.TextChoices):
        SEATS = "seats", _("seats to fill")
        QUESTION = "question", _("a question")

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="elections")
    # None: a vote of the whole commune (a referendum); otherwise the section that votes.
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="elections"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SEATS)
    seats = models.PositiveIntegerField(_("seats"), default=1)
    # The settings of the count, taken from the constitution when the election is called and
    # changeable by a clerk until it opens; each change is journaled.
    method = models.CharField(_("method"), max_length=40)
    ballot_rules = models.CharField(_("ballot rules"), max_length=40)
    validity_threshold = models.CharField(_("validity threshold"), max_length=20, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Frozen at opening: how many were on the roll (the base of the threshold and turnout).
    num_registered = models.PositiveIntegerField(_("registered"), null=True, blank=True)
    # Set at the count: the engine's result (`Result.as_dict()`), with blank ballots apart.
    result = models.JSONField(_("result"), null=True, blank=True)
    # The roll was given when the election was called (a body's secret division: its
    # members), instead of being frozen from the section's roll at opening.
    fixed_roll = models.BooleanField(_("roll given at the call"), default=False)
    # An election called to fill the seats another left empty (16 April 1871).
    complements = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="complementary"
    )
    created_at = models.DateTimeField(_("called at"))

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="election_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_fills_a_seat"),
        ]
        indexes = [models.Index(fields=["commune", "status"])]

    def __str__(self) -> str:
        return self.title


class Candidacy(models.Model):
    """A name on the ballot: a member standing (with a statement), or an option of a question."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidacies")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="candidacies"
    )
    name = models.CharField(_("name on the ballot"), max_length=200)
    statement = models.TextField(_("statement"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    filed_at = models.DateTimeField(_("filed at"))

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["election", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "name"],
                condition=Q(withdrawn_at__isnull=True),
                name="candidacy_name_unique",
            ),
            models.UniqueConstraint(
                fields=["election", "person"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_candidacy_per_person",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RollEntry(models.Model):
    """Someone entitled to vote in an election: the section's roll, frozen when it opened."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="roll")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("roll entry")
        verbose_name_plural = _("roll entries")
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="roll_entry_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}: {self.person_id}"


class Voted(models.Model):
    """That a person voted in an election — never how, never when. One member, one vote: the
    unique constraint is the guard, inserted in the same transaction as the ballot."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voters")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="one_member_one_vote"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}: {self.person_id}"


class Ballot(models.Model):
    """One secret ballot: what was marked, and its receipt. Nothing here says who or when.

    `marks` is the ballot in the BLT convention, candidates numbered from 1 in ballot order:
    `3 1 4` (a ranking, or the candidates marked on an approval ballot, in ballot order);
    `3=1 4` for equal preferences where the rules allow them; empty for a blank ballot.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="ballots")
    marks = models.TextField(_("marks"), blank=True)
    is_blank = models.BooleanField(_("blank"), default=False)
    # Hash of the ballot and a random nonce the server forgets: the voter finds it in the
    # published list; nobody can tie it to the voter.
    receipt = models.CharField(_("receipt"), max_length=32)
    # The ballot's place in the election's shuffled list, 0 … n-1. Casting puts the new
    # ballot in a place drawn uniformly from 0 … n and moves the one there to place n (the
    # inside-out Fisher–Yates shuffle), so whatever the order of casting, the ballots lie in
    # the places in a uniformly random order: a place says where, never when.
    place = models.PositiveIntegerField(_("place"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        # No index on the receipt or the marks: an update that changes no indexed column
        # stays in its page on PostgreSQL (HOT), which keeps rows where the shuffle put them.
        constraints = [
            models.UniqueConstraint(fields=["election", "place"], name="ballot_place_unique")
        ]

    def __str__(self) -> str:
        return f"{self.election_id}: {self.receipt}"


class PollingStation(models.Model):
    """A place where members vote on paper (in 1871, a section's polling station): its clerks
    count the ballots and enter the count sheet, which a second clerk confirms."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="stations")
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        ordering = ["election", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="station_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CountSheet(models.Model):
    """A polling station's count: votes per name on the ballot, blank and spoilt ballots, and
    how many voters signed the roll. Entered by one clerk, confirmed by another; only a
    confirmed sheet is counted, and a confirmed sheet is final."""

    station = models.OneToOneField(PollingStation, on_delete=models.PROTECT, related_name="sheet")
    votes = models.JSONField(_("votes per candidate"))
    blank = models.PositiveIntegerField(_("blank ballots"), default=0)
    spoilt = models.PositiveIntegerField(_("spoilt ballots"), default=0)
    signatures = models.PositiveIntegerField(_("voters who signed the roll"))
    # The clerks' public handles (as the journal names them): who entered, who confirmed.
    entered_by = models.CharField(_("entered by"), max_length=150)
    entered_at = models.DateTimeField(_("entered at"))
    confirmed_by = models.CharField(_("confirmed by"), max_length=150, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("count sheet")
        verbose_name_plural = _("count sheets")
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_by="") | ~Q(confirmed_by=F("entered_by")),
                name="sheet_confirmed_by_another_clerk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station}: {self.signatures}"
