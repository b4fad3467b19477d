"""The page cache's storage: the file cache every worker of one machine shares, with a copy in memory of what a worker
has read; or Redis, which several machines share (REDIS_URL). Both announce their purges: `purge_version()` changes
whenever a page leaves the cache, and what a worker keeps of the cache's pages (here, in `portal.hit_replay`) is
dropped when it does.

A hit from files alone opens, decompresses and unpickles two files (the page and its header list): about 120 µs of
the ~330 µs a hit costs. Here each worker keeps the pickled pages it read, until any worker deletes or clears an entry
(a purge), which replaces a stamp file next to the cache: one stat per lookup tells every worker to drop its copies.
Pages expire at the time written in their file, as before. The keyring is always read from its file.
"""

import os
import pickle
import random
import tempfile
import time
import uuid
import zlib

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache

STAMP_FILE_NAME = "purged.stamp"  # not a .djcache file: clear() and culling leave it alone
PURGE_VERSION_KEY = "purge-version"
KEPT_ONLY_IN_FILES = ("keyring",)
CULL_EVERY_SECONDS = (
    10  # listing the folder on every store costs more than the store itself once it holds thousands
)


class FileCacheWithLocalCopies(FileBasedCache):
    """FileBasedCache whose reads of pages are kept in memory until the next purge by any worker."""

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self.max_local_entries = int(params.get("OPTIONS", {}).get("MAX_LOCAL_ENTRIES", 500))
        self._local = {}
        self._local_stamp = None
        self._culled_at = 0.0

    def _stamp_path(self):
        return os.path.join(self._dir, STAMP_FILE_NAME)

    def _current_stamp(self):
        try:
            found = os.stat(self._stamp_path())
        except FileNotFoundError:
            return None
        return found.st_ino, found.st_mtime_ns

    def purge_version(self):
        return self._current_stamp()

    def _announce_purge(self):
        """A new stamp file (a new inode, so two purges in one clock tick still differ), moved in atomically."""
        self._createdir()
        descriptor, temporary = tempfile.mkstemp(dir=self._dir, suffix=".stamp-new")
        os.close(descriptor)
        os.replace(temporary, self._stamp_path())

    def get(self, key, default=None, version=None):
        if key in KEPT_ONLY_IN_FILES:
            return super().get(key, default, version)
        stamp = self._current_stamp()
        if stamp != self._local_stamp:
            self._local, self._local_stamp = {}, stamp
        file_name = self._key_to_file(key, version)
        kept = self._local.get(file_name)
        if kept is not None and (kept[0] is None or kept[0] > time.time()):
            return pickle.loads(kept[1])
        return self._read_and_keep(key, file_name, default, version)

    def _read_and_keep(self, key, file_name, default, version):
        try:
            with open(file_name, "rb") as cache_file:
                expires = pickle.load(cache_file)
                if expires is not None and expires < time.time():
                    return super().get(key, default, version)  # deletes the expired file, as before
                pickled = zlib.decompress(cache_file.read())
        except FileNotFoundError:
            return default
        if len(self._local) >= self.max_local_entries:
            self._local = {}
        self._local[file_name] = (expires, pickled)
        return pickle.loads(pickled)

    def _cull(self):
        """Django's culling (a random third once over MAX_ENTRIES), at most every few seconds per worker, and never
        the keyring: without it no stored page could be purged, so the next store would empty the cache."""
        now = time.monotonic()
        if now - self._culled_at < CULL_EVERY_SECONDS:
            return
        self._culled_at = now
        keyring_file = self._key_to_file(KEPT_ONLY_IN_FILES[0])
        files = [name for name in self._list_cache_files() if name != keyring_file]
        if len(files) < self._max_entries:
            return
        for name in random.sample(files, int(len(files) / (self._cull_frequency or 3))):
            self._delete(name)

    def set(self, key, value, timeout=None, version=None):
        super().set(key, value, timeout, version)
        self._local.pop(self._key_to_file(key, version), None)

    def delete(self, key, version=None):
        deleted = super().delete(key, version)
        self._local.pop(self._key_to_file(key, version), None)
        self._announce_purge()
        return deleted

    def clear(self):
        super().clear()
        self._local = {}
        self._announce_purge()


class RedisCacheAnnouncingPurges(RedisCache):
    """Django's Redis cache whose deletes move a version every app server reads (`purge_version`): the workers'
    replayed answers end on any machine's purge."""

    def purge_version(self):
        return self.get(PURGE_VERSION_KEY)

    def _announce_purge(self):
        self.set(PURGE_VERSION_KEY, uuid.uuid4().hex, None)

    def delete(self, key, version=None):
        deleted = super().delete(key, version)
        self._announce_purge()
        return deleted

    def delete_many(self, keys, version=None):
        super().delete_many(keys, version)
        self._announce_purge()

    def clear(self):
        cleared = super().clear()
        self._announce_purge()
        return cleared
