"""Every date and time field of the department's and a coordinator's forms shows its value in the browser and saves.

A native <input type="date"> takes only YYYY-MM-DD: a localized value leaves it empty on screen and makes a required
date look missing. Each form is opened as its user would, submitted unchanged where that only saves it again, and
read back."""

import re

from django.contrib.auth.models import Group
from django.urls import reverse

from centers.council.models import CouncilMeeting
from centers.lifecycle.admin_views import default_order_dates
from centers.lifecycle.models import Application
from centers.models import CenterPage, EventPage, NewsPage
from centers.roles.provisioning import MODERATORS_GROUP, coordinators_group

from .actions import follow, log_in_to_admin
from .test_moderation_journey import with_known_password

PASSWORD = "Журнал-проверки-2026"
SAVE_DRAFT = "Сохранить черновик"


def native_dates(page, form):
    """{name: (value, valid)} of the form's native date inputs, as the browser holds them."""
    return form.evaluate(
        """form => Object.fromEntries([...form.querySelectorAll('input[type=date]')]
            .map(input => [input.name, [input.value, input.validity.valid]]))"""
    )


def wagtail_date_values(page):
    """{id: value} of every date, time and datetime field of a Wagtail editor (its widgets name their inputs)."""
    ids = re.findall(r'init(?:Date|DateTime|Time)Chooser\("([^"]+)"', page.content())
    ids = [id_ for id_ in ids if "__prefix__" not in id_]  # the templates of inline forms not yet added
    return {id_: page.locator(f"#{id_}").input_value() for id_ in ids}


def test_the_council_meeting_and_the_order_forms_show_their_dates_and_the_meeting_saves(demo_server, browser):
    moderator = with_known_password(Group.objects.get(name=MODERATORS_GROUP).user_set.order_by("pk").first())
    meeting = CouncilMeeting.objects.order_by("pk").first()
    admin = log_in_to_admin(browser, demo_server.url, moderator, PASSWORD)

    admin.goto(demo_server.url + reverse("centers_council:meeting_detail", args=[meeting.pk]))
    form = admin.locator("form:has(#id_date)")
    assert native_dates(admin, form) == {"date": [meeting.date.isoformat(), True]}
    follow(admin, form.get_by_role("button", name="Сохранить"))
    assert "Заседание сохранено." in admin.locator(".messages").inner_text()
    assert admin.locator("#id_date").input_value() == meeting.date.isoformat()
    assert CouncilMeeting.objects.get(pk=meeting.pk).date == meeting.date

    # The order's dates come pre-filled; they are shown (and valid) without being submitted: approving or
    # registering an order would change the demo's centers for the other journeys.
    expected = {name: [day.isoformat(), True] for name, day in default_order_dates().items()}
    center = CenterPage.objects.live().order_by("path").first()
    admin.goto(demo_server.url + reverse("centers_lifecycle:center_order", args=[center.pk]))
    assert native_dates(admin, admin.locator("form:has(#id_term_end)")) == expected
    application = Application.objects.filter(status__in=["submitted", "under_review"]).order_by("pk").first()
    if application is not None:
        admin.goto(demo_server.url + reverse("centers_lifecycle:application_detail", args=[application.pk]))
        approve = admin.locator(
            f'form[action="{reverse("centers_lifecycle:application_approve", args=[application.pk])}"]'
        )
        assert native_dates(admin, approve) == expected


def test_a_coordinators_event_and_news_keep_their_dates_when_saved_unchanged(demo_server, browser):
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    coordinator = with_known_password(coordinators_group(center).user_set.order_by("pk").first())
    editor = log_in_to_admin(browser, demo_server.url, coordinator, PASSWORD)
    event = EventPage.objects.live().descendant_of(center).order_by("pk").first()
    news = NewsPage.objects.live().descendant_of(center).order_by("pk").first()
    for page, filled in ((event, ["id_start", "id_end"]), (news, ["id_date"])):
        stored = type(page).objects.get(pk=page.pk)
        editor.goto(demo_server.url + reverse("wagtailadmin_pages:edit", args=[page.pk]))
        shown = wagtail_date_values(editor)
        assert all(shown.get(id_) for id_ in filled), (page.title, shown)
        follow(editor, editor.get_by_role("button", name=SAVE_DRAFT, exact=True))
        assert f"Страница '{page.title}' обновлена." in editor.locator(".messages").inner_text()
        assert wagtail_date_values(editor) == shown
        saved = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
        for field in ("start", "end", "date"):
            if hasattr(stored, field):
                assert getattr(saved, field) == getattr(stored, field), (page.title, field)
