"""RSS feeds of news and materials: the whole site's and each center's.

/feeds/news/ and /feeds/materials/ cover every center of the site; /feeds/<center slug>/news/ and
/feeds/<center slug>/materials/ cover one center. Only live, public pages appear, newest first.
"""

import copy
import datetime
import hashlib

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from centers.common.kept import KEPT_FOR, kept_key, kept_public_q, structure_cache
from centers.content.models import MaterialPage, NewsPage
from centers.content.models.materials import newest_materials
from centers.content.models.news import listed_news
from centers.directory.models import CenterPage

FEED_ITEMS = 30


class CenterFeed(Feed):
    """A feed of one kind of page for the site, or for one center when the URL names it."""

    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        """The feed as written for this host once per generation of the site's structure (centers.common.kept):
        its items are pages, and its dates theirs."""
        what = "|".join(
            [request.get_host(), str(request.is_secure()), get_language() or ""]
            + [str(value) for value in (*args, *kwargs.values())]
        )
        # Hashed: the address's parts are the visitor's (a slug may hold anything until the center is looked up).
        name = f"feed-{type(self).__name__}:" + hashlib.md5(what.encode(), usedforsecurity=False).hexdigest()
        cache = structure_cache()
        key = kept_key(request, name)
        written = cache.get(key)
        if written is None:
            response = self.write(request, *args, **kwargs)
            written = (response.content, response["Content-Type"], response.get("Last-Modified"))
            cache.set(key, written, KEPT_FOR)
        content, content_type, last_modified = written
        response = HttpResponse(content, content_type=content_type)
        if last_modified:
            response["Last-Modified"] = last_modified
        return response

    def write(self, request, *args, **kwargs):
        # Django keeps one Feed per URL for all threads: answer each request with a copy that holds its request.
        per_request = copy.copy(self)
        per_request.request = request
        per_request.site = Site.find_for_request(request)
        return Feed.__call__(per_request, request, *args, **kwargs)

    def get_object(self, request, center_slug=None):
        if self.site is None:
            raise Http404
        if center_slug is None:
            return None
        if "\x00" in center_slug:  # no slug holds one, and PostgreSQL refuses it in a query
            raise Http404
        center = (
            CenterPage.objects.live()
            .filter(kept_public_q())
            .descendant_of(self.site.root_page)
            .filter(slug=center_slug)
            .first()
        )
        if center is None:
            raise Http404
        return center

    def pages(self, center):
        raise NotImplementedError

    def items(self, center):
        pages = self.pages(center).live().filter(kept_public_q()).descendant_of(self.site.root_page)
        if center is not None:
            pages = pages.filter(center=center)
        return pages[:FEED_ITEMS]

    def link(self, center):
        return (center or self.site.root_page).get_full_url(self.request)

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_updateddate(self, item):
        return item.last_published_at


class NewsFeed(CenterFeed):
    def title(self, center):
        if center is None:
            return _("News of the resource centers")
        return _("News: %(center)s") % {"center": center.title}

    def description(self, center):
        return _("News and reports on the activity of the resource centers.")

    def pages(self, center):
        return listed_news(NewsPage.objects.all())

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        start_of_day = datetime.datetime.combine(item.date, datetime.time.min)
        return timezone.make_aware(start_of_day)


class MaterialsFeed(CenterFeed):
    def title(self, center):
        if center is None:
            return _("New methodological materials")
        return _("Materials: %(center)s") % {"center": center.title}

    def description(self, center):
        return _("Methodological materials and recommendations of the resource centers.")

    def pages(self, center):
        return newest_materials(MaterialPage.objects.all())

    def item_description(self, item):
        return item.abstract

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.author_names() or None

    def item_categories(self, item):
        return [item.material_type.name, *(subject.name for subject in item.subjects.all())]
