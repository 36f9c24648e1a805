"""The clerks' desk in the pages: founding a commune, its sections, its rolls and its seats.

Every view follows one pattern (`commune.web.acting`): sign-in required, the object
obtained through `access_*` (a clerk of that commune, or an administrator), the
form's data handed to one action, a redirect with a message on success.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commune.communes import access
from commune.errors import PermissionDenied
from commune.members import access as member_access
from commune.members import actions, queries
from commune.members.errors import ImportRejected
from commune.members.imports import parse_member_csv, parse_section_csv
from commune.web import forms
from commune.web.acting import Done, act_on, submitted

GET_POST = require_http_methods(["GET", "POST"])


def _submitted(request: HttpRequest, *, files: bool = False) -> dict[str, Any]:
    """A form's data when the page was posted (even empty: a button), else an unbound form."""
    posted = request.method == "POST"
    data = {"data": request.POST if posted else None}
    return {**data, "files": request.FILES if posted else None} if files else data


def _commune_url(slug: str) -> str:
    return reverse("web:commune", args=[slug])


@login_required
@GET_POST
def found_commune(request: HttpRequest) -> HttpResponse:
    if not access.can_found_commune(request.user):
        raise PermissionDenied(_("Only an administrator may found a commune."))
    form = forms.FoundCommuneForm(**_submitted(request, files=True))

    def act(data: dict[str, Any]) -> Done:
        rows, problems = parse_section_csv(data["sections"]) if data["sections"] else ([], [])
        if problems:
            raise ImportRejected(
                _("%(n)s problem(s) in the sections file; nothing was founded")
                % {"n": len(problems)},
                details=[p.as_dict() for p in problems],
                field="sections",
            )
        commune = actions.do_found_commune(
            actor=request.user,
            slug=data["slug"],
            name=data["name"],
            description=data["description"],
            sections=rows,
        )
        return (
            _("%(name)s is founded with %(n)s section(s).")
            % {"name": commune.name, "n": len(rows)},
            _commune_url(commune.slug),
        )

    return act_on(request, form, act, template="commune/desk/found.html", context={})


@login_required
@GET_POST
def add_section(request: HttpRequest, slug: str) -> HttpResponse:
    commune = access.access_commune_for_clerk(request.user, slug)
    form = forms.SectionForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        section = actions.do_create_section(
            commune,
            actor=request.user,
            number=data["number"],
            name=data["name"],
            population=data["population"],
            num_registered_declared=data["registered"],
            source=data["source"],
        )
        return _("Section %(section)s created.") % {"section": section}, _commune_url(slug)

    return act_on(
        request, form, act, template="commune/desk/section_new.html", context={"commune": commune}
    )


@login_required
@GET_POST
def import_sections(request: HttpRequest, slug: str) -> HttpResponse:
    commune = access.access_commune_for_clerk(request.user, slug)
    form = forms.SectionsFileForm(**_submitted(request, files=True))

    def act(data: dict[str, Any]) -> Done:
        rows, problems = parse_section_csv(data["file"])
        created = actions.do_create_sections(
            commune, actor=request.user, rows=rows, problems=problems
        )
        return _("%(n)s section(s) created.") % {"n": len(created)}, _commune_url(slug)

    return act_on(
        request,
        form,
        act,
        template="commune/desk/sections_import.html",
        context={"commune": commune},
    )


@login_required
@GET_POST
def rename_section(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commune = access.access_commune_for_clerk(request.user, slug)
    section = member_access.access_section_for_clerk(request.user, commune, number)
    form = forms.RenameSectionForm(**submitted(request), initial={"name": section.name})

    def act(data: dict[str, Any]) -> Done:
        renamed = actions.do_rename_section(section, actor=request.user, name=data["name"])
        return (
            _("Section %(number)s is now named %(name)s.")
            % {"number": renamed.number, "name": renamed.name},
            reverse("web:section", args=[slug, number]),
        )

    return act_on(
        request,
        form,
        act,
        template="commune/desk/section_rename.html",
        context={"commune": commune, "section": section},
    )


@login_required
@GET_POST
def merge_section(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commune = access.access_commune_for_clerk(request.user, slug)
    section = member_access.access_section_for_clerk(request.user, commune, number)
    others = [(s.number, f"{s.number}. {s.name}") for s in queries.list_sections(commune)]
    form = forms.MergeSectionForm(
        **submitted(request), choices=[c for c in others if c[0] != number]
    )

    def act(data: dict[str, Any]) -> Done:
        into = member_access.access_section_for_clerk(request.user, commune, data["into"])
        target = actions.do_merge_sections(section, actor=request.user, into=into)
        return (
            _("Section %(merged)s is merged into section %(into)s.")
            % {"merged": section.number, "into": target},
            reverse("web:section", args=[slug, target.number]),
        )

    return act_on(
        request,
        form,
        act,
        template="commune/desk/section_merge.html",
        context={"commune": commune, "section": section},
    )


@login_required
@GET_POST
def import_members(request: HttpRequest, slug: str) -> HttpResponse:
    commune = access.access_commune_for_clerk(request.user, slug)
    form = forms.MembersFileForm(**_submitted(request, files=True))

    def act(data: dict[str, Any]) -> Done:
        rows, problems = parse_member_csv(data["file"])
        counts = actions.do_import_members(
            commune, actor=request.user, rows=rows, problems=problems
        )
        return (
            _("%(n)s member(s) entered on the rolls.") % {"n": sum(counts.values())},
            _commune_url(slug),
        )

    return act_on(
        request,
        form,
        act,
        template="commune/desk/members_import.html",
        context={"commune": commune},
    )


@login_required
@GET_POST
def apportion_seats(request: HttpRequest, slug: str) -> HttpResponse:
    commune = access.access_commune_for_clerk(request.user, slug)
    form = forms.ConfirmForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        seats = actions.do_apportion_seats(commune, actor=request.user)
        return (
            _("%(n)s seats apportioned among %(s)s sections.")
            % {"n": sum(seats.values()), "s": len(seats)},
            _commune_url(slug),
        )

    return act_on(
        request,
        form,
        act,
        template="commune/desk/seats.html",
        context={"commune": commune, "sections": queries.list_sections(commune)},
    )
