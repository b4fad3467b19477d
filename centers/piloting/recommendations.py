"""The council's mark «Рекомендовано к внедрению»: which pages carry it (the project, its materials and practices),
and keeping the library's facet and the cached pages in step when the mark is given, taken back or a project's
materials change."""

from django.db import transaction
from django.db.models import Q
from wagtail.models import Page

from centers.common.kept import forget_site_structure, kept
from centers.common.page_cache import path_pattern, purge_cached_urls
from centers.library.cache import forget_facet_counts
from centers.library.entries import LibraryEntry, refresh_entries
from centers.library.models import LibraryPage
from centers.piloting.models import ImplementationRecommendation, ProjectLinkedPage


def recommended_page_ids():
    """The ids of every page carrying the mark (for the library's facet)."""
    projects = ImplementationRecommendation.objects.values("project_id")
    linked = ProjectLinkedPage.objects.filter(project__recommendation__isnull=False).values("page_id")
    return Page.objects.filter(Q(pk__in=projects) | Q(pk__in=linked)).values("pk")


def kept_recommended_page_ids(request=None):
    """The ids of the marked pages, kept until a page or a mark changes (refresh_marks starts a new generation)."""
    return kept(
        request,
        "recommended-page-ids",
        lambda: frozenset(recommended_page_ids().values_list("pk", flat=True)),
    )


def recommendation_for(page, request=None):
    """The recommendation a page carries: its own as a project, or that of a project it belongs to; else None.

    A page without the mark (nearly every one) is told so from the kept ids, without a query; a marked page reads its
    recommendation with the council's meeting as they are now."""
    if page is None or not getattr(page, "pk", None):
        return None
    if page.pk not in kept_recommended_page_ids(request):
        return None
    found = ImplementationRecommendation.objects.select_related("meeting", "project")
    return (
        found.filter(project_id=page.pk).first()
        or found.filter(project__linked_pages__page_id=page.pk).order_by("recorded_at").first()
    )


def pages_of_project(project_id):
    linked = ProjectLinkedPage.objects.filter(project_id=project_id).values("page_id")
    return Page.objects.filter(Q(pk=project_id) | Q(pk__in=linked))


def refresh_marks(project_id):
    """After the commit: the project's pages (and any page marked before) get their library entries anew, the
    facet counts a new generation, and those pages leave the page cache."""

    def refresh():
        formerly = LibraryEntry.objects.filter(recommended=True).values("page_id")
        pages = Page.objects.filter(Q(pk__in=pages_of_project(project_id).values("pk")) | Q(pk__in=formerly))
        refresh_entries(pages)
        forget_facet_counts()
        forget_site_structure()  # the library's kept listings
        marked = [page.url for page in pages_of_project(project_id).specific()]
        libraries = [page.url for page in LibraryPage.objects.live()]
        purge_cached_urls([path_pattern(path) for path in [*marked, *libraries] if path])

    transaction.on_commit(refresh)


def recommendation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_marks(instance.project_id)


def project_published(sender, instance, **kwargs):
    """A published project may name other materials and practices: they take (or lose) its mark."""
    if (
        ImplementationRecommendation.objects.filter(project_id=instance.pk).exists()
        or LibraryEntry.objects.filter(recommended=True).exists()
    ):
        refresh_marks(instance.pk)
