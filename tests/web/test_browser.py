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
    page.goto(live_server.url + "/")
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
    page.goto(live_server.url + "/")
    page.select_option("#language-select", "fr")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Sections et leurs sièges au conseil" in page.content()
