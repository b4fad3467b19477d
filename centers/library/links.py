"""The library page's links: each facet value and sort order as the current query string with one parameter changed."""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from centers.library.registry import SEARCHABLE_TYPES, content_type_id


def link_with(params, name, value):
    """The library's query string with one parameter set (or removed) and the page number reset."""
    pairs, placed = [], value in (None, "")
    for key, values in params.lists():  # the parameters' own order, as QueryDict.urlencode() keeps it
        if key == "page":
            continue
        if key == name and not placed:
            pairs.append((key, value))
            placed = True
        elif key != name:
            pairs.extend((key, item) for item in values)
    if not placed:
        pairs.append((name, value))
    return "?" + urlencode(pairs)


def sort_links(params):
    return [
        {"label": _("by relevance"), "value": "relevance", "url": link_with(params, "sort", None)},
        {"label": _("newest first"), "value": "date", "url": link_with(params, "sort", "date")},
    ]


def facet_options(params, criteria, counts, centers, references):
    """Every facet's values with their counts and links; values with no results are left out."""
    selected = criteria.selected()
    facets = []

    def build(name, label, values):
        options = []
        for key, slug, title in values:
            count = counts.get(name, {}).get(key, 0)
            is_selected = selected.get(name) == key
            if count or is_selected:
                options.append(
                    {
                        "label": title,
                        "count": count,
                        "selected": is_selected,
                        "url": link_with(params, name, None if is_selected else slug),
                    }
                )
        if options:
            facets.append({"name": name, "label": label, "options": options})

    type_ids = {
        searchable.slug: content_type_id(searchable.model) for searchable in SEARCHABLE_TYPES.values()
    }
    build(
        "type",
        _("Type"),
        [(type_ids[slug], slug, searchable.label) for slug, searchable in SEARCHABLE_TYPES.items()],
    )
    build("center", _("Center"), [(center.pk, center.slug, center.title) for center in centers])
    for name, label in (("direction", _("Direction")), ("subject", _("Subject")), ("level", _("Level"))):
        build(name, label, [(item.pk, item.slug, item.name) for item in references[name]])
    build("keyword", _("Keywords"), [(tag.pk, tag.slug, tag.name) for tag in references["keyword"]])
    years = sorted(counts.get("year", {}), reverse=True)
    if criteria.year and criteria.year not in years:
        years.insert(0, criteria.year)
    build("year", _("Year"), [(year, str(year), str(year)) for year in years])
    label = _("Recommended for implementation")
    build("recommended", label, [(True, "1", label)])
    return facets
