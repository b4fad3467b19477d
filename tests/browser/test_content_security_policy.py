"""The Content-Security-Policy in Chromium: nothing on the public pages is refused, and the admin's editor works."""

from django.contrib.auth import get_user_model

from centers.models import CenterPage
from portal.models import HomePage


def collect_refusals(page):
    refusals = []
    page.on(
        "console",
        lambda message: refusals.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return refusals


def test_public_pages_load_with_nothing_refused_by_the_policy(demo_server, browser_page):
    refusals = collect_refusals(browser_page)
    center = CenterPage.objects.live().first()
    for path in ["/", "/centers/", center.url, "/accessibility/"]:
        response = browser_page.goto(demo_server.url + path, wait_until="load")
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert refusals == []


def test_editor_logs_in_and_opens_the_page_editor_under_the_admin_policy(demo_server, browser_page):
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("csp-check-password-7")
    admin.save()
    page = browser_page
    refusals = collect_refusals(page)
    page.goto(demo_server.url + "/admin/login/", wait_until="load")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "csp-check-password-7")
    with page.expect_navigation(wait_until="load"):
        page.click("button[type=submit]")
    home = HomePage.objects.get()
    page.goto(f"{demo_server.url}/admin/pages/{home.pk}/edit/", wait_until="networkidle")
    assert page.locator(".Draftail-Editor [contenteditable=true]").count() >= 1, refusals
    page.goto(f"{demo_server.url}/admin/documents/multiple/add/", wait_until="networkidle")
    assert refusals == []
