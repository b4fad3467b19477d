"""The library's entries follow their pages: facets counted from them tell the truth after every kind of change."""

import pytest
from wagtail.models import Page

from centers.models import CenterPage, Direction, LibraryEntry, LibraryPage, MaterialPage, Subject

from .search_fixtures import add_material, material_section
from .test_library_page import facet_links, results, total

pytestmark = pytest.mark.django_db

WORD = "квазароведение"


@pytest.fixture
def library(db):
    return LibraryPage.objects.get()


def counts(client, library, facet, query=f"?q={WORD}"):
    """{value in the facet's links: count} for a search; the value is what the link would select."""
    found = {}
    for url, count, _selected in facet_links(client.get(library.url + query), facet):
        value = dict(part.split("=", 1) for part in url.lstrip("?").split("&")).get(facet)
        found[value] = count
    return found


def centers_with_different_directions():
    centers = list(CenterPage.objects.live().order_by("pk"))
    first = centers[0]
    second = next(center for center in centers if center.direction_id != first.direction_id)
    return first, second


def test_a_material_moved_to_another_center_counts_under_the_new_center(client, library):
    first, second = centers_with_different_directions()
    material = add_material(f"Практикум по теме {WORD}", center=first)
    assert counts(client, library, "center") == {first.slug: 1}

    Page.objects.get(pk=material.pk).move(material_section(second), pos="last-child")

    assert counts(client, library, "center") == {second.slug: 1}
    assert counts(client, library, "direction") == {second.direction.slug: 1}
    response = client.get(f"{library.url}?q={WORD}&center={second.slug}")
    assert results(response) == [f"Практикум по теме {WORD}"]


def test_a_center_with_a_new_direction_takes_its_pages_along(client, library):
    center, _other = centers_with_different_directions()
    add_material(f"Памятка: {WORD}", center=center)
    new_direction = Direction.objects.exclude(pk=center.direction_id).first()

    center.direction = new_direction
    center.save_revision().publish()

    assert counts(client, library, "direction") == {new_direction.slug: 1}
    response = client.get(f"{library.url}?q={WORD}&direction={new_direction.slug}")
    assert results(response) == [f"Памятка: {WORD}"]


def test_year_and_subjects_follow_the_published_revision_not_a_draft(client, library):
    math, russian = Subject.objects.order_by("pk")[:2]
    material = add_material(f"Задачник: {WORD}", year=2020, subjects=[math])
    assert counts(client, library, "year") == {"2020": 1}
    assert counts(client, library, "subject") == {math.slug: 1}

    material = MaterialPage.objects.get(pk=material.pk)
    material.year = 2023
    material.subjects.set([russian])
    material.save_revision()  # a draft: the public library still shows the published values
    assert counts(client, library, "year") == {"2020": 1}
    assert counts(client, library, "subject") == {math.slug: 1}

    material.get_latest_revision().publish()
    assert counts(client, library, "year") == {"2023": 1}
    assert counts(client, library, "subject") == {russian.slug: 1}
    response = client.get(f"{library.url}?q={WORD}&subject={math.slug}")
    assert total(response) == 0


def test_a_deleted_page_leaves_no_entry_and_no_count(client, library):
    keep = add_material(f"Остаётся: {WORD}")
    gone = add_material(f"Удаляется: {WORD}")
    assert total(client.get(f"{library.url}?q={WORD}")) == 2

    Page.objects.get(pk=gone.pk).delete()

    assert not LibraryEntry.objects.filter(page_id=gone.pk).exists()
    assert LibraryEntry.objects.filter(page_id=keep.pk).exists()
    assert sum(counts(client, library, "type").values()) == 1


def test_newest_first_with_a_filter_keeps_only_the_filtered_matches_in_date_order(client, library):
    math, russian = Subject.objects.order_by("pk")[:2]
    add_material(f"Первый: {WORD}", subjects=[math])
    add_material(f"Второй: {WORD}", subjects=[russian])
    add_material(f"Третий: {WORD}", subjects=[math])

    response = client.get(f"{library.url}?q={WORD}&subject={math.slug}&sort=date")

    assert results(response) == [f"Третий: {WORD}", f"Первый: {WORD}"]
    assert total(response) == 2


def test_refresh_library_entries_rebuilds_what_was_lost(client, library):
    from django.core.management import call_command

    material = add_material(f"Восстановленный: {WORD}", year=2021)
    LibraryEntry.objects.all().delete()
    assert counts(client, library, "year") == {}

    call_command("refresh_library_entries", "--missing")

    assert LibraryEntry.objects.filter(page_id=material.pk, year=2021).exists()
    assert counts(client, library, "year") == {"2021": 1}
