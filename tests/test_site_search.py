"""The search field in the header of every public page (and, prominent, on the home page) leads to the library."""

import re

import pytest
from wagtail.models import Page

from centers.models import CenterPage, EventPage, LibraryPage

from .search_fixtures import add_material

pytestmark = pytest.mark.django_db

HEADER_FORM = re.compile(
    r'<form class="site-search" method="get" action="([^"]+)" role="search" aria-label="[^"]+">'
)


def public_paths():
    """One live page of every page type, the forms on pages of their own, and the site's other views."""
    seen = {}
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path"):
        seen.setdefault(page.content_type_id, page.url)
    event = next(event for event in EventPage.objects.live() if event.open_occurrences().exists())
    center = CenterPage.objects.live().order_by("path").first()
    return [*seen.values(), event.url + "register/", center.url + "consultation/", "/accessibility/"]


def test_every_public_page_but_the_home_page_has_a_labelled_search_field_in_its_header(client, home):
    library_url = LibraryPage.objects.get().url
    paths = [path for path in public_paths() if path != home.url]
    assert len(paths) >= 10
    for path in paths:
        html = client.get(path).content.decode()
        header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
        form = HEADER_FORM.search(header)
        assert form, path
        assert form.group(1) == library_url, path
        assert '<label for="site-search-q" class="visually-hidden">' in header, path
        assert 'id="site-search-q" type="search" name="q"' in header, path


def test_the_home_page_gives_the_search_field_prominence(client, home):
    html = client.get(home.url).content.decode()
    hero = html.split('<section class="hero">', 1)[1].split("</section>", 1)[0]
    assert 'class="site-search site-search--prominent"' in hero
    assert '<label for="home-search-q">' in hero
    assert html.count('type="search"') == 1, "one search field: the hero's, not the header's as well"


def test_the_header_form_finds_what_the_library_finds(client):
    add_material("Наставничество в школе: дорожная карта")
    html = client.get(LibraryPage.objects.get().url).content.decode()
    action = HEADER_FORM.search(html).group(1)
    found = client.get(action, {"q": "наставничеству"}).content.decode()
    assert "Наставничество в школе: дорожная карта" in found


def test_no_field_when_the_site_has_no_live_library(client):
    library = LibraryPage.objects.get()
    library.unpublish()
    html = client.get("/").content.decode()
    assert 'class="site-search' not in html
