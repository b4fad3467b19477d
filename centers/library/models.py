"""The library: one search over published materials, practices, events and news of every center."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from centers.common.references import ChoosableReferencesPageForm
from centers.content.models.materials import MaterialPage
from centers.content.models.news import NewsPage
from centers.directory.models.center import SECTION_PARENT_PAGE_TYPES, CenterPage
from centers.events.models.events import EventPage
from centers.library.search import (
    RESULTS_PER_PAGE,
    SEARCHABLE_TYPES,
    attachment_kinds,
    read_criteria,
    register_searchable,
    run_search,
    searchable_type_of,
    snippets_for,
    suggest,
    years_of,
)
from centers.practices.models import PracticePage

# The page types the library searches: each joins with one line (facet lookups on the type).
register_searchable(
    MaterialPage, "material", _("Material"), center="center", subject="subjects", level="levels", year="year"
)
register_searchable(
    PracticePage, "practice", _("Practice"), center="center", subject="subjects", level="levels"
)
register_searchable(
    EventPage,
    "event",
    _("Event"),
    center="host_center",
    subject="subjects",
    level="levels",
    date="start",
    upcoming="start",
)
register_searchable(NewsPage, "news", _("News"), center="center", date="date")
register_searchable(CenterPage, "center", _("Resource center"), center="page_ptr", direction="direction")


class LibraryEntry(models.Model):
    """A searchable page's single-valued facets in one narrow row: facet counts over many matches read only these."""

    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    center = models.ForeignKey(CenterPage, null=True, on_delete=models.SET_NULL, related_name="+")
    direction = models.ForeignKey("centers.Direction", null=True, on_delete=models.SET_NULL, related_name="+")
    year = models.SmallIntegerField(null=True)

    class Meta:
        verbose_name = _("library entry")
        verbose_name_plural = _("library entries")

    def __str__(self):
        return f"{self.page_id}: {self.content_type_id}, {self.center_id}, {self.direction_id}, {self.year}"


class LibraryEntryValue(models.Model):
    """One subject or level of a searchable page (a page may have several of each)."""

    class Facet(models.TextChoices):
        SUBJECT = "subject", _("Subject")
        LEVEL = "level", _("Level")

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    facet = models.CharField(max_length=10, choices=Facet.choices)
    value = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("library entry value")
        verbose_name_plural = _("library entry values")
        constraints = [
            models.UniqueConstraint(fields=["page", "facet", "value"], name="centers_library_value_unique")
        ]

    def __str__(self):
        return f"{self.page_id}: {self.facet} {self.value}"


class CountedPaginator(Paginator):
    """A paginator told the number of objects, already known exactly from the facet counts: no COUNT query."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


class LibraryPage(Page):
    base_form_class = ChoosableReferencesPageForm
    template = "centers/library/library_page.html"
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = SECTION_PARENT_PAGE_TYPES
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")

    def get_context(self, request, *args, **kwargs):
        from centers.directory.models.reference import Direction, EducationLevel, Subject

        context = super().get_context(request, *args, **kwargs)
        centers = library_centers(request.GET)
        criteria = read_criteria(request.GET, centers)
        results, counts, total = run_search(criteria)
        results_page = CountedPaginator(results, RESULTS_PER_PAGE, total).get_page(request.GET.get("page"))
        found = list(results_page.object_list)
        snippets = snippets_for(found, criteria.query)
        kinds = attachment_kinds(found)
        years = years_of(found)
        found_centers = centers_of(found, centers)
        rows = []
        for page in found:
            searchable = searchable_type_of(page)
            rows.append(
                {
                    "page": page,
                    "type": searchable.label if searchable else "",
                    "center": found_centers.get(page.pk),
                    "year": years.get(page.pk),
                    "snippet": snippets.get(page.pk, ""),
                    "kinds": kinds.get(page.pk, []),
                }
            )
        references = {
            "direction": list(Direction.objects.all()),
            "subject": list(Subject.objects.all()),
            "level": list(EducationLevel.objects.all()),
        }
        context.update(
            criteria=criteria,
            results_page=results_page,
            results=rows,
            total=total,
            facets=facet_options(request.GET, criteria, counts, centers, references),
            suggestion=suggest(criteria.query) if total == 0 and criteria.query else None,
            sort=criteria.sort,
            sort_links=sort_links(request.GET),
        )
        return context


@dataclass(frozen=True)
class CenterChoice:
    """A live center as the center facet needs it: four columns, not a whole page (100 pages cost 10 ms)."""

    pk: int
    slug: str
    title: str
    path: str


def library_centers(params):
    """The live centers by title as light choices, except the one the visitor picked: its page, as criteria carry."""
    rows = CenterPage.objects.live().order_by("title").values_list("pk", "slug", "title", "path")
    centers = [CenterChoice(*row) for row in rows]
    slug = params.get("center", "").strip()
    picked = next((index for index, center in enumerate(centers) if slug and center.slug == slug), None)
    if picked is not None:
        centers[picked] = CenterPage.objects.get(pk=centers[picked].pk)
    return centers


def centers_of(pages, centers):
    """{page id: the live center page it lies in} for a page of results, loading only those centers, in one query."""
    by_path = {center.path: center for center in centers}
    lengths = sorted({len(path) for path in by_path})
    found = {}
    for page in pages:
        center = next((by_path[page.path[:n]] for n in lengths if page.path[:n] in by_path), None)
        if center is not None:
            found[page.pk] = center.pk
    loaded = CenterPage.objects.in_bulk(set(found.values()))
    return {page_id: loaded[center_id] for page_id, center_id in found.items() if center_id in loaded}


def link_with(params, name, value):
    """The library's query string with one parameter set (or removed) and the page number reset."""
    query = params.copy()
    query.pop("page", None)
    if value in (None, ""):
        query.pop(name, None)
    else:
        query[name] = value
    return "?" + query.urlencode()


def sort_links(params):
    return [
        {"label": _("by relevance"), "value": "relevance", "url": link_with(params, "sort", None)},
        {"label": _("newest first"), "value": "date", "url": link_with(params, "sort", "date")},
    ]


def facet_options(params, criteria, counts, centers, references):
    """Every facet's values with their counts and links; values with no results are left out."""
    from django.contrib.contenttypes.models import ContentType

    selected = criteria.selected()
    facets = []

    def build(name, label, values):
        options = []
        for key, slug, title in values:
            count = counts.get(name, {}).get(key, 0)
            is_selected = selected.get(name) == key
            if count or is_selected:
                options.append(
                    {
                        "label": title,
                        "count": count,
                        "selected": is_selected,
                        "url": link_with(params, name, None if is_selected else slug),
                    }
                )
        if options:
            facets.append({"name": name, "label": label, "options": options})

    type_ids = {
        searchable.slug: ContentType.objects.get_for_model(searchable.model).pk
        for searchable in SEARCHABLE_TYPES.values()
    }
    build(
        "type",
        _("Type"),
        [(type_ids[slug], slug, searchable.label) for slug, searchable in SEARCHABLE_TYPES.items()],
    )
    build("center", _("Center"), [(center.pk, center.slug, center.title) for center in centers])
    for name, label in (("direction", _("Direction")), ("subject", _("Subject")), ("level", _("Level"))):
        build(name, label, [(item.pk, item.slug, item.name) for item in references[name]])
    years = sorted(counts.get("year", {}), reverse=True)
    if criteria.year and criteria.year not in years:
        years.insert(0, criteria.year)
    build("year", _("Year"), [(year, str(year), str(year)) for year in years])
    return facets
