"""Running a search: the words matched once, the results in order, the facets counted over the matches."""

import hashlib

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, F, Func, Q

from centers.library.cache import facet_generation, library_cache
from centers.library.criteria import criteria_filters
from centers.library.entries import LibraryEntry
from centers.library.facets import cached_facet_counts, facet_counts
from centers.library.ranked_search import ranked_ids, ranked_search
from centers.library.registry import SEARCHABLE_TYPES, content_type_id, searchable_pages
from centers.library.words import fts_query, matching_page_ids, page_rank


def matched_pages(parsed_query, base=None, by_relevance=False):
    """The pages matching the words (all of them for an empty query) as a plain queryset, ordered by relevance
    when asked: matched against the library's own entries (`centers.library.words`), on either engine."""
    base = searchable_pages() if base is None else base
    if not parsed_query:
        return base
    if connection.vendor != "postgresql" and not fts_query(parsed_query):
        return base.none()
    queryset = base.filter(pk__in=matching_page_ids(parsed_query))
    if not by_relevance:
        return queryset
    rank = page_rank(parsed_query, queryset.model._meta.db_table)
    return queryset.annotate(library_rank=rank).order_by("-library_rank", "-pk")


def matched_ids(criteria):
    """The ids of every page matching the words, in the order of the results (one query, the words matched once)."""
    if criteria.sort == "relevance":
        queryset = matched_pages(criteria.query, by_relevance=True)
    else:
        queryset = matched_pages(criteria.query).order_by("-first_published_at", "-pk")
    return list(queryset.values_list("pk", flat=True))


class AmongIds(Func):
    """`column = ANY(ids)`: the pages a search matched, passed as one array instead of matching the words again."""

    output_field = BooleanField()

    def __init__(self, expression, ids):
        super().__init__(expression)
        # One text literal, built once: adapting a list of many thousand ints per query costs more than the query.
        self.literal = "{" + ",".join(str(int(pk)) for pk in ids) + "}"

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} = ANY(%s::integer[])", (*params, self.literal)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} IN (SELECT value FROM json_each(%s))", (*params, "[" + self.literal[1:-1] + "]")


# The results a search with words orders at first (ten pages of 20); a page beyond them asks for more ids.
TOP_RESULTS = 200


class ResultIds:
    """Results known as an ordered list of page ids (the first of `total`; `more(n)` gives the first n), sliced by
    the pager."""

    def __init__(self, ids, total, more):
        self.ids, self.total, self.more = ids, total, more

    def __len__(self):
        return self.total

    def count(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        if len(self.ids) < self.total and (index.stop is None or index.stop > len(self.ids)):
            self.ids = self.more(self.total if index.stop is None else index.stop)
        return self.ids[index]


def run_search(criteria):
    """The ordered ids of the results (sliceable), the facet counts for the criteria and the exact number of results.

    A search with words matches them once: the ids of every match come in result order, the facets are counted
    over their library entries, and a page of results reads only its own rows; both are kept per query string,
    order and selection until a page or a file changes. Without words, the facet counts are cached and the results
    are an indexed ORDER BY ... LIMIT.
    """
    if criteria.query:
        ids, counts = kept_search(criteria)
        total = total_from(criteria, counts)
        return ResultIds(ids, total, more=lambda limit: kept_ids(criteria, limit)), counts, total
    counts = cached_facet_counts(criteria)
    results = searchable_pages().order_by("-first_published_at", "-pk").values_list("pk", flat=True)
    if criteria.selected():
        results = results.filter(
            pk__in=LibraryEntry.objects.filter(criteria_filters(criteria)).values("page_id")
        )
    return results, counts, total_from(criteria, counts)


def kept_search(criteria):
    """(ids in result order, facet counts) of a search with words: matching every page of a common query costs
    far more than reading the kept match set, which any change to a page or a file outdates (a new generation)."""
    return kept_value(search_key(criteria), lambda: searched(criteria))


def kept_ids(criteria, limit):
    """The ids of at least the first `limit` results of a search with words (a multiple of TOP_RESULTS, so that
    the pages after the first ten share them), kept like the first ones (PostgreSQL)."""
    limit = -(-limit // TOP_RESULTS) * TOP_RESULTS
    return kept_value(f"{search_key(criteria)}:{limit}", lambda: ranked_ids(criteria, limit))


def search_key(criteria):
    cache = library_cache()
    selection = ",".join(f"{name}={value}" for name, value in sorted(criteria.selected().items()))
    words = hashlib.sha256(criteria.query.text.encode()).hexdigest()
    return f"centers-library-search:{facet_generation(cache)}:{criteria.sort}:{selection}:{words}"


def kept_value(key, compute):
    cache = library_cache()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, getattr(settings, "LIBRARY_FACETS_SECONDS", 3600))
    return value


def searched(criteria):
    """Match the words once, keep the matches passing the selections, count the facets among them (PostgreSQL: one
    statement over the library's entries, the first results' ids only)."""
    if connection.vendor == "postgresql":
        return ranked_search(criteria, TOP_RESULTS)
    ids = matched_ids(criteria)
    scope = Q(AmongIds(F("page_id"), ids))
    if not criteria.selected():
        return ids, facet_counts(criteria, scope)
    kept = set(
        LibraryEntry.objects.filter(scope)
        .filter(criteria_filters(criteria))
        .values_list("page_id", flat=True)
    )
    ids = [pk for pk in ids if pk in kept]
    return ids, facet_counts(criteria, scope, kept=Q(AmongIds(F("page_id"), ids)))


def total_from(criteria, counts):
    """How many pages the criteria find: the type facet counts every result once, under its own type."""
    by_type = counts.get("type", {})
    if criteria.type:
        return by_type.get(content_type_id(SEARCHABLE_TYPES[criteria.type].model), 0)
    return sum(by_type.values())
