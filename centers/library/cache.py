"""The library's cache, shared by all workers. What it keeps is named by the site's one generation
(centers.common.kept): any change to a page, a file or a view restriction outdates it."""

from django.conf import settings
from django.core.cache import caches

from centers.common.kept import forget_site_structure, generation


def library_cache():
    """The cache alias in LIBRARY_CACHE (shared by all workers in production), else the default one."""
    return caches[getattr(settings, "LIBRARY_CACHE", "default")]


def forget_facet_counts(**kwargs):
    """A change the kept matches and counts cannot see (a file's words, entries rebuilt): a new generation."""
    forget_site_structure()


def facet_generation(cache=None):
    """The generation the library's kept figures belong to: the site's own."""
    return generation()
