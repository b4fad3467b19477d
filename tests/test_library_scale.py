"""The library at scale (issue 9): the same queries with few and many pages; cached facet counts stay exact."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.models import CenterPage, LibraryPage, MaterialPage, MaterialType

from .bulk_pages import bulk_add_children
from .search_fixtures import add_material, material_section
from .test_library_page import facet_links, results, total
from .test_query_counts import add_centers

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    return LibraryPage.objects.get()


def bulk_materials(count, start=0):
    """Many live materials at once (no search index: the pages without a query do not need it)."""
    center = CenterPage.objects.order_by("pk").first()
    kind = MaterialType.objects.first()
    pages = [
        MaterialPage(
            title=f"Массовый материал {n}",
            slug=f"bulk-library-{n}",
            abstract="Аннотация",
            material_type=kind,
            year=2000 + n % 20,
            center=center,
        )
        for n in range(start, start + count)
    ]
    return bulk_add_children(material_section(center), pages)


def queries_for(client, url):
    client.get(url)  # per-process caches (site root paths, content types) and the facet counts of this state
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["", "?type=material", "?year=2005&page=2", "?page=3"])
def test_library_without_words_costs_the_same_queries_with_few_and_many_pages(
    client, library, django_assert_num_queries, query
):
    url = library.url + query
    bulk_materials(45)
    few = queries_for(client, url)
    bulk_materials(300, start=45)
    client.get(url)  # the pages changed: the facet counts are counted once again, then kept
    with django_assert_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200
    # The same results page whatever types the twenty newest pages are of (no query per type present).
    assert results(response)


def test_total_and_pager_come_from_the_facet_counts_exactly(client, library):
    bulk_materials(45)
    response = client.get(library.url)
    counts = {url: count for url, count, _selected in facet_links(response, "type")}
    assert total(response) == sum(counts.values())
    assert response.context["library"].results_page.paginator.count == total(response)
    for url, count in counts.items():
        filtered = client.get(library.url + url)
        assert total(filtered) == count
        assert filtered.context["library"].results_page.paginator.num_pages == max(1, -(-count // 20))


def material_counts(response):
    types = dict((url, count) for url, count, _selected in facet_links(response, "type"))
    years = dict((url, count) for url, count, _selected in facet_links(response, "year"))
    return total(response), types.get("?type=material", 0), years.get("?year=2031", 0)


def test_publishing_or_unpublishing_a_material_updates_the_cached_counts_at_once(client, library):
    before = material_counts(client.get(library.url))
    assert material_counts(client.get(library.url)) == before  # from the cache now
    material = add_material("Новый материал о наставничестве", year=2031)
    after = material_counts(client.get(library.url))
    assert after == (before[0] + 1, before[1] + 1, before[2] + 1)
    assert results(client.get(library.url))[0] == "Новый материал о наставничестве"
    material.unpublish()
    assert material_counts(client.get(library.url)) == before
    client.get(library.url)
    MaterialPage.objects.get(pk=material.pk).save_revision().publish()
    assert material_counts(client.get(library.url)) == after
    MaterialPage.objects.get(pk=material.pk).delete()
    assert material_counts(client.get(library.url)) == before


@pytest.mark.parametrize("picked", [False, True])
def test_library_without_words_costs_the_same_queries_with_6_and_60_centers(
    client, library, directory, picked
):
    first = CenterPage.objects.live().order_by("pk").first()
    url = library.url + (f"?center={first.slug}" if picked else "")
    few = queries_for(client, url)
    add_centers(directory, 60 - CenterPage.objects.count())
    client.get(url)  # the pages changed: the facet counts are counted once again, then kept
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert len(captured) == few
    shown = facet_links(response, "center")
    assert len(shown) == 60
    assert [url for url, _count, selected in shown if selected] == (["?"] if picked else [])


def test_each_result_names_and_links_the_center_it_lies_in(client, library):
    add_material("Материал второго центра", center=CenterPage.objects.order_by("pk")[1])
    response = client.get(library.url)
    html = response.content.decode()
    rows = response.context["library"].results
    for row in rows:
        # Communities belong to the city, not to a center: they name none.
        center = CenterPage.objects.ancestor_of(row["page"], inclusive=True).first()
        assert getattr(row["center"], "pk", None) == getattr(center, "pk", None)
        if center is not None:
            assert f'<a href="{center.url}">{center.title}</a>' in html
    assert any(row["center"] is not None for row in rows)


def test_picking_a_center_lists_only_its_pages_and_marks_it(client, library):
    center = CenterPage.objects.order_by("pk")[1]
    add_material("Материал второго центра", center=center)
    response = client.get(library.url, {"center": center.slug})
    rows = response.context["library"].results
    assert rows and all(row["center"].pk == center.pk for row in rows)
    assert results(response)[0] == "Материал второго центра"
    # The other centers stay offered (each with its own count); the picked one is marked and its link removes it.
    picked = [(url, count) for url, count, selected in facet_links(response, "center") if selected]
    assert picked == [("?", total(response))]
