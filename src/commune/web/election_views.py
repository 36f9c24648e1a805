"""Elections for people: the list, an election and its candidates, the ballot, the receipt,
the result; and the clerks' acts (calling an election, filing a candidacy, certifying).

Views parse → access → action or query → render, as everywhere (`commune.web.acting`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commune.api.errors import status_for
from commune.communes import access as commune_access
from commune.elections import access, actions, publication, queries
from commune.elections.ballots import ballot_kind
from commune.elections.models import Election
from commune.errors import CommuneError, NotFound
from commune.mandates import actions as mandate_actions
from commune.mandates import queries as mandate_queries
from commune.members import access as member_access
from commune.members import queries as member_queries
from commune.socialchoice.methods import get_method
from commune.web import forms
from commune.web.acting import Done, act_on, submitted
from commune.web.charts import round_bars

GET_POST = require_http_methods(["GET", "POST"])


def form_kind(method: str) -> str:
    """How the ballot form asks: `single` (one choice, as a plurality vote on a question or a
    recall counts it), `ranked` or `approval` (`commune.elections.ballots.ballot_kind`)."""
    return "single" if get_method(method).name == "plurality" else ballot_kind(method)


def _detail_url(slug: str, election_id: int) -> str:
    return reverse("web:election", args=[slug, election_id])


def election_list(request: HttpRequest, slug: str) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    paginator = Paginator(queries.list_elections(commune, limit=1000), queries.PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "commune/elections/list.html",
        {
            "commune": commune,
            "page": page,
            "elections": [actions.do_settle_election(e) for e in page.object_list],
            "is_clerk": commune_access.is_clerk(request.user, commune),
        },
    )


def voter_status(request: HttpRequest, election: Election) -> str:
    """What the signed-in visitor may do: vote, voted, not_on_roll, sign_in, or closed."""
    if election.status != Election.Status.OPEN:
        return "closed"
    if not request.user.is_authenticated:
        return "sign_in"
    try:
        person = access.voter_of(request.user, election)
    except CommuneError:
        return "not_on_roll"
    return "voted" if queries.has_voted(election, person) else "vote"


def election_detail(request: HttpRequest, slug: str, election_id: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    election = access.access_election(request.user, commune, election_id)
    candidacies = queries.list_candidacies(election)
    own = queries.voter_person(election, request.user.pk) if request.user.is_authenticated else None
    return render(
        request,
        "commune/elections/detail.html",
        {
            "commune": commune,
            "election": election,
            "candidacies": candidacies,
            "turnout": queries.turnout(election) if election.status != "draft" else None,
            "voter_status": voter_status(request, election),
            "is_clerk": commune_access.is_clerk(request.user, commune),
            "can_stand": (
                election.status == Election.Status.DRAFT
                and election.kind == Election.Kind.SEATS
                and own is not None
                and not any(c.person_id == own.pk for c in candidacies)
            ),
            "published": election.status in publication.PUBLISHED,
            "stations": queries.list_stations(election),
            "ballot_kind": form_kind(election.method),
            "same_ballot": mandate_queries.same_ballot_petition_of(election),
        },
    )


@login_required
@GET_POST
def vote(request: HttpRequest, slug: str, election_id: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    election = access.access_election(request.user, commune, election_id)
    names = queries.ballot_names(election)
    kind = form_kind(election.method)
    context: dict[str, Any] = {
        "commune": commune,
        "election": election,
        "names": names,
        "kind": kind,
        "ranks": range(1, len(names) + 1),
        "voter_status": voter_status(request, election),
        "error": None,
    }
    if request.method == "POST":
        if request.POST.get("blank"):
            marks: list[str] = []
        elif kind == "ranked":
            chosen = [request.POST.get(f"rank-{n}", "") for n in range(1, len(names) + 1)]
            while chosen and not chosen[-1]:
                chosen.pop()
            marks = chosen
        else:
            marks = request.POST.getlist("mark")
        if not marks and not request.POST.get("blank"):
            context["error"] = _(
                "Mark at least one candidate, or cast a blank ballot with its own button."
            )
            return render(request, "commune/elections/vote.html", context, status=400)
        try:
            receipt = actions.do_cast_ballot(election, actor=request.user, marks=marks)
        except NotFound:
            raise  # the error page answers it
        except CommuneError as error:
            context["error"] = error.message
            return render(request, "commune/elections/vote.html", context, status=status_for(error))
        return render(
            request,
            "commune/elections/receipt.html",
            {"commune": commune, "election": election, "receipt": receipt},
        )
    return render(request, "commune/elections/vote.html", context)


def result(request: HttpRequest, slug: str, election_id: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    election = access.access_election(request.user, commune, election_id)
    document = publication.result_document(election)
    names = list(document.get("candidates", []))
    rounds = document.get("rounds", [])
    pairwise = document.get("pairwise")
    return render(
        request,
        "commune/elections/result.html",
        {
            "commune": commune,
            "election": election,
            "result": document,
            "names": names,
            "rounds": rounds,
            "round_rows": [(name, [r["counts"].get(name) for r in rounds]) for name in names],
            "charts": [round_bars(r, names) for r in rounds],
            "pairwise": list(zip(names, pairwise, strict=True)) if pairwise else None,
            "mandates": mandate_queries.mandates_of_election(election),
            "is_clerk": commune_access.is_clerk(request.user, commune),
        },
    )


def receipt_lookup(request: HttpRequest, slug: str, election_id: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    election = access.access_election(request.user, commune, election_id)
    form = forms.ReceiptForm(request.GET or None)
    found = error = None
    status = 200
    if form.is_valid():
        try:
            found = publication.find_receipt(election, form.cleaned_data["receipt"])
        except CommuneError as refused:
            error, status = refused.message, status_for(refused)
    return render(
        request,
        "commune/elections/receipt_lookup.html",
        {"commune": commune, "election": election, "form": form, "found": found, "error": error},
        status=status,
    )


@login_required
@GET_POST
def call_election(request: HttpRequest, slug: str) -> HttpResponse:
    commune = commune_access.access_commune_for_clerk(request.user, slug)
    sections = [(s.number, f"{s.number}. {s.name}") for s in member_queries.list_sections(commune)]
    # ?complements=ID: a complementary election for the seats that one left empty.
    complemented = None
    if (raw := request.GET.get("complements", "")).isdigit() and len(raw) < 12:
        complemented = access.access_election(request.user, commune, int(raw))
    initial = (
        {
            "title": _("Complementary election — %(title)s") % {"title": complemented.title},
            "section": complemented.section.number if complemented.section else 0,
            "seats": (complemented.result or {}).get("unfilled"),
        }
        if complemented
        else {}
    )
    form = forms.CallElectionForm(**submitted(request), sections=sections, initial=initial)

    def act(data: dict[str, Any]) -> Done:
        section = (
            member_access.access_section_by_number(request.user, commune, data["section"])
            if data["section"]
            else None
        )
        options = [line.strip() for line in data["options"].splitlines() if line.strip()]
        election = actions.do_call_election(
            commune,
            actor=request.user,
            title=data["title"],
            section=section,
            seats=data["seats"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            options=options,
            complements=complemented,
        )
        return _("%(title)s is called.") % {"title": election.title}, _detail_url(slug, election.pk)

    return act_on(
        request,
        form,
        act,
        template="commune/elections/call.html",
        context={
            "commune": commune,
            "timezone": timezone.get_current_timezone_name(),
            "complemented": complemented,
        },
    )


@login_required
@GET_POST
def file_candidacy(request: HttpRequest, slug: str, election_id: int) -> HttpResponse:
    commune = commune_access.access_commune_for_clerk(request.user, slug)
    election = access.access_election(request.user, commune, election_id)
    form = forms.CandidacyForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        person = member_queries.find_person(commune, data["email"])
        if person is None:
            raise NotFound(
                _("nobody with this email is on %(commune)s's rolls") % {"commune": commune.name}
            )
        candidacy = actions.do_file_candidacy(
            election, actor=request.user, person=person, statement=data["statement"]
        )
        return _("%(name)s stands.") % {"name": candidacy.name}, _detail_url(slug, election.pk)

    return act_on(
        request,
        form,
        act,
        template="commune/elections/candidacy.html",
        context={"commune": commune, "election": election},
    )


@login_required
@GET_POST
def stand(request: HttpRequest, slug: str, election_id: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    election = access.access_election(request.user, commune, election_id)
    person = queries.voter_person(election, request.user.pk)
    if person is None:
        raise NotFound(_("you are not a member of %(commune)s") % {"commune": commune.name})
    form = forms.StandForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        actions.do_file_candidacy(
            election, actor=request.user, person=person, statement=data["statement"]
        )
        return _("You stand in %(title)s.") % {"title": election.title}, _detail_url(
            slug, election.pk
        )

    return act_on(
        request,
        form,
        act,
        template="commune/elections/stand.html",
        context={"commune": commune, "election": election},
    )


@login_required
@require_POST
def certify(request: HttpRequest, slug: str, election_id: int) -> HttpResponse:
    commune = commune_access.access_commune_for_clerk(request.user, slug)
    election = access.access_election_for_clerk(request.user, commune, election_id)
    mandates = mandate_actions.do_certify_election(election, actor=request.user)
    messages.success(
        request,
        _("%(title)s is certified: %(n)s delegate(s) seated.")
        % {"title": election.title, "n": len(mandates)},
    )
    return HttpResponseRedirect(reverse("web:election_result", args=[slug, election.pk]))


@login_required
@GET_POST
def add_station(request: HttpRequest, slug: str, election_id: int) -> HttpResponse:
    commune = commune_access.access_commune_for_clerk(request.user, slug)
    election = access.access_election_for_clerk(request.user, commune, election_id)
    form = forms.StationForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        station = actions.do_add_polling_station(election, actor=request.user, name=data["name"])
        return _("Polling station %(name)s added.") % {"name": station.name}, _detail_url(
            slug, election.pk
        )

    return act_on(
        request,
        form,
        act,
        template="commune/elections/station.html",
        context={"commune": commune, "election": election},
    )


@login_required
@GET_POST
def count_sheet(request: HttpRequest, slug: str, election_id: int, station_id: int) -> HttpResponse:
    commune = commune_access.access_commune_for_clerk(request.user, slug)
    election = access.access_election_for_clerk(request.user, commune, election_id)
    station = queries.get_station(election, station_id)
    if station is None:
        raise NotFound(_("no such polling station"))
    form = forms.CountSheetForm(**submitted(request), names=queries.ballot_names(election))

    def act(data: dict[str, Any]) -> Done:
        actions.do_enter_count_sheet(
            station,
            actor=request.user,
            votes=form.votes(),
            blank=data["blank"],
            spoilt=data["spoilt"],
            signatures=data["signatures"],
        )
        return (
            _("The sheet of %(station)s is entered: another clerk must confirm it.")
            % {"station": station.name},
            _detail_url(slug, election.pk),
        )

    return act_on(
        request,
        form,
        act,
        template="commune/elections/sheet.html",
        context={"commune": commune, "election": election, "station": station},
    )


@login_required
@require_POST
def confirm_sheet(
    request: HttpRequest, slug: str, election_id: int, station_id: int
) -> HttpResponse:
    commune = commune_access.access_commune_for_clerk(request.user, slug)
    election = access.access_election_for_clerk(request.user, commune, election_id)
    station = queries.get_station(election, station_id)
    if station is None:
        raise NotFound(_("no such polling station"))
    actions.do_confirm_count_sheet(station, actor=request.user)
    messages.success(
        request, _("The sheet of %(station)s is confirmed.") % {"station": station.name}
    )
    return HttpResponseRedirect(_detail_url(slug, election.pk))
