"""The teachers' library: criteria, results, facets and hints over the page types `registry` lists."""

import difflib
import re
import uuid
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils.safestring import mark_safe
from wagtail.models import Page

from centers.library.entries import LibraryEntry, entry_values
from centers.library.query import (
    LEVEL_ABBREVIATIONS,
    MAX_QUERY_CHARS,
    WORD,
    ParsedQuery,
    normalize_text,
    parse_query,
)
from centers.library.registry import (
    SEARCHABLE_TYPES,
    content_type_id,
    searchable_pages,
)

RESULTS_PER_PAGE = 20
SNIPPET_CHARS = 260
SUGGESTION_SIMILARITY = 0.75  # difflib's ratio between a typed word and a known one
MAX_LENGTH_DIFFERENCE = 3
FACETS = ("type", "center", "direction", "subject", "level", "year")


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
            "type": content_type_id(SEARCHABLE_TYPES[self.type].model) if self.type else None,
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
    criteria.year = int(year) if year.isdigit() and 1900 < int(year) < 2200 else None
    criteria.sort = "date" if _single(params, "sort") == "date" else "relevance"
    return criteria


def _single(params, name):
    value = params.get(name, "")
    return value.strip()[:MAX_QUERY_CHARS] if isinstance(value, str) else ""


def _by_slug(queryset, slug):
    if not slug or len(slug) > 100:
        return None
    return queryset.filter(slug=slug).first()


def criteria_filters(criteria, exclude=None):
    """Conditions on library entries (`LibraryEntry`), leaving out one facet (to count its alternatives)."""
    conditions = Q()
    if criteria.type and exclude != "type":
        conditions &= Q(content_type_id=content_type_id(SEARCHABLE_TYPES[criteria.type].model))
    if criteria.center and exclude != "center":
        conditions &= Q(center_id=criteria.center.pk)
    if criteria.direction and exclude != "direction":
        conditions &= Q(direction_id=criteria.direction.pk)
    for facet in ("subject", "level"):
        value = getattr(criteria, facet)
        if value is not None and exclude != facet:
            conditions &= Q(Exists(entry_values(facet).filter(page_id=OuterRef("page_id"), value=value.pk)))
    if criteria.year and exclude != "year":
        conditions &= Q(year=criteria.year)
    return conditions


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
        return by_type.get(content_type_id(SEARCHABLE_TYPES[criteria.type].model), 0)
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
            values = entry_values(facet).filter(kept)
        else:
            values = entry_values(facet).filter(scope)
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
