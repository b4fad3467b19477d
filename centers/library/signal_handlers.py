"""The library follows the pages and documents it indexes: search index, library entries, cached facet counts."""

from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from centers.documents.models import CenterDocument
from centers.library.entries import (
    refresh_entries_of_moved_subtree,
    refresh_entry_of_published_page,
    refresh_entry_of_related_page,
    refresh_entry_of_saved_page,
)
from centers.library.indexing import (
    reindex_after_publish,
    reindex_pages_after_document_deleted,
    reindex_pages_using_document,
    remember_pages_using_document,
)
from centers.library.models import LibraryPage
from centers.library.search_form import forget_library_url
from centers.library.words import ensure_stems_index


def keep_stems_index(sender, app_config=None, using="default", **kwargs):
    """SQLite: after migrating, the entries' FTS5 index and its triggers are there (a migration altering the entries'
    table rebuilds it without them)."""
    if app_config is not None and app_config.label == "centers":
        ensure_stems_index(connections[using])


def register_signal_handlers():
    post_migrate.connect(keep_stems_index, dispatch_uid="centers.library.keep_stems_index")
    page_published.connect(reindex_after_publish, dispatch_uid="centers.library.reindex_after_publish")
    pre_delete.connect(
        remember_pages_using_document,
        sender=CenterDocument,
        dispatch_uid="centers.library.remember_pages_using_document",
    )
    post_delete.connect(
        reindex_pages_after_document_deleted,
        sender=CenterDocument,
        dispatch_uid="centers.library.reindex_pages_after_document_deleted",
    )
    post_save.connect(
        reindex_pages_using_document,
        sender=CenterDocument,
        dispatch_uid="centers.library.reindex_pages_using_document",
    )

    # Each searchable page's library entry follows it.
    post_save.connect(refresh_entry_of_saved_page, dispatch_uid="centers.library.entry_saved")
    page_published.connect(refresh_entry_of_published_page, dispatch_uid="centers.library.entry_published")
    m2m_changed.connect(refresh_entry_of_related_page, dispatch_uid="centers.library.entry_relations")
    post_page_move.connect(refresh_entries_of_moved_subtree, dispatch_uid="centers.library.entry_moved")

    # The library's cached matches and counts belong to the site's generation (centers.common.kept), which every
    # change to a page or a view restriction renews.

    # The header's search field keeps the library's URL until the library (or the tree above it) changes.
    for page_signal in (page_published, page_unpublished, post_save, post_delete):
        page_signal.connect(
            forget_library_url, sender=LibraryPage, dispatch_uid=f"centers.library.url_{id(page_signal)}"
        )
    post_page_move.connect(forget_library_url, dispatch_uid="centers.library.url_moved")
    for restriction_signal in (post_save, post_delete):
        restriction_signal.connect(
            forget_library_url,
            sender=PageViewRestriction,
            dispatch_uid=f"centers.library.url_restriction_{restriction_signal is post_save}",
        )
