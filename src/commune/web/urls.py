from django.urls import path

from commune.web import assembly_views as av
from commune.web import commission_views as cv
from commune.web import desk_views, election_views, journal_views, login, member_views, views
from commune.web import mandate_views as mv

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
    # The council and the other bodies (commune.web.assembly_views).
    path("c/<slug:slug>/bodies/", av.bodies, name="bodies"),
    path("c/<slug:slug>/bodies/new/", av.create_commission, name="commission_new"),
    path("c/<slug:slug>/bodies/<int:body_id>/", av.body_detail, name="body"),
    path("c/<slug:slug>/bodies/<int:body_id>/seats/new/", av.appoint, name="appoint"),
    path("c/<slug:slug>/bodies/<int:body_id>/motions/new/", av.table_motion, name="motion_new"),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/motions/<int:number>/",
        av.motion_detail,
        name="motion",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/motions/<int:number>/amend/",
        av.amend_motion,
        name="motion_amend",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/motions/<int:number>/report/",
        av.report_on_motion,
        name="motion_report",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/motions/<int:number>/promulgate/",
        av.promulgate,
        name="motion_promulgate",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/motions/<int:number>/<slug:act>/",
        av.motion_act,
        name="motion_act",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/sittings/new/",
        av.convene_sitting,
        name="sitting_new",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/sittings/<int:number>/",
        av.sitting_detail,
        name="sitting",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/sittings/<int:number>/<slug:act>/",
        av.sitting_act,
        name="sitting_act",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/divisions/<int:division_id>/",
        av.division_detail,
        name="division",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/divisions/<int:division_id>/<slug:act>/",
        av.division_act,
        name="division_act",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/decrees/<int:number>/",
        cv.referral_detail,
        name="referral",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/decrees/<int:number>/tasks/new/",
        cv.create_task,
        name="task_new",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/decrees/<int:number>/report/",
        cv.report_to_council,
        name="council_report",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/decrees/<int:number>/tasks/<int:task_number>/",
        cv.task_detail,
        name="task",
    ),
    path(
        "c/<slug:slug>/bodies/<int:body_id>/decrees/<int:number>/tasks/<int:task_number>/move/",
        cv.move_task,
        name="task_move",
    ),
    path("c/<slug:slug>/decrees/<int:number>/refer/", cv.refer_decree, name="decree_refer"),
    path("c/<slug:slug>/attachments/<int:report_id>/", cv.attachment, name="attachment"),
    path("c/<slug:slug>/decrees/", av.decree_list, name="decrees"),
    path("c/<slug:slug>/decrees/<int:number>/", av.decree_detail, name="decree"),
    path("c/<slug:slug>/delegates/<int:person_id>/", av.person_record, name="delegate"),
    path("invitations/<str:token>/", member_views.accept_invitation, name="invitation"),
    path("me/", member_views.me, name="me"),
    # Revocable delegates (commune.web.mandate_views).
    path("c/<slug:slug>/mandates/<int:mandate_id>/", mv.mandate_detail, name="mandate"),
    path(
        "c/<slug:slug>/mandates/<int:mandate_id>/petition/",
        mv.open_petition,
        name="petition_new",
    ),
    path("c/<slug:slug>/petitions/<int:petition_id>/", mv.petition_detail, name="petition"),
    path(
        "c/<slug:slug>/petitions/<int:petition_id>/ballot/",
        mv.recall_ballot,
        name="recall_ballot",
    ),
    path(
        "c/<slug:slug>/petitions/<int:petition_id>/<slug:act>/",
        mv.petition_act,
        name="petition_act",
    ),
    path(
        "c/<slug:slug>/sections/<int:number>/delegates/",
        mv.section_delegates,
        name="section_delegates",
    ),
    path(
        "c/<slug:slug>/sections/<int:number>/instructions/new/",
        mv.propose_instruction,
        name="instruction_new",
    ),
    path(
        "c/<slug:slug>/fidelity/<int:fidelity_id>/explain/",
        mv.explain_departure,
        name="fidelity_explain",
    ),
    path("login/", login.RateLimitedLoginView.as_view(), name="login"),
    path("logout/", login.LogoutView.as_view(), name="logout"),
]
