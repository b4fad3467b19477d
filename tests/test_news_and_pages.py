import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from centers.models import (
    CenterIndexPage,
    CenterPage,
    CommunityIndexPage,
    CommunityPage,
    ContentPage,
    MaterialIndexPage,
    MaterialPage,
    NewsIndexPage,
    NewsPage,
    PlanPage,
    ProjectPage,
)
from portal.models import HomePage

from .bulk_pages import bulk_add_children

pytestmark = pytest.mark.django_db

# Where each page type of the center's content may be added; every other parent in the demo tree is refused.
ALLOWED_PARENTS = {
    MaterialIndexPage: {CenterPage},
    MaterialPage: {MaterialIndexPage},
    NewsIndexPage: {CenterPage},
    NewsPage: {NewsIndexPage},
    ProjectPage: {CenterPage},
    ContentPage: {CenterPage, ContentPage},
    CommunityIndexPage: {HomePage},
    CommunityPage: {CommunityIndexPage},
}


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("root-test", "root@example.ru", "x-unused-password-1")
    client.force_login(user)
    return client


@pytest.fixture
def center():
    return CenterPage.objects.get(slug="literacy-lyceum1")


def demo_parents():
    center = CenterPage.objects.get(slug="literacy-lyceum1")
    return [
        Page.get_first_root_node(),
        HomePage.objects.get(),
        CenterIndexPage.objects.get(),
        center,
        MaterialIndexPage.objects.child_of(center).get(),
        NewsIndexPage.objects.child_of(center).get(),
        ContentPage.objects.child_of(center).get(),
        CommunityIndexPage.objects.get(),
    ]


@pytest.mark.parametrize("page_type", list(ALLOWED_PARENTS), ids=lambda model: model.__name__)
def test_admin_offers_each_content_page_type_only_under_its_allowed_parents(superuser_client, page_type):
    opts = page_type._meta
    offered = set()
    for parent in demo_parents():
        response = superuser_client.get(f"/admin/pages/add/{opts.app_label}/{opts.model_name}/{parent.pk}/")
        if response.status_code == 200:
            offered.add(parent.specific_class)
        else:
            assert response.status_code in (302, 403), (page_type, parent)
    expected = {
        parent.specific_class
        for parent in demo_parents()
        if parent.specific_class in ALLOWED_PARENTS[page_type] and page_type.can_create_at(parent)
    }
    assert offered == expected
    if page_type not in (MaterialIndexPage, NewsIndexPage, CommunityIndexPage):
        assert offered, "a page type the tree allows must be creatable somewhere in the demo"


def test_a_center_gets_only_one_materials_section_and_one_news_section(center):
    assert not MaterialIndexPage.can_create_at(center)
    assert not NewsIndexPage.can_create_at(center)
    assert not CommunityIndexPage.can_create_at(HomePage.objects.get())
    assert MaterialIndexPage.section_slug == "materials" and NewsIndexPage.section_slug == "news"


def add_news(index, title, date, live=True):
    page = NewsPage(
        title=title, slug=f"n-{title.lower().replace(' ', '-')}", date=date, lead=f"Лид: {title}", live=live
    )
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def test_news_pages_render_for_visitors_and_are_listed_newest_first_by_date(client, center):
    index = NewsIndexPage.objects.child_of(center).get()
    old = add_news(index, "Old seminar", datetime.date(2020, 3, 1))
    fresh = add_news(index, "Fresh seminar", datetime.date(2031, 1, 10))
    response = client.get(fresh.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fresh seminar" in html and "10 января 2031" in html and center.title in html

    listing = client.get(index.url).content.decode()
    assert (
        listing.index("Fresh seminar")
        < listing.index("Состоялся городской семинар")
        < listing.index("Old seminar")
    )
    assert client.get(old.url).status_code == 200


def test_news_year_filter_narrows_the_list_and_bad_years_are_ignored(client, center):
    index = NewsIndexPage.objects.child_of(center).get()
    add_news(index, "Archive one", datetime.date(2019, 5, 1))
    add_news(index, "Archive two", datetime.date(2019, 9, 1))
    everything = client.get(index.url).context["items_page"].paginator.count
    assert everything == 5
    filtered = client.get(index.url, {"year": "2019"})
    assert filtered.context["items_page"].paginator.count == 2
    assert "Archive one" in filtered.content.decode() and "Состоялся" not in filtered.content.decode()
    for junk in ("1800", "abc", "2019'--", ""):
        response = client.get(index.url, {"year": junk, "page": "zzz"})
        assert response.status_code == 200
        assert response.context["items_page"].paginator.count == everything


def test_draft_news_is_neither_listed_nor_shown_on_the_center_page(client, center):
    index = NewsIndexPage.objects.child_of(center).get()
    add_news(index, "Secret draft", datetime.date(2032, 1, 1), live=False)
    assert "Secret draft" not in client.get(index.url).content.decode()
    assert "Secret draft" not in client.get(center.url).content.decode()


def test_center_page_shows_latest_materials_and_news_with_links_to_sections(client, center):
    html = client.get(center.url).content.decode()
    assert "Новые материалы" in html and "Новости" in html
    latest = MaterialPage.objects.live().filter(center=center).order_by("-first_published_at").first()
    assert latest.title in html
    assert MaterialIndexPage.objects.child_of(center).get().url in html
    assert "Состоялся городской семинар-практикум" in html
    assert "План работы" in html and "Апробация:" in html
    assert f"/feeds/{center.slug}/news/" in html


def test_project_regulation_and_plan_pages_render_their_stages_body_and_items(client, center):
    project = ProjectPage.objects.child_of(center).get()
    html = client.get(project.url).content.decode()
    assert "Подготовительный этап" in html and project.technology in html
    assert center.organization.short_name in html
    regulation = ContentPage.objects.child_of(center).get()
    html = client.get(regulation.url).content.decode()
    assert "Организационно-методическая работа" in html and regulation.title == "Положение о ресурсном центре"
    plan = PlanPage.objects.child_of(center).get()
    html = client.get(plan.url).content.decode()
    assert "План работы на" in html and "учебный год" in html and "Ожидаемый результат" in html


def test_content_pages_know_their_center_even_when_nested_and_after_a_move(center):
    report = ContentPage(
        title="Отчёт за год", slug="year-report"
    )  # "report" is the center's own report section
    center.add_child(instance=report)
    annex = ContentPage(title="Приложение к отчёту", slug="annex")
    report.add_child(instance=annex)
    assert (report.center_id, annex.center_id) == (center.pk, center.pk)
    other = CenterPage.objects.get(slug="stem-poisk")
    report.move(other, pos="last-child")
    assert ContentPage.objects.get(pk=report.pk).center_id == other.pk
    assert ContentPage.objects.get(pk=annex.pk).center_id == other.pk


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_news_index_costs_the_same_queries_with_10_and_1000_news(client, center):
    index = NewsIndexPage.objects.child_of(center).get()
    make = lambda start, count: [  # noqa: E731
        NewsPage(
            title=f"Новость {n}",
            slug=f"bulk-{n}",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            lead="Лид",
            center=center,
        )
        for n in range(start, start + count)
    ]
    bulk_add_children(index, make(0, 7))
    small = queries_for(client, index.url)
    assert client.get(index.url).context["items_page"].paginator.count == 10
    bulk_add_children(index, make(7, 990))
    response = client.get(index.url)
    assert response.context["items_page"].paginator.count == 1000
    assert queries_for(client, index.url) == small
    assert queries_for(client, center.url) == queries_for(client, center.url)
