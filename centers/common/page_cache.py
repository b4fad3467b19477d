"""Purging chosen URLs from the anonymous page cache (wagtail-cache's keyring), safely across workers.

wagtail-cache keeps one "keyring" entry (URL -> cache keys) and rewrites it whole on every store and purge. Two
workers doing that at once would each drop the other's change: a page missing from the keyring is then never purged
and shows stale until its timeout. Every keyring update goes through `keyring_lock()` (a file lock next to a
file-based cache, Redis's own lock for a Redis cache that several machines share, a process lock otherwise) and a missing keyring (never written, or culled) empties the cache first,
so that every stored page is always listed in it.

The add-on empties a page cache only when that cache is the pages' own (`page_cache_is_its_own`): in a host whose
pages share the `default` cache (wagtail-cache's default) or another alias's store, it deletes only the entries the
keyring lists and never calls `clear()`, so the host's sessions and other entries stay (centers.W004 says so).
"""

import fcntl
import logging
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from wagtailcache.settings import wagtailcache_settings

KEYRING = "keyring"
# The Wagtail hook through which a capability declares the listings that are not pages: each function returns
# [(path, page types)], a path ending in "/" standing for everything below it (docs/caching.md).
LISTINGS_OUTSIDE_PAGES_HOOK = "register_listings_outside_pages"
LOCK_FILE_NAME = "keyring.lock"  # not a .djcache file: clear() and culling leave it alone
_process_lock = threading.Lock()
logger = logging.getLogger(__name__)


def page_cache():
    return caches[wagtailcache_settings.WAGTAIL_CACHE_BACKEND]


def _store(config):
    """What identifies a cache's storage: two aliases with the same backend and location share their entries; every
    Redis cache at one address shares one database, whose `clear()` would empty all of them (their prefixes too)."""
    backend, location = config.get("BACKEND", ""), str(config.get("LOCATION", ""))
    return ("redis" if "redis" in backend.lower() else backend, location)


def page_cache_aliases_sharing_its_store():
    """The other cache aliases whose entries `clear()` on the page cache would delete too."""
    alias = wagtailcache_settings.WAGTAIL_CACHE_BACKEND
    caches_config = settings.CACHES
    store = _store(caches_config.get(alias, {}))
    return [name for name, config in caches_config.items() if name != alias and _store(config) == store]


def page_cache_is_its_own():
    """True when the page cache holds nothing but pages: an alias of its own, not `default`, sharing no store."""
    alias = wagtailcache_settings.WAGTAIL_CACHE_BACKEND
    return alias != DEFAULT_CACHE_ALIAS and not page_cache_aliases_sharing_its_store()


@contextmanager
def keyring_lock(cache=None):
    """Only one thread of one worker reads and rewrites the keyring at a time."""
    cache = cache or page_cache()
    with _process_lock:
        if isinstance(cache, RedisCache):
            client = cache._cache.get_client(KEYRING, write=True)
            with client.lock(cache.make_and_validate_key(LOCK_FILE_NAME), timeout=30, blocking_timeout=30):
                yield
            return
        if not isinstance(cache, FileBasedCache):
            yield
            return
        Path(cache._dir).mkdir(parents=True, exist_ok=True)
        with open(Path(cache._dir) / LOCK_FILE_NAME, "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)


def ensure_keyring(cache):
    """Called under the lock before a store: without a keyring, entries stored earlier could never be purged."""
    if KEYRING not in cache:
        if page_cache_is_its_own():
            cache.clear()
        cache.set(KEYRING, {}, None)


def drop_listed_pages(cache, pattern=None):
    """Delete the pages the keyring lists (those whose URL matches `pattern`, or all) and take them off the keyring.

    Without a keyring the stored pages cannot be told from anything else in the cache: only a cache of the pages'
    own is emptied then (as wagtail-cache does); a shared one keeps everything, the pages until their timeout.
    """
    keyring = cache.get(KEYRING) if wagtailcache_settings.WAGTAIL_CACHE_KEYRING else None
    if keyring is None:
        if page_cache_is_its_own():
            cache.clear()
        return
    matched = [url for url in keyring if pattern is None or re.match(pattern, url)]
    for url in matched:
        cache.delete_many(list(keyring.pop(url)))
    if matched:
        cache.set(KEYRING, keyring)


def path_pattern(path, subtree=False):
    """A keyring URL pattern (any host): the path with any query string, and with `subtree` everything below it."""
    escaped = re.escape(unquote(path))
    return rf"https?://[^/]+{escaped}" + ("" if subtree else r"(?:\?|$)")


def purge_cached_urls(patterns):
    """Drop the cached pages whose URL matches one of `patterns` (see `path_pattern`); never raises."""
    patterns = sorted(set(patterns))
    if not patterns or not wagtailcache_settings.WAGTAIL_CACHE:
        return
    try:
        with keyring_lock():
            drop_listed_pages(page_cache(), "^(?:" + "|".join(patterns) + ")")
    except Exception:
        # A publish or a seat must not fail for the cache: what stays lives at most the cache's timeout.
        logger.exception("Could not purge the page cache for %s", patterns)


def purge_everything():
    """Menus and the site's own settings show on every page: all of it goes (of a shared cache, only the pages)."""
    if not wagtailcache_settings.WAGTAIL_CACHE:
        return
    try:
        with keyring_lock():
            drop_listed_pages(page_cache())
    except Exception:
        logger.exception("Could not empty the page cache")
