"""The anonymous page cache (wagtail-cache): what may be cached, when it is emptied, what browsers are told, and
which query strings are one page.

A page type declares the query parameters it reads (`cache_query_parameters`, none unless declared): a page is served
with those only (the `before_serve_page` hook below), so it is cached under them, sorted, and every other parameter
(`utm_*`, `?foo=1`, a misspelt filter) shares the entry of the page without it. The lookup, before any page is routed,
finds what the path's page declared in a small entry its store wrote next to the page (`declared_parameters_key`),
listed in the keyring with it, so a purge of the page drops it too; without it (never stored, culled) the lookup keys
on every parameter, misses, and the render stores the page under its declared ones.
"""

import functools
import hashlib
from urllib.parse import parse_qsl, unquote, urlencode

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.http import QueryDict
from wagtail.models import Page, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtailcache.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from wagtailcache.settings import wagtailcache_settings

from centers.common.page_cache import KEYRING, ensure_keyring, keyring_lock

CACHE_STATUS_HEADER = "X-Wagtail-Cache"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage
# One page is kept with at most this many different query strings (filters, search words, pages of a list): a visitor
# inventing query strings gets the page rendered, never stored, once a page has that many.
MAX_QUERY_VARIANTS = 200


def normalize_query_string(request, declared=None):
    """The same parameters in another order are the same page: one cache entry (wagtail-cache already drops the
    trackers' parameters, `utm_*` and the like); with `declared`, the parameters the page does not read are dropped.
    The query string is read as the bytes the visitor sent (WSGI hands them over as latin-1), so words in any script
    keep their bytes."""
    query = request.META.get("QUERY_STRING", "")
    if not query or (declared is None and "&" not in query):
        return
    try:
        raw = query.encode("iso-8859-1")
    except UnicodeEncodeError:  # not what a WSGI server hands over: left as it is
        return
    text = raw.decode("utf-8", "surrogateescape")  # undecodable bytes survive the round trip
    pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="surrogateescape")
    if declared is not None:
        pairs = [pair for pair in pairs if pair[0] in declared]
    ordered = urlencode(sorted(pairs, key=lambda pair: pair[0]), encoding="utf-8", errors="surrogateescape")
    if ordered != query:
        request.META["QUERY_STRING"] = ordered
        request.GET = QueryDict(ordered, encoding=request.encoding)


def declared_query_parameters(page):
    """The query parameters a page's code reads, as its type declares them (`cache_query_parameters`)."""
    return frozenset(getattr(page, "cache_query_parameters", ()))


def serve_with_declared_parameters(page, request, serve_args, serve_kwargs):
    """`before_serve_page`: the page sees only the parameters it declares, so what it renders is what the cache keys
    it on (a parameter its code read without declaring it would simply have no effect, never show another page)."""
    request._declared_query_parameters = declared_query_parameters(page)
    normalize_query_string(request, request._declared_query_parameters)


@functools.cache
def declarations_fingerprint():
    """Every page type's declared parameters in a few letters: a release that changes one never reads what the last
    release's pages declared."""
    declared = sorted(
        (model._meta.label, sorted(declared_query_parameters(model))) for model in get_page_models()
    )
    return hashlib.md5(repr(declared).encode(), usedforsecurity=False).hexdigest()[:12]


def declared_parameters_key(request):
    """The cache key of what the page at this address declared; None for an address Django refuses."""
    try:
        address = f"{request.scheme}://{request.get_host()}{request.path}"
    except Exception:  # DisallowedHost: wagtail-cache's own lookup fails the same way
        return None
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"declared-query:{declarations_fingerprint()}:{digest}"


def keep_only_declared_parameters(cache, request):
    """Before the lookup (once per request): sorted, and without what the path's page does not read, if its store
    said so."""
    if getattr(request, "_query_normalized", False):
        return
    request._query_normalized = True
    normalize_query_string(request)
    if not request.META.get("QUERY_STRING") or request.method not in ("GET", "HEAD"):
        return
    if not wagtailcache_settings.WAGTAIL_CACHE:
        return
    key = declared_parameters_key(request)
    try:
        declared = cache.get(key) if key else None
    except Exception:
        return  # the lookup itself reports an unreachable cache
    if declared is not None:
        normalize_query_string(request, frozenset(declared))


def variants_kept(keyring, uri):
    """How many query strings of this URL's page the cache keeps."""
    path = uri.split("?", 1)[0]
    return sum(1 for kept_uri in keyring if kept_uri.split("?", 1)[0] == path and "?" in kept_uri)


