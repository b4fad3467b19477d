"""The demo's absolute links (sitemap, feeds, API) lead to where `make demo` serves it, and every sitemap page
answers: the crawl of tools/crawl_sitemap.py, run through the test client at the address the demo printed."""

import importlib.util
import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import Site

pytestmark = pytest.mark.django_db

spec = importlib.util.spec_from_file_location(
    "crawl_sitemap", Path(__file__).resolve().parent.parent / "tools" / "crawl_sitemap.py"
)
crawl_sitemap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(crawl_sitemap)

DEMO_BASE = "http://127.0.0.1:8123"


@pytest.fixture
def demo_at_8123():
    """The demo as `make demo PORT=8123` seeds it; returns what it printed."""
    output = io.StringIO()
    call_command("seed_demo", "--host", "127.0.0.1", "--port", "8123", stdout=output)
    return output.getvalue()


def fetch_through(client):
    """The crawl's fetch, answered by Django at the host and port of the URL, as the running demo would."""

    def fetch(url):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(path, HTTP_HOST=parts.netloc)
        return response.status_code, response.content

    return fetch


def test_the_demo_prints_the_address_it_is_served_at(demo_at_8123):
    assert f"Site: {DEMO_BASE}/   Admin: {DEMO_BASE}/admin/" in demo_at_8123
    assert "127.0.0.1:8000" not in demo_at_8123


def test_every_sitemap_location_of_the_demo_is_at_its_address_and_answers_200(client, demo_at_8123):
    pages, failures = crawl_sitemap.crawl(DEMO_BASE, fetch=fetch_through(client))
    assert failures == []
    assert len(pages) > 100
    assert f"{DEMO_BASE}/centers/digital-sosh13/" in pages


def test_the_crawl_fails_while_the_site_address_is_not_where_the_demo_is_served(client, demo_at_8123):
    call_command("set_site_address", "http://localhost", stdout=io.StringIO())
    pages, failures = crawl_sitemap.crawl(DEMO_BASE, fetch=fetch_through(client))
    assert len(failures) == len(pages) and all("not at http://127.0.0.1:8123/" in line for line in failures)


def test_feeds_link_to_the_demo_address(client, demo_at_8123):
    for feed in ("/feeds/news/", "/feeds/materials/", "/feeds/literacy-lyceum1/news/"):
        rss = ElementTree.fromstring(client.get(feed, HTTP_HOST="127.0.0.1:8123").content)
        links = [link.text for link in rss.iter("link")] + [guid.text for guid in rss.iter("guid")]
        assert len(links) > 3, feed
        assert all(link.startswith(f"{DEMO_BASE}/") for link in links), (feed, links)


def test_api_urls_point_at_the_demo_address(client, demo_at_8123):
    fetch = fetch_through(client)
    status, body = fetch(f"{DEMO_BASE}/api/v2/pages/?limit=20")
    items = json.loads(body)["items"]
    assert status == 200 and len(items) == 20
    for item in items:
        assert item["meta"]["detail_url"].startswith(f"{DEMO_BASE}/api/v2/pages/")
        assert item["meta"]["html_url"].startswith(f"{DEMO_BASE}/")
    status, body = fetch(items[0]["meta"]["detail_url"])
    assert status == 200 and json.loads(body)["meta"]["html_url"] == items[0]["meta"]["html_url"]
    assert fetch(items[0]["meta"]["html_url"])[0] == 200


def test_set_site_address_takes_production_base_url_by_default_and_refuses_nonsense(demo_at_8123):
    with override_settings(WAGTAILADMIN_BASE_URL="https://rc.example.ru"):
        call_command("set_site_address", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "https://rc.example.ru"
    for nonsense in ("rc.example.ru", "ftp://rc.example.ru", "http://host:notaport", "https://"):
        with pytest.raises(CommandError, match=re.escape("Адрес должен выглядеть как https://rc.example.ru")):
            call_command("set_site_address", nonsense, stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).root_url == "https://rc.example.ru"
