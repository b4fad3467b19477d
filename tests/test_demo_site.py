import io
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision

from centers.models import CenterPage, Direction, Organization

pytestmark = pytest.mark.django_db


def public_pages():
    return Page.objects.live().public().filter(depth__gt=1).specific()


def test_every_demo_page_answers_an_anonymous_visitor_with_its_russian_title(client):
    pages = list(public_pages())
    assert len(pages) >= 9
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert page.title in html
        assert '<html lang="ru">' in html


def test_demo_has_six_or_more_centers_at_different_organizations_and_one_expired():
    centers = list(CenterPage.objects.live().select_related("organization"))
    assert len(centers) >= 6
    assert len({c.organization_id for c in centers}) == len(centers)
    assert len({c.direction_id for c in centers}) == len(centers)
    assert {c.organization.kind for c in centers} >= {"school", "kindergarten"}
    assert sum(c.term_has_ended and c.closed_early_on is None for c in centers) == 1
    assert sum(c.closed_early_on is not None for c in centers) == 1  # another one closed early by order


def test_running_the_demo_seed_again_creates_no_duplicates():
    models = [Page, Revision, Organization, Direction, get_user_model()]
    before = {m.__name__: m.objects.count() for m in models}
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert {m.__name__: m.objects.count() for m in models} == before
    assert "moderator" in output.getvalue()


def test_demo_passwords_change_each_run_and_log_in():
    first, second = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=first)
    call_command("seed_demo", stdout=second)

    def password_of(output, username):
        line = next(line for line in output.getvalue().splitlines() if line.split()[:1] == [username])
        return line.split()[1]

    assert password_of(first, "moderator") != password_of(second, "moderator")
    user = get_user_model().objects.get(username="moderator")
    assert user.check_password(password_of(second, "moderator"))


def test_seed_demo_refuses_without_the_development_app():
    """Production does not install portal.devtools: seed_demo must refuse there, in Russian, before touching data."""
    from django.conf import settings
    from django.core.management.base import CommandError
    from django.test import override_settings

    without_devtools = [app for app in settings.INSTALLED_APPS if app != "portal.devtools"]
    users = get_user_model().objects.count()
    output = io.StringIO()
    with override_settings(INSTALLED_APPS=without_devtools), pytest.raises(CommandError) as refusal:
        call_command("seed_demo", stdout=output)
    assert "seed_demo не запускается с рабочими настройками" in str(refusal.value)
    assert "пароли" in str(refusal.value)
    assert output.getvalue() == ""
    assert get_user_model().objects.count() == users


def visible_text(html):
    """What a reader sees: the page without its scripts, styles and tags."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_no_page_of_the_demo_shows_a_literal_none(client):
    """A crawl of every sitemap URL, every library results page (with and without words) and every event's form."""
    from urllib.parse import urlsplit

    from centers.models import EventPage, LibraryPage

    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    paths = {
        urlsplit(node.text).path for node in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    library = LibraryPage.objects.get().url
    paths |= {f"{library}?page={number}" for number in (1, 2, 3)}
    paths |= {f"{library}?q={words}" for words in ("практикум", "основная часть", "рефлексия итогов")}
    paths |= {event.url + "register/" for event in EventPage.objects.live()}
    assert len(paths) > 50
    for path in sorted(paths):
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        assert not re.search(r"\bNone\b", text), (path, text[max(text.find("None") - 80, 0) :][:160])
