from django.urls import path

from commune.web import journal_views, login, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.commune_detail, name="commune"),
    path("c/<slug:slug>/sections/<int:number>/", views.section_detail, name="section"),
    path("c/<slug:slug>/journal/", journal_views.journal_list, name="journal"),
    path("c/<slug:slug>/journal/<int:index>/", journal_views.journal_entry, name="journal_entry"),
    path("c/<slug:slug>/journal/feed.atom", journal_views.JournalFeed(), name="journal_feed"),
    path("login/", login.RateLimitedLoginView.as_view(), name="login"),
    path("logout/", login.LogoutView.as_view(), name="logout"),
]
