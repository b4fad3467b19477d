"""What many pages read and few changes alter (the site, its menu and trails, identity, view restrictions), kept in
a cache until such a change.

One generation (a random token in the cache `SITE_STRUCTURE_CACHE`, shared by every worker in production) names
what is kept, here and in the library's cache; any page saved, published, unpublished, moved or deleted, a site or a
view restriction changed, or a model marked `forgets_site_structure` saved starts a new one, so nothing kept outlives
the change that outdates it. A change starts one at once and another after its transaction commits: a request that
read the old rows meanwhile keeps them under a generation nobody reads any more. A request reads the generation once.
"""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from centers.common.page_cache import purge_everything

GENERATION_KEY = "centers-kept-structure-generation"
KEPT_FOR = 24 * 3600  # an unused generation's entries go after a day; a change outdates them at once


def structure_cache():
    return caches[getattr(settings, "SITE_STRUCTURE_CACHE", "default")]


def start_generation():
    structure_cache().set(GENERATION_KEY, uuid.uuid4().hex, None)


def forget_site_structure(**kwargs):
    """Start a new generation now (the transaction's own reads see the change) and again once it commits."""
    start_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(start_generation)


def forget_when_pages_change(sender, instance=None, created=False, **kwargs):
    """A marked setting created with its defaults on a first visit was kept as created: only a change renews."""
    if isinstance(instance, Page | Site | PageViewRestriction):
        forget_site_structure()
    elif getattr(instance, "forgets_site_structure", False) and not created:
        forget_site_structure()


def forget_when_page_relations_change(sender, instance=None, **kwargs):
    """A page's subjects, levels or tags changed (many-to-many rows, no page saved)."""
    if isinstance(instance, Page):
        forget_site_structure()


def generation(request=None):
    """The current generation, read once per request."""
    if request is not None and hasattr(request, "_kept_generation"):
        return request._kept_generation
    cache = structure_cache()
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        current = cache.get(GENERATION_KEY)
    if request is not None:
        request._kept_generation = current
    return current


def kept_key(request, name):
    return f"centers-kept:{generation(request)}:{name}"


def kept(request, name, compute, seconds=KEPT_FOR):
    """`compute()`'s value for `name` in the current generation, computed once per generation for all workers (and
    again after `seconds`, for what also changes without a page: registrations, answers)."""
    cache = structure_cache()
    key = kept_key(request, name)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def restricted_paths():
    return list(PageViewRestriction.objects.order_by("page__path").values_list("page__path", flat=True))


def kept_restricted_paths(request=None):
    """The tree paths of the pages under a view restriction (their subtrees are not public), kept."""
    return kept(request, "restricted-paths", restricted_paths)


def kept_public_q(request=None):
    """Wagtail's `PageQuerySet.public_q()` (no page under a view restriction) without a query for the restrictions
    each time: `queryset.filter(kept_public_q())` for `queryset.public()`."""
    condition = Q()
    for path in kept_restricted_paths(request):
        condition &= ~Q(path__startswith=path)
    return condition


def forget_after_deploy(sender, app_config=None, **kwargs):
    """A deploy runs `migrate`: what was kept and the cached pages were rendered by the previous templates and code."""
    if app_config is None or app_config.label != "centers":
        return
    start_generation()
    purge_everything()


def connect_signals():
    """Every change that can alter what is kept: pages, sites, view restrictions, marked settings."""
    post_save.connect(forget_when_pages_change, dispatch_uid="centers_kept_saved")
    post_delete.connect(forget_when_pages_change, dispatch_uid="centers_kept_deleted")
    m2m_changed.connect(forget_when_page_relations_change, dispatch_uid="centers_kept_relations")
    page_published.connect(forget_site_structure, dispatch_uid="centers_kept_published")
    page_unpublished.connect(forget_site_structure, dispatch_uid="centers_kept_unpublished")
    post_page_move.connect(forget_site_structure, dispatch_uid="centers_kept_moved")
    post_migrate.connect(forget_after_deploy, dispatch_uid="centers_kept_deploy")
