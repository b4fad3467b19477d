"""The center's work plan (issue 17, item 1): items per academic year, moderated, public by year, linked pages."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils.form_data import querydict_from_html
from wagtailcache.cache import clear_cache

from centers.models import (
    CenterPage,
    EventPage,
    MaterialPage,
    NewsPage,
    PlanItem,
    PlanPage,
    PracticePage,
    ProjectPage,
)
from centers.plans.academic_year import academic_year_of, current_academic_year
from centers.plans.fulfilment import plan_fulfilment

pytestmark = pytest.mark.django_db

OWN, OTHER, ENDED = "inclusive-sosh5", "literacy-lyceum1", "digital-sosh13"


def center(slug):
    return CenterPage.objects.get(slug=slug)


def plan_of(slug):
    return PlanPage.objects.child_of(center(slug)).get()


def logged_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def coordinator_of(slug):
    """The demo numbers its coordinators in the order of its centers."""
    return logged_in(
        f"coordinator{list(CenterPage.objects.order_by('path').values_list('slug', flat=True)).index(slug) + 1}"
    )


def edit_form_data(client, page):
    """What the page editor posts when nothing is changed: the form read from the edit page itself."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for stream in ("body", "description", "program", "materials"):
        data.setdefault(f"{stream}-count", "0")  # StreamField editors are drawn by script; posted empty here
    return data


def add_item(plan, **fields):
    """An item published on the plan directly (as a moderator's approval would)."""
    defaults = {"kind": PlanItem.Kind.SEMINAR, "responsible": "Гарипова Л. Р.", "expected_result": "Итог"}
    item = PlanItem(page=plan, **{**defaults, **fields})
    item.save()
    return item


# The demo --------------------------------------------------------------------------------------------------------


def test_every_active_center_has_a_published_plan_for_this_year_linked_to_its_events_and_materials():
    year = current_academic_year()
    for active in CenterPage.objects.live().exclude(slug=ENDED):
        plan = PlanPage.objects.child_of(active).get()
        assert plan.live and plan.url.endswith(f"/{active.slug}/plan/")
        items = plan.items.filter(academic_year=year)
        assert 6 <= items.count() <= 10, active.slug
        assert MaterialPage.objects.live().filter(plan_item__in=items).exists(), active.slug
    linked_events = EventPage.objects.filter(plan_item__academic_year=year).values_list(
        "host_center__slug", flat=True
    )
    assert len(set(linked_events)) >= 4


def test_the_ended_center_keeps_the_plan_of_its_last_year_and_shows_it_by_default(client):
    ended = center(ENDED)
    last_year = academic_year_of(ended.term_end - datetime.timedelta(days=10))
    assert set(plan_of(ENDED).items.values_list("academic_year", flat=True)) == {last_year}
    html = client.get(plan_of(ENDED).url).content.decode()
    assert f"План работы на {last_year}/{last_year + 1} учебный год" in html


# The public page ---------------------------------------------------------------------------------------------------


