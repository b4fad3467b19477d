"""What shows a page, so that a publish, unpublish, move or delete purges only that from the page cache.

A page shows on: itself and everything below it (sub-routes such as an event's form, breadcrumbs of its
descendants), each ancestor's listing (the index, the center page, the directory, the home page: Wagtail's URL of
an ancestor is a prefix of the page's URL), the site map, and by its type on the library, the RSS feeds, the
calendar with its iCal feeds, the communities and, for an event, the pages of the centers that co-organize it.
The home page and the sections under it are in every page's menu: a change to one of them empties the whole cache.
A content page with a saved query lists pages of any center: it goes with the library. What is not a page but shows
on pages purges too: a meeting its event, a view restriction the pages under it, a document the pages that use it
(Wagtail's reference index), the site, its settings and every model marked `forgets_site_structure` (names of
subjects and levels, the site's identity, approval orders) the whole cache.
"""

import threading

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site

from centers.cityplan.models import CityPlanPage
from centers.common.page_cache import path_pattern, purge_cached_urls, purge_everything
from centers.events.models import EventOccurrence
from centers.library.registry import searchable_types
from centers.models import (
    CalendarPage,
    CenterPage,
    CommunityIndexPage,
    ContentPage,
    EventIndexPage,
    EventPage,
    LibraryPage,
    MaterialPage,
    NewsPage,
    PracticePage,
    QuestionPage,
)
from centers.plans.models import PLAN_SLUG
from centers.reports.models import ReportPage

FEEDS = "/feeds/"
SITEMAP = "/sitemap.xml"
# The sections (live pages of these types, with everything below them) that list pages of a type.
LISTED_IN_SECTIONS = {
    CenterPage: (LibraryPage, CalendarPage, CommunityIndexPage),
    MaterialPage: (LibraryPage, CommunityIndexPage),
    NewsPage: (LibraryPage,),
    PracticePage: (LibraryPage,),
    QuestionPage: (LibraryPage,),
    EventPage: (LibraryPage, CalendarPage, CommunityIndexPage),
}
IN_FEEDS = (CenterPage, MaterialPage, NewsPage)
# Sections that declare the page types they show (`shows_pages_of`): the city's plan shows events and plans.
DECLARING_SECTIONS = (CityPlanPage,)

_pending = threading.local()


def site_relative_path(url_path):
    """The page's path on its site ("/centers/a/"), from Wagtail's url_path; None outside every site."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return url_path[len(root.root_path) - 1 :]
    return None


def section_paths(section_types):
    """Paths of the live section pages of these types (one query for all the pages a transaction changed), and with
    the library the content pages whose saved queries list what the library finds."""
    if not section_types:
        return []
    url_paths = list(Page.objects.live().type(*section_types).values_list("url_path", flat=True))
    if LibraryPage in section_types:
        with_saved_queries = ContentPage.objects.live().filter(body__icontains='"saved_query"')
        url_paths += with_saved_queries.values_list("url_path", flat=True)
    return [path for path in map(site_relative_path, url_paths) if path]


def co_organizer_patterns(page):
    """An event shows on the pages and the event lists of the centers that co-organize it."""
    if not isinstance(page, EventPage) or page.pk is None:
        return []
    centers = list(page.co_organizers.values_list("path", "url_path"))
    if not centers:
        return []
    below_centers = Q()
    for tree_path, _ in centers:
        below_centers |= Q(path__startswith=tree_path, depth=len(tree_path) // Page.steplen + 1)
    event_lists = Page.objects.type(EventIndexPage).filter(below_centers).values_list("url_path", flat=True)
    paths = [site_relative_path(url_path) for url_path in [*(url for _, url in centers), *event_lists]]
    return [path_pattern(path) for path in paths if path]


def center_section_patterns(page, parent_path):
    """A center's sections (its materials, events, news...) are linked from every page of the center."""
    parent = Page.objects.filter(path=page.path[: -Page.steplen]).first() if page.depth > 1 else None
    if parent is not None and issubclass(parent.specific_class or Page, CenterPage):
        return [path_pattern(parent_path, subtree=True)]
    return []


