"""How many results each facet value leaves: counted over the narrow library entries, kept when there are no words."""

from django.conf import settings
from django.db.models import Count, Q

from centers.library.cache import facet_generation, library_cache
from centers.library.criteria import criteria_filters
from centers.library.entries import MULTI_VALUED_FACETS, LibraryEntry, entry_values
from centers.library.registry import searchable_pages

FACETS = ("type", "center", "direction", "subject", "level", "keyword", "year", "recommended")

SINGLE_VALUED_FACETS = {
    "type": "content_type_id",
    "center": "center_id",
    "direction": "direction_id",
    "year": "year",
    "recommended": "recommended",
}


def cached_facet_counts(criteria):
    """Facet counts of the library without words are the same for every visitor until a page changes: they are
    kept per selection of facets and forgotten whenever a page changes (`forget_facet_counts`), so they stay exact.
    """
    cache = library_cache()
    generation = facet_generation(cache)
    selection = ",".join(f"{name}={value}" for name, value in sorted(criteria.selected().items()))
    key = f"centers-library-facets:{generation}:{selection}"
    counts = cache.get(key)
    if counts is None:
        counts = facet_counts(criteria, Q(page_id__in=searchable_pages().values("pk")))
        cache.set(key, counts, getattr(settings, "LIBRARY_FACETS_SECONDS", 3600))
    return counts


def facet_counts(criteria, scope, kept=None):
    """For each facet, how many of the pages in `scope` (a condition on `page_id`) each value leaves if picked,
    the other selections applying. `kept`, when known, is the condition for the pages passing every selection:
    the facets not selected are counted among them directly, without applying the selections again.

    Every facet not selected is counted under the same filter (all the selections), so the single-valued ones
    among them share one grouped query over the combinations of their values (a number of rows bounded by the
    reference lists, not by the pages); a selected facet needs its own, with its own selection left out.
    """
    counts = {facet: {} for facet in FACETS}
    entries = LibraryEntry.objects.filter(scope)
    selected = criteria.selected()
    shared = [facet for facet in SINGLE_VALUED_FACETS if facet not in selected]
    groups = [shared] if shared else []
    groups += [[facet] for facet in SINGLE_VALUED_FACETS if facet in selected]
    for group in groups:
        columns = [SINGLE_VALUED_FACETS[facet] for facet in group]
        if group is not shared or kept is None:
            counted = entries.filter(
                criteria_filters(criteria, exclude=group[0] if group is not shared else None)
            )
        else:
            counted = LibraryEntry.objects.filter(kept)
        rows = counted.values(*columns).annotate(count=Count("*")).order_by()
        for row in rows:
            for facet, column in zip(group, columns, strict=True):
                if row[column] is not None:
                    counts[facet][row[column]] = counts[facet].get(row[column], 0) + row["count"]
    for facet in MULTI_VALUED_FACETS:
        others = criteria_filters(criteria, exclude=facet)
        if kept is not None and facet not in selected:
            values = entry_values(facet).filter(kept)
        else:
            values = entry_values(facet).filter(scope)
            if others:
                values = values.filter(page_id__in=entries.filter(others).values("page_id"))
        rows = values.values("value").annotate(count=Count("*")).order_by()
        counts[facet] = {row["value"]: row["count"] for row in rows}
    return counts
