"""The forms of the pages: what a person may type, checked for shape before any action.

Forms only check shape (a number is a number, a file is not too large); the rules
(a section number is free, a slug is unique, an email is not on the roll twice)
are the actions', whose refusals the form shows beside the field they concern.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from commune.members.imports import decode

#: Larger uploads are refused before they are read: a list of 100,000 members is ~5 MB.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CsvFileField(forms.FileField):
    """A CSV upload, decoded as UTF-8 text (with or without a byte-order mark)."""

    def clean(self, data: Any, initial: Any = None) -> str | None:
        upload = super().clean(data, initial)
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mib)s MiB.") % {"mib": MAX_UPLOAD_BYTES // 2**20}
            )
        try:
            return decode(upload.read())
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class FoundCommuneForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.CharField(
        label=_("Short name"),
        max_length=64,
        help_text=_("Letters, digits and hyphens; it appears in addresses: /c/short-name/."),
        validators=[RegexValidator(r"^[-a-zA-Z0-9_]+\Z", _("Letters, digits and hyphens only."))],
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sections = CsvFileField(
        label=_("Sections (CSV, optional)"),
        required=False,
        help_text=_(
            "A header row number,name,population,registered,source, then one section per "
            "line; only number and name are required."
        ),
    )


class SectionForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=1_000_000)
    name = forms.CharField(label=_("Name"), max_length=200)
    population = forms.IntegerField(
        label=_("Population"), required=False, min_value=0, max_value=2_000_000_000
    )
    registered = forms.IntegerField(
        label=_("Registered voters (declared)"),
        required=False,
        min_value=0,
        max_value=2_000_000_000,
    )
    source = forms.CharField(label=_("Source of the figures"), required=False, max_length=2000)


class SectionsFileForm(forms.Form):
    file = CsvFileField(
        label=_("Sections (CSV)"),
        help_text=_(
            "A header row number,name,population,registered,source, then one section per "
            "line; only number and name are required. All lines are created, or none."
        ),
    )


class MembersFileForm(forms.Form):
    file = CsvFileField(
        label=_("Member list (CSV)"),
        help_text=_(
            "A header row name,email,section (section: its number or name), then one member "
            "per line. All lines are imported, or none."
        ),
    )


class RenameSectionForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=200)


class MergeSectionForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Merge into section"), coerce=int)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = choices  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    """A button that performs an act: the CSRF token is all it carries."""


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the server's time zone (the commune's local time)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class CallElectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    section = forms.TypedChoiceField(
        label=_("Section that votes"), coerce=int, help_text=_("Or the whole commune.")
    )
    seats = forms.IntegerField(
        label=_("Seats to fill"),
        required=False,
        min_value=1,
        max_value=10_000,
        help_text=_("Empty: the section's seats on the council."),
    )
    opens_at = LocalDateTimeField(label=_("Opens at"))
    closes_at = LocalDateTimeField(label=_("Closes at"))
    options = forms.CharField(
        label=_("Options of a question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For a question (a referendum), one option per line; empty to elect delegates."
        ),
    )

    def __init__(self, *args: Any, sections: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(0, _("The whole commune")), *sections]  # type: ignore[attr-defined]


class CandidacyForm(forms.Form):
    email = forms.EmailField(
        label=_("The member's email"),
        help_text=_("The member who stands, as their email is recorded on the roll."),
    )
    statement = forms.CharField(
        label=_("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class StandForm(forms.Form):
    statement = forms.CharField(
        label=_("Your statement"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt"), max_length=40)


class StationForm(forms.Form):
    name = forms.CharField(label=_("Name of the polling station"), max_length=200)


class CountSheetForm(forms.Form):
    """A polling station's count: one field per name on the ballot, then the totals."""

    signatures = forms.IntegerField(label=_("Voters who signed the roll"), min_value=0)
    blank = forms.IntegerField(label=_("Blank ballots"), min_value=0, initial=0)
    spoilt = forms.IntegerField(label=_("Spoilt ballots"), min_value=0, initial=0)

    def __init__(self, *args: Any, names: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        for i, name in enumerate(names):
            self.fields[f"votes_{i}"] = forms.IntegerField(
                label=_("Votes for %(name)s") % {"name": name}, min_value=0, initial=0
            )

    def votes(self) -> dict[str, int]:
        return {name: self.cleaned_data[f"votes_{i}"] for i, name in enumerate(self.names)}


MAJORITY_CHOICES = [
    ("", _("the constitution's default")),
    ("simple", _("simple majority (more for than against)")),
    ("absolute", _("absolute majority of the body's members")),
    ("two_thirds", _("two thirds of those voting for or against")),
]


class MotionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    majority = forms.ChoiceField(
        label=_("Majority needed"), choices=MAJORITY_CHOICES, required=False
    )
    urgent = forms.BooleanField(
        label=_("Urgent"),
        required=False,
        help_text=_("An urgent motion may be voted before its commission reports."),
    )


class AmendmentForm(forms.Form):
    operation = forms.ChoiceField(
        label=_("The amendment"),
        choices=[
            ("replace", _("replaces a passage of the text")),
            ("insert", _("inserts a new paragraph")),
        ],
    )
    target = forms.CharField(
        label=_("Passage replaced"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Copy it exactly from the current text; it must occur there once."),
    )
    position = forms.IntegerField(
        label=_("Insert after paragraph"),
        required=False,
        min_value=0,
        help_text=_("0 inserts before the first paragraph."),
    )
    text = forms.CharField(label=_("New text"), widget=forms.Textarea(attrs={"rows": 5}))


class SittingForm(forms.Form):
    scheduled_for = LocalDateTimeField(label=_("Scheduled for"))
    agenda = forms.CharField(
        label=_("Order of the day"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line; motions are placed on the agenda from their page."),
    )


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 8}))


