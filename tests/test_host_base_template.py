"""The add-on's pages inside a host whose base.html is exactly the one `wagtail start` writes (tests/host_templates):
what the pages put in <head> (noindex, feed links, the add-on's stylesheet) is not dropped there, and in the
municipal site it is there once."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from centers.models import CalendarPage, CenterPage, LibraryPage, MaterialPage

from .events_helpers import make_event, registration_url

HOST_TEMPLATES = Path(__file__).parent / "host_templates"
STYLESHEET = '<link rel="stylesheet" href="/static/centers/centers.css">'
NOINDEX = re.compile(r'<meta name="robots" content="noindex[^"]*">')


def host_templates():
    """The site's template settings with the host's folder first, so its base.html wins over the site's."""
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [HOST_TEMPLATES, *engine.get("DIRS", [])]
    return [engine, *settings.TEMPLATES[1:]]


def head_and_body(response):
    assert response.status_code == 200
    html = response.content.decode()
    head, _, body = html.partition("</head>")
    return head, body


def addon_pages():
    """(name, path, what its <head> must carry): a representative page of each part of the add-on."""
    center = CenterPage.objects.live().get(slug="literacy-lyceum1")
    event = make_event()
    material = MaterialPage.objects.live().get(slug="robotics-program")
    return [
        ("center page", center.url, ["feeds"]),
        ("event page", event.url, []),
        ("registration form", registration_url(event), ["noindex"]),
        ("library", LibraryPage.objects.get().url, []),
        ("calendar", CalendarPage.objects.get().url, ["ical"]),
        ("my record", "/my/", ["noindex"]),
        ("consultation form", center.url + "consultation/", ["noindex"]),
        ("material page", material.url, ["feeds"]),
    ]


@pytest.mark.django_db
def test_addon_pages_inside_a_wagtail_start_base_keep_their_head_and_stylesheet(client):
    pages = addon_pages()
    with override_settings(TEMPLATES=host_templates()):
        for name, path, needs in pages:
            head, body = head_and_body(client.get(path))
            assert "css/host.css" in head, f"{name}: not rendered inside the host's base.html"
            assert 'class="site-header"' not in body, f"{name}: the site's layout was used"
            assert head.count(STYLESHEET) == 1, f"{name}: the add-on's stylesheet is not linked once"
            assert '<div class="centers-ui">' in body, f"{name}: the content is not in the add-on's scope"
            if "noindex" in needs:
                assert NOINDEX.search(head), f"{name}: the noindex meta was dropped"
            else:
                assert not NOINDEX.search(head), f"{name}: a public page says noindex"
            if "feeds" in needs:
                assert '<link rel="alternate" type="application/rss+xml"' in head, (
                    f"{name}: the feed links were dropped"
                )
            if "ical" in needs:
                assert '<link rel="alternate" type="text/calendar"' in head, f"{name}: no iCal feed link"


@pytest.mark.django_db
def test_in_the_site_the_same_pages_keep_their_head_and_link_the_stylesheet_once(client):
    pages = addon_pages()
    for name, path, needs in pages:
        head, body = head_and_body(client.get(path))
        assert 'class="site-header"' in body
        assert head.count(STYLESHEET) == 1, f"{name}: the add-on's stylesheet is not linked once"
        assert head.index(STYLESHEET) < head.index("portal/site.css"), (
            f"{name}: the site's sheet cannot refine it"
        )
        if "noindex" in needs:
            assert NOINDEX.search(head), f"{name}: the noindex meta was dropped"
        if "ical" in needs:
            assert '<link rel="alternate" type="text/calendar"' in head


@pytest.mark.django_db
def test_the_sites_own_pages_link_the_addon_stylesheet_for_the_components_they_show(client, home):
    head, body = head_and_body(client.get(home.url))
    assert head.count(STYLESHEET) == 1
    assert 'class="event-list"' in body or 'class="card-grid"' in body


def test_the_host_base_is_the_one_wagtail_start_writes():
    """tests/host_templates/base.html is wagtail's project template rendered for a project called "host"."""
    import wagtail
    from django.template import Context, Engine

    source = Path(wagtail.__file__).parent / "project_template/project_name/templates/base.html"
    expected = Engine().from_string(source.read_text()).render(Context({"project_name": "host"}))
    assert (HOST_TEMPLATES / "base.html").read_text() == expected
