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
from django.utils.translation import gettext as _

from commune.errors import NotFound
from commune.journal import actions, kinds, queries
from commune.journal.models import JournalEntry
from commune.ledger.entry import parse_entry
from commune.members import access
from commune.members.models import Commune


def _commune(request: HttpRequest, slug: str) -> Commune:
    try:
        return access.access_commune(request.user, slug)
    except NotFound as error:
        raise Http404(error.message) from None


def _payload(entry: JournalEntry) -> dict[str, object]:
    return dict(parse_entry(entry.leaf_bytes).payload)


def journal_list(request: HttpRequest, slug: str) -> HttpResponse:
    commune = _commune(request, slug)
    kind = request.GET.get("kind", "")
    text = request.GET.get("q", "").strip()
    on = None
    if request.GET.get("on"):
        try:
            on = dt.date.fromisoformat(request.GET["on"])
        except ValueError:
            on = None
    try:
        before = int(request.GET["before"]) if request.GET.get("before") else None
    except ValueError:
        before = None
    page = queries.search_entries(commune, kind=kind, text=text, on=on, before=before)
    rows = [
        {
            "entry": e,
            "label": kinds.label(e.kind),
            "summary": kinds.summary(e.kind, _payload(e)),
        }
        for e in page.entries
    ]
    older = page.entries[-1].index if len(page.entries) == 50 else None
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
            "api_base": f"/c/{commune.slug}/api/v1/journal",
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
        return list(JournalEntry.objects.filter(commune=obj).order_by("-index")[:50])

    def item_title(self, item: JournalEntry) -> str:
        return f"No. {item.index} — {kinds.label(item.kind)}"

    def item_description(self, item: JournalEntry) -> str:
        return kinds.summary(item.kind, _payload(item))

    def item_link(self, item: JournalEntry) -> str:
        return reverse("web:journal_entry", args=[item.commune.slug, item.index])

    def item_pubdate(self, item: JournalEntry) -> dt.datetime:
        return item.at

    def item_guid(self, item: JournalEntry) -> str:
        return base64.b64encode(bytes(item.leaf_hash)).decode()