class ReferForm(forms.Form):
    commission = forms.TypedChoiceField(label=_("Commission"), coerce=int)

    def __init__(self, *args: Any, commissions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commission"].choices = commissions  # type: ignore[attr-defined]


class PromulgateForm(forms.Form):
    amends = forms.IntegerField(
        label=_("Amends decree no."), required=False, min_value=1, max_value=10**9
    )
    repeals = forms.IntegerField(
        label=_("Repeals decree no."), required=False, min_value=1, max_value=10**9
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("What is to be done"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    responsible = forms.TypedChoiceField(label=_("Responsible"), coerce=int)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = members  # type: ignore[attr-defined]


class TaskReportForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, PNG, JPEG, text, CSV or OpenDocument; at most 5 MiB."),
    )


class CouncilReportForm(forms.Form):
    text = forms.CharField(
        label=_("Report to the council"), widget=forms.Textarea(attrs={"rows": 8})
    )


class AcceptInvitationForm(forms.Form):
    """A member's new login: a username, and the password typed twice (the site's rules for
    passwords are the action's, which names the one a password breaks)."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_(
            "Letters, digits and @ . + - _ only. Others may see it if you become an official."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 8 characters, not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        return data


class PetitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why recall this delegate"), widget=forms.Textarea(attrs={"rows": 5})
    )


class InstructionForm(forms.Form):
    motion = forms.TypedChoiceField(label=_("Council motion"), coerce=int)
    vote = forms.ChoiceField(
        label=_("The delegates must"),
        required=False,
        choices=[
            ("no", _("vote against")),
            ("yes", _("vote for")),
            ("abstain", _("abstain")),
            ("", _("act as the text below says")),
        ],
    )
    text = forms.CharField(
        label=_("Instruction in words"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, motions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["motion"].choices = motions  # type: ignore[attr-defined]


class StatementForm(forms.Form):
    statement = forms.CharField(
        label=_("Why you departed from the instruction"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CommissionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    competence = forms.CharField(
        label=_("Competence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the council refers to it."),
    )


class AppointForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Member appointed"), coerce=int)
    decision = forms.TypedChoiceField(
        label=_("Decided by the council's motion"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        people: list[tuple[int, str]],
        decisions: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]
        self.fields["decision"].choices = [("", _("none recorded")), *decisions]  # type: ignore[attr-defined]
