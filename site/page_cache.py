"""The anonymous page cache (wagtail-cache): what may be cached, when it is emptied, what browsers are told."""

from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtailcache.cache import clear_cache

CACHE_STATUS_HEADER = "X-Wagtail-Cache"


def purge_page_cache(**kwargs):
    """Any page change can show up elsewhere (menus, the home page, the directory), so the whole cache goes."""
    clear_cache()


def connect_purge_signals():
    page_published.connect(purge_page_cache, dispatch_uid="portal_page_cache_published")
    page_unpublished.connect(purge_page_cache, dispatch_uid="portal_page_cache_unpublished")
    post_page_move.connect(purge_page_cache, dispatch_uid="portal_page_cache_moved")
    post_delete.connect(purge_page_cache, sender=Page, dispatch_uid="portal_page_cache_deleted")


def request_may_use_cache(request, is_cacheable):
    """A visitor with one-time messages waiting must see them on a freshly rendered page."""
    if "messages" in request.COOKIES:
        return False
    return is_cacheable


def response_may_be_cached(response, is_cacheable):
    """A response that sets a cookie belongs to one visitor; a download is checked for access every time."""
    if response.cookies or response.has_header("Content-Disposition"):
        return False
    return is_cacheable


class BrowsersRevalidatePagesMiddleware:
    """The server-side cache is purged on publish, a browser's is not: browsers must ask again every time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get(CACHE_STATUS_HEADER) in ("hit", "miss"):
            response["Cache-Control"] = "no-cache"
            if "Expires" in response:
                del response["Expires"]
        return response
