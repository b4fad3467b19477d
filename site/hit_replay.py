"""Repeated hits of the page cache answered before Django: each worker replays the exact answer Django gave a
cookieless GET that its page cache answered, for a few seconds, until any worker purges.

A hit through Django still builds a request, runs the security, CSP and static-file middleware and unpickles the
stored page: ~330 µs of Python per request, most of the CPU a cached page costs under gunicorn. The answer Django
gave already carries every header those middlewares add (nothing in it depends on the visitor when the request had no
cookie), so replaying it is what Django would answer again. Purges announce themselves through the page cache
(`portal.page_cache_backend`: a stamp file's stat on one machine, a key in Redis for several): one read per request
drops every replay at once in every worker of every machine; a replay also
ends after `PAGE_REPLAY_SECONDS` (10), so a page's time-dependent parts are at most that much older than the cache's.
Only GET requests without any cookie or Authorization header, answered 200 with `X-Wagtail-Cache: hit` and varying
on nothing but Accept-Language and Cookie, are replayed; everything else goes to Django as before.
"""

import threading
import time

from django.conf import settings
from django.core.cache import caches

MAX_ENTRIES = 500
REPLAYABLE_VARY = {"accept-language", "cookie"}


def replay_key(environ):
    """What a cookieless GET's answer may depend on; None when the request must go to Django."""
    if environ.get("REQUEST_METHOD") != "GET" or "HTTP_COOKIE" in environ or "HTTP_AUTHORIZATION" in environ:
        return None
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_X_FORWARDED_PROTO"),
        environ.get("HTTP_HOST"),
        environ.get("PATH_INFO"),
        environ.get("QUERY_STRING"),
        environ.get("HTTP_ACCEPT_LANGUAGE"),
    )


def replayable(status, headers):
    if not status.startswith("200 "):
        return False
    named = {name.lower(): value for name, value in headers}
    if named.get("x-wagtail-cache") != "hit" or "set-cookie" in named:
        return False
    varies = {part.strip().lower() for part in named.get("vary", "").split(",") if part.strip()}
    return varies <= REPLAYABLE_VARY


class ReplayCachedHits:
    """WSGI middleware around Django's application (see the module's docstring)."""

    def __init__(self, application, cache_alias, seconds=10):
        self.application = application
        self.cache_alias = cache_alias
        self.seconds = seconds
        self.entries = {}
        self.stamp = None
        self.lock = threading.Lock()

    def current_stamp(self):
        try:
            return caches[self.cache_alias].purge_version()
        except Exception:  # the cache unreachable: nothing is replayed, Django answers
            return object()

    def __call__(self, environ, start_response):
        key = replay_key(environ)
        if key is None:
            return self.application(environ, start_response)
        stamp = self.current_stamp()
        if stamp != self.stamp:
            with self.lock:
                self.entries, self.stamp = {}, stamp
        entry = self.entries.get(key)
        if entry is not None and entry[0] > time.monotonic():
            start_response(entry[1], list(entry[2]))
            return [entry[3]]
        return self.answer_and_keep(key, stamp, environ, start_response)

    def answer_and_keep(self, key, stamp, environ, start_response):
        """Django answers; a replayable answer is kept (unless a purge came meanwhile)."""
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.application(environ, capture)
        if not replayable(captured.get("status", ""), captured.get("headers", [])):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        with self.lock:
            if stamp == self.stamp:
                if len(self.entries) >= MAX_ENTRIES:
                    self.entries = {}
                expires = time.monotonic() + self.seconds
                self.entries[key] = (expires, captured["status"], tuple(captured["headers"]), body)
        return [body]


def with_replayed_hits(application):
    """The application wrapped when the page cache is on and announces its purges (`purge_version`); as it is
    otherwise."""
    alias = getattr(settings, "WAGTAIL_CACHE_BACKEND", "default")
    seconds = getattr(settings, "PAGE_REPLAY_SECONDS", 10)
    if not getattr(settings, "WAGTAIL_CACHE", False) or not seconds or alias not in settings.CACHES:
        return application
    if not hasattr(caches[alias], "purge_version"):
        return application
    return ReplayCachedHits(application, alias, seconds)
