"""The teachers' library: which page types are searched, how a Russian query is read, results, facets, hints.

Page types join the library with one line at the bottom of their module::

    register_searchable(MaterialPage, "material", _("Material"), direction="direction",
                        subject="subjects", level="levels", date="published_on")

Registration also makes the type's search fields insensitive to "ё"/"е" and, for types that use
`SearchableAttachmentsMixin`, indexes the text of their attached documents.
"""

import difflib
import re
import uuid
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.query import And, Or, PlainText

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
RESULTS_PER_PAGE = 20
SNIPPET_CHARS = 260
SUGGESTION_SIMILARITY = 0.75  # difflib's ratio between a typed word and a known one
MAX_LENGTH_DIFFERENCE = 3
FACETS = ("type", "center", "direction", "subject", "level", "year")

# Level abbreviations teachers type; the reference list's own abbreviations are added at query time.
LEVEL_ABBREVIATIONS = {"ДОО": "preschool", "НОО": "primary", "ООО": "basic", "СОО": "secondary"}

WORD = re.compile(r"\w+(?:-\w+)*")


# --- Normalizing Russian text -------------------------------------------------------------------------


def normalize_text(text):
    """ё and е are one letter for a searcher: index and query both use е."""
    return text.replace("ё", "е").replace("Ё", "Е") if isinstance(text, str) else text


@dataclass
class ParsedQuery:
    """What a teacher typed, read as words to search and level filters the abbreviations asked for."""

    raw: str = ""
    words: list = field(default_factory=list)
    level_abbreviations: list = field(default_factory=list)

    @property
    def text(self):
        return " ".join(self.words)

    def __bool__(self):
        return bool(self.words)

    def as_search_query(self):
        """A Wagtail query: every word must match; a hyphenated word matches its spaced or its joined form."""
        parts = []
        for word in self.words:
            if "-" in word:
                pieces = [piece for piece in word.split("-") if piece]
                parts.append(Or([PlainText(" ".join(pieces)), PlainText("".join(pieces))]))
            else:
                parts.append(PlainText(word))
        return parts[0] if len(parts) == 1 else And(parts)


def parse_query(raw, abbreviations=None):
    """Words only: quotes, operators and control characters never reach a search backend."""
    raw = (raw or "")[:MAX_QUERY_CHARS]
    abbreviations = {key.upper(): value for key, value in (abbreviations or LEVEL_ABBREVIATIONS).items()}
    parsed = ParsedQuery(raw=raw)
    for token in WORD.findall(normalize_text(raw)):
        token = token.strip("_-")
        if not token or token.replace("_", "") == "":
            continue
        if token.upper() in abbreviations and (len(token) >= 3 or token.isupper()):
            # "ДО" is a level only in capitals: "до" is also the everyday preposition.
            parsed.level_abbreviations.append(abbreviations[token.upper()])
            continue
        parsed.words.append(token.replace("_", " ").strip())
        if len(parsed.words) == MAX_QUERY_WORDS:
            break
    parsed.words = [word for word in parsed.words if word]
    return parsed


# --- Search fields that ignore ё -------------------------------------------------------------------------


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


# --- Attachments --------------------------------------------------------------------------------------------


class SearchableAttachmentsMixin:
    """For page types with attached documents: the documents' extracted text becomes part of the page's index.

    Documents are found in the inline relations named in `attachment_relations` (items with a `document`)
    and in StreamField blocks whose value is a document.
    """

    attachment_relations = ("documents", "attachments")

    def attached_documents(self):
        from wagtail.documents import get_document_model

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


# --- The registry of searched page types --------------------------------------------------------------------


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


def reindex_after_publish(sender, instance, **kwargs):
    """Inline children (attachments, authors) are stored after the page row, so index once publishing is done."""
    page = instance.specific
    if type_of_page(page) is not None:
        from wagtail.search.index import insert_or_update_object

        insert_or_update_object(page)


def pages_using_document(document):
    """Pages whose index holds the document's text: those Wagtail's reference index says refer to it (attachments,
    document blocks), and those attaching it through an inline relation (pages created in bulk have no references).
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

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
    from wagtail.search.index import insert_or_update_object

    for page in pages_using_document(instance):
        insert_or_update_object(page)


def remember_pages_using_document(sender, instance, **kwargs):
    """Before a document goes (its attachment rows cascade away with it), note the pages that index its text."""
    instance._pages_to_reindex = [page.pk for page in pages_using_document(instance)]


def reindex_pages_after_document_deleted(sender, instance, **kwargs):
    """The deleted file's words are no longer found on the pages that attached it."""
    from wagtail.search.index import insert_or_update_object

    for page in Page.objects.filter(pk__in=getattr(instance, "_pages_to_reindex", [])).specific():
        insert_or_update_object(page)


