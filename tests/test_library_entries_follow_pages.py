"""A search reads the library's own entries (on PostgreSQL their words too): what a page says, whether it is live
and whether it is public follow the page at once, and the words of the title weigh more than the body's."""

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from centers.models import LibraryPage, Subject

from .search_fixtures import add_material
from .test_library_page import results, total

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    return LibraryPage.objects.get()


def test_a_material_under_a_view_restriction_is_not_found_until_the_restriction_goes(client, library):
    material = add_material("Программа кружка «Оригами» для первоклассников")
    restriction = PageViewRestriction.objects.create(
        page=material, restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )
    assert "Программа кружка «Оригами» для первоклассников" not in results(
        client.get(library.url, {"q": "оригами"})
    )
    restriction.delete()
    assert results(client.get(library.url, {"q": "оригами"})) == [
        "Программа кружка «Оригами» для первоклассников"
    ]


def test_a_republished_material_is_found_by_its_new_words_and_not_by_its_old_ones(client, library):
    material = add_material("Сценарий урока", abstract="Урок о тюльпанах для пятиклассников.")
    assert total(client.get(library.url, {"q": "тюльпанах"})) == 1
    material.abstract = "Урок о подснежниках для пятиклассников."
    material.save_revision().publish()
    assert total(client.get(library.url, {"q": "тюльпанах"})) == 0
    assert results(client.get(library.url, {"q": "подснежниках"})) == ["Сценарий урока"]


def test_words_in_the_title_rank_before_the_same_words_in_the_text(client, library):
    add_material("Сборник заданий", abstract="Задания по астрономии для старших классов: солнечная система.")
    add_material("Астрономия: солнечная система", abstract="Задания для старших классов.")
    found = results(client.get(library.url, {"q": "солнечная система"}))
    assert found == ["Астрономия: солнечная система", "Сборник заданий"]


def test_search_finds_the_same_pages_after_the_index_is_rebuilt(client, library):
    add_material("Квест по истории родного края")
    call_command("update_index", verbosity=0)
    call_command("refresh_library_entries", verbosity=0)
    assert results(client.get(library.url, {"q": "квест родного края"})) == ["Квест по истории родного края"]


def test_the_library_without_words_is_kept_until_a_page_changes_and_never_keeps_a_foreign_parameter(
    client, library
):
    # The library reads only the parameters it declares: a tracker never reaches its page nor what it keeps.
    tracked = client.get(library.url, {"type": "material", "utm_source": "letter"}).content.decode()
    assert "utm_source" not in tracked and "Рабочая тетрадь по краеведению" not in tracked
    assert "utm_source" not in client.get(library.url, {"type": "material"}).content.decode()
    add_material("Рабочая тетрадь по краеведению")
    assert results(client.get(library.url, {"type": "material"}))[0] == "Рабочая тетрадь по краеведению"


def test_pages_beyond_the_first_ordered_results_continue_the_order(client, library, monkeypatch, settings):
    # Only the first TOP_RESULTS ids are ordered by the search; a later page asks for more.
    monkeypatch.setattr("centers.library.matching.TOP_RESULTS", 3)
    monkeypatch.setattr("centers.library.page_context.RESULTS_PER_PAGE", 2)
    for number in range(1, 8):
        add_material(f"Глобус {number}", abstract="Урок географии: " + "глобус " * number)
    first = results(client.get(library.url, {"q": "глобус", "sort": "newest"}))
    pages = [
        results(client.get(library.url, {"q": "глобус", "sort": "newest", "page": n})) for n in (2, 3, 4)
    ]
    assert [first, *pages] == [
        ["Глобус 7", "Глобус 6"],
        ["Глобус 5", "Глобус 4"],
        ["Глобус 3", "Глобус 2"],
        ["Глобус 1"],
    ]
    assert total(client.get(library.url, {"q": "глобус", "page": 4})) == 7
    by_relevance = [
        title for n in (1, 2, 3, 4) for title in results(client.get(library.url, {"q": "глобус", "page": n}))
    ]
    assert sorted(by_relevance) == sorted(f"Глобус {number}" for number in range(1, 8))


def test_a_renamed_subject_and_a_renamed_center_show_in_the_facets_of_the_next_search(client, library):
    # The subjects and the live centers are kept between requests until one of them changes.
    math = Subject.objects.get(slug="mathematics")
    material = add_material("Задачи на смекалку", subjects=[math])
    center = material.get_parent().get_parent().specific
    before = client.get(library.url, {"q": "смекалку"}).content.decode()
    assert f">{math.name}</a>" in before and f">{center.title}</a>" in before
    math.name = "Математика и логика"
    math.save()
    center.title = "Ресурсный центр «Смекалка»"
    center.save_revision().publish()
    after = client.get(library.url, {"q": "смекалку"}).content.decode()
    assert ">Математика и логика</a>" in after
    assert 'data-facet="center"' in after and ">Ресурсный центр «Смекалка»</a>" in after


def test_a_page_without_its_library_entry_is_still_listed(client, library):
    # Pages made in bulk get their entries only from `refresh_library_entries --missing`.
    from centers.models import LibraryEntry

    material = add_material("Кроссворд по ботанике")
    LibraryEntry.objects.filter(page_id=material.pk).delete()
    assert "Кроссворд по ботанике" in results(client.get(library.url))
