"""Top-level URLs: the pages for people, the JSON API, the admin for clerks."""

from django.contrib import admin
from django.urls import include, path

from commune.api.site import api
from commune.api.v1 import journal
from commune.web import site_views
from commune.web.login import RateLimitedLoginView

urlpatterns = [
    path("api/v1/", api.urls),
    # The admin signs in through the same rate-limited view as everyone else.
    path("admin/login/", RateLimitedLoginView.as_view(), name="admin-login"),
    *[
        path(
            f"c/<slug:slug>/api/v1/journal/{name}",
            journal.per_commune_view(name),
            name=f"journal-api-{name.replace('/', '-')}",
        )
        for name in journal.ENDPOINTS
    ],
    # The base of one commune's journal API: what `commune journal verify` is given.
    path("c/<slug:slug>/api/v1/journal/", journal.per_commune_index, name="journal-api-base"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", site_views.robots_txt, name="robots"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("", include("commune.web.urls")),
]

# Error pages in the site's look and language (commune.web.errors).
handler400 = "commune.web.errors.bad_request"
handler403 = "commune.web.errors.permission_denied"
handler404 = "commune.web.errors.page_not_found"
handler500 = "commune.web.errors.server_error"
