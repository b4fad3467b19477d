"""A publish, unpublish, move or delete purges only what shows the page: other centers stay in the page cache."""

import pytest
from django.test import Client

from centers.common.page_cache import KEYRING, page_cache
from centers.models import CenterPage, EventIndexPage, EventPage, LibraryPage, MaterialIndexPage, MaterialPage

from .test_materials import add_material

pytestmark = pytest.mark.django_db

STATUS = "X-Wagtail-Cache"
TITLE = "Карта урока по физике с цифровой лабораторией"


@pytest.fixture
def center_a():
    return CenterPage.objects.get(slug="stem-poisk")


@pytest.fixture
def center_b():
    return CenterPage.objects.get(slug="inclusive-sosh5")


def pages_of(center):
    """A center's page, its materials list and one of its materials."""
    materials = MaterialIndexPage.objects.child_of(center).get()
    return [center.url, materials.url, materials.get_children().live().first().url]


def listings_of(center, home):
    """Everything that lists a material of the center."""
    materials = MaterialIndexPage.objects.child_of(center).get()
    library = LibraryPage.objects.get().url
    return [
        materials.url,
        home.url,
        library,
        library + "?type=material",
        "/feeds/materials/",
        f"/feeds/{center.slug}/materials/",
    ]


def warm(urls):
    for url in urls:
        Client().get(url)
        assert Client().get(url)[STATUS] == "hit", url


def assert_still_cached(urls):
    for url in urls:
        assert Client().get(url)[STATUS] == "hit", url


def test_publishing_a_material_in_one_center_keeps_other_centers_cached_and_shows_it_everywhere_at_once(
    cached, home, center_a, center_b, django_capture_on_commit_callbacks
):
    listings = listings_of(center_a, home)
    warm(pages_of(center_b) + listings + pages_of(center_a))
    with django_capture_on_commit_callbacks(execute=True):
        material = add_material(MaterialIndexPage.objects.child_of(center_a).get(), TITLE, "didactic")

    for url in [*listings, material.url]:
        response = Client().get(url)
        assert response[STATUS] == "miss" and TITLE in response.content.decode(), url
    assert_still_cached(pages_of(center_b))
    # Center A's other materials do not show the new one: they stay cached too.
    assert_still_cached(pages_of(center_a)[2:])


def test_unpublishing_a_material_takes_it_off_every_list_at_once_and_leaves_other_centers_cached(
    cached, home, center_a, center_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        material = add_material(MaterialIndexPage.objects.child_of(center_a).get(), TITLE, "didactic")
    listings = listings_of(center_a, home)
    warm(pages_of(center_b) + listings + [material.url])
    assert all(TITLE in Client().get(url).content.decode() for url in listings)

    with django_capture_on_commit_callbacks(execute=True):
        material.unpublish()

    for url in listings:
        assert TITLE not in Client().get(url).content.decode(), url
    assert Client().get(material.url).status_code == 404
    assert_still_cached(pages_of(center_b))


def test_moving_a_material_to_another_center_updates_both_lists_and_leaves_a_third_center_cached(
    cached, center_a, center_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        material = add_material(MaterialIndexPage.objects.child_of(center_a).get(), TITLE, "didactic")
    old_url = material.url
    list_a = MaterialIndexPage.objects.child_of(center_a).get()
    list_b = MaterialIndexPage.objects.child_of(center_b).get()
    third = pages_of(CenterPage.objects.get(slug="literacy-lyceum1"))
    warm([list_a.url, list_b.url, old_url, *third])

    with django_capture_on_commit_callbacks(execute=True):
        material.move(list_b, pos="last-child")

    assert TITLE not in Client().get(list_a.url).content.decode()
    assert TITLE in Client().get(list_b.url).content.decode()
    moved = Client().get(old_url)  # no longer the cached page: Wagtail's redirect to where it went
    assert moved.status_code == 301 and moved.url == MaterialPage.objects.get(pk=material.pk).url
    assert_still_cached(third)


def test_deleting_a_material_takes_it_off_its_list_and_leaves_other_centers_cached(
    cached, center_a, center_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        material = add_material(MaterialIndexPage.objects.child_of(center_a).get(), TITLE, "didactic")
    list_a = MaterialIndexPage.objects.child_of(center_a).get()
    warm([list_a.url, material.url, *pages_of(center_b)])

    with django_capture_on_commit_callbacks(execute=True):
        material.delete()

    assert TITLE not in Client().get(list_a.url).content.decode()
    assert Client().get(material.url).status_code == 404
    assert_still_cached(pages_of(center_b))


def test_an_event_shows_at_once_on_the_event_list_of_a_center_that_co_organizes_it(
    cached, center_a, center_b, django_capture_on_commit_callbacks
):
    event = EventPage.objects.live().descendant_of(center_a).filter(occurrences__isnull=False).first()
    events_b = EventIndexPage.objects.child_of(center_b).get()
    warm([events_b.url, *pages_of(center_b)])
    assert event.title not in Client().get(events_b.url).content.decode()

    event.co_organizers.add(center_b)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    assert event.title in Client().get(events_b.url).content.decode()
    assert_still_cached(pages_of(center_b)[1:])


def test_renaming_a_section_of_the_main_menu_shows_on_every_page(
    cached, center_b, django_capture_on_commit_callbacks
):
    warm(pages_of(center_b))
    library = LibraryPage.objects.get()
    library.title = "Методическая копилка"
    with django_capture_on_commit_callbacks(execute=True):
        library.save_revision().publish()
    for url in pages_of(center_b):
        assert "Методическая копилка" in Client().get(url).content.decode(), url


def test_a_page_cached_before_the_keyring_was_lost_is_still_purged_on_publish(
    cached, home, center_a, django_capture_on_commit_callbacks
):
    list_a = MaterialIndexPage.objects.child_of(center_a).get()
    warm([list_a.url])
    page_cache().delete(KEYRING)  # the file cache culled it, or another worker's write lost it
    warm([home.url])

    with django_capture_on_commit_callbacks(execute=True):
        add_material(list_a, TITLE, "didactic")

    assert TITLE in Client().get(list_a.url).content.decode()


def test_a_published_piloting_project_shows_at_once_in_the_cached_library(
    cached, django_capture_on_commit_callbacks
):
    from .test_library_types_and_keywords import add_project

    library = LibraryPage.objects.get().url
    warm([library, library + "?type=project"])
    with django_capture_on_commit_callbacks(execute=True):
        add_project("Апробация конструктора уроков с дополненной реальностью")
    for url in (library, library + "?type=project"):
        assert (
            "Апробация конструктора уроков с дополненной реальностью" in Client().get(url).content.decode()
        ), url
