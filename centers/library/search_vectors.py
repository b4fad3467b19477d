"""Searching the library entries on PostgreSQL: each entry carries its page's words as Wagtail's index holds them
(title and body vectors, title norm), so a search matches one narrow table through a GIN index and ranks the
matches with Wagtail's own expression, instead of joining Wagtail's generic index table on text object ids."""

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import F
from django.db.models.expressions import CombinedExpression

INDEX_TABLE = "wagtailsearch_indexentry"


def copy_search_vectors(page_ids=None):
    """Copy the words of the pages `page_ids` (every page when None) from Wagtail's index to their entries."""
    if connection.vendor != "postgresql":
        return
    only = "" if page_ids is None else "AND entry.page_id = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE centers_libraryentry AS entry
            SET search_title = indexed.title, search_body = indexed.body, title_norm = indexed.title_norm
            FROM wagtailcore_page AS page, {INDEX_TABLE} AS indexed
            WHERE page.id = entry.page_id AND indexed.content_type_id = page.content_type_id
                AND indexed.object_id = entry.page_id::text {only}
            """,
            [] if page_ids is None else [list(page_ids)],
        )


def forget_search_vectors(page_ids):
    """A page taken out of Wagtail's index is no longer found through its entry either."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE centers_libraryentry SET search_title = NULL, search_body = NULL WHERE page_id = ANY(%s)",
            [list(page_ids)],
        )


def entries_matching(parsed_query, base, by_relevance):
    """The library entries of the pages of `base` matching the words, ordered as Wagtail orders its results:
    by its rank expression (title weighted by its norm, plus body) then newest id, or newest first."""
    from centers.library.entries import LibraryEntry

    results = base.search(parsed_query.as_search_query(), order_by_relevance=by_relevance)
    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    words = compiler.build_tsquery(compiler.query, config=config)
    vector = CombinedExpression(F("search_title"), "||", F("search_body"), output_field=SearchVectorField())
    entries = (
        LibraryEntry.objects.annotate(words_vector=vector)
        .filter(words_vector=words)
        .filter(page_id__in=base.values("pk"))
    )
    if not by_relevance:
        return entries.order_by("-page__first_published_at", "-page_id")
    rank = compiler._build_rank_expression(
        [(F("search_title"), F("title_norm")), (F("search_body"), 1.0)], config
    )
    return entries.order_by(rank.desc(), "-page_id")
