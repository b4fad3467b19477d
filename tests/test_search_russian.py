"""Russian morphology, ё/е, hyphens, level abbreviations and attachment text in the library, on both engines
(PostgreSQL's `russian` configuration, and the same Snowball stemmers on SQLite)."""

import re

import pytest

from centers.library.query import parse_query
from centers.models import EducationLevel

from .search_fixtures import add_material, docx_bytes, upload_document

pytestmark = [pytest.mark.django_db]


def titles_found(client, library_url, query, **params):
    response = client.get(library_url, {"q": query, **params})
    assert response.status_code == 200
    return re.findall(r'class="result__title"><a [^>]*>([^<]*)</a>', response.content.decode())


@pytest.fixture
def library_url(db):
    from centers.models import LibraryPage

    return LibraryPage.objects.get().url


def test_inflected_query_finds_the_nominative_title(client, library_url):
    add_material("Методические рекомендации по работе с обучающимися с ОВЗ")
    assert "Методические рекомендации по работе с обучающимися с ОВЗ" in titles_found(
        client, library_url, "методических рекомендаций"
    )


def test_plural_finds_the_singular(client, library_url):
    add_material("Практикум по функциональной грамотности для учителей физики")
    assert "Практикум по функциональной грамотности для учителей физики" in titles_found(
        client, library_url, "практикумы"
    )


def test_yo_and_ye_match_each_other_both_ways(client, library_url):
    add_material("Учёт индивидуальных достижений обучающихся")
    add_material("Зеленая лаборатория: опыты в детском саду")
    assert "Учёт индивидуальных достижений обучающихся" in titles_found(
        client, library_url, "учет достижений"
    )
    assert "Зеленая лаборатория: опыты в детском саду" in titles_found(
        client, library_url, "зелёная лаборатория"
    )


def test_hyphenated_query_finds_spaced_and_joined_forms(client, library_url):
    add_material("Мастер класс по робототехнике для учителей технологии")
    add_material("Онлайн-мастерклассы: записи занятий", abstract="Мастерклассы педагогов центра.")
    found = titles_found(client, library_url, "мастер-класс")
    assert "Мастер класс по робототехнике для учителей технологии" in found
    found_joined = titles_found(client, library_url, "мастер-классы")
    assert "Онлайн-мастерклассы: записи занятий" in found_joined


def test_level_abbreviation_filters_by_level_instead_of_searching_noise(client, library_url):
    primary = EducationLevel.objects.get(slug="primary")
    basic = EducationLevel.objects.get(slug="basic")
    add_material("Смысловое чтение на уроках: рабочие листы", levels=[primary])
    add_material("Смысловое чтение в основной школе: задания", levels=[basic])
    found = titles_found(client, library_url, "смысловое чтение НОО")
    assert found == ["Смысловое чтение на уроках: рабочие листы"]
    assert parse_query("смысловое чтение НОО").words == ["смысловое", "чтение"]


def test_words_only_in_an_attached_file_find_the_material(client, library_url):
    document = upload_document(
        "Положение о конкурсе",
        "polozhenie.docx",
        docx_bytes("Конкурс проектов по квиллингу для воспитанников подготовительных групп."),
    )
    add_material("Положение о городском конкурсе", documents=[document])
    assert titles_found(client, library_url, "квиллинга") == ["Положение о городском конкурсе"]


def test_title_matches_rank_above_body_matches(client, library_url):
    add_material("Сборник заданий", abstract="Подборка упражнений по теме «Дроби» для пятых классов.")
    add_material("Дроби в 5 классе: сборник упражнений", abstract="Подборка заданий для учителей.")
    found = titles_found(client, library_url, "дроби")
    assert found.index("Дроби в 5 классе: сборник упражнений") < found.index("Сборник заданий")


def test_a_typo_that_finds_nothing_suggests_the_query_spelled_as_known_words(client, library_url):
    add_material("Практикум по инженерному проектированию")
    response = client.get(library_url, {"q": "проектированею инжинерному"})
    html = response.content.decode()
    assert 'class="result__title"' not in html
    assert "library__suggestion" in html
    assert "проектированию инженерному" in html
    # The suggestion finds what the typo did not.
    found = client.get(library_url, {"q": "проектированию инженерному"}).content.decode()
    assert "Практикум по инженерному проектированию" in found


def test_no_suggestion_when_the_words_are_known_but_the_filters_leave_nothing(client, library_url):
    add_material("Практикум по инженерному проектированию")
    response = client.get(library_url, {"q": "инженерному", "type": "news"})
    html = response.content.decode()
    assert 'class="result__title"' not in html
    assert "library__suggestion" not in html


@pytest.fixture
def russian_database_default(settings):
    """A site that leaves SEARCH_CONFIG unset, on a database whose default configuration is Russian."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's default text search configuration")
    with connection.cursor() as cursor:
        cursor.execute("SHOW default_text_search_config")
        (before,) = cursor.fetchone()
        cursor.execute("SET default_text_search_config = 'pg_catalog.russian'")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('default_text_search_config', %s, false)", [before])


def test_without_a_configured_language_the_search_uses_the_database_default_as_the_index_does(
    client, library_url, russian_database_default
):
    add_material("Методические рекомендации для наставников")
    assert "Методические рекомендации для наставников" in titles_found(
        client, library_url, "методических рекомендаций наставникам"
    )