def test_the_plan_shows_this_years_items_by_month_from_september(client):
    plan = plan_of(OWN)
    year = current_academic_year()
    add_item(plan, academic_year=year, title="Августовское совещание", month=8)
    add_item(plan, academic_year=year, title="Сентябрьский семинар", start_date=datetime.date(year, 9, 20))
    response = client.get(plan.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"План работы на {year}/{year + 1} учебный год" in html
    assert '<h2 id="plan-month-' in html and f"Сентябрь {year}" in html and f"Август {year + 1}" in html
    assert (
        html.index(f"Сентябрь {year}") < html.index("Сентябрьский семинар") < html.index(f"Август {year + 1}")
    )
    assert html.index("Августовское совещание") > html.index(f"Август {year + 1}")
    assert "В течение года" in html and "20.09." in html
    assert "Ответственный" in html and "Ожидаемый результат" in html


def test_year_selection_shows_that_years_items_and_lists_the_years(client):
    plan = plan_of(OWN)
    year = current_academic_year()
    add_item(plan, academic_year=year - 1, title="Прошлогодний практикум", month=11)
    html = client.get(plan.url, {"year": year - 1}).content.decode()
    assert f"План работы на {year - 1}/{year} учебный год" in html
    assert "Прошлогодний практикум" in html and f"Ноябрь {year - 1}" in html
    assert not any(item.title in html for item in plan.items.filter(academic_year=year))
    assert f'href="?year={year}"' in html and f"{year - 1}/{year}</strong>" in html
    current = client.get(plan.url).content.decode()
    assert "Прошлогодний практикум" not in current and f'href="?year={year - 1}"' in current


@pytest.mark.parametrize(
    "year",
    [
        "abc",
        "2025'--",
        "20 25",
        "２０２５",
        "-2025",
        "1e3",
        "9999",
        "0",
        "2025" * 100,
        "<script>",  # a NUL byte is refused before any view: test_hostile_input_everywhere
    ],
)
def test_a_hostile_year_is_a_russian_400_never_a_500(client, year):
    response = client.get(plan_of(OWN).url, {"year": year})
    assert response.status_code == 400
    html = response.content.decode()
    assert "не учебный год" in html


def test_a_year_without_items_is_a_russian_404_with_the_years_it_has(client):
    response = client.get(plan_of(OWN).url, {"year": "2001"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "нет пунктов на 2001/2002 учебный год" in html
    assert f'href="?year={current_academic_year()}"' in html


# Moderation ----------------------------------------------------------------------------------------------------------


def test_a_coordinators_change_to_the_plan_waits_for_the_moderator(client):
    plan = plan_of(OWN)
    item = plan.items.order_by("sort_order", "pk").first()
    old_title = item.title
    coordinator = coordinator_of(OWN)
    data = edit_form_data(coordinator, plan)
    index = next(key for key, value in data.items() if key.endswith("-id") and value == str(item.pk)).split(
        "-"
    )[1]
    data[f"items-{index}-title"] = "Городской семинар по итогам полугодия"
    data["action-submit"] = "1"
    response = coordinator.post(reverse("wagtailadmin_pages:edit", args=[plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Page.objects.get(pk=plan.pk).workflow_in_progress

    html = client.get(plan.url).content.decode()
    assert old_title in html and "Городской семинар по итогам полугодия" not in html
    assert PlanItem.objects.get(pk=item.pk).title == old_title

    moderator = logged_in("moderator")
    task_state = Page.objects.get(pk=plan.pk).current_workflow_task_state
    moderator.post(reverse("wagtailadmin_pages:workflow_action", args=[plan.pk, "approve", task_state.pk]))
    html = client.get(plan.url).content.decode()
    assert "Городской семинар по итогам полугодия" in html
    assert (
        PlanItem.objects.get(pk=item.pk).title == "Городской семинар по итогам полугодия"
    )  # same item, same links


def test_a_coordinator_cannot_edit_another_centers_plan():
    plan = plan_of(OTHER)
    coordinator = coordinator_of(OWN)
    assert coordinator.get(reverse("wagtailadmin_pages:edit", args=[plan.pk])).status_code in (302, 403)
    response = coordinator.post(
        reverse("wagtailadmin_pages:edit", args=[plan.pk]), {"title": "Чужой план", "action-publish": "1"}
    )
    assert response.status_code in (302, 403)
    assert PlanPage.objects.get(pk=plan.pk).title == "План работы"
    assert plan.get_latest_revision().content["title"] == "План работы"


def test_an_item_with_dates_outside_its_year_is_refused_and_the_plan_kept():
    plan = plan_of(OWN)
    year = current_academic_year()
    coordinator = coordinator_of(OWN)
    data = edit_form_data(coordinator, plan)
    data["items-0-month"] = ""
    data["items-0-start_date"] = f"{year + 1}-09-15"
    data["action-submit"] = "1"
    response = coordinator.post(reverse("wagtailadmin_pages:edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert f"должны приходиться на {year}/{year + 1} учебный год" in response.content.decode()
    assert not Page.objects.get(pk=plan.pk).workflow_in_progress


# Linking pages to items --------------------------------------------------------------------------------------------


def test_the_chooser_offers_only_the_same_centers_published_items_and_refuses_another():
    event = EventPage.objects.filter(host_center__slug=OWN).order_by("pk").first()
    own_items = PlanItem.objects.filter(page__center__slug=OWN)
    other_item = PlanItem.objects.filter(page__center__slug=OTHER).first()
    coordinator = coordinator_of(OWN)
    html = coordinator.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    year = current_academic_year()
    first = own_items.filter(academic_year=year).first()
    assert f"{year}/{year + 1} · {first.when} · {first.title}" in html
    assert other_item.title not in html

    data = edit_form_data(coordinator, event)
    data["plan_item"] = str(other_item.pk)
    response = coordinator.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), data)
    assert response.status_code == 200 and "Выберите корректный вариант" in response.content.decode()
    assert EventPage.objects.get(pk=event.pk).plan_item_id != other_item.pk


def test_a_new_page_under_a_center_is_offered_that_centers_items():
    index = NewsPage.objects.live().filter(center__slug=OWN).first().get_parent()
    html = (
        coordinator_of(OWN)
        .get(reverse("wagtailadmin_pages:add", args=["centers", "newspage", index.pk]))
        .content.decode()
    )
    own = PlanItem.objects.filter(page__center__slug=OWN).first()
    other = PlanItem.objects.filter(page__center__slug=OTHER).first()
    assert own.title in html and other.title not in html


def test_items_of_an_unpublished_plan_are_not_offered():
    plan = plan_of(OWN)
    plan.unpublish()
    event = EventPage.objects.filter(host_center__slug=OWN).order_by("pk").first()
    item = PlanItem.objects.filter(page=plan).exclude(linked_events=event).first()
    assert item is not None
    html = coordinator_of(OWN).get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert item.title not in html


# Fulfilment ----------------------------------------------------------------------------------------------------------


def test_fulfilment_lists_the_live_pages_linked_to_each_item_in_the_plans_order():
    own = center(OWN)
    year = current_academic_year()
    for model in (EventPage, MaterialPage, PracticePage, ProjectPage, NewsPage):
        model.objects.filter(plan_item__page__center=own).update(plan_item=None)
    items = list(PlanItem.objects.filter(page__center=own, academic_year=year).order_by("sort_order", "pk"))
    event = EventPage.objects.live().filter(host_center=own).order_by("start").first()
    news = NewsPage.objects.live().filter(center=own).order_by("date").first()
    materials = MaterialPage.objects.live().filter(center=own).order_by("pk")
    EventPage.objects.filter(pk=event.pk).update(plan_item=items[0])
    NewsPage.objects.filter(pk=news.pk).update(plan_item=items[0])
    MaterialPage.objects.filter(pk=materials[0].pk).update(plan_item=items[1])
    unpublished = materials[1]
    MaterialPage.objects.filter(pk=unpublished.pk).update(plan_item=items[2])
    unpublished.unpublish()
    add_item(PlanPage.objects.child_of(own).get(), academic_year=year - 1, title="Прошлый год")

    fulfilment = plan_fulfilment(own, year)

    assert [item for item, _pages in fulfilment] == items
    assert [len(pages) for _item, pages in fulfilment] == [2, 1] + [0] * (len(items) - 2)
    first = fulfilment[0][1]
    expected = sorted(
        [(event.pk, timezone.localdate(event.start)), (news.pk, news.date)],
        key=lambda pair: (pair[1], pair[0]),
    )
    assert [(entry.page.pk, entry.date) for entry in first] == expected
    assert fulfilment[1][1][0].page.pk == materials[0].pk
    assert plan_fulfilment(center(OTHER), year) != [] and plan_fulfilment(own, 2001) == []


def test_the_demo_plan_is_fulfilled_by_the_centers_events():
    own = center(OWN)
    fulfilment = plan_fulfilment(own, current_academic_year())
    fulfilled = {entry.page.pk for _item, pages in fulfilment for entry in pages}
    in_year = [
        event.pk
        for event in EventPage.objects.live().filter(host_center=own)
        if academic_year_of(timezone.localdate(event.start)) == current_academic_year()
    ]
    assert set(in_year) <= fulfilled


# Search --------------------------------------------------------------------------------------------------------------


def test_the_library_finds_a_plan_by_the_text_of_its_items(client):
    plan = plan_of(OWN)
    add_item(plan, academic_year=current_academic_year(), title="Квест по нейропсихологии", month=12)
    plan.save_revision().publish()
    html = client.get("/library/", {"q": "нейропсихологии"}).content.decode()
    assert plan.url in html


def test_the_public_plan_shows_what_fulfilled_each_item_and_hides_private_pages(client):
    plan = plan_of(OWN)
    item = plan.items.filter(academic_year=current_academic_year(), kind=PlanItem.Kind.CONSULTATIONS).get()
    news = NewsPage.objects.live().filter(center__slug=OWN).order_by("-date")
    shown, private = news[0], news[1]
    NewsPage.objects.filter(pk__in=[shown.pk, private.pk]).update(plan_item=item)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(plan.url).content.decode()
    card = html[html.index(f'id="plan-item-{item.pk}"') :]
    card = card[: card.index("</li>\n")]
    assert "Выполнение" in card and shown.url in card and shown.date.strftime("%d.%m.%Y") in card
    assert private.url not in card


def test_linking_an_event_shows_on_the_cached_plan_at_once(
    settings, client, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_CACHE = True
    settings.WAGTAIL_CACHE_KEYRING = True
    clear_cache()
    plan = plan_of(OWN)
    item = plan.items.get(academic_year=current_academic_year(), kind=PlanItem.Kind.INFORMING)
    event = EventPage.objects.live().filter(host_center__slug=OWN).order_by("pk").first()
    Client().get(plan.url)
    assert Client().get(plan.url)["X-Wagtail-Cache"] == "hit"
    event.plan_item = item
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    response = Client().get(plan.url)
    html = response.content.decode()
    assert response["X-Wagtail-Cache"] == "miss"
    assert event.url in html[html.index(f'id="plan-item-{item.pk}"') :]
    clear_cache()
