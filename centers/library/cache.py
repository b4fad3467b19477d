"""The library's cache, shared by all workers, and the generation that outdates its kept figures when a page changes."""

import uuid

from django.conf import settings
from django.core.cache import caches
from wagtail.models import Page

FACET_CACHE_GENERATION = "centers-library-facets-generation"


def library_cache():
    """The cache alias in LIBRARY_CACHE (shared by all workers in production), else the default one."""
    return caches[getattr(settings, "LIBRARY_CACHE", "default")]


def forget_facet_counts(**kwargs):
    """A page published, unpublished, saved, moved or deleted may change any count: start a new generation."""
    library_cache().set(FACET_CACHE_GENERATION, uuid.uuid4().hex, None)


def forget_facet_counts_for_pages(sender, instance=None, **kwargs):
    if isinstance(instance, Page) or (isinstance(sender, type) and issubclass(sender, Page)):
        forget_facet_counts()


def facet_generation(cache):
    """The current generation of the library's cached figures (a new one whenever a page changes)."""
    generation = cache.get(FACET_CACHE_GENERATION)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(FACET_CACHE_GENERATION, generation, None)
    return generation
