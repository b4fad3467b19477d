"""Keeping the words in step: a page once its inline children are stored, the pages attaching a document (in the
library's entries, and in the site's Wagtail search index for its admin search and API)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from wagtail.models import Page, ReferenceIndex
from wagtail.search import index

from centers.library.cache import forget_facet_counts
from centers.library.entries import refresh_entries
from centers.library.registry import searchable_types, type_of_page


def reindex_after_publish(sender, instance, **kwargs):
    """Inline children (attachments, authors) are stored after the page row, so index once publishing is done."""
    page = instance.specific
    if type_of_page(page) is not None:
        index.insert_or_update_object(page)


def pages_using_document(document):
    """Pages whose index holds the document's text: those Wagtail's reference index says refer to it (attachments,
    document blocks), and those attaching it through an inline relation (pages created in bulk have no references).
    """
    page_type = ContentType.objects.get_for_model(Page)
    ids = {
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    }
    for searchable in searchable_types():
        for relation in attachment_relations(searchable.model, type(document)):
            ids.update(
                searchable.model.objects.filter(**{f"{relation}__document": document}).values_list(
                    "pk", flat=True
                )
            )
    return Page.objects.filter(pk__in=ids).specific() if ids else Page.objects.none()


def attachment_relations(model, document_model):
    """Names of the inline relations of `model` whose items have a `document` foreign key to `document_model`."""
    names = []
    for relation in model._meta.related_objects:
        if not relation.one_to_many:
            continue
        try:
            target = relation.related_model._meta.get_field("document")
        except FieldDoesNotExist:
            continue
        if getattr(target, "related_model", None) is document_model:
            names.append(relation.get_accessor_name())
    return names


def reindex_pages_using_document(sender, instance, raw=False, **kwargs):
    """A replaced file (or new extracted text) is searchable at once on every page that attaches it, and the
    words only the old file had are no longer found."""
    if raw:
        return
    pages = list(pages_using_document(instance))
    for page in pages:
        index.insert_or_update_object(page)
    if pages:
        refresh_entries(Page.objects.filter(pk__in=[page.pk for page in pages]))
    forget_facet_counts()  # the kept match sets may hold or miss the file's words


def remember_pages_using_document(sender, instance, **kwargs):
    """Before a document goes (its attachment rows cascade away with it), note the pages that index its text."""
    instance._pages_to_reindex = [page.pk for page in pages_using_document(instance)]


def reindex_pages_after_document_deleted(sender, instance, **kwargs):
    """The deleted file's words are no longer found on the pages that attached it."""
    page_ids = getattr(instance, "_pages_to_reindex", [])
    for page in Page.objects.filter(pk__in=page_ids).specific():
        index.insert_or_update_object(page)
    if page_ids:
        refresh_entries(Page.objects.filter(pk__in=page_ids))
    forget_facet_counts()
