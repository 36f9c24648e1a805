"""Sign-in with limits on guessing, so passwords cannot be tried at speed.

Each attempt is counted before its password is checked (`commune.accounts.throttle`):
per account from one address, per address, and per account from anywhere. Behind a
reverse proxy, `COMMUNE_TRUSTED_PROXIES` says how many proxies' addresses to skip in
X-Forwarded-For.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from commune.accounts import actions


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one the last trusted proxy saw."""
    proxies: int = settings.COMMUNE_TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", "unknown"))


class RateLimitedLoginView(auth_views.LoginView):
    """Django's sign-in, answering 429 without checking the password once an attempt breaks
    a limit (five tries per account from one address in fifteen minutes, and wider ones)."""

    template_name = "registration/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:300]
        if actions.do_claim_attempt(username, client_address(request)) is not None:
            # An unbound form: binding it would check the password, which is what we refuse.
            context = self.get_context_data(form=self.form_class(request))
            context["lockout"] = _("Too many attempts. Wait 15 minutes before trying again.")
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        actions.do_forget_attempts(
            str(self.request.POST.get("username", ""))[:300], client_address(self.request)
        )
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    """Sign-out by POST only (Django's default), so a link cannot sign anyone out."""
