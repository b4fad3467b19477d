"""Presenting results: an excerpt of each page with the searched words marked, and the kinds of files it attaches."""

import re
from html import escape

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.safestring import mark_safe
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.search.models import IndexEntry

from centers.library.query import normalize_text

SNIPPET_CHARS = 260


def snippets_for(pages, parsed_query):
    """A highlighted, HTML-escaped excerpt of each page's indexed text, in one query."""
    ids = [str(page.pk) for page in pages]
    if not ids:
        return {}
    # Other models (directions, organizations) are indexed too, under the same ids: only the pages' own entries,
    # found through the (content type, object id) index.
    page_types = {page.content_type_id for page in pages}
    entries = IndexEntry.objects.filter(content_type_id__in=page_types, object_id__in=ids)
    texts = {}
    if connection.vendor == "postgresql" and parsed_query:
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
