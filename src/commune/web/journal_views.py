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

from commune.api.errors import log_if_fault
from commune.communes import access
from commune.communes.models import Commune
from commune.errors import Unavailable
from commune.journal import actions, kinds, queries
from commune.journal.models import Checkpoint, JournalEntry
from commune.journal.queries import ShownEntry

PAGE = 50


def _bad_request(request: HttpRequest, commune: Commune, message: str) -> HttpResponse:
    response = render(request, "commune/journal_bad.html", {"commune": commune, "message": message})
    response.status_code = 400
    return response


def _row(shown: ShownEntry) -> dict[str, object]:
    if shown.payload is None:
        summary = _("This entry is damaged: %(why)s") % {"why": shown.damage}
    else:
        summary = kinds.summary(shown.entry.kind, shown.payload)
    return {
        "entry": shown.entry,
        "label": kinds.label(shown.entry.kind),
        "summary": summary,
        "damaged": shown.payload is None,
    }


def _int_param(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 18:
        raise ValueError(raw)
    return int(raw)


def journal_list(request: HttpRequest, slug: str) -> HttpResponse:
    commune = access.access_commune(request.user, slug)
    kind = request.GET.get("kind", "")
    text = request.GET.get("q", "").strip()
    if any(ord(c) < 32 for c in kind + text):
        return _bad_request(request, commune, _("The search contains control characters."))
    if len(text) > 200:
        return _bad_request(request, commune, _("Search for at most 200 characters."))
    if kind and kinds.get(kind) is None:
        return _bad_request(request, commune, _("There is no kind of act by that name."))
    on = None
    if request.GET.get("on"):
        try:
            on = dt.date.fromisoformat(request.GET["on"])
        except ValueError:
            return _bad_request(request, commune, _("The day must be a date like 1871-03-28."))
    before = None
    if request.GET.get("before"):
        try:
            before = _int_param(request.GET["before"])
        except ValueError:
            return _bad_request(request, commune, _("“before” must be an act number."))
    page = queries.search_entries(commune, kind=kind, text=text, on=on, before=before, limit=PAGE)
    return render(
        request,
        "commune/journal_list.html",
        {
            "commune": commune,
            "rows": [_row(queries.show_entry(e, slug=commune.slug)) for e in page.entries],
            "kinds": [(k.name, str(k.label)) for k in kinds.registered()],
            "kind": kind,
            "q": text,
            "on": request.GET.get("on", ""),
            "older": page.older,
            "scanned_from": page.scanned_from,
            "before": before,
            "filtered": bool(kind or text or on),
            "size": queries.tree_size(commune),
        },
    )


def journal_entry(request: HttpRequest, slug: str, index: int) -> HttpResponse:
    commune = access.access_commune(request.user, slug)
    entry = queries.get_entry(commune, index)
    if entry is None:
        raise Http404(_("There is no act numbered %(index)s.") % {"index": index})
    shown = queries.show_entry(entry, slug=commune.slug)
    checkpoint: Checkpoint | None
    try:
        checkpoint = actions.do_sign_checkpoint(commune)
    except Unavailable as error:
        # The act is still shown; only its proof waits for the operator's repair.
        log_if_fault(error)
        checkpoint = None
    proof = (
        queries.inclusion_proof(commune, index, checkpoint.size)
        if checkpoint is not None and index < checkpoint.size
        else []
    )
    return render(
        request,
        "commune/journal_entry.html",
        {
            "commune": commune,
            "entry": entry,
            **_row(shown),
            "pretty": (
                json.dumps(shown.payload, ensure_ascii=False, indent=2, sort_keys=True)
                if shown.payload is not None
                else entry.data
            ),
            "leaf_hash": base64.b64encode(bytes(entry.leaf_hash)).decode(),
            "checkpoint": checkpoint,
            "unsigned": checkpoint is None,
            "proof": [base64.b64encode(h).decode() for h in proof],
        },
    )


class JournalFeed(Feed):  # type: ignore[type-arg]
    """The latest 50 acts of a commune as an Atom feed."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Commune:
        return access.access_commune(request.user, slug)

    def title(self, obj: Commune) -> str:
        return _("Journal officiel — %(name)s") % {"name": obj.name}

    def link(self, obj: Commune) -> str:
        return reverse("web:journal", args=[obj.slug])

    def subtitle(self, obj: Commune) -> str:
        return _("Every public act of %(name)s, in order, verifiable.") % {"name": obj.name}

    def items(self, obj: Commune) -> list[JournalEntry]:
        return queries.latest_entries(obj, PAGE)

    def item_title(self, item: JournalEntry) -> str:
        return _("No. %(index)s — %(label)s") % {
            "index": item.index,
            "label": kinds.label(item.kind),
        }

    def item_description(self, item: JournalEntry) -> str:
        # Atom summaries are HTML: what clerks typed (names, reasons) is escaped.
        return escape(str(_row(queries.show_entry(item, slug=item.commune.slug))["summary"]))

    def item_link(self, item: JournalEntry) -> str:
        return reverse("web:journal_entry", args=[item.commune.slug, item.index])

    def item_pubdate(self, item: JournalEntry) -> dt.datetime:
        return item.at

    def item_guid(self, item: JournalEntry) -> str:
        # A stable IRI per act: the journal, the index, and the leaf hash it must keep.
        return f"urn:commune:{item.commune.slug}:{item.index}:{bytes(item.leaf_hash).hex()}"

    def item_guid_is_permalink(self, item: JournalEntry) -> bool:
        return False
