"""The library page: results, facets that tell the truth, drafts never shown, index upkeep, autocomplete, API."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.library.saved_queries import SavedQueryBlock
from centers.models import CenterPage, LibraryPage, Subject

from .search_fixtures import add_material

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    return LibraryPage.objects.get()


def results(response):
    return re.findall(r'class="result__title"><a [^>]*>([^<]*)</a>', response.content.decode())


def facet_links(response, facet):
    html = response.content.decode()
    return [
        (url.replace("&amp;", "&"), int(count), bool(selected))
        for url, selected, count in re.findall(
            rf'<a href="([^"]*)"( aria-current="true")?[^>]*data-facet="{facet}" data-count="(\d+)">', html
        )
    ]


def total(response):
    return int(re.search(r'id="library-results-heading">(\d+)', response.content.decode()).group(1))


def test_library_is_at_library_under_the_home_page(client, library, home):
    assert library.get_parent().specific == home
    assert library.url == "/library/"
    assert client.get("/library/").status_code == 200


def test_empty_query_lists_newest_first(client, library):
    add_material("Рабочая программа курса «Робототехника»")
    add_material("Сценарий квеста «Профессии нашего города»")
    found = results(client.get(library.url))
    assert found[:2] == [
        "Сценарий квеста «Профессии нашего города»",
        "Рабочая программа курса «Робототехника»",
    ]


def test_drafts_and_unpublished_pages_never_appear(client, library):
    add_material("Черновик: программа наставничества", publish=False)
    published = add_material("Программа наставничества молодых педагогов")
    assert (
        results(client.get(library.url, {"q": "наставничества"})).count("Черновик: программа наставничества")
        == 0
    )
    assert "Программа наставничества молодых педагогов" in results(
        client.get(library.url, {"q": "наставничества"})
    )
    published.unpublish()
    assert "Программа наставничества молодых педагогов" not in results(
        client.get(library.url, {"q": "наставничества"})
    )


def test_deleted_page_leaves_the_results_at_once(client, library):
    material = add_material("Лэпбук по сказкам П. П. Ершова для старшей группы")
    assert results(client.get(library.url, {"q": "лэпбук"})) == [
        "Лэпбук по сказкам П. П. Ершова для старшей группы"
    ]
    material.delete()
    assert results(client.get(library.url, {"q": "лэпбук"})) == []


def test_republished_title_is_found_by_its_new_words(client, library):
    material = add_material("Конспект занятия по лепке")
    revision = material.save_revision()
    material.title = "Конспект занятия по аппликации"
    revision = material.save_revision()
    revision.publish()
    assert results(client.get(library.url, {"q": "аппликации"})) == ["Конспект занятия по аппликации"]
    assert results(client.get(library.url, {"q": "лепке"})) == []


@pytest.mark.parametrize("facet", ["type", "center", "direction", "subject", "year"])
def test_every_facet_count_equals_the_results_its_link_shows(client, library, facet):
    centers = list(CenterPage.objects.order_by("pk")[:2])
    math = Subject.objects.get(slug="mathematics")
    physics = Subject.objects.get(slug="physics")
    add_material("Задачи с практическим содержанием", center=centers[0], subjects=[math], year=2024)
    add_material("Практические задачи по физике", center=centers[1], subjects=[physics, math], year=2025)
    add_material("Практикум решения задач", center=centers[1], subjects=[physics], year=2025)
    response = client.get(library.url, {"q": "задачи"})
    links = facet_links(response, facet)
    assert links
    for url, count, _selected in links:
        assert total(client.get(library.url + url)) == count


def test_combined_filters_keep_counts_honest(client, library):
    center = CenterPage.objects.order_by("pk").first()
    math = Subject.objects.get(slug="mathematics")
    add_material("Геометрия на клетчатой бумаге", center=center, subjects=[math], year=2024)
    add_material("Геометрия вокруг нас", center=center, subjects=[math], year=2025)
    response = client.get(library.url, {"q": "геометрия", "subject": "mathematics", "year": "2025"})
    assert results(response) == ["Геометрия вокруг нас"]
    year_links = facet_links(response, "year")
    assert len(year_links) == 2
    for url, count, selected in year_links:
        # The selected value's count is the current total; its link removes the filter.
        assert (total(response) if selected else total(client.get(library.url + url))) == count


def test_twenty_results_per_page_and_the_rest_on_the_next(client, library):
    before = total(client.get(library.url, {"q": "технологическая"}))
    for number in range(23):
        add_material(f"Технологическая карта урока № {number + 1}")
    first = client.get(library.url, {"q": "технологическая", "sort": "date"})
    second = client.get(library.url, {"q": "технологическая", "sort": "date", "page": "2"})
    assert total(first) == before + 23
    assert len(results(first)) == 20
    assert len(results(second)) == min(20, before + 3)
    assert not set(results(first)) & set(results(second))


def test_snippet_is_escaped_and_marks_the_match(client, library):
    add_material(
        "Памятка для родителей", abstract="Правила <script>alert(1)</script> безопасности детей в сети."
    )
    html = client.get(library.url, {"q": "безопасности"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<mark>безопасности</mark>" in html.lower() or "<mark>безопасность</mark>" in html.lower()


def test_library_page_costs_the_same_queries_with_3_and_30_materials(client, library):
    """Per page type, not per match: a page mixing types costs one query per type (bounded by the registry)."""
    for number in range(3):
        add_material(f"Методическая разработка урока № {number}")
    client.get(library.url, {"q": "разработка", "type": "material"})
    with CaptureQueriesContext(connection) as small:
        client.get(library.url, {"q": "разработка", "type": "material"})
    for number in range(3, 30):
        add_material(
            f"Методическая разработка урока № {number}", center=CenterPage.objects.order_by("-pk").first()
        )
    client.get(library.url, {"q": "разработка", "type": "material"})  # the publishes renewed the kept matches
    with CaptureQueriesContext(connection) as large:
        client.get(library.url, {"q": "разработка", "type": "material"})
    assert len(large) == len(small)


def test_autocomplete_returns_published_titles_starting_with_the_text(client, library):
    add_material("Функциональная грамотность: банк заданий")
    add_material("Функциональная грамотность: черновик", publish=False)
    titles = client.get("/search/autocomplete/", {"q": "функциональная грам"}).json()["titles"]
    assert "Функциональная грамотность: банк заданий" in titles
    assert "Функциональная грамотность: черновик" not in titles
    assert client.get("/search/autocomplete/", {"q": '"&|!'}).json() == {"titles": []}


def test_page_works_without_javascript_the_search_is_a_plain_get_form(client, library):
    html = client.get(library.url).content.decode()
    assert '<form class="library-search" method="get"' in html
    assert 'name="q"' in html


def test_update_index_rebuilds_with_progress(capsys):
    call_command("update_index")
    output = capsys.readouterr().out
    assert "materialpage" in output.lower() or "centers" in output.lower()


def test_saved_query_lists_matching_published_pages_newest_first_in_constant_queries():
    math = Subject.objects.get(slug="mathematics")
    add_material("Олимпиадные задачи по математике", subjects=[math])
    add_material("Математический турнир: задания", subjects=[math])
    add_material("Сказки о профессиях")
    add_material("Математика: черновик", subjects=[math], publish=False)
    block = SavedQueryBlock()
    value = block.to_python({"page_type": "material", "subject": math.pk, "limit": 5})
    with CaptureQueriesContext(connection) as few:
        html = block.render(value)
    listed = re.findall(r'<a href="[^"]*">([^<]*)</a>', html)
    assert listed[:2] == ["Математический турнир: задания", "Олимпиадные задачи по математике"]
    assert "Сказки о профессиях" not in listed
    assert "Математика: черновик" not in listed
    for number in range(8):
        add_material(f"Математика для дошкольников, часть {number}", subjects=[math])
    with CaptureQueriesContext(connection) as many:
        block.render(value)
    assert len(many) == len(few)


def test_api_lists_published_materials_with_filters(client):
    add_material("Методические рекомендации по наставничеству")
    add_material("Скрытый черновик", publish=False)
    data = client.get("/api/v2/pages/", {"type": "centers.MaterialPage", "fields": "title"}).json()
    titles = [item["title"] for item in data["items"]]
    assert "Методические рекомендации по наставничеству" in titles
    assert "Скрытый черновик" not in titles
    assert client.get("/api/v2/pages/", {"search": '"наставничеству'}).status_code == 200
    # Only the library's page types are exposed: the library page itself is not.
    assert client.get("/api/v2/pages/", {"type": "centers.LibraryPage"}).json()["items"] == []


def test_results_show_the_kinds_of_attached_files(client, library):
    from .search_fixtures import docx_bytes, upload_document

    document = upload_document(
        "Программа", "programma.docx", docx_bytes("Программа курса внеурочной деятельности")
    )
    add_material("Программа курса «Шахматная азбука»", documents=[document])
    html = client.get(library.url, {"q": "шахматная"}).content.decode()
    assert 'class="file-icon file-icon--docx"' in html
