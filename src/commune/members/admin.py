"""The clerks' desk in the Django admin.

Records of public acts are read-only here: the admin's generic forms would
write rows without their journal entries. Changes go through the actions —
the member import and seat apportionment below, and the `commune` command.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from commune.admin_base import ReadOnlyAdmin
from commune.communes import queries
from commune.communes.models import Clerk, Commune, ConstitutionVersion
from commune.errors import CommuneError, NotFound
from commune.members import actions
from commune.members.errors import ImportRejected
from commune.members.imports import decode, parse_member_csv
from commune.members.models import Membership, Person, Section


class MemberFileForm(forms.Form):
    file = forms.FileField(
        label=_("Member list (CSV)"),
        help_text=_("A header row name,email,section, then one member per line."),
    )


class SectionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Section
    fields = ("number", "name", "population", "num_registered_declared", "seats")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "constitution_version", "created_at")
    inlines = [SectionInline]
    actions = ["apportion_seats"]
    change_form_template = "admin/communes/commune/change_form.html"

    @admin.action(description=_("Re-apportion the council's seats by the constitution"))
    def apportion_seats(self, request: HttpRequest, queryset: QuerySet[Commune]) -> None:
        for commune in queryset:
            try:
                seats = actions.do_apportion_seats(commune, actor=request.user)
            except CommuneError as error:
                self.message_user(request, f"{commune}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{commune}: {sum(seats.values())} seats apportioned.")

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:commune_id>/import-members/",
                self.admin_site.admin_view(self.import_members_view),
                name="communes_commune_import",
            ),
            *super().get_urls(),
        ]

    def import_members_view(self, request: HttpRequest, commune_id: int) -> HttpResponse:
        """Upload a CSV: every line is checked, and either all are imported or none."""
        try:
            commune = queries.get_commune(commune_id)
        except NotFound:
            raise Http404(_("No such commune")) from None
        problems: list[dict[str, Any]] = []
        form = MemberFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                text = decode(form.cleaned_data["file"].read())
                rows, found = parse_member_csv(text)
                counts = actions.do_import_members(
                    commune, actor=request.user, rows=rows, problems=found
                )
            except ValueError as error:
                form.add_error("file", str(error))
            except ImportRejected as error:
                problems = list(error.details)
                form.add_error("file", error.message)
            except CommuneError as error:
                form.add_error("file", error.message)
            else:
                self.message_user(
                    request, _("%(n)d members imported.") % {"n": sum(counts.values())}
                )
                return HttpResponseRedirect(
                    reverse("admin:communes_commune_change", args=[commune.pk])
                )
        return render(
            request,
            "admin/communes/commune/import_members.html",
            {
                **self.admin_site.each_context(request),
                "commune": commune,
                "form": form,
                "problems": problems,
                "opts": self.model._meta,
                "title": _("Import members into %(commune)s") % {"commune": commune.name},
            },
        )


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ("commune", "number", "name", "population", "num_registered_declared", "seats")
    list_filter = ("commune",)
    search_fields = ("name",)


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "email", "created_at")
    search_fields = ("full_name", "email")


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("person", "section", "started_at", "ended_at", "end_reason")
    list_filter = ("commune", "section")
    search_fields = ("person__full_name", "person__email")
    list_select_related = ("person", "section")


@admin.register(ConstitutionVersion)
class ConstitutionVersionAdmin(ReadOnlyAdmin):
    list_display = ("commune", "version", "adopted_at", "reason")
    list_filter = ("commune",)


@admin.register(Clerk)
class ClerkAdmin(ReadOnlyAdmin):
    list_display = ("user", "commune", "appointed_at")
