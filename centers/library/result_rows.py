"""A page of results as the library lists it: each page as its own type with its type, center, year, snippet and
file kinds, in one query per page type plus two."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from centers.library.entries import LibraryEntry
from centers.library.registry import searchable_type_of
from centers.library.snippets import snippets_and_kinds


def library_pages(ids):
    """{page id: (the page as its own type, its entry's center id, its entry's year)}: the entries say each page's
    type, center and year (the year the facet counts it under), so no generic page row is read."""
    entries = LibraryEntry.objects.filter(page_id__in=ids).values_list(
        "page_id", "content_type_id", "center_id", "year"
    )
    by_type, facts = {}, {}
    for page_id, type_id, center_id, year in entries:
        by_type.setdefault(type_id, []).append(page_id)
        facts[page_id] = (center_id, year)
    found = {}
    for type_id, page_ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            found.update(model.objects.in_bulk(page_ids))
    missing = [pk for pk in ids if pk not in facts]
    if missing:  # pages made in bulk before `refresh_library_entries --missing`: listed all the same
        found.update({page.pk: page for page in Page.objects.filter(pk__in=missing).specific()})
    return {pk: (page, *facts.get(pk, (None, None))) for pk, page in found.items()}


def own_year_labels(pages):
    """{page id: year label} from the page types that say their year themselves (`library_year_labels(pages)`, a
    classmethod: a plan's latest academic year), one query per such type on the page of results."""
    by_model = {}
    for page in pages:
        if hasattr(type(page), "library_year_labels"):
            by_model.setdefault(type(page), []).append(page)
    labels = {}
    for model, model_pages in by_model.items():
        labels.update(model.library_year_labels(model_pages))
    return labels


def told_apart(rows):
    """A result whose title another result of the page shares, or whose type's title is generic (a plan's «План
    работы», `library_title_names_center`), names its center in its title: seven «План работы» read as seven centers'."""
    titles = Counter(row["page"].title.strip().casefold() for row in rows)
    for row in rows:
        page, center = row["page"], row["center"]
        shared = titles[page.title.strip().casefold()] > 1 or getattr(
            page, "library_title_names_center", False
        )
        if shared and center is not None and center.title.casefold() not in page.title.casefold():
            row["title"] = f"{page.title} — {center.title}"
    return rows


def result_rows(ids, parsed_query, centers):
    """The rows of a page of results, in the order of `ids`; `centers` are the live centers (`CenterChoice`)."""
    loaded = library_pages(ids)
    pages = [loaded[pk][0] for pk in ids if pk in loaded]
    snippets, kinds = snippets_and_kinds(pages, parsed_query)
    centers_by_id = {center.pk: center for center in centers}
    year_labels = own_year_labels(pages)
    rows = []
    for page in pages:
        _page, center_id, year = loaded[page.pk]
        year = year_labels.get(page.pk, year)
        searchable = searchable_type_of(page)
        rows.append(
            {
                "page": page,
                "title": page.title,
                "type": searchable.label if searchable else "",
                "center": centers_by_id.get(center_id),
                "year": year,
                "snippet": snippets.get(page.pk, ""),
                "kinds": kinds.get(page.pk, []),
            }
        )
    return told_apart(rows)