def connect_purge_signals():
    """Each change purges what shows the page (portal.cache_purge), not the whole cache."""
    from centers.cityplan.models import CoOrganizingInvitation

    from .cache_purge import (
        invitation_answered,
        page_deleted,
        page_moved,
        page_published_or_unpublished,
        shown_on_pages_changed,
    )

    page_published.connect(page_published_or_unpublished, dispatch_uid="portal_page_cache_published")
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid="portal_page_cache_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="portal_page_cache_moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="portal_page_cache_deleted")
    post_save.connect(shown_on_pages_changed, dispatch_uid="portal_page_cache_shown_saved")
    post_delete.connect(shown_on_pages_changed, dispatch_uid="portal_page_cache_shown_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            invitation_answered,
            sender=CoOrganizingInvitation,
            dispatch_uid=f"portal_invitation_{signal is post_save}",
        )


class KeyringLockedUpdateCacheMiddleware(UpdateCacheMiddleware):
    """wagtail-cache's store step, with its keyring rewritten under a lock: a page the keyring lost would never be
    purged."""

    def process_response(self, request, response):
        if getattr(request, "_wagtailcache_update", False) and not getattr(
            request, "_wagtailcache_skip", False
        ):
            with keyring_lock(self._wagcache):
                ensure_keyring(self._wagcache)
                if request.META.get("QUERY_STRING") and self.too_many_variants(request):
                    request._wagtailcache_skip = True
                response = super().process_response(request, response)
                if response.get(CACHE_STATUS_HEADER) == "miss":
                    self.remember_declared_parameters(request)
                return response
        return super().process_response(request, response)

    def remember_declared_parameters(self, request):
        """The parameters the stored page declared, for lookups with a query string; listed in the keyring under the
        page's address without a query string, so that the page's purge drops it with the page."""
        declared = getattr(request, "_declared_query_parameters", None)
        key = declared_parameters_key(request)
        if declared is None or key is None:
            return  # not a page (a feed, a form's answer, a page not found): every parameter counts
        declared = sorted(declared)
        if self._wagcache.get(key) == declared:
            return
        self._wagcache.set(key, declared)  # as long as a page: a page stored later writes it again
        keyring = self._wagcache.get(KEYRING) or {}
        uri = unquote(request.build_absolute_uri(request.path))
        if key not in keyring.get(uri, []):
            keyring[uri] = [*keyring.get(uri, []), key]
            self._wagcache.set(KEYRING, keyring)

    def too_many_variants(self, request):
        keyring = self._wagcache.get(KEYRING) or {}
        uri = unquote(request.build_absolute_uri())  # as wagtail-cache lists it
        return uri not in keyring and variants_kept(keyring, uri) >= MAX_QUERY_VARIANTS


def request_may_use_cache(request, is_cacheable):
    """A visitor with one-time messages waiting must see them on a freshly rendered page."""
    if MESSAGES_COOKIE in request.COOKIES:
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


def lookup_keeping_cookies(lookup, request):
    """wagtail-cache keys pages by the session and CSRF cookies only and strips the others from the request it looks
    up; the views still need them (the accessibility stylesheet reads its cookie), so they are put back."""
    cookies, header = request.COOKIES, request.META.get("HTTP_COOKIE")
    try:
        return lookup(request)
    finally:
        request.COOKIES = cookies
        if header is not None:
            request.META["HTTP_COOKIE"] = header


class EarlyFetchFromCacheMiddleware(FetchFromCacheMiddleware):
    """Serves a cached page right after the security and static-file middleware: a visitor without a session cookie is
    anonymous, so a hit needs no session, user, locale, CSRF or lockout step, and the stored page already carries the
    headers they and the security middleware added."""

    def process_request(self, request):
        keep_only_declared_parameters(self._wagcache, request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
            return (
                None  # maybe logged in, or messages waiting: the late lookup decides, once the user is known
            )
        response = lookup_keeping_cookies(super().process_request, request)
        if response is not None and response.status_code == 404:
            # A cached "not found" is checked against the editors' redirects (RedirectMiddleware) further in.
            del request._wagtailcache_update
            return None
        request._wagtailcache_looked_up = True
        return response


class LateFetchFromCacheMiddleware(FetchFromCacheMiddleware):
    """The lookup for visitors with a session (logged in or not); one lookup per request."""

    def process_request(self, request):
        if getattr(request, "_wagtailcache_looked_up", False):
            return None
        keep_only_declared_parameters(self._wagcache, request)
        return lookup_keeping_cookies(super().process_request, request)
