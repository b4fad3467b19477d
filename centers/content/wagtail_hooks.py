"""The content's listings that are not pages, for a page cache that purges what shows a page (docs/caching.md)."""

from django.urls import NoReverseMatch, reverse
from wagtail import hooks

from centers.common.page_cache import LISTINGS_OUTSIDE_PAGES_HOOK
from centers.content.models import MaterialPage, NewsPage
from centers.directory.models import CenterPage


@hooks.register(LISTINGS_OUTSIDE_PAGES_HOOK)
def feeds():
    """The RSS feeds (centers.content.feeds): the news and the materials of all centers and of each, titled with the
    center's name; everything under the feeds' common address."""
    try:
        news = reverse("centers_news_feed")
    except NoReverseMatch:
        return []
    return [(news.removesuffix("news/"), (CenterPage, MaterialPage, NewsPage))]
