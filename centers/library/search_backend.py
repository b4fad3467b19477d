"""Wagtail's database search backend, with Russian word forms on SQLite too.

PostgreSQL stems with its `russian` configuration; its index is Wagtail's, whose writes of pages are also copied to
the library's entries (`centers.library.postgres_backend`). On SQLite, whose full-text index (FTS5)
knows no Russian, the title and body are indexed as Snowball stems and every query word is stemmed the same way
(`centers.library.stemming`), so «методических рекомендаций» finds «Методические рекомендации» on both engines.
Autocomplete keeps the words as typed (it matches prefixes of titles).

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "centers.library.search_backend", "SEARCH_CONFIG": "russian"}}
"""

from modelsearch.backends.database import SearchBackend as database_search_backend


def SearchBackend(params):  # Wagtail looks the backend up by this name
    """Wagtail's database backend for the engine in use, stemming Russian itself on SQLite."""
    backend = database_search_backend(params)
    if type(backend).__name__ == "PostgresSearchBackend":
        from centers.library.postgres_backend import DocumentCopyingPostgresBackend

        return DocumentCopyingPostgresBackend(params)
    if type(backend).__name__ != "SQLiteSearchBackend":
        return backend
    from centers.library.sqlite_search import StemmedSQLiteSearchBackend

    return StemmedSQLiteSearchBackend(params)
