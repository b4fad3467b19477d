"""The teachers' library: how results are presented, and hints when nothing is found."""

import difflib
import re
from html import escape

from django.conf import settings
from django.db import connection
from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.safestring import mark_safe
from wagtail.models import Page

from centers.library.cache import library_cache
from centers.library.query import WORD, normalize_text, parse_query
from centers.library.registry import searchable_pages

RESULTS_PER_PAGE = 20
SNIPPET_CHARS = 260
SUGGESTION_SIMILARITY = 0.75  # difflib's ratio between a typed word and a known one
MAX_LENGTH_DIFFERENCE = 3


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
