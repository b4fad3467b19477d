"""Piloting projects and communities in the library, and keywords: links on the page, a facet, the editor's
autocomplete from keywords already used."""

import re
import uuid
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model

from centers.models import (
    CenterPage,
    CommunityIndexPage,
    CommunityPage,
    LibraryPage,
    PracticeIndexPage,
    PracticePage,
    ProjectPage,
    Subject,
)

from .search_fixtures import add_material

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryPage.objects.get()


def results(response):
    return re.findall(r'class="result__title"><a [^>]*>([^<]*)</a>', response.content.decode())


def facet_links(response, facet):
    html = response.content.decode()
    return re.findall(rf'<a href="([^"]+)"[^>]*data-facet="{facet}" data-count="(\d+)">([^<]+)</a>', html)


def publish(parent, page):
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_project(title):
    center = CenterPage.objects.order_by("pk").first()
    return publish(
        center,
        ProjectPage(
            title=title,
            slug=f"p-{uuid.uuid4().hex[:8]}",
            technology="Цифровая лаборатория",
            summary="Апробация цифровых лабораторий на уроках.",
        ),
    )


def add_community(title, home):
    return publish(
        CommunityIndexPage.objects.child_of(home).get(),
        CommunityPage(
            title=title,
            slug=f"c-{uuid.uuid4().hex[:8]}",
            subject=Subject.objects.first(),
            description="Учителя города обмениваются опытом.",
            leader_name="Петрова А. А.",
        ),
    )


def add_practice(title, keywords=()):
    index = PracticeIndexPage.objects.order_by("pk").first()
    practice = PracticePage(
        title=title,
        slug=f"pr-{uuid.uuid4().hex[:8]}",
        problem="<p>Проблема</p>",
        idea="<p>Идея</p>",
        method="<p>Метод</p>",
        results="<p>Результаты</p>",
    )
    practice.keywords.add(*keywords)
    return publish(index, practice)


def test_a_piloting_project_is_found_by_its_title_words_under_its_own_type(client, library):
    add_project("Апробация робототехнических конструкторов в начальной школе")
    response = client.get(library.url, {"q": "робототехнических конструкторов"})
    assert "Апробация робототехнических конструкторов в начальной школе" in results(response)
    assert any(label == "Проект апробации" for _, _, label in facet_links(response, "type"))
    only_projects = client.get(library.url, {"q": "конструкторы", "type": "project"})
    assert results(only_projects) == ["Апробация робототехнических конструкторов в начальной школе"]


def test_a_community_is_found_by_its_title_words_under_its_own_type(client, library, home):
    add_community("Городское сообщество учителей астрономии", home)
    response = client.get(library.url, {"q": "сообщество астрономии", "type": "community"})
    assert results(response) == ["Городское сообщество учителей астрономии"]
    assert ("Сообщество ✕", "1") in [(label, count) for _, count, label in facet_links(response, "type")]


def test_material_keywords_link_to_the_library_which_filters_by_them(client, library):
    material = add_material("Игры на развитие речи")
    material.keywords.add("логопедия")
    material.save_revision().publish()
    add_material("Речевые игры без ключевых слов")
    html = client.get(material.url).content.decode()
    link = f'href="{library.url}?keyword={quote("логопедия")}">логопедия</a>'
    assert link in html
    filtered = client.get(library.url, {"keyword": "логопедия"})
    assert results(filtered) == ["Игры на развитие речи"]
    keyword_facet = facet_links(client.get(library.url, {"q": "игры"}), "keyword")
    assert ("1", "логопедия") in [(count, label) for _, count, label in keyword_facet]


def test_practice_keywords_are_links_and_a_facet_shared_with_materials(client, library):
    add_practice("Квест по родному краю", keywords=["краеведение"])
    material = add_material("Краеведческий маршрут по городу")
    material.keywords.add("краеведение")
    material.save_revision().publish()
    practice = PracticePage.objects.get(title="Квест по родному краю")
    assert f'?keyword={quote("краеведение")}">краеведение</a>' in client.get(practice.url).content.decode()
    response = client.get(library.url, {"keyword": "краеведение"})
    assert sorted(results(response)) == ["Квест по родному краю", "Краеведческий маршрут по городу"]
    counts = {label: count for _, count, label in facet_links(response, "type")}
    assert counts == {"Материал": "1", "Практика": "1"}


def test_the_editor_is_offered_keywords_already_used(client):
    material = add_material("Нейропсихологические упражнения")
    material.keywords.add("нейропсихология")
    material.save_revision().publish()
    client.force_login(get_user_model().objects.get(username="admin"))
    practice = add_practice("Кинезиологические игры")
    edit_page = client.get(f"/admin/pages/{practice.pk}/edit/").content.decode()
    assert "id_keywords" in edit_page and "/admin/tag-autocomplete/" in edit_page
    offered = client.get("/admin/tag-autocomplete/", {"term": "нейро"}).json()
    assert "нейропсихология" in str(offered)


def test_an_unknown_or_overlong_keyword_is_not_applied(client, library):
    add_material("Игры на развитие речи")
    plain = results(client.get(library.url, {"q": "игры"}))
    for keyword in ("нет-такого", "нет-такого" * 20):
        response = client.get(library.url, {"q": "игры", "keyword": keyword})
        assert response.status_code == 200
        assert results(response) == plain


def test_plans_and_results_sharing_a_title_are_told_apart_by_their_center(client, library):
    first, second = CenterPage.objects.order_by("pk")[:2]
    for center in (first, second):
        add_practice_under(center, "Читательская грамотность: марафон")
    shared = results(client.get(library.url, {"q": "читательская грамотность марафон"}))
    assert sorted(shared) == sorted(f"Читательская грамотность: марафон — {c.title}" for c in (first, second))
    plans = results(client.get(library.url, {"type": "plan"}))
    assert plans and len(set(plans)) == len(plans), "no two plans read alike"
    assert all(title.startswith("План работы — ") for title in plans)
    html = client.get(library.url, {"type": "plan"}).content.decode()
    assert re.search(r"result__meta\">.*?· \d{4}/\d{4}", html, re.S), "a plan names its latest academic year"


def add_practice_under(center, title):
    index = PracticeIndexPage.objects.child_of(center).first()
    practice = PracticePage(
        title=title,
        slug=f"pr-{uuid.uuid4().hex[:8]}",
        problem="<p>Проблема</p>",
        idea="<p>Идея</p>",
        method="<p>Метод</p>",
        results="<p>Результаты</p>",
    )
    return publish(index, practice)


def test_a_material_page_offers_a_few_materials_sharing_its_subject(client):
    subject = Subject.objects.create(name="Астрономия (похожие)", slug="astronomy-related")
    other = Subject.objects.create(name="Черчение (похожие)", slug="drawing-related")
    shown = add_material("Звёздное небо: наблюдения", subjects=[subject])
    kin = [add_material(f"Планеты: урок {n}", subjects=[subject]) for n in range(5)]
    stranger = add_material("Чертёж детали", subjects=[other])
    html = client.get(shown.url).content.decode()
    related = html[html.index('id="related-heading"') :]
    assert sum(material.title in related for material in kin) == 4, "a few, not all"
    assert stranger.title not in related and "Звёздное небо" not in related
