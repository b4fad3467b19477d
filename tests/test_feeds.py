import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Page

from centers.models import CenterPage, MaterialIndexPage, MaterialPage, MaterialType, NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, [
        {"title": item.findtext("title"), "link": item.findtext("link"), "pubDate": item.findtext("pubDate")}
        for item in channel.findall("item")
    ]


def add_news(center, title, live=True, date=datetime.date(2031, 5, 1)):
    index = NewsIndexPage.objects.child_of(center).get()
    page = NewsPage(
        title=title, slug=title.lower().replace(" ", "-"), date=date, lead="Лид новости", live=live
    )
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def test_site_news_feed_lists_news_of_all_centers_newest_first(client):
    channel, items = rss_items(client, "/feeds/news/")
    assert channel.findtext("title") == "Новости ресурсных центров"
    assert len(items) == min(30, NewsPage.objects.live().count())
    center_of = {page.full_url: page.center_id for page in NewsPage.objects.live()}
    assert len({center_of[item["link"]] for item in items}) == CenterPage.objects.live().count()
    dates = [datetime.datetime.strptime(item["pubDate"], "%a, %d %b %Y %H:%M:%S %z") for item in items]
    assert dates == sorted(dates, reverse=True)


def test_center_news_feed_has_only_that_centers_news_and_drafts_never(client):
    center = CenterPage.objects.get(slug="mentoring-sosh1")
    other = CenterPage.objects.get(slug="stem-poisk")
    published = add_news(center, "Mentoring news")
    add_news(center, "Mentoring draft", live=False)
    add_news(other, "Stem news")
    channel, items = rss_items(client, f"/feeds/{center.slug}/news/")
    titles = [item["title"] for item in items]
    assert titles[0] == "Mentoring news"
    assert "Stem news" not in titles and "Mentoring draft" not in titles
    assert len(titles) == 4
    assert items[0]["link"] == published.full_url
    assert center.title in channel.findtext("title")
    _, site_items = rss_items(client, "/feeds/news/")
    assert "Mentoring draft" not in [item["title"] for item in site_items]


def test_materials_feeds_for_the_site_and_a_center(client):
    center = CenterPage.objects.get(slug="literacy-lyceum1")
    _, items = rss_items(client, f"/feeds/{center.slug}/materials/")
    expected = set(MaterialPage.objects.live().filter(center=center).values_list("title", flat=True))
    assert {item["title"] for item in items} == expected
    index = MaterialIndexPage.objects.child_of(center).get()
    draft = MaterialPage(
        title="Draft material",
        slug="draft-material",
        abstract="Черновик",
        material_type=MaterialType.objects.first(),
        year=2026,
        live=False,
    )
    index.add_child(instance=draft)
    _, site_items = rss_items(client, "/feeds/materials/")
    titles = [item["title"] for item in site_items]
    assert "Draft material" not in titles
    assert set(titles) == set(MaterialPage.objects.live().values_list("title", flat=True))


def test_feed_of_an_unknown_or_unpublished_center_is_not_found(client):
    assert client.get("/feeds/no-such-center/news/").status_code == 404
    center = CenterPage.objects.get(slug="career-ds9")
    center.unpublish()
    assert client.get(f"/feeds/{center.slug}/materials/").status_code == 404


def test_pages_announce_their_feeds(client):
    center = CenterPage.objects.get(slug="stem-poisk")
    html = client.get(center.url).content.decode()
    assert (
        f'type="application/rss+xml" title="Новости: {center.title}" href="/feeds/stem-poisk/news/"' in html
    )
    assert 'href="/feeds/materials/"' in html
    news_index = NewsIndexPage.objects.child_of(center).get()
    assert "/feeds/stem-poisk/materials/" in client.get(news_index.url).content.decode()


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {node.text for node in ET.fromstring(response.content).findall("s:url/s:loc", namespace)}


def test_sitemap_lists_every_public_page_and_no_draft(client):
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    draft = add_news(center, "Sitemap draft", live=False)
    locations = sitemap_locations(client)
    public = Page.objects.live().public().filter(depth__gt=1).specific()
    for page in public:
        assert page.full_url in locations, page.url
    assert draft.full_url not in locations
    assert any("/materials/" in location for location in locations)
