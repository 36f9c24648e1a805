from django.urls import path

from commune.web import desk_views, election_views, journal_views, login, member_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("found/", desk_views.found_commune, name="found"),
    path("c/<slug:slug>/", views.commune_detail, name="commune"),
    path("c/<slug:slug>/sections/<int:number>/", views.section_detail, name="section"),
    path("c/<slug:slug>/journal/", journal_views.journal_list, name="journal"),
    path("c/<slug:slug>/journal/<int:index>/", journal_views.journal_entry, name="journal_entry"),
    path("c/<slug:slug>/journal/feed.atom", journal_views.JournalFeed(), name="journal_feed"),
    # The clerks' desk: every page acts through one action (commune.web.acting).
    path("c/<slug:slug>/desk/sections/new/", desk_views.add_section, name="desk_section_new"),
    path(
        "c/<slug:slug>/desk/sections/import/",
        desk_views.import_sections,
        name="desk_sections_import",
    ),
    path(
        "c/<slug:slug>/desk/sections/<int:number>/rename/",
        desk_views.rename_section,
        name="desk_section_rename",
    ),
    path(
        "c/<slug:slug>/desk/sections/<int:number>/merge/",
        desk_views.merge_section,
        name="desk_section_merge",
    ),
    path(
        "c/<slug:slug>/desk/members/import/",
        desk_views.import_members,
        name="desk_members_import",
    ),
    path("c/<slug:slug>/desk/seats/", desk_views.apportion_seats, name="desk_seats"),
    path("c/<slug:slug>/desk/members/", member_views.desk_members, name="desk_members"),
    path(
        "c/<slug:slug>/desk/members/<int:person_id>/invite/",
        member_views.desk_invite,
        name="desk_member_invite",
    ),
    path("c/<slug:slug>/elections/", election_views.election_list, name="elections"),
    path("c/<slug:slug>/elections/call/", election_views.call_election, name="election_call"),
    path(
        "c/<slug:slug>/elections/<int:election_id>/",
        election_views.election_detail,
        name="election",
    ),
    path(
        "c/<slug:slug>/elections/<int:election_id>/vote/",
        election_views.vote,
        name="election_vote",
    ),
    path(
        "c/<slug:slug>/elections/<int:election_id>/result/",
        election_views.result,
        name="election_result",
    ),
    path(
        "c/<slug:slug>/elections/<int:election_id>/receipt/",
        election_views.receipt_lookup,
        name="election_receipt",
    ),
    path(
        "c/<slug:slug>/elections/<int:election_id>/stand/",
        election_views.stand,
        name="election_stand",
    ),
    path(
        "c/<slug:slug>/elections/<int:election_id>/candidacy/",
        election_views.file_candidacy,
        name="election_candidacy",
    ),
    path(
        "c/<slug:slug>/elections/<int:election_id>/certify/",
        election_views.certify,
        name="election_certify",
    ),
    path(
        "c/<slug:slug>/elections/<int:election_id>/stations/new/",
        election_views.add_station,
        name="election_station_new",
    ),
    path(
        "c/<slug:slug>/elections/<int:election_id>/stations/<int:station_id>/sheet/",
        election_views.count_sheet,
        name="election_sheet",
    ),
    path(
        "c/<slug:slug>/elections/<int:election_id>/stations/<int:station_id>/confirm/",
        election_views.confirm_sheet,
        name="election_sheet_confirm",
    ),
    path("invitations/<str:token>/", member_views.accept_invitation, name="invitation"),
    path("me/", member_views.me, name="me"),
    path("login/", login.RateLimitedLoginView.as_view(), name="login"),
    path("logout/", login.LogoutView.as_view(), name="logout"),
]
