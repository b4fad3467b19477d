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
        "Квиллинговые мастерские наставников", abstract="Сборник для молодых педагогов-кукольников."
    )
    assert material.pk not in [page.pk for page in Page.objects.live().search("квиллинговые")]

    assert titles_found(client, "квиллинговых мастерских") == ["Квиллинговые мастерские наставников"]
    assert titles_found(client, "педагогам-кукольникам") == ["Квиллинговые мастерские наставников"]


def test_refresh_library_entries_computes_the_words_again(client, index_not_updated):
    from centers.library.entries import LibraryEntry

    add_material("Ландшафтные головоломки на уроках географии")
    LibraryEntry.objects.update(document=None, title_stems="", body_stems="")
    assert titles_found(client, "ландшафтной головоломке") == []

    call_command("refresh_library_entries", verbosity=0)

    assert titles_found(client, "ландшафтной головоломке") == ["Ландшафтные головоломки на уроках географии"]


def test_the_librarys_own_search_config_setting_decides_the_word_forms(client, settings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's text search configurations")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    settings.CENTERS_SEARCH_CONFIG = "simple"
    add_material("Сенсорные дорожки для наставников")
    assert "Сенсорные дорожки для наставников" not in titles_found(client, "сенсорной дорожкой")
    assert "Сенсорные дорожки для наставников" in titles_found(client, "сенсорные дорожки")

    settings.CENTERS_SEARCH_CONFIG = "russian"
    call_command("refresh_library_entries", verbosity=0)
    assert "Сенсорные дорожки для наставников" in titles_found(client, "сенсорной дорожкой")


def test_sqlite_index_of_stems_comes_back_after_a_migration_rebuilt_the_entries_table(client):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 index of the entries' stems")
    from centers.library.words import STEMS_TABLE, STEMS_TRIGGERS

    add_material("Кинетическая деятельность в начальной школе")
    with connection.cursor() as cursor:
        for name in STEMS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(f"DROP TABLE {STEMS_TABLE}")

    call_command("migrate", verbosity=0)

    assert titles_found(client, "кинетической деятельности") == [
        "Кинетическая деятельность в начальной школе"
    ]
    add_material("Кинетическая деятельность в старшей школе")
    assert sorted(titles_found(client, "кинетической деятельности")) == [
        "Кинетическая деятельность в начальной школе",
        "Кинетическая деятельность в старшей школе",
    ]
