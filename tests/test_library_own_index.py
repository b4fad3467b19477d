"""The library keeps its own index of words (issue 26): a host keeps whatever Wagtail search backend it has."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from centers.models import LibraryPage

from .search_fixtures import add_material

pytestmark = [pytest.mark.django_db]


def titles_found(client, query):
    response = client.get(LibraryPage.objects.get().url, {"q": query})
    assert response.status_code == 200
    return re.findall(r'class="result__title"><a [^>]*>([^<]*)</a>', response.content.decode())


@pytest.fixture
def index_not_updated(settings):
    """Wagtail's standard database backend that is never written to: the pages reach only the library's entries."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            "SEARCH_CONFIG": "russian",
            "AUTO_UPDATE": False,
        }
    }


def test_the_library_finds_word_forms_the_sites_search_index_never_held(client, index_not_updated):
    from wagtail.models import Page

    material = add_material(
        "Методические рекомендации по наставничеству", abstract="Сборник для молодых педагогов."
    )
    assert not Page.objects.live().search("наставничеству").filter(pk=material.pk).exists()

    assert titles_found(client, "методических рекомендаций") == [
        "Методические рекомендации по наставничеству"
    ]
    assert titles_found(client, "молодым педагогам") == ["Методические рекомендации по наставничеству"]


def test_refresh_library_entries_computes_the_words_again(client, index_not_updated):
    from centers.library.entries import LibraryEntry

    add_material("Игровые технологии на уроках географии")
    LibraryEntry.objects.update(document=None, title_stems="", body_stems="")
    assert titles_found(client, "игровых технологий") == []

    call_command("refresh_library_entries", verbosity=0)

    assert titles_found(client, "игровых технологий") == ["Игровые технологии на уроках географии"]


def test_the_librarys_own_search_config_setting_decides_the_word_forms(client, settings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's text search configurations")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    settings.CENTERS_SEARCH_CONFIG = "simple"
    add_material("Методические рекомендации для наставников")
    assert titles_found(client, "методических рекомендаций") == []
    assert titles_found(client, "методические рекомендации") == ["Методические рекомендации для наставников"]

    settings.CENTERS_SEARCH_CONFIG = "russian"
    call_command("refresh_library_entries", verbosity=0)
    assert titles_found(client, "методических рекомендаций") == ["Методические рекомендации для наставников"]


def test_sqlite_index_of_stems_comes_back_after_a_migration_rebuilt_the_entries_table(client):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 index of the entries' stems")
    from centers.library.words import STEMS_TABLE, STEMS_TRIGGERS

    add_material("Проектная деятельность в начальной школе")
    with connection.cursor() as cursor:
        for name in STEMS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(f"DROP TABLE {STEMS_TABLE}")

    call_command("migrate", verbosity=0)

    assert titles_found(client, "проектной деятельности") == ["Проектная деятельность в начальной школе"]
    add_material("Проектная деятельность в старшей школе")
    assert sorted(titles_found(client, "проектной деятельности")) == [
        "Проектная деятельность в начальной школе",
        "Проектная деятельность в старшей школе",
    ]
