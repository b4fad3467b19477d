"""Index pages' lists: filters from GET parameters (type, subject, level, year), newest first, 20 per page.

Unknown or malformed values are ignored, so a hand-edited or stale link shows the unfiltered list instead of an error.
Every list costs the same number of queries whatever the number of items.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max, Min, OuterRef, Subquery

from centers.common.kept import kept
from centers.common.pagination import KnownCountPaginator
from centers.directory.models import EducationLevel, MaterialType, Subject
from centers.library.cache import facet_generation, library_cache

ITEMS_PER_PAGE = 20


@dataclass(frozen=True)
class ChoiceFilter:
    """A filter on a reference list, chosen by slug; the options offered are those present in the list."""

    parameter: str
    model: type
    lookup: str
    related_name: str

    def options(self, items, scope=None):
        """Values present in the list. With `scope` (the section's items by indexed columns, e.g. its center's
        materials), one EXISTS probe per vocabulary value instead of a pass over every item of the section."""
        if scope is None:
            return self.model.objects.filter(**{f"{self.related_name}__in": items.values("pk")}).distinct()
        # A LIMIT 1 probe per value (a draft's value is not offered): written as EXISTS, PostgreSQL hash-joins the
        # whole center's materials instead (30 ms at 10,000 materials against 1 ms).
        # An alias, not an annotation: the probe runs once per value in WHERE, not a second time in SELECT.
        first = scope.filter(live=True, **{self.lookup: OuterRef("pk")}).order_by().values("pk")[:1]
        return self.model.objects.alias(first_present=Subquery(first)).filter(first_present__isnull=False)

    def selected(self, value, options):
        return next((option for option in options if option.slug == value), None)

    def apply(self, items, selected):
        return items.filter(**{self.lookup: selected})


@dataclass(frozen=True)
class YearFilter:
    """A filter on a year (a number field, or the year of a date field with `__year`)."""

    parameter: str
    lookup: str

    def options(self, items, scope=None):
        """Years present in the list; with `scope`, every year from the scope's first to its last (MIN and MAX
        on an index, drafts included), whatever the section's size."""
        if scope is None:
            years = items.order_by().values_list(self.lookup, flat=True).distinct()
            return sorted({year for year in years if year is not None}, reverse=True)
        span = scope.order_by().aggregate(first=Min(self.lookup), last=Max(self.lookup))
        if span["first"] is None:
            return []
        return list(range(span["last"], span["first"] - 1, -1))

    def selected(self, value, options):
        # isdecimal() alone accepts "²" and other digits int() refuses; a year is ASCII digits.
        return int(value) if value.isascii() and value.isdecimal() and int(value) in options else None

    def apply(self, items, selected):
        return items.filter(**{self.lookup: selected})


MATERIAL_FILTERS = (
    ChoiceFilter("type", MaterialType, "material_type", "materials"),
    ChoiceFilter("subject", Subject, "subjects", "materials"),
    ChoiceFilter("level", EducationLevel, "levels", "materials"),
    YearFilter("year", "year"),
)
NEWS_FILTERS = (YearFilter("year", "date__year"),)


@dataclass
class AppliedFilter:
    parameter: str
    options: list
    selected: object

    @property
    def selected_value(self):
        return "" if self.selected is None else getattr(self.selected, "slug", str(self.selected))


def cached_count(key, count):
    """`count()`, counted once and kept until any page changes, so always exact."""
    # Kept under the generation of the library's cache, which every page publish, unpublish, save, move or delete
    # and every view restriction renews (cache.forget_facet_counts): a change makes every kept count unreachable.
    cache = library_cache()
    full_key = f"centers-listing-count:{facet_generation(cache)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = count()
        cache.set(full_key, value, getattr(settings, "LIBRARY_FACETS_SECONDS", 3600))
    return value


def filter_options(request, listing_filter, items, scope, count_key):
    """The filter's options; for a named list (`count_key`), kept until a page changes (centers.common.kept)."""
    if count_key is None:
        return list(listing_filter.options(items, scope))
    name = f"listing-options:{count_key}:{listing_filter.parameter}"
    return kept(request, name, lambda: list(listing_filter.options(items, scope)))


def listing_context(request, items, filters, scope=None, count_key=None):
    """Template context for an index page: `filters` (options and selection) and `items_page` (one page of items).

    `scope`: the same items selected by indexed columns only (see ChoiceFilter.options), for large sections.
    `count_key`: names the list (e.g. its section) to keep its total per selection of filters (`cached_count`)
    instead of counting every item on every request.
    """
    applied = []
    for listing_filter in filters:
        options = filter_options(request, listing_filter, items, scope, count_key)
        selected = listing_filter.selected(request.GET.get(listing_filter.parameter, "").strip(), options)
        applied.append(AppliedFilter(listing_filter.parameter, options, selected))
    filtered = items
    for listing_filter, current in zip(filters, applied, strict=True):
        if current.selected is not None:
            filtered = listing_filter.apply(filtered, current.selected)
    selection = "&".join(
        f"{current.parameter}={current.selected_value}" for current in applied if current.selected is not None
    )
    if count_key is None:
        paginator = Paginator(filtered, ITEMS_PER_PAGE)
    else:
        # Counted once per state of the pages and kept (`cached_count`), not on every request.
        paginator = KnownCountPaginator(
            filtered, ITEMS_PER_PAGE, lambda: cached_count(f"{count_key}?{selection}", filtered.count)
        )
    return {
        "filters": {current.parameter: current for current in applied},
        "is_filtered": any(current.selected is not None for current in applied),
        # The chosen filters as validated (never the raw query string): what a kept fragment of the list varies with.
        "selection": selection,
        "items_page": paginator.get_page(request.GET.get("page")),
    }


def listing_query_parameters(filters):
    """The query parameters `listing_context` reads for these filters: a page cache keys the page on these only."""
    return frozenset({listing_filter.parameter for listing_filter in filters} | {"page"})
