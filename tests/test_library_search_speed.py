"""Library searches at scale (issue 19): a fixed number of queries per search variant (plain, + type, + subject and
level, + center, typo) whatever the number of matches, on both engines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.library.cache import forget_facet_counts
from centers.models import CenterPage, EducationLevel, LibraryPage, Subject

from .search_fixtures import add_material
from .test_library_page import total

pytestmark = pytest.mark.django_db

# Words only the test's materials hold, so that every page of results is of one page type whatever the count.
QUERY = "квиллинг бумажный"
TYPO = "квилинк бумажнный"

# The queries of a library search by variant and engine: the same with 3 matching materials and with 23 (its matches
# kept from the first request), and of the first search after a change (on PostgreSQL the words are matched, ordered
# and every facet counted in one statement).
# With the site's one generation renewed, the library page's own kept parts (its URL, its sections) are read again.
FIRST_QUERIES = {
    "plain": {"postgresql": 13, "sqlite": 17},
    "type": {"postgresql": 13, "sqlite": 19},
    "subject+level": {"postgresql": 13, "sqlite": 18},
    "center": {"postgresql": 14, "sqlite": 20},
    "typo": {"postgresql": 10, "sqlite": 14},
}
QUERIES = {
    "plain": {"postgresql": 7, "sqlite": 7},
    "type": {"postgresql": 7, "sqlite": 7},
    "subject+level": {"postgresql": 7, "sqlite": 7},
    "center": {"postgresql": 8, "sqlite": 8},
    "typo": {"postgresql": 4, "sqlite": 4},
}


@pytest.fixture
def library(db):
    return LibraryPage.objects.get()


def add_recommendations(count, start=0):
    center = CenterPage.objects.order_by("pk").first()
    math = Subject.objects.get(slug="mathematics")
    level = EducationLevel.objects.order_by("pk").first()
    for number in range(start, start + count):
        add_material(
            f"Квиллинг: бумажный узор № {number}",
            center=center,
            subjects=[math],
            levels=[level],
            abstract="Занятие по квиллингу для младших школьников: бумажные полоски и клей.",
        )


def variant_params(variant):
    center = CenterPage.objects.order_by("pk").first()
    level = EducationLevel.objects.order_by("pk").first()
    return {
        "plain": {"q": QUERY},
        "type": {"q": QUERY, "type": "material"},
        "subject+level": {"q": QUERY, "subject": "mathematics", "level": level.slug},
        "center": {"q": QUERY, "center": center.slug},
        "typo": {"q": TYPO},
    }[variant]


def queries_of(client, url, params, first=False):
    client.get(url, params)  # per-process caches (site root paths, content types)
    if first:
        forget_facet_counts()  # the site's one generation: what every page shows is read again too...
        client.get("/")  # ...by another page first, so that the search's own first cost is what is counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("variant", list(QUERIES))
def test_each_search_variant_costs_the_same_queries_with_few_and_many_matches(client, library, variant):
    add_recommendations(3)
    few, response = queries_of(client, library.url, variant_params(variant))
    add_recommendations(20, start=3)
    many, more = queries_of(client, library.url, variant_params(variant))
    assert (few, many) == (QUERIES[variant][connection.vendor],) * 2
    if variant == "typo":
        assert total(more) == 0
        assert "Возможно, вы искали" in more.content.decode()
    else:
        assert total(more) >= total(response) + 20


def test_a_repeated_search_reads_the_kept_matches_until_a_page_changes(client, library):
    add_recommendations(3)
    params = variant_params("plain")
    first = client.get(library.url, params)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(library.url, params)
    assert total(again) == total(first) == 3
    assert not [query for query in captured if "indexentry" in query["sql"].lower()]
    add_recommendations(1, start=3)
    assert total(client.get(library.url, params)) == 4


@pytest.mark.parametrize("variant", list(FIRST_QUERIES))
def test_a_first_search_costs_the_same_queries_with_few_and_many_matches(client, library, variant):
    add_recommendations(3)
    few, response = queries_of(client, library.url, variant_params(variant), first=True)
    add_recommendations(20, start=3)
    many, more = queries_of(client, library.url, variant_params(variant), first=True)
    assert (few, many) == (FIRST_QUERIES[variant][connection.vendor],) * 2
    if variant != "typo":
        assert total(more) == total(response) + 20