def searchable_types():
    return list(SEARCHABLE_TYPES.values())


def type_of_page(page):
    for searchable in SEARCHABLE_TYPES.values():
        if isinstance(page, searchable.model):
            return searchable
    return None


def searchable_pages():
    """Published, publicly visible pages of every registered type."""
    return Page.objects.live().public().type(*[searchable.model for searchable in searchable_types()])


# --- Criteria and the annotations facets are computed on -------------------------------------------------------


@dataclass
class Criteria:
    """The library's GET parameters, validated: anything unknown is simply not applied."""

    query: ParsedQuery = field(default_factory=ParsedQuery)
    type: str | None = None
    center: object = None  # CenterPage
    direction: object = None
    subject: object = None
    level: object = None
    year: int | None = None
    sort: str = "relevance"
    level_from_query: bool = False

    def selected(self):
        values = {
            "type": _content_type_id(SEARCHABLE_TYPES[self.type].model) if self.type else None,
            "center": self.center.pk if self.center else None,
            "direction": self.direction.pk if self.direction else None,
            "subject": self.subject.pk if self.subject else None,
            "level": self.level.pk if self.level else None,
            "year": self.year,
        }
        return {name: value for name, value in values.items() if value is not None}


def read_criteria(params, centers):
    """Criteria from a QueryDict; `centers` is the list of live centers (loaded once per request)."""
    from centers.directory.models import Direction, EducationLevel, Subject

    levels = list(EducationLevel.objects.all())
    abbreviations = dict(LEVEL_ABBREVIATIONS)
    abbreviations.update({level.abbreviation.upper(): level.slug for level in levels if level.abbreviation})
    criteria = Criteria(query=parse_query(_single(params, "q"), abbreviations))
    type_slug = _single(params, "type")
    criteria.type = type_slug if type_slug in SEARCHABLE_TYPES else None
    center_slug = _single(params, "center")
    criteria.center = next((center for center in centers if center.slug == center_slug), None)
    criteria.direction = _by_slug(Direction.objects.all(), _single(params, "direction"))
    criteria.subject = _by_slug(Subject.objects.all(), _single(params, "subject"))
    level_slug = _single(params, "level")
    if not level_slug and criteria.query.level_abbreviations:
        level_slug = criteria.query.level_abbreviations[0]
        criteria.level_from_query = True
    criteria.level = next((level for level in levels if level.slug == level_slug), None)
    year = _single(params, "year")
    criteria.year = int(year) if year.isascii() and year.isdecimal() and 1900 < int(year) < 2200 else None
    criteria.sort = "date" if _single(params, "sort") == "date" else "relevance"
    return criteria


def _single(params, name):
    value = params.get(name, "")
    return value.strip()[:MAX_QUERY_CHARS] if isinstance(value, str) else ""


def _by_slug(queryset, slug):
    if not slug or len(slug) > 100:
        return None
    return queryset.filter(slug=slug).first()


def annotate_facets(queryset):
    """Annotate pages with the single-valued facets: type, center id, direction id, year.

    The center is each type's denormalised center column (a join per type, never a lookup per page), and a page
    without a direction of its own belongs to its center's direction.
    """
    types = searchable_types()
    centers = [F(searchable.lookup("center")) for searchable in types if searchable.lookup("center")]
    directions = [F(searchable.lookup("direction")) for searchable in types if searchable.lookup("direction")]
    directions += [
        F(f"{searchable.lookup('center')}__direction")
        for searchable in types
        if searchable.lookup("center") and not searchable.lookup("direction")
    ]
    return queryset.annotate(
        facet_center=Coalesce(*centers, Value(None), output_field=IntegerField()),
        facet_direction=Coalesce(*directions, Value(None), output_field=IntegerField()),
        facet_year=year_expression(),
        facet_type=F("content_type_id"),
    )


def year_expression():
    """A page's year: its type's year field, or the year of its date, or the year it was first published."""
    types = searchable_types()
    years = [F(searchable.lookup("year")) for searchable in types if searchable.lookup("year")]
    years += [ExtractYear(searchable.lookup("date")) for searchable in types if searchable.lookup("date")]
    return Coalesce(*years, ExtractYear("first_published_at"), Value(None), output_field=IntegerField())


