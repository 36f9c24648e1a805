"""Top-level URLs: the pages for people, the JSON API, the admin for clerks."""

from django.contrib import admin
from django.urls import include, path

from commune.api.site import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("commune.web.urls")),
]
