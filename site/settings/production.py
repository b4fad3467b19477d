"""Production: every value comes from the environment; a missing SECRET_KEY or DATABASE_URL stops start-up."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import VAR_DIR, database_from_environment


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def required(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
required("DATABASE_URL")
DATABASES = {"default": database_from_environment(None)}
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"https://{(ALLOWED_HOSTS or ['localhost'])[0]}"
)

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Anonymous pages from a cache every gunicorn worker shares, so that a purge on publish reaches all of them.
# One machine: files under var/cache. Several machines: point PAGE_CACHE_LOCATION at shared storage or use Redis.
WAGTAIL_CACHE = os.environ.get("PAGE_CACHE", "1") == "1"
# Each worker keeps the pages it read in memory until any worker purges (portal.page_cache_backend).
CACHES["pages"] = {  # noqa: F405
    "BACKEND": "portal.page_cache_backend.FileCacheWithLocalCopies",
    "LOCATION": os.environ.get("PAGE_CACHE_LOCATION", str(VAR_DIR / "cache" / "pages")),
    "TIMEOUT": int(os.environ.get("PAGE_CACHE_SECONDS", "300")),
    "OPTIONS": {"MAX_ENTRIES": 20000},
}
# A worker replays the answer to a cookieless cached GET for this long, before Django (portal.hit_replay); 0: never.
PAGE_REPLAY_SECONDS = int(os.environ.get("PAGE_REPLAY_SECONDS", "10"))
# The library's facet counts and the materials sections' totals, shared by all workers too: a page published in one
# worker is counted in all of them.
CACHES["library"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("LIBRARY_CACHE_LOCATION", str(VAR_DIR / "cache" / "library")),
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# The site, menu, trails and identity every page shows, shared too: a page published in one worker renews them in all.
CACHES["structure"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("STRUCTURE_CACHE_LOCATION", str(VAR_DIR / "cache" / "structure")),
    "TIMEOUT": 24 * 3600,
    "OPTIONS": {"MAX_ENTRIES": 20000},
}

# Rate limits of the public forms, counted once for all workers: files under var/cache on one machine.
# Every count renews the hour (the file cache's incr rewrites the entry), so the window slides: stricter, never looser.
CACHES["rate_limits"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("RATE_LIMIT_CACHE_LOCATION", str(VAR_DIR / "cache" / "rate_limits")),
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 100000},  # culling would forget counters
}

# Several app servers: REDIS_URL=redis://host:6379/0 moves every shared cache (pages, the site's structure and
# fragments, the library's, the rate limits) to one Redis, each under a prefix of its own (docs/caching.md). The
# pages' purges then announce themselves in Redis, not in a file of one machine. Redis must keep keys without an
# expiry (maxmemory-policy volatile-lru or noeviction): the page cache's keyring and the site's generation have none.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("RATE_LIMIT_REDIS_URL")  # the old name: limits only
if REDIS_URL:
    shared = (
        ("rate_limits",)
        if not os.environ.get("REDIS_URL")
        else ("pages", "library", "structure", "rate_limits")
    )
    for alias in shared:
        CACHES[alias] = {  # noqa: F405
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"portal-{alias}",
            "TIMEOUT": CACHES[alias].get("TIMEOUT", 300),  # noqa: F405
        }
    if "pages" in shared:
        CACHES["pages"]["BACKEND"] = "portal.page_cache_backend.RedisCacheAnnouncingPurges"  # noqa: F405

# Documents: Django checks the permissions, nginx sends the bytes (X-Accel-Redirect to an internal location).
if os.environ.get("DOCUMENTS_VIA_NGINX", "0") == "1":
    SENDFILE_BACKEND = "portal.documents_via_nginx"
    SENDFILE_NGINX_LOCATION = os.environ.get("DOCUMENTS_NGINX_LOCATION", "/protected-media/")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
