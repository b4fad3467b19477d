"""The PostgreSQL half of `centers.library.search_backend`: Wagtail's database backend, whose index also copies
each page's words to its library entry (`centers.library.search_vectors`), where the library searches them."""

from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchAtomicRebuilder,
    PostgresSearchBackend,
    PostgresSearchRebuilder,
)
from wagtail.models import Page

from centers.library.search_vectors import copy_search_vectors, forget_search_vectors


class EntryCopyingIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index as Wagtail does, then copy the pages' words to their entries (title norms are final by then)."""
        objs = list(objs)
        super().add_items(model, objs)
        if issubclass(model, Page):
            copy_search_vectors([obj.pk for obj in objs])

    def delete_item(self, item):
        super().delete_item(item)
        if isinstance(item, Page):
            forget_search_vectors([item.pk])


class EntryCopyingRebuilder(PostgresSearchRebuilder):
    def finish(self):
        """A full rebuild recomputes every title norm at the end: copy them all once more."""
        super().finish()
        copy_search_vectors()


class EntryCopyingAtomicRebuilder(PostgresSearchAtomicRebuilder):
    def finish(self):
        super().finish()
        copy_search_vectors()


class EntryCopyingSearchBackend(PostgresSearchBackend):
    index_class = EntryCopyingIndex
    rebuilder_class = EntryCopyingRebuilder
    atomic_rebuilder_class = EntryCopyingAtomicRebuilder  # Wagtail's __init__ picks it (ATOMIC_REBUILD)
