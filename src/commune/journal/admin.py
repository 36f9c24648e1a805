"""The Journal officiel in the admin: readable, never editable."""

from __future__ import annotations

from django.contrib import admin

from commune.admin_base import ReadOnlyAdmin
from commune.journal.models import JournalEntry


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("commune", "index", "kind", "at")
    list_filter = ("commune", "kind")
    ordering = ("commune", "-index")
