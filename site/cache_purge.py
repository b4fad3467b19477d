"""What shows a page, asked of the page types themselves, so that a publish, unpublish, move or delete purges only
that from the page cache (docs/caching.md).

A page of any type shows on itself and everything below it (its sub-routes, which Wagtail's `get_cached_paths()`
names, and its descendants' trails), on each ancestor's listing (the index, the center page, the directory, the home
page: Wagtail's URL of an ancestor is a prefix of the page's URL), with any query string: a type that declares nothing
gets that. What else shows it is declared where it is shown:

- `shows_pages_of` on a listing page type (a tuple, or a classmethod returning one): it lists pages of these types
  published anywhere on the site (the library, the calendar, the communities, the city's plan, a content page with a
  saved query); its optional classmethod `listing_pages(pages)` narrows which of its live pages do;
- `shows_pages_below_parent` on a section that lists what is published under its parent (a center's report and plan);
- `links_children_below` on a page type whose children are linked from every page below it (a center's sections);
- `get_pages_showing()` on a page shown on other pages (an event on its co-organizers' pages and event lists);
- the hook `register_listings_outside_pages` (centers.common.page_cache) for what is not a page: the RSS feeds, the
  site map.

The site's own rule: the home page and the sections under it are in every page's menu, so a change to one of them
empties the whole cache. What is not a page but shows on pages purges too: a meeting its event, a view restriction the
pages under it, a document the pages that use it (Wagtail's reference index), the site, its settings and every model
marked `forgets_site_structure` (names of subjects and levels, the site's identity, approval orders) the whole cache.
"""

import threading
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail import hooks
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site, get_page_models

from centers.common.page_cache import (
    LISTINGS_OUTSIDE_PAGES_HOOK,
    path_pattern,
    purge_cached_urls,
    purge_everything,
)
from centers.events.models import EventOccurrence
from centers.models import CenterPage, EventPage

_pending = threading.local()


@dataclass
class Showing:
    """What shows one changed page: keyring patterns now, and the listing pages to look up once it is committed."""

    patterns: list = field(default_factory=list)
    listings: set = field(default_factory=set)  # page types that list it from anywhere on the site
    below_parents: set = field(
        default_factory=set
    )  # (page type, tree path of the parent it lists what is below)


def declared(model, name):
    """A page type's declaration `name` as a tuple (an attribute, or a classmethod returning one)."""
    value = getattr(model, name, ())
    return tuple(value() if callable(value) else value)


def listing_types(declaration, model):
    """The page types that declare (`declaration`) they list pages of `model`."""
    return {
        listing
        for listing in get_page_models()
        if any(issubclass(model, shown) for shown in declared(listing, declaration))
    }


def listings_outside_pages(model):
    """The patterns of what is not a page but lists pages of `model` (feeds, the site map), as capabilities declare."""
    patterns = []
    for declare in hooks.get_hooks(LISTINGS_OUTSIDE_PAGES_HOOK):
        for path, types in declare():
            if issubclass(model, tuple(types)):
                patterns.append(path_pattern(path, subtree=path.endswith("/")))
    return patterns


