"""The department's moderation of center pages, through the admin: drafts, submission, approval, rejection, mail."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from centers.models import CenterPage
from centers.roles.provisioning import MODERATORS_GROUP, WORKFLOW_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def center_a():
    return CenterPage.objects.get(slug="inclusive-sosh5")


@pytest.fixture
def news(center_a, monkeypatch):
    """A published plain page in center A, standing in for the content pages other capabilities add."""
    monkeypatch.setattr(Page, "is_creatable", True)
    monkeypatch.setattr(CenterPage, "_clean_subpage_models", [Page])
    admin = get_user_model().objects.get(username="admin")
    page = Page(title="План работы на 2025/26 учебный год", slug="plan-moderation-test", owner=admin)
    center_a.add_child(instance=page)
    page.save_revision(user=admin).publish(user=admin)
    return page


def logged_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def submit(client, page, title, **extra):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {"title": title, "slug": page.slug, "action-submit": "1", **extra},
    )


def moderate(client, page, action, comment=""):
    task_state = Page.objects.get(pk=page.pk).current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
    )


def public_title(client, page):
    client.logout()
    response = client.get(Page.objects.get(pk=page.pk).url)
    return response.status_code, response.content.decode()


def test_center_pages_inherit_the_department_workflow(center_a, news):
    assert center_a.get_workflow().name == WORKFLOW_NAME
    assert news.get_workflow().name == WORKFLOW_NAME


def test_a_coordinators_edit_stays_private_until_a_moderator_approves_it(client, news):
    response = submit(logged_in(client, "coordinator1"), news, "План работы на 2026/27 учебный год")
    assert response.status_code == 302
    assert Page.objects.get(pk=news.pk).workflow_in_progress

    status, html = public_title(client, news)
    assert status == 200
    assert "План работы на 2025/26 учебный год" in html
    assert "2026/27" not in html

    moderate(logged_in(client, "moderator"), news, "approve")
    _status, html = public_title(client, news)
    assert "План работы на 2026/27 учебный год" in html
    assert not Page.objects.get(pk=news.pk).workflow_in_progress


def test_submission_mails_the_moderators_in_russian(client, news):
    mail.outbox.clear()
    submit(logged_in(client, "coordinator1"), news, "Новый план работы")
    moderators = set(
        get_user_model().objects.filter(groups__name=MODERATORS_GROUP).values_list("email", flat=True)
    )
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == moderators
    assert "coordinator1@example.ru" not in recipients and "admin@example.ru" not in recipients
    message = mail.outbox[0]
    assert "Новый план работы" in message.subject
    assert "модерац" in (message.subject + message.body).lower()


def test_a_rejected_edit_stays_a_draft_with_the_comment_the_coordinator_sees(client, news):
    submit(logged_in(client, "coordinator1"), news, "План без дат")
    mail.outbox.clear()
    moderate(logged_in(client, "moderator"), news, "reject", comment="Укажите даты мероприятий по месяцам.")

    page = Page.objects.get(pk=news.pk)
    assert page.title == "План работы на 2025/26 учебный год"
    assert page.get_latest_revision().content["title"] == "План без дат"
    assert page.has_unpublished_changes

    [message] = mail.outbox
    assert message.to == ["coordinator1@example.ru"]
    assert "Укажите даты мероприятий по месяцам." in message.body

    coordinator = logged_in(client, "coordinator1")
    edit = coordinator.get(reverse("wagtailadmin_pages:edit", args=[news.pk])).content.decode()
    assert "Укажите даты мероприятий по месяцам." in edit
    dashboard = coordinator.get(reverse("wagtailadmin_home")).content.decode()
    assert "Отправлено модератором на доработку" in dashboard
    assert "Укажите даты мероприятий по месяцам." in dashboard
    status, html = public_title(client, news)
    assert status == 200
    assert "План работы на 2025/26 учебный год" in html and "План без дат" not in html


def test_approved_page_goes_live_and_expires_by_the_scheduler_at_its_dates_not_before(client, news):
    go_live = (timezone.localtime() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    expire = go_live + datetime.timedelta(days=7)
    draft = Page(title="Семинар для наставников", slug="seminar", live=False)
    news.get_parent().add_child(instance=draft)

    submit(
        logged_in(client, "coordinator1"),
        draft,
        "Семинар для наставников",
        go_live_at=go_live.strftime("%d.%m.%Y %H:%M"),
        expire_at=expire.strftime("%d.%m.%Y %H:%M"),
    )
    moderate(logged_in(client, "moderator"), draft, "approve")
    page = Page.objects.get(pk=draft.pk)
    assert not page.live
    assert page.scheduled_revision is not None

    call_command("publish_scheduled")
    assert not Page.objects.get(pk=draft.pk).live

    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    page = Page.objects.get(pk=draft.pk)
    assert page.live
    status, html = public_title(client, page)
    assert status == 200 and "Семинар для наставников" in html

    with time_machine.travel(expire - datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    assert Page.objects.get(pk=draft.pk).live
    with time_machine.travel(expire + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    page = Page.objects.get(pk=draft.pk)
    assert not page.live and page.expired


def test_coordinator_dashboard_lists_own_centers_work_and_not_another_centers(client, news):
    submit(logged_in(client, "coordinator1"), news, "Отчёт о работе центра")
    dashboard = logged_in(client, "coordinator1").get(reverse("wagtailadmin_home")).content.decode()
    assert "Ресурсный центр инклюзивного образования" in dashboard
    assert "Ожидает модерации" in dashboard
    assert "Отчёт о работе центра" in dashboard
    other = logged_in(client, "coordinator2").get(reverse("wagtailadmin_home")).content.decode()
    assert "Отчёт о работе центра" not in other
    assert "Ресурсный центр по формированию функциональной грамотности" in other


def test_moderators_see_every_centers_submission_awaiting_their_review(client, news):
    submit(logged_in(client, "coordinator1"), news, "Отчёт центра А")
    dashboard = logged_in(client, "moderator").get(reverse("wagtailadmin_home")).content.decode()
    assert "Отчёт центра А" in dashboard
