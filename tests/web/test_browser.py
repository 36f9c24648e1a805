"""The pages in a real browser: keyboard use, landmarks, the language switch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("COMMUNE_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing (run `python -m tests.browsers`)")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; Django's ORM refuses to run beside one
    # unless told otherwise. Only for these tests, and restored after them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def demo(committed_db, operator):
    from commune.demo.loader import load_paris_1871

    return load_paris_1871(actor=operator)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def test_home_by_keyboard(page, live_server, demo):
    """The first Tab reaches the skip link, which moves focus to the main content."""
    page.goto(live_server.url + "/c/paris-1871/")
    assert page.locator("h1").inner_text() == "Commune de Paris, 1871"
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 20
    assert rows.nth(12).locator("th").inner_text() == "Gobelins"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/c/paris-1871/",
        "/login/",
        "/c/paris-1871/journal/",
        "/c/paris-1871/journal/3/",
        "/c/paris-1871/sections/13/",
    ],
)
def test_every_form_control_has_a_label(page, live_server, demo, path):
    page.goto(live_server.url + path)
    unlabeled = page.evaluate(
        """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
             .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
             .map(el => el.name)"""
    )
    assert unlabeled == []
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1
    assert page.locator("h1").count() == 1


def test_language_switch(page, live_server, demo):
    page.goto(live_server.url + "/c/paris-1871/")
    page.select_option("#language-select", "fr")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Sections et leurs sièges au conseil" in page.content()


def test_first_run_found_a_commune_see_its_sections_import_members(
    page, live_server, committed_db, django_user_model
):
    """A new organisation, in the browser: found the commune from a sections file, see its
    sections, apportion the seats, import the members."""
    django_user_model.objects.create_superuser("admin", password="a long admin password")
    page.goto(live_server.url + "/")
    assert "No commune has been founded on this server yet" in page.content()
    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("a long admin password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/found/")
    page.get_by_label("Name", exact=True).fill("Commune de Lyon")
    page.get_by_label("Short name").fill("lyon")
    page.get_by_label("Sections (CSV, optional)").set_input_files(
        files=[
            {
                "name": "sections.csv",
                "mimeType": "text/csv",
                "buffer": (
                    "number,name,population\n1,Croix-Rousse,30000\n2,Guillotière,45000\n"
                ).encode(),
            }
        ]
    )
    page.get_by_role("button", name="Found the commune").click()
    page.wait_for_url("**/c/lyon/")
    assert page.locator("h1").inner_text() == "Commune de Lyon"
    assert page.get_by_role("status").first.inner_text().startswith("Commune de Lyon is founded")
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 2 and "Guillotière" in rows.nth(1).inner_text()

    page.get_by_role("link", name="Apportion the seats").click()
    page.get_by_role("button", name="Apportion the seats").click()
    page.wait_for_url("**/c/lyon/")
    assert "seats apportioned among 2 sections" in page.content()

    page.get_by_role("link", name="Import members from a file").click()
    page.get_by_label("Member list (CSV)").set_input_files(
        files=[
            {
                "name": "members.csv",
                "mimeType": "text/csv",
                "buffer": "name,section\nJoséphine Courbet,1\nAndré Bastelica,9\n".encode(),
            }
        ]
    )
    page.get_by_role("button", name="Check and import").click()
    assert "no section '9' in Commune de Lyon" in page.locator("table.problems").inner_text()
    page.get_by_label("Member list (CSV)").set_input_files(
        files=[
            {
                "name": "members.csv",
                "mimeType": "text/csv",
                "buffer": "name,section\nJoséphine Courbet,1\nAndré Bastelica,2\n".encode(),
            }
        ]
    )
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url("**/c/lyon/")
    assert "2 member(s) entered on the rolls." in page.content()
    assert "Members are on the rolls." in page.content()


@pytest.mark.parametrize(
    "path", ["/", "/c/paris-1871/", "/c/paris-1871/journal/3/", "/login/", "/api/v1/docs"]
)
def test_pages_work_under_their_content_security_policy(page, live_server, demo, path):
    """No script, style or image is blocked by the policy the pages send."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    if path == "/api/v1/docs":
        page.wait_for_selector(".opblock")  # Swagger UI drew the operations
    assert violations == []


