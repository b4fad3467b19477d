"""Presenting results: the sentence of a page's own text where the searched words occur (or the passage of an
attached file, named), with the words marked, and the kinds of files it attaches."""

import re
from dataclasses import dataclass
from html import escape, unescape

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, IntegerField, OuterRef, Subquery, TextField, Value, When
from django.db.models.functions import Cast
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.models import Page, ReferenceIndex
from wagtail.search import index

from centers.library.stemming import TOKEN, stem

SNIPPET_CHARS = 260
SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\n+")
SKIPPED_FIELDS = {"title", "attachments_text"}


@dataclass(frozen=True)
class Snippet:
    """A passage with the words marked (safe HTML) and, when it comes from an attached file, the file and page."""

    html: str
    file_name: str = ""
    page_number: int | None = None


def snippets_and_kinds(pages, parsed_query):
    """({page id: Snippet}, {page id: file kinds}) for a page of results (pages as their own types): the first
    sentence of the page's description or text holding a searched word, else the first such passage of an attached
    file; one query for the files, whatever the pages hold."""
    stems = query_stems(parsed_query)
    snippets = {}
    for page in pages if stems else []:
        for text in readable_texts(page):
            passage = find_passage(text, stems)
            if passage:
                snippets[page.pk] = Snippet(passage)
                break
    missing = {page.pk for page in pages if page.pk not in snippets} if stems else set()
    files = attached_files(pages, text_for=missing)
    for page_id, name, text in files:
        if page_id in missing and page_id not in snippets and text:
            snippet = document_passage(name, text, stems)
            if snippet:
                snippets[page_id] = snippet
    return snippets, file_kinds(files)


def query_stems(parsed_query):
    """The stems of the searched words (a hyphenated word's parts and its joined form), as the index knows them."""
    stems = set()
    for word in parsed_query.words if parsed_query else []:
        parts = TOKEN.findall(word)
        stems.update(stem(part) for part in parts)
        if len(parts) > 1:
            stems.add(stem("".join(parts)))
    return stems


def readable_texts(page):
    """The page's own searched texts in the order its type lists them (description before body), as plain text."""
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name in SKIPPED_FIELDS:
            continue
        value = index.SearchField.get_value(search_field, page)
        rich = isinstance(_model_field(page, search_field.field_name), RichTextField)
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str) and item.strip():
                yield unescape(strip_tags(item)) if rich else item


def _model_field(page, name):
    try:
        return page._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def find_passage(text, stems):
    """The first sentence of `text` holding a searched word, cut to the snippet's width, words marked; or None."""
    for sentence in SENTENCE_END.split(text):
        sentence = " ".join(sentence.split())
        first = next((token for token in TOKEN.finditer(sentence) if stem(token.group()) in stems), None)
        if first is not None:
            return mark_words(sentence, stems, first.start())
    return None


def mark_words(sentence, stems, first_match):
    """The sentence (a window around its first match when too long), escaped, with every searched word marked."""
    start = 0 if len(sentence) <= SNIPPET_CHARS else max(0, first_match - SNIPPET_CHARS // 3)
    if start:
        start = sentence.rfind(" ", 0, start) + 1
    window = sentence[start : start + SNIPPET_CHARS]
    pieces, position = [], 0
    for token in TOKEN.finditer(window):
        if stem(token.group()) in stems:
            pieces += [escape(window[position : token.start()]), f"<mark>{escape(token.group())}</mark>"]
            position = token.end()
    pieces.append(escape(window[position:]))
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_CHARS < len(sentence) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


def attached_files(pages, text_for=()):
    """(page id, file name, extracted text) of every document the pages refer to (Wagtail's reference index), in
    one query; the text only for the pages in `text_for` (it may be long), else ""."""
    if not pages:
        return []
    document_model = get_document_model()
    document = document_model.objects.filter(pk=Cast(OuterRef("to_object_id"), IntegerField()))
    rows = (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
            to_content_type=ContentType.objects.get_for_model(document_model),
        )
        .annotate(
            file=Subquery(document.values("file")[:1]),
            text=Case(
                When(
                    object_id__in=[str(pk) for pk in text_for],
                    then=Subquery(document.values("extracted_text")[:1]),
                ),
                default=Value(""),
                output_field=TextField(),
            ),
        )
        .order_by("object_id", "to_object_id")
        .values_list("object_id", "file", "text")
    )
    return [(int(page_id), name, text or "") for page_id, name, text in rows if name]


def document_passage(file_path, text, stems):
    """The first passage of a file's text holding a searched word, named; a PDF's line n is its page n."""
    name = file_path.rsplit("/", 1)[-1]
    is_pdf = name.lower().endswith(".pdf")
    for number, line in enumerate(text.split("\n"), start=1):
        passage = find_passage(line, stems)
        if passage:
            return Snippet(passage, file_name=name, page_number=number if is_pdf else None)
    return None


def file_kinds(files):
    """File kinds (pdf, docx...) each page attaches, in the order found."""
    kinds = {}
    for page_id, name, _text in files:
        kind = name.rsplit(".", 1)[-1].lower() if "." in name else "file"
        if kind not in kinds.setdefault(page_id, []):
            kinds[page_id].append(kind)
    return kinds
