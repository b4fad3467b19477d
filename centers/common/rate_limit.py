"""Per-address and per-e-mail limits on public forms, counted in a cache every worker shares.

The cache is the alias CENTERS_RATE_LIMIT_CACHE names, else `default`; every key starts with "centers:submissions:",
so the counters never mix with a host's own entries. The reference site keeps them in files under
var/cache/rate_limits (one machine) or in Redis (RATE_LIMIT_REDIS_URL, several machines); a per-process memory cache
would let every worker count on its own (centers.W002).
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

from centers.common.email_addresses import email_key

WINDOW_SECONDS = 60 * 60

# Accepted submissions per hour, per visitor's address and per e-mail typed in the form; CENTERS_RATE_LIMITS
# replaces any of them. A school behind one address registers many teachers, so its address gets many: what bounds
# a script's share of a meeting is CENTERS_UNCONFIRMED_SEATS_PER_ADDRESS (centers.events.registration).
DEFAULT_LIMITS = {
    "registration": {"address": 200, "email": 5},
    "registration_resend": {"email": 3},
    "application": {"address": 3, "email": 3},
    "consultation": {"email": 5},
    "practice": {"email": 5},
    "subscription": {"address": 10, "email": 3},
    # Links to a teacher's own record (/my/): counted whether or not the e-mail is known.
    "record_link": {"address": 10, "email": 3},
    # A school asking to pilot a project; a pilot school sending its stage results through its link.
    "pilot_request": {"address": 5, "email": 3},
    "pilot_result": {"address": 20},
}


def submissions_per_window():
    """How many accepted submissions one IP address may make per hour and per form (setting, default 5)."""
    return getattr(settings, "CENTERS_SUBMISSIONS_PER_HOUR", 5)


def limits_of(scope):
    """The limits of one form, {"address": n, "email": n}; practices and consultations keep the older setting."""
    limits = {"address": submissions_per_window()} if scope in ("practice", "consultation") else {}
    limits.update(DEFAULT_LIMITS.get(scope, {}))
    limits.update(getattr(settings, "CENTERS_RATE_LIMITS", {}).get(scope, {}))
    return limits


def client_ip(request):
    """The visitor's address; behind N trusted proxies, the N-th address from the right of X-Forwarded-For."""
    proxies = getattr(settings, "CENTERS_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def rate_limit_cache_alias():
    return getattr(settings, "CENTERS_RATE_LIMIT_CACHE", None) or "default"


def _cache():
    return caches[rate_limit_cache_alias()]


def _keys(scope, request, email):
    """One counter per limited dimension; e-mails are hashed so that the cache holds no personal data."""
    limits = limits_of(scope)
    keys = {}
    if "address" in limits:
        keys[f"centers:submissions:{scope}:{client_ip(request)}"] = limits["address"]
    if "email" in limits and email:
        digest = hashlib.sha256(email_key(email).encode()).hexdigest()
        keys[f"centers:submissions:{scope}:email:{digest}"] = limits["email"]
    return keys


def submission_limit_reached(scope, request, email=None):
    """True when this address (or this e-mail) has used up its submissions for the hour."""
    keys = _keys(scope, request, email)
    counts = _cache().get_many(list(keys))
    return any((counts.get(key) or 0) >= limit for key, limit in keys.items())


def _count(cache, key):
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def take_submission_slot(scope, request, email=None):
    """Counts one submission (cache incr) per address and per e-mail; False when one goes over its limit.

    The window starts with the first submission and lasts an hour.
    """
    cache = _cache()
    over = [_count(cache, key) > limit for key, limit in _keys(scope, request, email).items()]
    return not any(over)
