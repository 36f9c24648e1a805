"""Sign-in with a rate limit on failures, so passwords cannot be guessed at speed.

Failures are counted per client address and per username in the shared cache
(the database cache by default, so the limit holds across web processes). The
username is normalised as Django's authentication form does (NFKC) and
case-folded, so look-alike spellings of one account share one counter. Behind a
reverse proxy, `COMMUNE_TRUSTED_PROXIES` says how many proxies' addresses to skip
in X-Forwarded-For.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one the last trusted proxy saw."""
    proxies: int = settings.COMMUNE_TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _keys(request: HttpRequest, username: str) -> list[str]:
    # Hashed, so any text (control characters, very long names) makes a valid cache key.
    folded = unicodedata.normalize("NFKC", username).strip().casefold()
    user_key = hashlib.sha256(folded.encode("utf-8", "replace")).hexdigest()
    address_key = hashlib.sha256(client_address(request).encode()).hexdigest()
    return [f"login-fail:ip:{address_key}", f"login-fail:user:{user_key}"]


def is_locked(request: HttpRequest, username: str) -> bool:
    return any((cache.get(key) or 0) >= MAX_FAILURES for key in _keys(request, username))


def record_failure(request: HttpRequest, username: str) -> None:
    for key in _keys(request, username):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, WINDOW_SECONDS)


def clear_failures(request: HttpRequest, username: str) -> None:
    cache.delete_many(_keys(request, username))


class RateLimitedLoginView(auth_views.LoginView):
    """Django's sign-in, refusing further attempts on an account or from an address after
    five failures in fifteen minutes (HTTP 429), whoever is already signed in."""

    template_name = "registration/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))
        if is_locked(request, username):
            # An unbound form: binding it would check the password, which is what we refuse.
            context = self.get_context_data(form=self.form_class(request))
            context["lockout"] = _("Too many failed attempts. Wait 15 minutes before trying again.")
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        record_failure(self.request, str(self.request.POST.get("username", "")))
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        clear_failures(self.request, str(self.request.POST.get("username", "")))
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    """Sign-out by POST only (Django's default), so a link cannot sign anyone out."""
