"""What browsers and robots ask every site for: /favicon.ico and /robots.txt."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# Public records are for everyone, robots included; searches are costly and repetitive,
# and the clerks' pages and the admin are private.
ROBOTS = """\
User-agent: *
Disallow: /admin/
Disallow: /login/
Disallow: /c/*/desk/
Disallow: /*?q=
Disallow: /*&q=
"""


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("commune/favicon.svg"))
