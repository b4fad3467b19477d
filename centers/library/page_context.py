"""What the library page shows for a query string: a page of results, facets with their links, a hint, sorting."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from taggit.models import Tag

from centers.common.kept import kept
from centers.directory.models import CenterPage
from centers.library.criteria import read_criteria, reference_choices
from centers.library.links import facet_options, sort_links
from centers.library.matching import run_search
from centers.library.result_rows import result_rows
from centers.library.suggestions import suggest

RESULTS_PER_PAGE = 20
KEYWORDS_IN_FACET = 15


class CountedPaginator(Paginator):
    """A paginator told the number of objects, already known exactly from the facet counts: no COUNT query."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


@dataclass(frozen=True)
class CenterChoice:
    """A live center as the center facet and a result's line need it, not a whole page (100 pages cost 10 ms)."""

    pk: int
    slug: str
    title: str
    url: str


def live_center_choices():
    fields = ("id", "slug", "title", "path", "depth", "url_path", "locale_id")
    centers = CenterPage.objects.live().order_by("title").only(*fields)
    return [CenterChoice(center.pk, center.slug, center.title, center.get_url()) for center in centers]


def library_centers(params):
    """The live centers by title as light choices (kept until a page changes), except the one the visitor picked:
    its page, as criteria carry."""
    centers = list(kept(None, "library-centers", live_center_choices))
    slug = params.get("center", "").strip()
    picked = next((index for index, center in enumerate(centers) if slug and center.slug == slug), None)
    if picked is not None:
        centers[picked] = CenterPage.objects.get(pk=centers[picked].pk)
    return centers


# Results pages of the library without words kept as HTML: the first few are most of the visits.
KEPT_PAGES = 5
CRITERIA_PARAMETERS = (
    "type",
    "center",
    "direction",
    "subject",
    "level",
    "keyword",
    "year",
    "recommended",
    "sort",
    "page",
)


class LibraryListing:
    """A page of results and the facets, computed on first use: a kept rendering of them needs none of it."""

    def __init__(self, params, criteria, centers):
        self.params, self.criteria, self.centers = params, criteria, centers

    @cached_property
    def search(self):
        return run_search(self.criteria)

    @cached_property
    def results_page(self):
        results, _counts, total = self.search
        return CountedPaginator(results, RESULTS_PER_PAGE, total).get_page(self.params.get("page"))

    @cached_property
    def results(self):
        return result_rows(list(self.results_page.object_list), self.criteria.query, self.centers)

    @property
    def total(self):
        return self.search[2]

    @cached_property
    def facets(self):
        counts = self.search[1]
        references = reference_lists(self.criteria, counts)
        return facet_options(self.params, self.criteria, counts, self.centers, references)

    @cached_property
    def suggestion(self):
        return suggest(self.criteria.query) if self.total == 0 and self.criteria.query else None

    @property
    def sort(self):
        return self.criteria.sort

    @cached_property
    def sort_links(self):
        return sort_links(self.params)


def kept_listing_key(params, criteria):
    """The key a listing without words is kept under: the criteria as validated, for a query string that holds
    nothing else (its links repeat the query string) and one of the first pages; None to render it afresh."""
    if criteria.query or criteria.level_from_query or set(params) - set(CRITERIA_PARAMETERS):
        return None
    if any(len(params.getlist(name)) > 1 for name in params):
        return None
    page = params.get("page", "1")
    if not (page.isascii() and page.isdecimal() and 1 <= int(page) <= KEPT_PAGES and page == str(int(page))):
        return None
    picked = {
        "type": criteria.type,
        "center": criteria.center.slug if criteria.center else None,
        "direction": criteria.direction.slug if criteria.direction else None,
        "subject": criteria.subject.slug if criteria.subject else None,
        "level": criteria.level.slug if criteria.level else None,
        "keyword": criteria.keyword.slug if criteria.keyword else None,
        "year": str(criteria.year) if criteria.year else None,
        "recommended": "1" if criteria.recommended else None,
        "sort": "date" if criteria.sort == "date" else None,
    }
    if any(params.get(name, "") != (value or "") for name, value in picked.items() if name != "sort"):
        return None  # an unknown slug or a padded value: not the validated criteria's own query string
    if params.get("sort", "") not in ("", "date"):
        return None
    return ",".join(f"{name}={value}" for name, value in picked.items() if value) + f",page={page}"


def library_context(params):
    """The library page's context for its query string `params` (a QueryDict): the criteria, the listing (computed
    when rendered) and, for a listing without words, the key its HTML is kept under until a page changes."""
    centers = library_centers(params)
    criteria = read_criteria(params, centers)
    return {
        "criteria": criteria,
        "library": LibraryListing(params, criteria, centers),
        "library_key": kept_listing_key(params, criteria),
    }


def reference_lists(criteria, counts):
    """The directions, subjects and levels the facets offer, each read once, and the keywords most found."""
    return {"keyword": facet_keywords(criteria, counts.get("keyword", {})), **reference_choices()}


def facet_keywords(criteria, keyword_counts):
    """The keywords most found among the results (and the one picked), most found first, in one query."""
    top = sorted(keyword_counts, key=lambda pk: (-keyword_counts[pk], pk))[:KEYWORDS_IN_FACET]
    if criteria.keyword is not None and criteria.keyword.pk not in top:
        top.append(criteria.keyword.pk)
    tags = Tag.objects.in_bulk(top)
    return [tags[pk] for pk in top if pk in tags]
