"""What the library is asked for: its GET parameters read as validated criteria, and those as conditions on entries."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from taggit.models import Tag

from centers.common.kept import kept
from centers.directory.models import Direction, EducationLevel, Subject
from centers.library.entries import MULTI_VALUED_FACETS, entry_values
from centers.library.query import LEVEL_ABBREVIATIONS, MAX_QUERY_CHARS, ParsedQuery, parse_query
from centers.library.registry import SEARCHABLE_TYPES, content_type_id


@dataclass
class Criteria:
    """The library's GET parameters, validated: anything unknown is simply not applied."""

    query: ParsedQuery = field(default_factory=ParsedQuery)
    type: str | None = None
    center: object = None  # CenterPage
    direction: object = None
    subject: object = None
    level: object = None
    keyword: object = None  # a taggit Tag
    year: int | None = None
    recommended: bool = False
    sort: str = "relevance"
    level_from_query: bool = False

    def selected(self):
        values = {
            "type": content_type_id(SEARCHABLE_TYPES[self.type].model) if self.type else None,
            "center": self.center.pk if self.center else None,
            "direction": self.direction.pk if self.direction else None,
            "subject": self.subject.pk if self.subject else None,
            "level": self.level.pk if self.level else None,
            "keyword": self.keyword.pk if self.keyword else None,
            "year": self.year,
            "recommended": 1 if self.recommended else None,
        }
        return {name: value for name, value in values.items() if value is not None}


def reference_choices():
    """{"direction"|"subject"|"level": every one, in its order}, kept until one of them or a page changes."""
    return kept(
        None,
        "library-references",
        lambda: {
            "direction": list(Direction.objects.all()),
            "subject": list(Subject.objects.all()),
            "level": list(EducationLevel.objects.all()),
        },
    )


def read_criteria(params, centers):
    """Criteria from a QueryDict; `centers` is the list of live centers (loaded once per request)."""
    references = reference_choices()
    levels = references["level"]
    abbreviations = dict(LEVEL_ABBREVIATIONS)
    abbreviations.update({level.abbreviation.upper(): level.slug for level in levels if level.abbreviation})
    criteria = Criteria(query=parse_query(_single(params, "q"), abbreviations))
    type_slug = _single(params, "type")
    criteria.type = type_slug if type_slug in SEARCHABLE_TYPES else None
    center_slug = _single(params, "center")
    criteria.center = next((center for center in centers if center.slug == center_slug), None)
    criteria.direction = _picked(references["direction"], _single(params, "direction"))
    criteria.subject = _picked(references["subject"], _single(params, "subject"))
    level_slug = _single(params, "level")
    if not level_slug and criteria.query.level_abbreviations:
        level_slug = criteria.query.level_abbreviations[0]
        criteria.level_from_query = True
    criteria.level = next((level for level in levels if level.slug == level_slug), None)
    criteria.keyword = _by_slug(Tag.objects.all(), _single(params, "keyword"))
    year = _single(params, "year")
    criteria.year = int(year) if year.isascii() and year.isdecimal() and 1900 < int(year) < 2200 else None
    criteria.recommended = _single(params, "recommended") == "1"
    criteria.sort = "date" if _single(params, "sort") == "date" else "relevance"
    return criteria


def _single(params, name):
    value = params.get(name, "")
    return value.strip()[:MAX_QUERY_CHARS] if isinstance(value, str) else ""


def _picked(choices, slug):
    return next((choice for choice in choices if slug and choice.slug == slug), None)


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
    for facet in MULTI_VALUED_FACETS:
        value = getattr(criteria, facet)
        if value is not None and exclude != facet:
            conditions &= Q(Exists(entry_values(facet).filter(page_id=OuterRef("page_id"), value=value.pk)))
    if criteria.year and exclude != "year":
        conditions &= Q(year=criteria.year)
    if criteria.recommended and exclude != "recommended":
        conditions &= Q(recommended=True)
    return conditions
