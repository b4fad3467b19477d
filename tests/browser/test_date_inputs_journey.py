"""Every date and time field of the department's and a coordinator's forms shows its value in the browser and saves.

A native <input type="date"> takes only YYYY-MM-DD: a localized value leaves it empty on screen and makes a required
date look missing. Each form is opened as its user would, submitted unchanged (and, for the department's forms, with
a date changed), opened again and read back from the database."""

import datetime
import re

from django.contrib.auth.models import Group
from django.db.models import Max
from django.urls import reverse

from centers.council.models import CouncilMeeting
from centers.lifecycle.admin_views import default_order_dates
from centers.lifecycle.models import Application, ApprovalOrder
from centers.models import CenterPage, EventPage, NewsPage, Organization
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


def test_the_council_meeting_keeps_its_date_saved_unchanged_and_saves_a_new_one(demo_server, browser):
    moderator = with_known_password(Group.objects.get(name=MODERATORS_GROUP).user_set.order_by("pk").first())
    meeting = CouncilMeeting.objects.order_by("pk").first()
    moved = meeting.date + datetime.timedelta(days=1)
    url = demo_server.url + reverse("centers_council:meeting_detail", args=[meeting.pk])
    admin = log_in_to_admin(browser, demo_server.url, moderator, PASSWORD)
    try:
        for day in (meeting.date, moved):  # saved as shown, then with the date the moderator types
            admin.goto(url)
            form = admin.locator("form:has(#id_date)")
            assert native_dates(admin, form) == {"date": [meeting.date.isoformat(), True]}
            if day != meeting.date:
                form.locator("#id_date").fill(day.isoformat())
            follow(admin, form.get_by_role("button", name="Сохранить"))
            assert "Заседание сохранено." in admin.locator(".messages").inner_text()
            admin.goto(url)  # opened again
            shown = native_dates(admin, admin.locator("form:has(#id_date)"))
            assert shown == {"date": [day.isoformat(), True]}
            assert day.strftime("%d.%m.%Y") in admin.title()
            assert CouncilMeeting.objects.get(pk=meeting.pk).date == day
    finally:
        CouncilMeeting.objects.filter(pk=meeting.pk).update(date=meeting.date)


def application_to_decide():
    """A new center's application under review, like the demo's, from an organization the demo does not have."""
    application = Application.objects.filter(status=Application.Status.UNDER_REVIEW).order_by("pk").first()
    application.pk = None
    application.number = Application.objects.filter(year=application.year).aggregate(n=Max("number"))["n"] + 1
    application.organization = None
    application.organization_short_name = "Гимназия № 99"
    application.organization_full_name = "МАОУ «Гимназия № 99»"
    application.contact_email = "zayavka@gymnasium99.example.ru"
    application.save()
    return application


def forget_the_decision(application):
    """Takes the approved application and the center it opened out of the demo the other journeys share."""
    application.refresh_from_db()
    center = application.center
    application.delete()
    if center is not None:
        ApprovalOrder.objects.filter(center=center).delete()
        group, collection = coordinators_group(center), center.collection
        center.delete()
        group.delete()
        collection.delete()
    Organization.objects.filter(short_name=application.organization_short_name).delete()


def test_the_order_dates_of_an_approval_are_kept_when_unchanged_and_saved_when_changed(demo_server, browser):
    moderator = with_known_password(Group.objects.get(name=MODERATORS_GROUP).user_set.order_by("pk").first())
    admin = log_in_to_admin(browser, demo_server.url, moderator, PASSWORD)
    expected = {name: [day.isoformat(), True] for name, day in default_order_dates().items()}
    center = CenterPage.objects.live().order_by("path").first()
    admin.goto(demo_server.url + reverse("centers_lifecycle:center_order", args=[center.pk]))
    assert native_dates(admin, admin.locator("form:has(#id_term_end)")) == expected

    application = application_to_decide()
    try:
        url = demo_server.url + reverse("centers_lifecycle:application_detail", args=[application.pk])
        admin.goto(url)
        approve = admin.locator(
            f'form[action="{reverse("centers_lifecycle:application_approve", args=[application.pk])}"]'
        )
        assert native_dates(admin, approve) == expected
        # The order's date and the term's start go as pre-filled; the term is made a year shorter.
        dates = default_order_dates()
        term_end = dates["term_end"].replace(year=dates["term_end"].year - 1)
        approve.get_by_label("Номер приказа").fill("99-од")
        approve.get_by_label("Окончание срока").fill(term_end.isoformat())
        follow(admin, approve.get_by_role("button", name="Одобрить"))
        assert "Заявка одобрена." in admin.locator(".messages").inner_text()

        admin.goto(url)  # opened again
        shown = " ".join(admin.locator("dd", has_text="Приказ № 99-од").inner_text().split())
        order = ApprovalOrder.objects.get(application=application)
        saved = (dates["date"], dates["term_start"], term_end)
        assert (order.date, order.term_start, order.term_end) == saved
        assert shown.startswith(
            f"Приказ № 99-од от {dates['date']:%d.%m.%Y}; {dates['term_start']:%d.%m.%Y} — {term_end:%d.%m.%Y}"
        )
        center = CenterPage.objects.get(pk=order.center_id)
        assert (center.order_date, center.term_start, center.term_end) == saved
    finally:
        forget_the_decision(application)


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