def years_of(pages):
    """{page id: year} for the pages of a results page, the same year the year facet counts them under, in one
    query whatever types the pages are of (so a results page costs the same queries whatever it holds)."""
    ids = [page.pk for page in pages]
    if not ids:
        return {}
    return dict(Page.objects.filter(pk__in=ids).annotate(year=year_expression()).values_list("pk", "year"))


def searchable_type_of(page):
    """The registered type of a (possibly generic) Page, from its content type, without loading its own row."""
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return next(
        (
            searchable
            for searchable in SEARCHABLE_TYPES.values()
            if model and issubclass(model, searchable.model)
        ),
        None,
    )


def criteria_filters(criteria, exclude=None):
    """Conditions on library entries (`LibraryEntry`), leaving out one facet (to count its alternatives)."""
    conditions = Q()
    if criteria.type and exclude != "type":
        conditions &= Q(content_type_id=_content_type_id(SEARCHABLE_TYPES[criteria.type].model))
    if criteria.center and exclude != "center":
        conditions &= Q(center_id=criteria.center.pk)
    if criteria.direction and exclude != "direction":
        conditions &= Q(direction_id=criteria.direction.pk)
    for facet in ("subject", "level"):
        value = getattr(criteria, facet)
        if value is not None and exclude != facet:
            conditions &= Q(Exists(_entry_values(facet).filter(page_id=OuterRef("page_id"), value=value.pk)))
    if criteria.year and exclude != "year":
        conditions &= Q(year=criteria.year)
    return conditions


def _entry_values(facet):
    from centers.library.models import LibraryEntryValue

    return LibraryEntryValue.objects.filter(facet=facet)


def related_tables(facet, types=None):
    """(through model, its page column, its value column) of every type's many-to-many relation for `facet`."""
    tables = []
    for searchable in types or searchable_types():
        field_name = getattr(searchable, facet)
        if not field_name:
            continue
        relation = searchable.model._meta.get_field(field_name)
        through = relation.remote_field.through
        tables.append((through, f"{relation.m2m_field_name()}_id", f"{relation.m2m_reverse_field_name()}_id"))
    return tables


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


