"""A coordinator edits their center and submits it; a moderator approves; the coordinator cannot edit another center."""

from django.contrib.auth.models import Group
from django.urls import reverse

from centers.models import CenterPage
from centers.roles.provisioning import MODERATORS_GROUP, WORKFLOW_NAME, coordinators_group

from .actions import follow, log_in_to_admin

PASSWORD = "Журнал-проверки-2026"
NEW_DESCRIPTION = (
    "Сопровождаем педагогов города: консультации по АООП каждый вторник, стажировки для тьюторов."
)
PERMISSION_DENIED = "Извините, но у вас нет доступа в эту область."


def with_known_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def open_more_actions(page):
    page.get_by_role("button", name="Больше действий").click()


def public_lead(page, server_url, center):
    page.goto(server_url + center.url)
    return page.locator("main .lead").first.inner_text()


def test_coordinator_change_goes_public_only_after_moderator_approves_it(
    demo_server, browser, browser_page, screenshot
):
    center, other_center = CenterPage.objects.live().order_by("path")[:2]
    coordinator = with_known_password(coordinators_group(center).user_set.order_by("pk").first())
    moderator = with_known_password(Group.objects.get(name=MODERATORS_GROUP).user_set.order_by("pk").first())
    old_description = center.short_description
    visitor = browser_page
    assert public_lead(visitor, demo_server.url, center) == old_description

    editor = log_in_to_admin(browser, demo_server.url, coordinator, PASSWORD)
    editor.goto(demo_server.url + edit_url(center))
    description = editor.get_by_role("textbox", name="Краткое описание")
    assert description.input_value() == old_description
    description.fill(NEW_DESCRIPTION)
    open_more_actions(editor)
    follow(editor, editor.get_by_role("button", name=f'Отправить в "{WORKFLOW_NAME}"'))
    assert (
        f"Страница '{center.title}' была отправлена на модерацию" in editor.locator(".messages").inner_text()
    )
    screenshot(editor, "submitted")

    assert public_lead(visitor, demo_server.url, center) == old_description  # not public before approval
    waiting = CenterPage.objects.get(pk=center.pk)
    assert waiting.workflow_in_progress and waiting.short_description == old_description

    reviewer = log_in_to_admin(browser, demo_server.url, moderator, PASSWORD)
    reviewer.goto(demo_server.url + reverse("wagtailadmin_home"))
    awaiting = reviewer.locator(f'main a[href="{edit_url(center)}"]', has_text=center.title)
    follow(reviewer, awaiting.first)  # the dashboard lists the page awaiting this moderator's review
    assert reviewer.get_by_role("textbox", name="Краткое описание").input_value() == NEW_DESCRIPTION
    open_more_actions(reviewer)
    follow(reviewer, reviewer.get_by_role("button", name="Одобрить и Опубликовать", exact=True))
    assert f"Страница '{center.title}' обновлена." in reviewer.locator(".messages").inner_text()
    approved = CenterPage.objects.get(pk=center.pk)
    assert not approved.workflow_in_progress and approved.short_description == NEW_DESCRIPTION
    screenshot(reviewer, "approved")

    assert public_lead(visitor, demo_server.url, center) == NEW_DESCRIPTION
    screenshot(visitor, "public")

    editor.goto(demo_server.url + edit_url(other_center))
    assert editor.url == demo_server.url + reverse("wagtailadmin_home")
    assert PERMISSION_DENIED in editor.locator(".messages").inner_text()
    assert editor.get_by_role("textbox", name="Краткое описание").count() == 0
    screenshot(editor, "refused")
    editor.context.close()
    reviewer.context.close()
