"""Top-level URLs: the pages for people, the JSON API, the admin for clerks."""

from django.contrib import admin
from django.urls import include, path

from commune.api.site import api
from commune.api.v1 import journal

urlpatterns = [
    path("api/v1/", api.urls),
    *[
        path(f"c/<slug:slug>/api/v1/journal/{name}", journal.per_commune_view(name))
        for name in journal.ENDPOINTS
    ],
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("commune.web.urls")),
]
