"""What the library indexes of a page: search fields that spell "ё" as "е", and the text of attached documents."""

from wagtail.documents import get_document_model
from wagtail.search import index

from centers.library.query import normalize_text


class SameFieldMixin:
    """Equal to the plain field it replaces, so Wagtail still sees Page's core search fields."""

    def __eq__(self, other):
        return (
            isinstance(other, index.BaseField)
            and isinstance(self, type(other))
            and other.field_name == self.field_name
            and other.kwargs == self.kwargs
            and getattr(other, "boost", None) == getattr(self, "boost", None)
        )

    def __hash__(self):
        return hash((type(self).__name__, self.field_name))


class NormalizedSearchField(SameFieldMixin, index.SearchField):
    """A SearchField whose indexed text spells ё as е."""

    def get_value(self, obj):
        value = super().get_value(obj)
        if isinstance(value, list | tuple):
            return [normalize_text(str(item)) for item in value]
        return normalize_text(value if value is None or isinstance(value, str) else str(value))


class NormalizedAutocompleteField(SameFieldMixin, index.AutocompleteField):
    def get_value(self, obj):
        value = super().get_value(obj)
        return normalize_text(value if value is None or isinstance(value, str) else str(value))


def normalized_search_fields(search_fields):
    """The same search fields, with plain SearchField/AutocompleteField replaced by ё-insensitive ones."""
    result = []
    for search_field in search_fields:
        if type(search_field) is index.SearchField:
            result.append(
                NormalizedSearchField(
                    search_field.field_name, boost=search_field.boost, **search_field.kwargs
                )
            )
        elif type(search_field) is index.RelatedFields:
            result.append(
                index.RelatedFields(search_field.field_name, normalized_search_fields(search_field.fields))
            )
        elif type(search_field) is index.AutocompleteField:
            result.append(NormalizedAutocompleteField(search_field.field_name, **search_field.kwargs))
        else:
            result.append(search_field)
    return result


class SearchableAttachmentsMixin:
    """For page types with attached documents: the documents' extracted text becomes part of the page's index.

    Documents are found in the inline relations named in `attachment_relations` (items with a `document`)
    and in StreamField blocks whose value is a document.
    """

    attachment_relations = ("documents", "attachments")

    def attached_documents(self):
        document_model = get_document_model()
        found = []
        for relation in self.attachment_relations:
            manager = getattr(self, relation, None)
            if manager is None or not hasattr(manager, "all"):
                continue
            for item in manager.all():
                document = getattr(item, "document", item)
                if isinstance(document, document_model):
                    found.append(document)
        for model_field in self._meta.get_fields():
            if (
                model_field.get_internal_type() == "StreamField"
                if hasattr(model_field, "get_internal_type")
                else False
            ):
                found.extend(_documents_in_stream(getattr(self, model_field.name), document_model))
        unique = {document.pk: document for document in found if document is not None}
        return list(unique.values())

    def attachments_text(self):
        return "\n".join(
            document.extracted_text for document in self.attached_documents() if document.extracted_text
        )


def _documents_in_stream(stream_value, document_model):
    found = []

    def walk(value):
        if isinstance(value, document_model):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "value") and hasattr(value, "block"):
            walk(value.value)
        elif hasattr(value, "__iter__") and not isinstance(value, str | bytes):
            for item in value:
                walk(item)

    if stream_value is not None:
        walk(list(stream_value))
    return found
