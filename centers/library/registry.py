"""The page types the library searches and where each keeps its facet values.

Page types join the library with one line each in `centers.apps.register_library_types`::

    register_searchable(NewsPage, "news", _("News"), center="center", date="date")

Registration also makes the type's search fields insensitive to "ё"/"е" and, for types that use
`SearchableAttachmentsMixin`, indexes the text of their attached documents.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page
from wagtail.search import index

from centers.common.kept import kept_public_q
from centers.library.fields import SearchableAttachmentsMixin, normalized_search_fields


@dataclass(frozen=True)
class SearchableType:
    """A page type in the library and where its facet values live (lookups on the type, None when it has none)."""

    model: type
    slug: str
    label: str
    center: str | None = None  # the denormalised center (a foreign key to CenterPage, or the page itself)
    direction: str | None = None
    subject: str | None = None
    level: str | None = None
    keyword: str | None = None  # a taggit manager: the page's keywords
    year: str | None = None  # an integer year field
    date: str | None = None  # or a date/datetime field whose year counts
    upcoming: str | None = None  # a start date/datetime: "upcoming only" keeps pages where it is not past

    @property
    def relation(self):
        """The lookup from Page down to this type (through multi-table parents)."""
        chain = [
            parent
            for parent in reversed(self.model._meta.get_parent_list())
            if issubclass(parent, Page) and parent is not Page
        ]
        return "__".join(model._meta.model_name for model in [*chain, self.model])

    def lookup(self, facet):
        path = getattr(self, facet)
        return f"{self.relation}__{path}" if path else None


SEARCHABLE_TYPES = {}


def register_searchable(model, slug, label, **facet_fields):
    """Add a page type to the library; `facet_fields` name its direction, subject, level and date lookups."""
    search_fields = list(model.search_fields)
    if issubclass(model, SearchableAttachmentsMixin) and not any(
        getattr(search_field, "field_name", None) == "attachments_text" for search_field in search_fields
    ):
        search_fields.append(index.SearchField("attachments_text"))
    model.search_fields = normalized_search_fields(search_fields)
    SEARCHABLE_TYPES[slug] = SearchableType(model, slug, label, **facet_fields)
    return model


# Callables returning a queryset of page ids «recommended for implementation» (the council's mark, registered by
# the capability that keeps it): the library's facet of that name reads their union.
RECOMMENDED_PAGE_SOURCES = []


def register_recommended_pages(source):
    if source not in RECOMMENDED_PAGE_SOURCES:
        RECOMMENDED_PAGE_SOURCES.append(source)


def recommended_among(pages):
    """The ids of the pages in the queryset `pages` that carry the mark «recommended for implementation»."""
    found = set()
    for source in RECOMMENDED_PAGE_SOURCES:
        found.update(pages.filter(pk__in=source()).values_list("pk", flat=True))
    return found


def searchable_types():
    return list(SEARCHABLE_TYPES.values())


def type_of_page(page):
    for searchable in SEARCHABLE_TYPES.values():
        if isinstance(page, searchable.model):
            return searchable
    return None


def searchable_type_of(page):
    """The registered type of a (possibly generic) Page, from its content type, without loading its own row."""
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return next(
        (
            searchable
            for searchable in SEARCHABLE_TYPES.values()
            if model and issubclass(model, searchable.model)
        ),
        None,
    )


def searchable_pages():
    """Published, publicly visible pages of every registered type."""
    return (
        Page.objects.live()
        .filter(kept_public_q())
        .type(*[searchable.model for searchable in searchable_types()])
    )


def content_type_id(model):
    """The id the type facet counts a page type under (a library entry's content type)."""
    return ContentType.objects.get_for_model(model).pk
