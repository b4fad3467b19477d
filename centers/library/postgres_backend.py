"""Wagtail's PostgreSQL search backend whose every write of pages is copied to their library entries' `document`
(imported only when the backend is built: Wagtail's module needs the apps loaded)."""

from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend
from wagtail.models import Page

from centers.library.entries import copy_documents


class DocumentCopyingIndex(PostgresIndex):
    """Wagtail's PostgreSQL index, whose every write of pages is copied to their library entries' `document`."""

    def add_items(self, model, objs):
        super().add_items(model, objs)
        if issubclass(model, Page):
            copy_documents([obj.pk for obj in objs])


class DocumentCopyingPostgresBackend(PostgresSearchBackend):
    index_class = DocumentCopyingIndex
