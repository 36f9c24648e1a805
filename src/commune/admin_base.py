"""What every app's admin shares: public records are shown, never edited outside an action.

The admin's generic forms would write rows without their journal entries, so the
records of public acts are read-only there; changes go through the actions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # one base for several models
    """Show a public record without offering to edit it outside an action."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        # Rolls hold members' names and emails across every commune: administrators only,
        # whatever model permissions a staff account was given.
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