def test_a_member_votes_in_the_demo_and_finds_the_receipt_after_the_count(
    page, live_server, demo, operator
):
    """The demo, in the browser: sign in as a member, cast a ballot, get a receipt, see the
    result once the election has closed, and find the receipt in the published ballots."""
    import datetime as dt

    from commune import clock
    from commune.demo import elections as demo_elections
    from commune.members.models import Section

    section = Section.objects.get(commune=demo, number=demo_elections.SECTION)
    election, _question = demo_elections.load_demo_elections(
        demo, section, actor=operator, member_password="a long member password"
    )
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill(demo_elections.MEMBER_USERNAME)
    page.get_by_label("Password").fill("a long member password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/c/paris-1871/elections/")
    page.get_by_role("link", name=election.title).click()
    page.get_by_role("link", name="Vote").click()
    page.get_by_label("Membre de démonstration 2").check()
    page.get_by_label("Membre de démonstration 4").check()
    page.get_by_role("button", name="Cast my ballot").click()
    receipt = page.locator(".receipt-code").inner_text()
    assert len(receipt) == 19
    assert "Membre de démonstration 2, Membre de démonstration 4" in page.content()
    with clock.frozen(election.closes_at + dt.timedelta(minutes=1)):
        page.goto(f"{live_server.url}/c/paris-1871/elections/{election.pk}/")
        page.get_by_role("link", name="The result, round by round").click()
        assert "Nobody was elected." in page.content()  # one vote of 41: below one eighth
        page.goto(f"{live_server.url}/c/paris-1871/elections/{election.pk}/")
        page.get_by_role("link", name="Find your ballot by its receipt").click()
        page.get_by_label("Receipt").fill(receipt)
        page.get_by_role("button", name="Find").click()
        found = page.get_by_role("status").inner_text()
    assert receipt in found
    assert "Membre de démonstration 2, Membre de démonstration 4" in found


