"""Saved queries in real page bodies: the home page's "new materials on inclusive education" and content pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.models import CenterPage, ContentPage, Direction
from portal.devtools.demo.library import INCLUSIVE_MATERIALS_HEADING, build_home_collections

from .search_fixtures import add_material

pytestmark = pytest.mark.django_db


@pytest.fixture
def inclusive_center(db):
    return CenterPage.objects.get(slug="inclusive-sosh5")


@pytest.fixture
def other_center(db):
    return CenterPage.objects.exclude(direction__slug="inclusive").order_by("pk").first()


def saved_query_titles(html, heading=INCLUSIVE_MATERIALS_HEADING):
    section = re.search(rf"<h2>{re.escape(heading)}</h2>(.*?)</section>", html, re.S)
    assert section, f"no saved query titled {heading!r} on the page"
    return re.findall(r'<a href="[^"]*">([^<]*)</a>', section.group(1))


def set_home_limit(home, limit):
    block = home.collections.stream_block.child_blocks["saved_query"]
    value = block.get_prep_value(home.collections[0].value)
    value["limit"] = limit
    home.collections = [("saved_query", block.to_python(value))]
    home.save_revision().publish()


def test_demo_home_page_lists_new_materials_on_inclusive_education(client, home, inclusive_center):
    titles = saved_query_titles(client.get(home.url).content.decode())
    assert "Тьюторское сопровождение обучающихся с РАС в общеобразовательном классе" in titles
    assert len(titles) <= 5
    # Only materials of the inclusive-education direction: the literacy center's are elsewhere on the page.
    assert "Банк заданий по математической грамотности для 7–8 классов" not in titles


def test_seeding_the_home_collections_again_changes_nothing(home):
    revisions = home.revisions.count()
    build_home_collections(home)
    assert home.revisions.count() == revisions


def test_home_saved_query_lists_only_matching_published_pages_newest_first_within_the_limit(
    client, home, inclusive_center, other_center
):
    set_home_limit(home, 3)
    add_material("Адаптированная программа по физкультуре для детей с ОВЗ", center=inclusive_center)
    add_material("Черновик: ресурсная зона в начальной школе", center=inclusive_center, publish=False)
    add_material("Ранняя профориентация в детском саду", center=other_center)
    add_material("Карточки PECS для уроков окружающего мира", center=inclusive_center)
    add_material("Социальные истории для первоклассников с РАС", center=inclusive_center)
    add_material("Визуальное расписание урока", center=inclusive_center)

    titles = saved_query_titles(client.get(home.url).content.decode())

    assert titles == [
        "Визуальное расписание урока",
        "Социальные истории для первоклассников с РАС",
        "Карточки PECS для уроков окружающего мира",
    ]
    set_home_limit(home, 10)
    titles = saved_query_titles(client.get(home.url).content.decode())
    assert "Адаптированная программа по физкультуре для детей с ОВЗ" in titles
    assert "Черновик: ресурсная зона в начальной школе" not in titles
    assert "Ранняя профориентация в детском саду" not in titles


def home_queries(client, home):
    client.get(home.url)  # caches that exist once per process (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(home.url).content.decode()
    return len(captured), html


def test_home_page_queries_do_not_grow_with_the_number_of_matches(
    client, home, inclusive_center, django_assert_num_queries
):
    add_material("Памятка для родителей ребёнка с ОВЗ", center=inclusive_center)
    few, html = home_queries(client, home)
    assert len(saved_query_titles(html)) == 4

    for number in range(12):
        add_material(f"Инклюзивный урок № {number}", center=inclusive_center)
    client.get(home.url)
    with django_assert_num_queries(few):
        html = client.get(home.url).content.decode()
    assert saved_query_titles(html) == [f"Инклюзивный урок № {number}" for number in (11, 10, 9, 8, 7)]


def test_content_page_body_holds_a_saved_query(client, inclusive_center):
    add_material("Методические рекомендации для тьюторов", center=inclusive_center)
    page = ContentPage(
        title="Материалы центра",
        slug="center-materials",
        body=[],
    )
    inclusive_center.add_child(instance=page)
    block = page.body.stream_block.child_blocks["saved_query"]
    page.body = [
        (
            "saved_query",
            block.to_python(
                {
                    "heading": "Наши материалы",
                    "page_type": "material",
                    "direction": Direction.objects.get(slug="inclusive").pk,
                    "limit": 2,
                }
            ),
        )
    ]
    page.save_revision().publish()
    titles = saved_query_titles(client.get(page.url).content.decode(), heading="Наши материалы")
    assert titles[0] == "Методические рекомендации для тьюторов"
    assert len(titles) == 2