def in_library(model):
    """Whether the library searches pages of this type (`centers.library.registry`)."""
    return any(issubclass(model, searchable.model) for searchable in searchable_types())


def patterns_showing(url_path, model, page=None):
    """Keyring URL patterns of the page itself, its ancestors, the site map and the feeds, and the section types
    that list it; None means every page shows it."""
    path = site_relative_path(url_path)
    if path is None:
        return [], ()
    if path.count("/") <= 2:  # the home page or a section: the main menu on every page
        return None
    patterns = [path_pattern(path, subtree=True), path_pattern(SITEMAP)]
    ancestors = [path[: index + 1] for index, char in enumerate(path[:-1]) if char == "/"]
    patterns += [path_pattern(ancestor) for ancestor in ancestors]
    sections = next((found for kind, found in LISTED_IN_SECTIONS.items() if issubclass(model, kind)), ())
    sections = (
        *sections,
        *(section for section in DECLARING_SECTIONS if issubclass(model, section.shows_pages_of)),
    )
    if in_library(model) and LibraryPage not in sections:
        sections = (*sections, LibraryPage)  # projects, communities, plans... whatever the library searches
    if issubclass(model, IN_FEEDS):
        patterns.append(path_pattern(FEEDS, subtree=True))
    if page is not None:
        patterns += co_organizer_patterns(page) + center_section_patterns(page, ancestors[-1])
    # Whatever is published under a center counts in its report (`<center>/report/`, its PDF and XLSX).
    patterns += [
        path_pattern(f"{ancestor}{ReportPage.section_slug}/", subtree=True) for ancestor in ancestors[1:]
    ]
    if any(field.name == "plan_item" for field in model._meta.concrete_fields):
        # A page linked to a plan item shows on its center's plan (`<center>/plan/`), whichever ancestor that is.
        patterns += [path_pattern(f"{ancestor}{PLAN_SLUG}/") for ancestor in ancestors[1:]]
    return patterns, sections


def purge_on_commit(showing):
    """Purge once the change is committed (before, a visitor could cache the old version again); one purge for all
    the pages a transaction changed (deleting a center sends a signal for each page below it)."""
    if not hasattr(_pending, "patterns"):
        _pending.patterns, _pending.sections = set(), set()
    if showing is None:
        _pending.patterns.add(None)
    else:
        _pending.patterns.update(showing[0])
        _pending.sections.update(showing[1])
    transaction.on_commit(flush_pending)


def flush_pending():
    """The first callback of a transaction purges everything it gathered; the others find nothing left."""
    patterns, sections = getattr(_pending, "patterns", set()), getattr(_pending, "sections", set())
    _pending.patterns, _pending.sections = set(), set()
    if None in patterns:
        purge_everything()
    elif patterns:
        patterns.update(path_pattern(section, subtree=True) for section in section_paths(sections))
        purge_cached_urls(patterns)


def purge_page(page, url_path=None):
    purge_on_commit(patterns_showing(url_path or page.url_path, page.specific_class or type(page), page))


def page_published_or_unpublished(sender, instance, **kwargs):
    purge_page(instance)


def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    """Both places show the page: where it was (and its old listings) and where it is now."""
    purge_page(instance, url_path_before)
    purge_page(instance, url_path_after)


def invitation_answered(sender, instance, **kwargs):
    """An invitation to co-organize accepted, declined or taken back: the event shows (or no longer shows) on the
    invited center's pages, its event list and its report, besides wherever the event shows."""
    event = EventPage.objects.filter(pk=instance.event_id).first()
    center = CenterPage.objects.filter(pk=instance.center_id).first()
    if event is None:
        return
    patterns, sections = patterns_showing(event.url_path, EventPage, event)
    if center is not None:
        path = site_relative_path(center.url_path)
        if path:
            patterns = [*patterns, path_pattern(path, subtree=True)]
    purge_on_commit((patterns, sections))


def page_deleted(sender, instance, **kwargs):
    """Reads nothing from the database: the rows are gone, and a deleted subtree sends one signal per page."""
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class() or Page
    purge_on_commit(patterns_showing(instance.url_path, model))


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