def site_relative_path(url_path):
    """The page's path on its site ("/centers/a/"), from Wagtail's url_path; None outside every site."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return url_path[len(root.root_path) - 1 :]
    return None


def own_patterns(path, page):
    """The page's own URLs (Wagtail's `get_cached_paths()`, each with any query string) and everything below it."""
    patterns = [path_pattern(path, subtree=True)]
    if page is not None:
        specific = getattr(page, "specific_deferred", page)
        patterns += [path_pattern(path + cached.lstrip("/")) for cached in specific.get_cached_paths()]
    return patterns


def parent_linking_patterns(parent_tree_path, parent_path):
    """A parent whose type declares `links_children_below` links the page from every page below the parent."""
    parent = Page.objects.filter(path=parent_tree_path).first()
    if parent is not None and getattr(parent.specific_class, "links_children_below", False):
        return [path_pattern(parent_path, subtree=True)]
    return []


def showing(url_path, model, page=None, parent_tree_path=None):
    """What shows a page of `model` at `url_path` (with `page`, what the page itself declares; with the tree path of
    its parent, the sections listing what is below an ancestor); None means every page shows it."""
    path = site_relative_path(url_path)
    if path is None:
        return Showing()
    if path.count("/") <= 2:  # the home page or a section: the main menu on every page
        return None
    ancestors = [path[: index + 1] for index, char in enumerate(path[:-1]) if char == "/"]
    found = Showing(
        patterns=[
            *own_patterns(path, page),
            *(path_pattern(ancestor) for ancestor in ancestors),
            *listings_outside_pages(model),
        ],
        listings=listing_types("shows_pages_of", model),
    )
    if parent_tree_path is None and page is not None and page.depth > 1:
        parent_tree_path = page.path[: -Page.steplen]
    if parent_tree_path:
        steps = range(Page.steplen, len(parent_tree_path) + 1, Page.steplen)
        ancestor_paths = [parent_tree_path[:end] for end in steps]
        found.below_parents = {
            (listing, ancestor)
            for listing in listing_types("shows_pages_below_parent", model)
            for ancestor in ancestor_paths
        }
    if page is not None:
        shown_on = getattr(getattr(page, "specific_deferred", page), "get_pages_showing", None)
        for other in shown_on() if shown_on else []:
            other_path = site_relative_path(other.url_path)
            if other_path:
                found.patterns.append(path_pattern(other_path))
        if parent_tree_path:
            found.patterns += parent_linking_patterns(parent_tree_path, ancestors[-1])
    return found


def listing_paths(listings, below_parents):
    """Site paths of the live listing pages (a few queries for all the pages a transaction changed)."""
    url_paths = []
    everywhere = [listing for listing in listings if not hasattr(listing, "listing_pages")]
    if everywhere:
        url_paths += Page.objects.live().type(*everywhere).values_list("url_path", flat=True)
    for listing in listings:
        if hasattr(listing, "listing_pages"):
            url_paths += listing.listing_pages(listing.objects.live()).values_list("url_path", flat=True)
    by_type = {}
    for listing, parent in below_parents:
        by_type.setdefault(listing, Q())
        by_type[listing] |= Q(path__startswith=parent, depth=len(parent) // Page.steplen + 1)
    for listing, below in by_type.items():
        url_paths += Page.objects.type(listing).filter(below).values_list("url_path", flat=True)
    return [path for path in map(site_relative_path, url_paths) if path]


def outermost_transaction():
    connection = transaction.get_connection()
    return connection.atomic_blocks[0] if connection.in_atomic_block else None


def purge_on_commit(found):
    """Purge once the change is committed (before, a visitor could cache the old version again); one purge for all
    the pages a transaction changed (deleting a center sends a signal for each page below it)."""
    current = outermost_transaction()
    if not hasattr(_pending, "showing") or getattr(_pending, "transaction", None) is not current:
        # What an earlier transaction gathered and never flushed was rolled back: nothing of it was committed.
        _pending.showing, _pending.everything = Showing(patterns=set()), False
        _pending.transaction = current
    if found is None:
        _pending.everything = True
    else:
        _pending.showing.patterns.update(found.patterns)
        _pending.showing.listings.update(found.listings)
        _pending.showing.below_parents.update(found.below_parents)
    transaction.on_commit(flush_pending)


def flush_pending():
    """The first callback of a transaction purges everything it gathered; the others find nothing left."""
    found, everything = getattr(_pending, "showing", None), getattr(_pending, "everything", False)
    _pending.showing, _pending.everything, _pending.transaction = Showing(patterns=set()), False, None
    if everything:
        purge_everything()
    elif found is not None and found.patterns:
        listings = listing_paths(found.listings, found.below_parents)
        purge_cached_urls({*found.patterns, *(path_pattern(listing, subtree=True) for listing in listings)})


def purge_page(page, url_path=None, parent_tree_path=None):
    purge_on_commit(
        showing(url_path or page.url_path, page.specific_class or type(page), page, parent_tree_path)
    )


def page_published_or_unpublished(sender, instance, **kwargs):
    purge_page(instance)


def page_moved(sender, instance, url_path_before, url_path_after, parent_page_before=None, **kwargs):
    """Both places show the page: where it was (and its old listings) and where it is now."""
    purge_page(instance, url_path_before, parent_page_before.path if parent_page_before is not None else None)
    purge_page(instance, url_path_after)


def invitation_answered(sender, instance, **kwargs):
    """An invitation to co-organize accepted, declined or taken back: the event shows (or no longer shows) on the
    invited center's pages, its event list and its report, besides wherever the event shows."""
    event = EventPage.objects.filter(pk=instance.event_id).first()
    center = CenterPage.objects.filter(pk=instance.center_id).first()
    if event is None:
        return
    found = showing(event.url_path, EventPage, event)
    if found is not None and center is not None:
        path = site_relative_path(center.url_path)
        if path:
            found.patterns.append(path_pattern(path, subtree=True))
    purge_on_commit(found)


def page_deleted(sender, instance, **kwargs):
    """Reads nothing from the database: the rows are gone, and a deleted subtree sends one signal per page."""
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class() or Page
    parent_tree_path = instance.path[: -Page.steplen] if instance.depth > 1 else None
    purge_on_commit(showing(instance.url_path, model, parent_tree_path=parent_tree_path))


def shown_on_pages_changed(sender, instance=None, created=False, **kwargs):
    """What is not a page but shows on pages (see the module's docstring); pages have their own signals."""
    if instance is None or isinstance(instance, Page):
        return
    if isinstance(instance, EventOccurrence):
        event = Page.objects.filter(pk=instance.event_id).first()
        if event is not None:
            purge_page(event)
    elif isinstance(instance, PageViewRestriction):
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            purge_page(page)
    elif isinstance(instance, AbstractDocument):
        pages = ReferenceIndex.get_references_to(instance).group_by_source_object()
        for page, _references in pages:
            if isinstance(page, Page):
                purge_page(page)
    elif isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        if not created:  # created with its defaults on a first visit: nothing shown changed
            purge_on_commit(None)
    elif isinstance(instance, Site) or getattr(instance, "forgets_site_structure", False):
        purge_on_commit(None)
