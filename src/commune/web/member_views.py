"""Members' logins in the pages: the clerks' list of the roll with an invitation for each
member, the page where an invited member makes their login, and a member's own page.

Views parse → access → action or query → render, as everywhere (`commune.web.acting`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from commune import clock
from commune.accounts import access as account_access
from commune.accounts import actions as account_actions
from commune.accounts import queries as account_queries
from commune.communes import access
from commune.elections import queries as election_queries
from commune.members import access as member_access
from commune.members import queries as member_queries
from commune.web import forms
from commune.web.acting import Done, act_on

GET_POST = require_http_methods(["GET", "POST"])


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10**6))
    except ValueError:
        return 1


def _list_url(slug: str, search: str = "", page: int = 1) -> str:
    query = {k: v for k, v in (("q", search), ("page", page if page > 1 else "")) if v}
    url = reverse("web:desk_members", args=[slug])
    return f"{url}?{urlencode(query)}" if query else url


@login_required
@require_GET
def desk_members(request: HttpRequest, slug: str) -> HttpResponse:
    """The members on the rolls, a page at a time, by name (searchable), with their login."""
    commune = access.access_commune_for_clerk(request.user, slug)
    search = str(request.GET.get("q", ""))[: account_queries.MAX_SEARCH]
    page = account_queries.list_roll_logins(
        commune, search=search, page=_page_number(request.GET.get("page"))
    )
    return render(
        request,
        "commune/desk/members.html",
        {
            "commune": commune,
            "page": page,
            "previous_url": _list_url(slug, page.search, page.number - 1),
            "next_url": _list_url(slug, page.search, page.number + 1),
            "back": _list_url(slug, page.search, page.number),
        },
    )


@login_required
@GET_POST
def desk_invite(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    """Send a member an invitation to make their login (a new one replaces one waiting)."""
    commune = access.access_commune_for_clerk(request.user, slug)
    person = member_access.access_person_for_clerk(request.user, commune, person_id)
    form = forms.ConfirmForm(data=request.POST if request.method == "POST" else None)
    back = str(request.POST.get("back") or request.GET.get("back") or "")
    if not back.startswith(reverse("web:desk_members", args=[slug])):
        back = _list_url(slug)  # only ever back to this commune's list

    def act(data: dict[str, Any]) -> Done:
        account_actions.do_invite_member(
            person, actor=request.user, site_url=request.build_absolute_uri("/")
        )
        return _("An invitation was sent to %(name)s.") % {"name": person.full_name}, back

    return act_on(
        request,
        form,
        act,
        template="commune/desk/invite.html",
        context={"commune": commune, "person": person, "back": back},
    )


@never_cache
@sensitive_post_parameters("password", "password2")
@GET_POST
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invited member chooses a username and a password; their login is made, they are
    signed in, and go to their own page. A used, expired or unknown link is refused."""
    invitation = account_access.access_invitation(request.user, token)
    form = forms.AcceptInvitationForm(data=request.POST if request.method == "POST" else None)

    def act(data: dict[str, Any]) -> Done:
        user = account_actions.do_accept_invitation(
            token, username=data["username"], password=data["password"]
        )
        login(request, user)  # the one authentication backend: Django's accounts
        return (
            _("Welcome, %(username)s: your login is made and you are signed in.")
            % {"username": user.get_username()},
            reverse("web:me"),
        )

    response = act_on(
        request,
        form,
        act,
        template="commune/invitation.html",
        context={"invitation": invitation, "commune": invitation.person.commune},
    )
    response["Referrer-Policy"] = "no-referrer"  # the address holds the token
    return response


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    """A signed-in member's page: their communes, their section, the elections coming."""
    now = clock.now()
    memberships = [
        {
            "commune": m.commune,
            "section": m.section,
            "since": m.started_at,
            "elections": election_queries.list_coming_elections(m.section, at=now),
        }
        for m in member_queries.list_memberships_of(request.user.pk)
    ]
    return render(request, "commune/me.html", {"memberships": memberships, "now": now})
