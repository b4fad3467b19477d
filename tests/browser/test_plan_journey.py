"""A coordinator links an event to an item of the center's plan; once a moderator approves, the plan and the report
show it, and once the meeting is held and attendance marked, the report counts those who came."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from centers.models import (
    CenterPage,
    EventOccurrence,
    EventPage,
    PlanItem,
    PlanPage,
    Registration,
    ReportPage,
)
from centers.plans.academic_year import current_academic_year
from centers.plans.fulfilment import plan_fulfilment
from centers.reports.numbers import center_numbers
from centers.roles.provisioning import MODERATORS_GROUP, WORKFLOW_NAME, coordinators_group

from .actions import follow, log_in_to_admin

PASSWORD = "План-и-факт-2026"


def with_known_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def open_more_actions(page):
    page.get_by_role("button", name="Больше действий").click()


def item_card(page, server_url, plan, item):
    page.goto(server_url + plan.url)
    return page.locator(f"#plan-item-{item.pk}")


def test_coordinator_links_an_event_to_the_plan_and_the_plan_shows_it_after_approval(
    demo_server, browser, browser_page, screenshot
):
    center = CenterPage.objects.get(slug="stem-poisk")
    plan = PlanPage.objects.child_of(center).get()
    year = current_academic_year()
    item = plan.items.get(academic_year=year, kind=PlanItem.Kind.INFORMING)
    registration = (
        Registration.objects.filter(
            occurrence__event__host_center=center, status=Registration.Status.CONFIRMED, attended=None
        )
        .exclude(occurrence__event__plan_item=item)
        .select_related("occurrence")
        .order_by("occurrence__start", "pk")
        .first()
    )
    event = EventPage.objects.get(pk=registration.occurrence.event_id)
    coordinator = with_known_password(coordinators_group(center).user_set.order_by("pk").first())
    moderator = with_known_password(Group.objects.get(name=MODERATORS_GROUP).user_set.order_by("pk").first())
    visitor = browser_page
    assert event.title not in item_card(visitor, demo_server.url, plan, item).inner_text()

    editor = log_in_to_admin(browser, demo_server.url, coordinator, PASSWORD)
    editor.goto(demo_server.url + edit_url(event))
    chooser = editor.get_by_role("combobox", name="Пункт плана, который выполняет страница")
    offered = chooser.locator("option").all_inner_texts()
    assert item.choice_label() in offered
    assert all(
        text.startswith(f"{year}/") or text.startswith(f"{year - 1}/") or "---" in text for text in offered
    )
    chooser.select_option(label=item.choice_label())
    chooser.scroll_into_view_if_needed()
    screenshot(editor, "chosen")
    open_more_actions(editor)
    follow(editor, editor.get_by_role("button", name=f'Отправить в "{WORKFLOW_NAME}"'))
    assert "была отправлена на модерацию" in editor.locator(".messages").inner_text()
    assert (
        event.title not in item_card(visitor, demo_server.url, plan, item).inner_text()
    )  # not before approval

    reviewer = log_in_to_admin(browser, demo_server.url, moderator, PASSWORD)
    reviewer.goto(demo_server.url + edit_url(event))
    open_more_actions(reviewer)
    follow(reviewer, reviewer.get_by_role("button", name="Одобрить и Опубликовать", exact=True))
    assert EventPage.objects.get(pk=event.pk).plan_item_id == item.pk

    card = item_card(visitor, demo_server.url, plan, item)
    assert "Выполнение" in card.inner_text() and event.title in card.inner_text()
    screenshot(visitor, "plan")
    fulfilled = dict(plan_fulfilment(center, year))[PlanItem.objects.get(pk=item.pk)]
    assert event.pk in [entry.page.pk for entry in fulfilled]

    narrow = browser.new_context(locale="ru-RU", viewport={"width": 320, "height": 800}).new_page()
    narrow.goto(demo_server.url + plan.url)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(narrow, "320px")
    follow(visitor, visitor.locator(f"#plan-item-{item.pk} a", has_text=event.title))
    assert visitor.url == demo_server.url + event.url

    report = ReportPage.objects.child_of(center).get()
    visitor.goto(demo_server.url + report.url)
    assert event.title in visitor.locator("section", has=visitor.locator("#plan-heading")).inner_text()
    screenshot(visitor, "report")

    # The meeting is held (two days ago, in the same academic year) and the coordinator marks who came.
    held = timezone.now() - datetime.timedelta(days=2)
    EventOccurrence.objects.filter(pk=registration.occurrence_id).update(
        start=held, end=held + datetime.timedelta(hours=2)
    )
    attended_before = center_numbers(center, year).attended
    participants = reverse("centers_events:participants", args=[event.pk])
    editor.goto(f"{demo_server.url}{participants}?occurrence={registration.occurrence_id}")
    editor.locator(f'input[name="attended"][value="{registration.pk}"]').check()
    follow(editor, editor.get_by_role("button", name="Сохранить отметки о присутствии"))
    assert center_numbers(center, year).attended == attended_before + 1
    editor.goto(demo_server.url + reverse("centers_reports:center_report", args=[center.pk]))
    figures = editor.locator("tr", has=editor.locator("th", has_text="Участников присутствовало"))
    assert figures.locator("td").inner_text().strip() == str(attended_before + 1)
    screenshot(editor, "report-after-the-meeting")
    for page in (editor, reviewer, narrow):
        page.context.close()