def test_a_motion_followed_from_tabling_to_decree_to_executed_task(
    browser, live_server, committed_db, operator, django_user_model
):
    """The council's work in the browser: a delegate tables a motion; the clerk convenes and
    opens a sitting, calls the roll and opens a division; the delegates vote (one sees the
    other's vote arrive live); the clerk closes it, promulgates the decree and refers it to a
    commission, whose member sets a task, reports and finishes it; anyone sees it done."""
    from playwright.sync_api import expect

    from commune.assemblies import actions as a
    from commune.members import actions as m
    from commune.members.models import Person

    commune = m.do_found_commune(actor=operator, slug="ville", name="Ville")
    section = m.do_create_section(commune, actor=operator, number=1, name="Centre")
    council = a.do_ensure_council(commune, actor=operator)
    works = a.do_create_body(commune, actor=operator, kind="commission", name="Travaux")
    password = "a long delegate password"
    for username, name in [("ana", "Ana"), ("ben", "Ben"), ("cam", "Cam")]:
        person = m.do_admit_member(section, actor=operator, full_name=name).person
        user = django_user_model.objects.create_user(username, password=password)
        Person.objects.filter(pk=person.pk).update(user=user)
        a.do_take_seat(council, person, actor=operator, origin="clerk")
    a.do_take_seat(works, Person.objects.get(full_name="Cam"), actor=operator, origin="appointment")
    clerk = django_user_model.objects.create_user("greffe", password=password)
    m.do_appoint_clerk(commune, actor=operator, user=clerk)
    base = f"{live_server.url}/c/ville/bodies/{council.pk}/"

    def signed_in(username):
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        page.goto(live_server.url + "/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        return page

    ana = signed_in("ana")
    ana.goto(base)
    ana.get_by_role("link", name="Table a motion").click()
    ana.get_by_label("Title").fill("Fountains")
    ana.get_by_label("Text").fill("Every district gets a public fountain.")
    ana.get_by_role("button", name="Submit").click()
    expect(ana.get_by_text("Motion 1 is tabled.")).to_be_visible()

    desk = signed_in("greffe")
    desk.goto(base)
    desk.get_by_role("link", name="Convene a sitting").click()
    desk.get_by_label("Scheduled for").fill("2030-04-20T10:00")
    desk.get_by_role("button", name="Submit").click()
    desk.get_by_role("button", name="Open the sitting").click()
    desk.get_by_label("Ana").check()
    desk.get_by_label("Ben").check()
    desk.get_by_role("button", name="Record attendance").click()
    expect(desk.get_by_text("2 members marked present.")).to_be_visible()
    desk.goto(base + "motions/1/")
    desk.get_by_role("button", name="Place on the agenda of sitting 1").click()
    desk.get_by_role("button", name="Open a roll-call division").click()
    division_url = desk.url

    ana.goto(division_url)
    ana.get_by_label("For").check()
    ana.get_by_role("button", name="Vote").click()
    expect(ana.get_by_text("Your vote is recorded.")).to_be_visible()
    ben = signed_in("ben")
    ben.goto(division_url)
    ben.get_by_label("For").check()
    ben.get_by_role("button", name="Vote").click()
    # Ana's page was not reloaded: the live part polls and shows Ben's vote.
    expect(ana.locator("#division-live .roll-call")).to_contain_text("Ana, Ben", timeout=8000)

    desk.goto(division_url)
    desk.get_by_role("button", name="Close the division and count").click()
    expect(desk.locator(".outcome")).to_contain_text("Adopted")
    desk.goto(base + "motions/1/")
    desk.get_by_role("link", name="Promulgate as a decree").click()
    desk.get_by_role("button", name="Submit").click()
    expect(desk.get_by_text("Decree no. 1 is promulgated.")).to_be_visible()
    desk.get_by_label("Refer to").select_option(label="Travaux")
    desk.get_by_role("button", name="Refer the decree").click()
    referral_url = desk.url

    cam = signed_in("cam")
    cam.goto(referral_url)
    cam.get_by_role("link", name="Set a task").click()
    cam.get_by_label("What is to be done").fill("Dig the first fountain")
    cam.get_by_label("Responsible").select_option(label="Cam")
    cam.get_by_label("Due on").fill("2030-05-01")
    cam.get_by_role("button", name="Submit").click()
    cam.get_by_label("What was done").fill("The fountain of the Centre runs.")
    cam.get_by_role("button", name="Add the report").click()
    cam.get_by_label("Move to").select_option(label="done")
    cam.get_by_role("button", name="Move").click()
    expect(cam.get_by_text("The task is now done.")).to_be_visible()

    public = browser.new_context(locale="en-GB").new_page()
    public.goto(f"{live_server.url}/c/ville/decrees/1/")
    expect(public.locator("main")).to_contain_text("Every district gets a public fountain.")
    expect(public.locator("main")).to_contain_text("1 tasks done, 0 to do, 0 overdue")
    expect(public.locator("main")).to_contain_text("Ana, Ben")
    for page in (ana, ben, cam, desk, public):
        page.context.close()


def test_a_member_recalls_a_delegate_in_the_demo(page, live_server, demo, operator):
    """The demo, in the browser: sign the petition of demonstration against a delegate of
    1871, see the threshold reached, vote in the recall, and once it is counted see the
    mandate ended and the by-election open for candidacies."""
    import datetime as dt

    from playwright.sync_api import expect

    from commune import clock
    from commune.demo import elections as demo_elections
    from commune.demo import history
    from commune.demo import recall as demo_recall
    from commune.elections import actions as elections
    from commune.mandates.actions.recall import RECALL
    from commune.mandates.models import RecallPetition
    from commune.members.models import Person, Section

    history.record_26_march(demo, actor=operator)
    section = Section.objects.get(commune=demo, number=demo_elections.SECTION)
    demo_elections.load_demo_elections(
        demo, section, actor=operator, member_password="a long member password"
    )
    petition = demo_recall.load_demo_petition(demo, section, actor=operator)
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill(demo_elections.MEMBER_USERNAME)
    page.get_by_label("Password").fill("a long member password")
    page.get_by_role("button", name="Sign in").click()
    with clock.frozen(petition.opened_at + dt.timedelta(minutes=5)):
        page.goto(f"{live_server.url}/c/paris-1871/sections/13/delegates/")
        page.get_by_role("link", name="Against Chardon", exact=False).click()
        expect(page.locator("#signatures")).to_have_text(str(petition.threshold - 1))
        page.get_by_role("button", name="Sign the petition").click()
        expect(page.get_by_text("Your signature reached the threshold")).to_be_visible()
        page.get_by_role("link", name="The threshold is reached: the recall vote").click()
        page.get_by_role("link", name="Vote").click()
        page.get_by_label(RECALL).check()
        page.get_by_role("button", name="Cast my ballot").click()
        assert len(page.locator(".receipt-code").inner_text()) == 19
        petition.refresh_from_db()
        # Other members of demonstration vote too (invented, as the demo says).
        others = Person.objects.filter(
            full_name__startswith="Membre de démonstration", user__isnull=False
        ).exclude(user__username=demo_elections.MEMBER_USERNAME)[:8]
        for person in others:
            elections.do_cast_ballot(petition.vote, actor=person.user, marks=[RECALL])
    with clock.frozen(petition.vote.closes_at + dt.timedelta(minutes=1)):
        page.goto(f"{live_server.url}/c/paris-1871/petitions/{petition.pk}/")
        expect(page.locator("main")).to_contain_text("recalled")
        page.get_by_role("link", name="The mandate is ended: the by-election").click()
        expect(page.locator("h1")).to_contain_text("By-election in section 13")
        expect(page.locator("main")).to_contain_text("draft")
    assert RecallPetition.objects.get().state == "recalled"
