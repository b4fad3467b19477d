"""A per-IP limit on public form submissions, kept in Django's cache (shared between processes in production)."""

from django.conf import settings
from django.core.cache import caches

WINDOW_SECONDS = 60 * 60


def submissions_per_window():
    """How many accepted submissions one IP address may make per hour and per form (setting, default 5)."""
    return getattr(settings, "CENTERS_SUBMISSIONS_PER_HOUR", 5)


def client_ip(request):
    """The visitor's address; behind N trusted proxies, the N-th address from the right of X-Forwarded-For."""
    proxies = getattr(settings, "CENTERS_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _cache():
    return caches[getattr(settings, "CENTERS_RATE_LIMIT_CACHE", "default")]


def _key(scope, request):
    return f"centers:submissions:{scope}:{client_ip(request)}"


def submission_limit_reached(scope, request):
    return (_cache().get(_key(scope, request)) or 0) >= submissions_per_window()


def take_submission_slot(scope, request):
    """Counts one submission atomically (cache incr); False when it goes over the limit for this window.

    The window starts with the first submission and lasts an hour.
    """
    cache, key = _cache(), _key(scope, request)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= submissions_per_window()
