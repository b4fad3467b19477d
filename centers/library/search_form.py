"""Where the search field every page carries sends its words: the live library of the visitor's site."""

from django.conf import settings
from wagtail.models import Site

from centers.common.kept import kept_public_q
from centers.library.cache import library_cache

LIBRARY_URLS_KEY = "centers-library-urls"


def library_url(request):
    """The URL of the site's live library (None without one), kept until the library or the tree above it changes
    (`forget_library_url`), so that the field in every page's header costs no query."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    cache = library_cache()
    urls = cache.get(LIBRARY_URLS_KEY) or {}
    if site.pk not in urls:
        from centers.library.models import LibraryPage

        library = (
            LibraryPage.objects.live()
            .filter(kept_public_q())
            .descendant_of(site.root_page, inclusive=True)
            .first()
        )
        urls[site.pk] = library.get_url(request) if library else ""
        cache.set(LIBRARY_URLS_KEY, urls, getattr(settings, "LIBRARY_URL_SECONDS", 300))
    return urls[site.pk] or None


def forget_library_url(**kwargs):
    """The library published, unpublished, saved, deleted or moved (or any subtree moved, a restriction changed)."""
    library_cache().delete(LIBRARY_URLS_KEY)
