"""Presenting results: the sentence of a page's own text where the searched words occur (or the passage of an
attached file, named), with the words marked, and the kinds of files it attaches."""

import re
from dataclasses import dataclass
from html import escape, unescape

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import IntegerField, OuterRef, Subquery
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


def snippets_for(pages, parsed_query):
    """{page id: Snippet} for a page of results: the first sentence of the page's description or text holding a
    searched word, else the first such passage of an attached file; one query per page type, two for the files."""
    stems = query_stems(parsed_query)
    if not pages or not stems:
        return {}
    snippets = {}
    for page in specific_pages(pages):
        for text in readable_texts(page):
            passage = find_passage(text, stems)
            if passage:
                snippets[page.pk] = Snippet(passage)
                break
    missing = [page for page in pages if page.pk not in snippets]
    snippets.update(file_snippets(missing, stems))
    return snippets


def query_stems(parsed_query):
    """The stems of the searched words (a hyphenated word's parts and its joined form), as the index knows them."""
    stems = set()
    for word in parsed_query.words if parsed_query else []:
        parts = TOKEN.findall(word)
        stems.update(stem(part) for part in parts)
        if len(parts) > 1:
            stems.add(stem("".join(parts)))
    return stems


def specific_pages(pages):
    """The pages of a results page as their own types, one query per type."""
    by_type = {}
    for page in pages:
        by_type.setdefault(page.content_type_id, []).append(page.pk)
    found = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            found.update(model.objects.in_bulk(ids))
    return [found[page.pk] for page in pages if page.pk in found]


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


def file_snippets(pages, stems):
    """For pages whose own text lacks the words: the first passage of an attached file holding one, with the
    file's name and, for a PDF, the page (its extracted text keeps one line per page)."""
    if not pages:
        return {}
    document_model = get_document_model()
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(page.pk) for page in pages],
        to_content_type=ContentType.objects.get_for_model(document_model),
    ).values_list("object_id", "to_object_id")
    attached = {}
    for page_id, document_id in references:
        if document_id.isdigit():
            attached.setdefault(int(page_id), []).append(int(document_id))
    documents = document_model.objects.only("file", "extracted_text").in_bulk(
        {pk for ids in attached.values() for pk in ids}
    )
    snippets = {}
    for page in pages:
        for document in (documents[pk] for pk in sorted(attached.get(page.pk, [])) if pk in documents):
            snippet = document_passage(document, stems)
            if snippet:
                snippets[page.pk] = snippet
                break
    return snippets


def document_passage(document, stems):
    name = document.file.name.rsplit("/", 1)[-1]
    is_pdf = name.lower().endswith(".pdf")
    for number, line in enumerate((document.extracted_text or "").split("\n"), start=1):
        passage = find_passage(line, stems)
        if passage:
            return Snippet(passage, file_name=name, page_number=number if is_pdf else None)
    return None


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
