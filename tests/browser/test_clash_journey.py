"""Issue 30, item 6: a coordinator schedules a meeting at the hour of another center's seminar for the same grades,
sees the warning before and after saving, moves it, and the warning goes."""

import datetime

from django.urls import reverse
from django.utils import timezone

from centers.models import EventPage
from centers.roles.provisioning import coordinators_group

from .actions import follow, log_in_to_admin

PASSWORD = "Пересечение-2026"


def set_moment(editor, field, moment):
    box = editor.locator(f"#id_{field}")
    box.fill(moment.strftime("%d.%m.%Y %H:%M"))
    box.dispatch_event("change")


def test_coordinator_sees_a_clash_moves_the_meeting_and_the_warning_goes(demo_server, browser, screenshot):
    other = EventPage.objects.get(slug="practicum-reading")  # the literacy center's practicum, 5-9 grades
    event = EventPage.objects.get(slug="master-class-robotics")  # the STEM center's, for the same grades
    coordinator = coordinators_group(event.host_center).user_set.order_by("pk").first()
    coordinator.set_password(PASSWORD)
    coordinator.save()
    editor = log_in_to_admin(browser, demo_server.url, coordinator, PASSWORD)
    editor.goto(demo_server.url + reverse("wagtailadmin_pages:edit", args=[event.pk]))
    warning = editor.locator(".centers-clashes__found")
    assert warning.is_hidden()

    start = timezone.localtime(other.start)
    editor.locator("#id_registration_deadline").fill("")  # it would fall after the earlier start
    set_moment(editor, "start", start)
    set_moment(editor, "end", start + datetime.timedelta(hours=2))
    warning.wait_for(state="visible")  # before saving
    assert other.title in warning.inner_text()
    screenshot(editor, "warned-before-saving")

    follow(editor, editor.get_by_role("button", name="Сохранить черновик"))
    assert "пересекается" in editor.locator(".messages").inner_text()  # warned, not refused
    assert other.title in editor.locator(".centers-clashes__found").inner_text()
    screenshot(editor, "warned-after-saving")

    moved = start + datetime.timedelta(days=1)
    set_moment(editor, "start", moved)
    set_moment(editor, "end", moved + datetime.timedelta(hours=2))
    editor.locator(".centers-clashes__none").wait_for(state="visible")
    follow(editor, editor.get_by_role("button", name="Сохранить черновик"))
    assert "пересекается" not in editor.locator(".messages").inner_text()
    assert editor.locator(".centers-clashes__found").is_hidden()
    screenshot(editor, "moved")
    editor.context.close()
    # The demo event's next draft is its live content again: the journeys after this one publish it.
    EventPage.objects.get(pk=event.pk).live_revision.as_object().save_revision(user=coordinator, clean=False)
