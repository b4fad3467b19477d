"""Browser journeys: Debian's Chromium driven by Playwright against a live test server with the demo seeded."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's event loop lives in this thread for the whole session; Django's async guard would refuse
    # every ORM call the tests and the live server's teardown make while it runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def demo_server(django_db_setup, browser, live_server, django_db_blocker):
    """One live server over the demo, seeded once for all journeys (a reseed per test cost 25-100 s each).

    The database is requested first so that the server stops before the test database is dropped.

    Not transactional: the journeys leave their traces (a registration, an approved edit) and pick their data so that
    they need no clean slate. The transactional tests that run after them flush after each test, as usual.
    """
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # idempotent; rebuilds a flushed database
    live_server._live_server_modified_settings.enable()
    yield live_server
    live_server._live_server_modified_settings.disable()


@pytest.fixture(autouse=True)
def _live_server_helper():
    """Replaces pytest-django's own, which would make every journey transactional: a flush and a reseed each."""
    yield


@pytest.fixture(autouse=True)
def database_open_to_journeys(django_db_blocker):
    """Journeys read and prepare data through the ORM, committed at once so that the live server sees it."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """Saves a screenshot under var/screenshots/ named after the test, for a person to review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, suffix=""):
        name = request.node.name.replace("[", "-").replace("]", "") + (f"-{suffix}" if suffix else "")
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
