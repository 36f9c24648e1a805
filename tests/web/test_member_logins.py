"""Members' logins in the pages: the clerks' list of the roll and its invitations, the page
where an invited member makes their login, and a member's own page. Each refusal answers
with its status and changes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from commune import clock
from commune.accounts.models import Invitation
from commune.journal.models import JournalEntry
from commune.members import actions as member_actions
from commune.members.models import Membership, Person, Section

pytestmark = pytest.mark.django_db

DESK = "/c/test-commune/desk/members/"
PASSWORD = "la Commune est en marche"


@pytest.fixture
def member(commune, operator):
    louvre = Section.objects.get(commune=commune, number=1)
    return member_actions.do_admit_member(
        louvre, actor=operator, full_name="Louise Michel", email="louise@example.org"
    ).person


@pytest.fixture
def clerk(client: Client, clerk_user) -> Client:
    client.force_login(clerk_user)
    return client


def invite_url(person) -> str:
    return f"{DESK}{person.pk}/invite/"


def send_invitation(clerk: Client, person, capture) -> str:
    """The clerk presses "Invite"; the link of the email sent."""
    with capture(execute=True):
        response = clerk.post(invite_url(person), {"back": DESK})
    assert response.status_code == 302, response.content.decode()[:2000]
    found = re.search(r"http://testserver(/invitations/[-_A-Za-z0-9]+/)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


def state() -> tuple:
    return (
        User.objects.count(),
        list(Invitation.objects.order_by("pk").values_list("pk", "used_at")),
        list(Person.objects.order_by("pk").values_list("pk", "user_id")),
        JournalEntry.objects.count(),
        len(mail.outbox),
    )


def test_the_desk_lists_the_roll_with_each_members_login(clerk, commune, member, operator):
    bourse = Section.objects.get(commune=commune, number=2)
    member_actions.do_admit_member(bourse, actor=operator, full_name="Nathalie Le Mel")
    html = clerk.get(DESK).content.decode()
    assert "2 members on the rolls." in html
    assert "Louise Michel" in html and "Nathalie Le Mel" in html
    assert "No email address" in html and "Not invited" in html
    assert f'action="{invite_url(member)}"' in html
    assert 'aria-label="Invite Louise Michel"' in html
    # Nathalie Le Mel has no email: no button for her.
    assert html.count('<button type="submit" aria-label="Invite') == 1
    commune_page = clerk.get("/c/test-commune/").content.decode()
    assert f'href="{DESK}"' in commune_page  # linked from the clerk's next steps


def test_the_desk_pages_and_searches_a_large_roll(
    clerk, commune, operator, django_assert_max_num_queries
):
    louvre = Section.objects.get(commune=commune, number=1)
    from commune.members.imports import parse_member_csv

    lines = "".join(f"Citoyen {n:03},c{n}@example.org,1\n" for n in range(120))
    rows, problems = parse_member_csv("name,email,section\n" + lines)
    member_actions.do_import_members(commune, actor=operator, rows=rows, problems=problems)
    with django_assert_max_num_queries(12):
        html = clerk.get(DESK).content.decode()
    assert "120 members on the rolls." in html and "Page 1 of 3" in html
    assert "Citoyen 049" in html and "Citoyen 050" not in html
    html = clerk.get(DESK + "?page=3").content.decode()
    assert "Citoyen 119" in html and "Citoyen 099" not in html
    html = clerk.get(DESK + "?q=toyen+07").content.decode()
    assert "10 members on the rolls match" in html
    assert "Citoyen 070" in html and "Citoyen 080" not in html
    assert clerk.get(DESK + "?page=999").status_code == 200  # the last page
    assert clerk.get(DESK + "?page=x&q=" + "a" * 500).status_code == 200
    assert louvre.number == 1


def test_a_clerk_invites_and_the_member_makes_their_login(
    clerk, commune, member, django_capture_on_commit_callbacks
):
    link = send_invitation(clerk, member, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["louise@example.org"]
    listed = clerk.get(DESK).content.decode()
    assert "An invitation was sent to Louise Michel." in listed
    assert "Invited, until" in listed and "Invite again" in listed

    visitor = Client(enforce_csrf_checks=True)  # the member, on another browser
    page = visitor.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Louise Michel, the clerks of Test Commune invite you" in html
    for name in ("username", "password", "password2"):
        assert f'name="{name}"' in html
    assert page["Referrer-Policy"] == "no-referrer"
    # Without the page's CSRF token the post is refused (the project enforces CSRF).
    assert visitor.post(link, {"username": "louise"}).status_code == 403
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = visitor.post(
        link,
        {
            "csrfmiddlewaretoken": csrf,
            "username": "louise",
            "password": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/me/"
    me = visitor.get("/me/").content.decode()
    assert "your login is made and you are signed in" in me
    assert "Signed in as louise" in me and "Test Commune" in me and "1. Louvre" in me
    member.refresh_from_db()
    assert member.user.username == "louise"
    # The link worked once.
    again = visitor.get(link)
    assert again.status_code == 409 and "already been used" in again.content.decode()
    assert "Signs in" in clerk.get(DESK).content.decode()


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"username": "louise", "password": "short", "password2": "short"}, 400, "too short"),
        ({"username": "louise", "password": PASSWORD, "password2": PASSWORD + "!"}, 400, "differ"),
        ({"username": "clerk", "password": PASSWORD, "password2": PASSWORD}, 409, "is taken"),
        ({"username": "a b", "password": PASSWORD, "password2": PASSWORD}, 400, "valid username"),
        ({"username": "", "password": PASSWORD, "password2": PASSWORD}, 400, "required"),
    ],
)
def test_a_refused_login_says_why_beside_the_field_and_changes_nothing(
    clerk, member, django_capture_on_commit_callbacks, data, status, message
):
    link = send_invitation(clerk, member, django_capture_on_commit_callbacks)
    before = state()
    response = Client().post(link, data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert state() == before
    assert 'class="field-errors"' in response.content.decode()


def test_an_expired_or_unknown_link_is_refused(clerk, member, django_capture_on_commit_callbacks):
    link = send_invitation(clerk, member, django_capture_on_commit_callbacks)
    before = state()
    data = {"username": "louise", "password": PASSWORD, "password2": PASSWORD}
    with clock.frozen(clock.now() + dt.timedelta(days=8)):
        for response in (Client().get(link), Client().post(link, data)):
            assert response.status_code == 409
            assert "This invitation expired" in response.content.decode()
    for bad in ("/invitations/" + "x" * 43 + "/", "/invitations/short/"):
        for response in (Client().get(bad), Client().post(bad, data)):
            assert response.status_code == 404
            assert "invitation link is not valid" in response.content.decode()
    assert state() == before


def test_only_the_communes_clerks_invite(
    client, commune, member, plain_user, operator, django_user_model
):
    before = state()
    response = client.post(invite_url(member))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(DESK).status_code == 302
    client.force_login(plain_user)
    assert client.get(DESK).status_code == 403
    assert client.post(invite_url(member)).status_code == 403
    # A clerk of another commune: not theirs to invite, and this commune's desk is closed.
    lyon = member_actions.do_found_commune(actor=operator, slug="lyon", name="Lyon")
    lyon_clerk = django_user_model.objects.create_user("lyon-clerk")
    member_actions.do_appoint_clerk(lyon, actor=operator, user=lyon_clerk)
    client.force_login(lyon_clerk)
    assert client.post(invite_url(member)).status_code == 403
    # …and through their own desk, a member of another commune is not found.
    other = client.post(f"/c/lyon/desk/members/{member.pk}/invite/")
    assert other.status_code == 404
    assert state()[1:3] == before[1:3]  # no invitation, no login (Lyon's founding aside)
    assert not Invitation.objects.exists() and mail.outbox == []


def test_who_cannot_be_invited_is_refused_on_the_page(
    clerk, commune, member, operator, django_user_model
):
    member_actions.do_link_account(
        member, actor=operator, user=django_user_model.objects.create_user("louise")
    )
    no_email = member_actions.do_admit_member(
        Section.objects.get(commune=commune, number=2), actor=operator, full_name="Le Mel"
    ).person
    before = state()
    refused = clerk.post(invite_url(member))
    assert refused.status_code == 409 and "already has a login" in refused.content.decode()
    refused = clerk.post(invite_url(no_email))
    assert refused.status_code == 400 and "has no email address" in refused.content.decode()
    assert state() == before
    assert clerk.get(invite_url(no_email)).status_code == 200  # the confirmation page


def test_the_members_page_lists_their_sections_elections(
    client, commune, member, operator, django_user_model
):
    from commune.elections import actions as election_actions
    from commune.elections import queries as election_queries

    louvre = Section.objects.get(commune=commune, number=1)
    bourse = Section.objects.get(commune=commune, number=2)
    now = clock.now()
    for title, section in (
        ("Louvre election", louvre),
        ("Bourse election", bourse),
        ("Cancelled Louvre election", louvre),
    ):
        election_actions.do_call_election(
            commune,
            actor=operator,
            title=title,
            section=section,
            opens_at=now + dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=2),
        )
    cancelled = election_queries.find_election(commune, "Cancelled Louvre election")
    election_actions.do_cancel_election(cancelled, actor=operator, reason="test")
    user = django_user_model.objects.create_user("louise")
    member_actions.do_link_account(member, actor=operator, user=user)
    assert client.get("/me/").status_code == 302  # sign in first
    client.force_login(user)
    html = client.get("/me/").content.decode()
    assert "Louvre election" in html and "Bourse election" not in html
    assert "Cancelled Louvre election" not in html
    assert "opens" in html
    assert Membership.objects.filter(person=member).count() == 1
    client.force_login(django_user_model.objects.create_user("nobody"))
    assert "not linked to a member" in client.get("/me/").content.decode()


def test_the_pages_speak_french(clerk, member, django_capture_on_commit_callbacks):
    desk = clerk.get(DESK, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Comptes des membres" in desk and "1 membre inscrit aux rôles." in desk
    assert "Members' logins" not in desk and "Not invited" not in desk
    with django_capture_on_commit_callbacks(execute=True):
        clerk.post(invite_url(member), HTTP_ACCEPT_LANGUAGE="fr")
    assert mail.outbox[-1].subject == "Votre compte pour Test Commune"
    link = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    page = Client().get(link, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Créez votre compte" in page and "Mot de passe (confirmation)" in page
    assert "Make your login" not in page
