"""The Journal officiel for people: a dated, numbered, searchable list; each entry with its proof;
an Atom feed. Views only read: checkpoints are signed by the journal's action on first access."""

from __future__ import annotations

import base64
import datetime as dt
import json

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from commune.communes import access
from commune.communes.models import Commune
from commune.errors import NotFound
from commune.journal import actions, kinds, queries
from commune.journal.models import JournalEntry
from commune.ledger.entry import parse_entry


def _commune(request: HttpRequest, slug: str) -> Commune:
    try:
        return access.access_commune(request.user, slug)
    except NotFound as error:
        raise Http404(error.message) from None


def _payload(entry: JournalEntry) -> dict[str, object]:
    return dict(parse_entry(entry.leaf_bytes).payload)


PAGE = 50


def _bad_request(request: HttpRequest, commune: Commune, message: str) -> HttpResponse:
    response = render(request, "commune/journal_bad.html", {"commune": commune, "message": message})
    response.status_code = 400
    return response


def journal_list(request: HttpRequest, slug: str) -> HttpResponse:
    commune = _commune(request, slug)
    kind = request.GET.get("kind", "")
    text = request.GET.get("q", "").strip()
    if any(ord(c) < 32 for c in kind + text):
        return _bad_request(request, commune, _("The search contains control characters."))
    on = None
    if request.GET.get("on"):
        try:
            on = dt.date.fromisoformat(request.GET["on"])
        except ValueError:
            return _bad_request(request, commune, _("The day must be a date like 1871-03-28."))
    before = None
    if request.GET.get("before"):
        try:
            before = int(request.GET["before"])
        except ValueError:
            return _bad_request(request, commune, _("“before” must be an act number."))
    page = queries.search_entries(
        commune, kind=kind, text=text, on=on, before=before, limit=PAGE + 1
    )
    entries = page.entries[:PAGE]
    rows = [
        {
            "entry": e,
            "label": kinds.label(e.kind),
            "summary": kinds.summary(e.kind, _payload(e)),
        }
        for e in entries
    ]
    older = entries[-1].index if len(page.entries) > PAGE else None
    return render(
        request,
        "commune/journal_list.html",
        {
            "commune": commune,
            "rows": rows,
            "total": page.total,
            "kinds": [(k, kinds.label(k)) for k in page.kinds],
            "kind": kind,
            "q": text,
            "on": request.GET.get("on", ""),
            "older": older,
            "size": queries.tree_size(commune),
        },
    )


def journal_entry(request: HttpRequest, slug: str, index: int) -> HttpResponse:
    commune = _commune(request, slug)
    entry = JournalEntry.objects.filter(commune=commune, index=index).first()
    if entry is None:
        raise Http404(_("no such entry"))
    checkpoint = actions.do_sign_checkpoint(commune)
    proof = queries.inclusion_proof(commune, index, checkpoint.size)
    payload = _payload(entry)
    return render(
        request,
        "commune/journal_entry.html",
        {
            "commune": commune,
            "entry": entry,
            "label": kinds.label(entry.kind),
            "summary": kinds.summary(entry.kind, payload),
            "pretty": json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True),
            "leaf_hash": base64.b64encode(bytes(entry.leaf_hash)).decode(),
            "checkpoint": checkpoint,
            "proof": [base64.b64encode(h).decode() for h in proof],
            "api_base": reverse("journal-api-base", args=[commune.slug]),
        },
    )


class JournalFeed(Feed):  # type: ignore[type-arg]
    """The latest 50 acts of a commune as an Atom feed."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Commune:
        return _commune(request, slug)

    def title(self, obj: Commune) -> str:
        return _("Journal officiel — %(name)s") % {"name": obj.name}

    def link(self, obj: Commune) -> str:
        return reverse("web:journal", args=[obj.slug])

    def subtitle(self, obj: Commune) -> str:
        return _("Every public act of %(name)s, in order, verifiable.") % {"name": obj.name}

    def items(self, obj: Commune) -> list[JournalEntry]:
        return list(
            JournalEntry.objects.filter(commune=obj)
            .select_related("commune")
            .order_by("-index")[:PAGE]
        )

    def item_title(self, item: JournalEntry) -> str:
        return f"No. {item.index} — {kinds.label(item.kind)}"

    def item_description(self, item: JournalEntry) -> str:
        # Atom summaries are HTML: what clerks typed (names, reasons) is escaped.
        return escape(kinds.summary(item.kind, _payload(item)))

    def item_link(self, item: JournalEntry) -> str:
        return reverse("web:journal_entry", args=[item.commune.slug, item.index])

    def item_pubdate(self, item: JournalEntry) -> dt.datetime:
        return item.at

    def item_guid(self, item: JournalEntry) -> str:
        # A stable IRI per act: the journal, the index, and the leaf hash it must keep.
        return f"urn:commune:{item.commune.slug}:{item.index}:{bytes(item.leaf_hash).hex()}"

    def item_guid_is_permalink(self, item: JournalEntry) -> bool:
        return False