def _content_type_id(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


# --- Running a search ------------------------------------------------------------------------------------------


def matched_pages(parsed_query, base=None, by_relevance=False):
    """The pages matching the words (all of them for an empty query) as a plain queryset, ordered by relevance
    when asked."""
    base = searchable_pages() if base is None else base
    if not parsed_query:
        return base
    results = base.search(parsed_query.as_search_query(), order_by_relevance=by_relevance)
    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    try:
        queryset = compiler.search(config, None, None, backend=results.backend)
    except TypeError:  # the SQLite backend's compiler takes no backend argument
        queryset = compiler.search(config, None, None)
    return queryset if by_relevance else queryset.order_by()


def matched_ids(criteria):
    """The ids of every page matching the words, in the order of the results (one query, the words matched once)."""
    if criteria.sort == "relevance":
        queryset = matched_pages(criteria.query, by_relevance=True)
    else:
        queryset = matched_pages(criteria.query).order_by("-first_published_at", "-pk")
    return list(queryset.values_list("pk", flat=True))


class PagesByIds:
    """Results known as an ordered list of page ids: the pager slices it and only that page's rows are read."""

    def __init__(self, ids):
        self.ids = ids

    def __len__(self):
        return len(self.ids)

    def count(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        wanted = self.ids[index]
        pages = Page.objects.in_bulk(wanted)
        return [pages[pk] for pk in wanted if pk in pages]


def run_search(criteria):
    """The ordered results (sliceable), the facet counts for the criteria and the exact number of results.

    A search with words matches them once: the ids of every match come in result order, the facets are counted
    over their library entries, and a page of results reads only its own rows. Without words, the facet counts
    are cached and the results are an indexed ORDER BY ... LIMIT.
    """
    from centers.library.models import LibraryEntry

    if criteria.query:
        ids = matched_ids(criteria)
        scope = Q(AmongIds(F("page_id"), ids))
        if not criteria.selected():
            return PagesByIds(ids), facet_counts(criteria, scope), len(ids)
        kept = set(
            LibraryEntry.objects.filter(scope)
            .filter(criteria_filters(criteria))
            .values_list("page_id", flat=True)
        )
        ids = [pk for pk in ids if pk in kept]
        counts = facet_counts(criteria, scope, kept=Q(AmongIds(F("page_id"), ids)))
        return PagesByIds(ids), counts, len(ids)
    counts = cached_facet_counts(criteria)
    results = searchable_pages().order_by("-first_published_at", "-pk")
    if criteria.selected():
        results = results.filter(
            pk__in=LibraryEntry.objects.filter(criteria_filters(criteria)).values("page_id")
        )
    return results, counts, total_from(criteria, counts)


def total_from(criteria, counts):
    """How many pages the criteria find: the type facet counts every result once, under its own type."""
    by_type = counts.get("type", {})
    if criteria.type:
        return by_type.get(_content_type_id(SEARCHABLE_TYPES[criteria.type].model), 0)
    return sum(by_type.values())


# --- Caching the facet counts of the library without a query -----------------------------------------------------

FACET_CACHE_GENERATION = "centers-library-facets-generation"


def library_cache():
    """The cache alias in LIBRARY_CACHE (shared by all workers in production), else the default one."""
    return caches[getattr(settings, "LIBRARY_CACHE", "default")]


def forget_facet_counts(**kwargs):
    """A page published, unpublished, saved, moved or deleted may change any count: start a new generation."""
    library_cache().set(FACET_CACHE_GENERATION, uuid.uuid4().hex, None)


def forget_facet_counts_for_pages(sender, instance=None, **kwargs):
    if isinstance(instance, Page) or (isinstance(sender, type) and issubclass(sender, Page)):
        forget_facet_counts()


def facet_generation(cache):
    """The current generation of the library's cached figures (a new one whenever a page changes)."""
    generation = cache.get(FACET_CACHE_GENERATION)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(FACET_CACHE_GENERATION, generation, None)
    return generation


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


SINGLE_VALUED_FACETS = {
    "type": "content_type_id",
    "center": "center_id",
    "direction": "direction_id",
    "year": "year",
}


def facet_counts(criteria, scope, kept=None):
    """For each facet, how many of the pages in `scope` (a condition on `page_id`) each value leaves if picked,
    the other selections applying. `kept`, when known, is the condition for the pages passing every selection:
    the facets not selected are counted among them directly, without applying the selections again.

    Every facet not selected is counted under the same filter (all the selections), so the single-valued ones
    among them share one grouped query over the combinations of their values (a number of rows bounded by the
    reference lists, not by the pages); a selected facet needs its own, with its own selection left out.
    """
    from centers.library.models import LibraryEntry

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
    for facet in ("subject", "level"):
        others = criteria_filters(criteria, exclude=facet)
        if kept is not None and facet not in selected:
            values = _entry_values(facet).filter(kept)
        else:
            values = _entry_values(facet).filter(scope)
            if others:
                values = values.filter(page_id__in=entries.filter(others).values("page_id"))
        rows = values.values("value").annotate(count=Count("*")).order_by()
        counts[facet] = {row["value"]: row["count"] for row in rows}
    return counts


# --- Presenting results --------------------------------------------------------------------------------------


def snippets_for(pages, parsed_query):
    """A highlighted, HTML-escaped excerpt of each page's indexed text, in one query."""
    from wagtail.search.models import IndexEntry

    ids = [str(page.pk) for page in pages]
    if not ids:
        return {}
    # Other models (directions, organizations) are indexed too, under the same ids: only the pages' own entries,
    # found through the (content type, object id) index.
    page_types = {page.content_type_id for page in pages}
    entries = IndexEntry.objects.filter(content_type_id__in=page_types, object_id__in=ids)
    texts = {}
    if connection.vendor == "postgresql" and parsed_query:
        from django.contrib.postgres.search import SearchHeadline, SearchQuery

        rows = entries.annotate(
            headline=SearchHeadline(
                "body_text",
                SearchQuery(parsed_query.text.replace("-", " "), config="russian", search_type="plain"),
                config="russian",
                start_sel="\x02",
                stop_sel="\x03",
                max_words=40,
                min_words=15,
            )
        ).values_list("object_id", "headline")
        for object_id, headline in rows:
            texts[int(object_id)] = _marked_to_html(headline or "")
        return texts
    field_name = "body_text" if connection.vendor == "postgresql" else "body"
    for object_id, body in entries.values_list("object_id", field_name):
        texts[int(object_id)] = highlight(body or "", parsed_query)
    return texts


def _marked_to_html(text):
    text = " ".join(text.split())
    html = escape(text).replace("\x02", "<mark>").replace("\x03", "</mark>")
    return mark_safe(html)


def highlight(text, parsed_query, width=SNIPPET_CHARS):
    """Escape `text`, cut a window around the first matching word and mark the words (prefix = crude stem)."""
    text = " ".join(normalize_text(text).split())
    stems = [_stem(word) for part in parsed_query.words for word in part.split("-") if len(word) > 1]
    pattern = (
        re.compile(r"\b(" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)
        if stems
        else None
    )
    start = 0
    if pattern:
        first = pattern.search(text)
        if first:
            start = max(0, first.start() - width // 3)
    window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    if not pattern:
        return mark_safe(escape(prefix + window + suffix))
    pieces = []
    position = 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(window[position:]))
    return mark_safe(escape(prefix) + "".join(pieces) + escape(suffix))


def _stem(word):
    word = word.lower()
    return word if len(word) <= 4 else word[: max(4, len(word) - 3)]


def attachment_kinds(pages):
    """File kinds (pdf, docx...) each page refers to, from Wagtail's reference index, in one query."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents import get_document_model
    from wagtail.models import ReferenceIndex

    if not pages:
        return {}
    document_model = get_document_model()
    document_file = document_model.objects.filter(pk=Cast(OuterRef("to_object_id"), IntegerField())).values(
        "file"
    )
    references = list(
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
            to_content_type=ContentType.objects.get_for_model(document_model),
        )
        .annotate(file=Subquery(document_file[:1]))
        .values_list("object_id", "file")
    )
    kinds = {}
    for page_id, name in references:
        if name:
            kind = name.rsplit(".", 1)[-1].lower() if "." in name else "file"
            kinds.setdefault(int(page_id), [])
            if kind not in kinds[int(page_id)]:
                kinds[int(page_id)].append(kind)
    return kinds


# --- Hints when nothing is found --------------------------------------------------------------------------------


def suggest(parsed_query):
    """For words that found nothing: the query with each unknown word replaced by the closest known one (from the
    titles of published pages, directions and subjects), or None when no word can be corrected.

    The known words are read once and cached for an hour (a new title's words may wait that long), so a typo
    costs a dictionary lookup per word, not a similarity scan over every title.
    """
    if not parsed_query:
        return None
    vocabulary = known_words()
    corrected, changed = [], False
    for word in parsed_query.text.replace("-", " ").split():
        word = normalize_text(word).lower()
        closest = None if word in vocabulary["all"] else _closest_word(word, vocabulary)
        corrected.append(closest or word)
        changed = changed or closest is not None
    return " ".join(corrected) if changed else None


def _closest_word(word, vocabulary):
    """The known word most like `word` (same first letter, a similar length), above the threshold."""
    candidates = [
        known
        for known in vocabulary["by_letter"].get(word[:1], ())
        if abs(len(known) - len(word)) <= MAX_LENGTH_DIFFERENCE
    ]
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=SUGGESTION_SIMILARITY)
    return matches[0] if matches else None


def forget_known_words():
    library_cache().delete("centers-library-words")


def known_words():
    """{"all": set of words, "by_letter": {first letter: [words]}} of published titles, directions and subjects."""
    from centers.directory.models import Direction, Subject

    cache = library_cache()
    key = "centers-library-words"
    vocabulary = cache.get(key)
    if vocabulary is None:
        words = set()
        texts = [
            searchable_pages().values_list("title", flat=True).iterator(chunk_size=5000),
            Direction.objects.values_list("name", flat=True),
            Subject.objects.values_list("name", flat=True),
        ]
        for queryset in texts:
            for text in queryset:
                words.update(word for word in WORD.findall(normalize_text(text).lower()) if len(word) > 2)
        by_letter = {}
        for word in sorted(words):
            by_letter.setdefault(word[:1], []).append(word)
        vocabulary = {"all": words, "by_letter": by_letter}
        cache.set(key, vocabulary, getattr(settings, "LIBRARY_WORDS_SECONDS", 3600))
    return vocabulary


def autocomplete_titles(raw, limit=8):
    """Titles of published pages starting with what was typed, via Wagtail's autocomplete()."""
    parsed = parse_query(raw, abbreviations={})
    if not parsed or len(parsed.text) < 2:
        return []
    text = parsed.text.replace("-", " ")
    results = searchable_pages().autocomplete(text)[:limit]
    return [page.title for page in results]
