"""Purging chosen URLs from the anonymous page cache (wagtail-cache's keyring), safely across workers.

wagtail-cache keeps one "keyring" entry (URL -> cache keys) and rewrites it whole on every store and purge. Two
workers doing that at once would each drop the other's change: a page missing from the keyring is then never purged
and shows stale until its timeout. Every keyring update goes through `keyring_lock()` (a file lock next to a
file-based cache, a process lock otherwise) and a missing keyring (never written, or culled) empties the cache first,
so that every stored page is always listed in it.
"""

import fcntl
import logging
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from wagtailcache.cache import clear_cache
from wagtailcache.settings import wagtailcache_settings

KEYRING = "keyring"
LOCK_FILE_NAME = "keyring.lock"  # not a .djcache file: clear() and culling leave it alone
_process_lock = threading.Lock()
logger = logging.getLogger(__name__)


def page_cache():
    return caches[wagtailcache_settings.WAGTAIL_CACHE_BACKEND]


@contextmanager
def keyring_lock(cache=None):
    """Only one thread of one worker reads and rewrites the keyring at a time."""
    cache = cache or page_cache()
    with _process_lock:
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
        cache.clear()
        cache.set(KEYRING, {}, None)


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
            clear_cache(urls=["^(?:" + "|".join(patterns) + ")"])
    except Exception:
        # A publish or a seat must not fail for the cache: what stays lives at most the cache's timeout.
        logger.exception("Could not purge the page cache for %s", patterns)


def purge_everything():
    """Menus and the site's own settings show on every page: all of it goes."""
    try:
        with keyring_lock():
            clear_cache()
    except Exception:
        logger.exception("Could not empty the page cache")
