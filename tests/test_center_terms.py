"""Center terms: status computed at render time, the daily command records endings once, orders extend terms."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from centers.models import ApprovalOrder, CenterPage

pytestmark = pytest.mark.django_db


def run_command():
    out = io.StringIO()
    call_command("update_center_terms", stdout=out)
    return out.getvalue()


def end_term(center, days_ago):
    CenterPage.objects.filter(pk=center.pk).update(
        term_end=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    return CenterPage.objects.get(pk=center.pk)


def test_a_center_shows_its_expired_term_without_the_daily_command(client):
    center = end_term(CenterPage.objects.get(slug="stem-poisk"), 1)
    html = client.get(center.url).content.decode()
    assert "Срок действия истёк" in html
    assert not PageLogEntry.objects.filter(page=center, action="centers.term_ended").exists()


def test_the_daily_command_records_each_ended_term_once():
    center = end_term(CenterPage.objects.get(slug="stem-poisk"), 3)
    ended = CenterPage.objects.filter(term_end__lt=timezone.localdate()).count()
    assert f"newly recorded: {ended}" in run_command()
    assert "newly recorded: 0" in run_command()
    entries = PageLogEntry.objects.filter(page=center, action="centers.term_ended")
    assert entries.count() == 1
    assert entries.get().data == {"term_end": center.term_end.isoformat()}
    active = CenterPage.objects.get(slug="literacy-lyceum1")
    assert not PageLogEntry.objects.filter(page=active, action="centers.term_ended").exists()


def test_a_new_order_extends_an_expired_term_and_is_logged(client):
    center = end_term(CenterPage.objects.get(slug="stem-poisk"), 10)
    run_command()
    moderator = get_user_model().objects.get(username="moderator")
    client.force_login(moderator)
    new_end = timezone.localdate().replace(month=8, day=31) + datetime.timedelta(days=3 * 366)
    response = client.post(
        reverse("centers_lifecycle:center_order", args=[center.pk]),
        {
            "number": "518-п",
            "date": timezone.localdate().isoformat(),
            "term_start": timezone.localdate().isoformat(),
            "term_end": new_end.isoformat(),
        },
    )
    assert response.status_code == 302
    center.refresh_from_db()
    assert (center.order_number, center.term_end) == ("518-п", new_end)
    assert ApprovalOrder.objects.get(center=center, number="518-п").registered_by == moderator
    entry = PageLogEntry.objects.filter(page=center, action="centers.register_order").latest("timestamp")
    assert entry.user == moderator and entry.data["order"] == "518-п"
    client.logout()
    assert "Срок действия истёк" not in client.get(center.url).content.decode()
    # the new term is logged as ended again only when it ends
    assert "newly recorded: 0" in run_command()


def test_a_coordinator_cannot_register_an_order(client):
    center = CenterPage.objects.get(slug="stem-poisk")
    client.force_login(get_user_model().objects.get(username="coordinator1"))
    response = client.post(
        reverse("centers_lifecycle:center_order", args=[center.pk]),
        {"number": "1", "date": "2030-01-01", "term_start": "2030-01-01", "term_end": "2035-01-01"},
    )
    assert response.status_code == 403
    center.refresh_from_db()
    assert center.order_number != "1"


def test_the_department_dashboard_lists_the_demo_center_ending_within_sixty_days(client):
    soon = CenterPage.objects.get(slug="career-ds9")
    assert 0 <= (soon.term_end - timezone.localdate()).days <= 60
    later = CenterPage.objects.filter(pk=CenterPage.objects.get(slug="stem-poisk").pk)
    later.update(term_end=timezone.localdate() + datetime.timedelta(days=61))
    client.force_login(get_user_model().objects.get(username="moderator"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html.split("Срок действия истекает в ближайшие 60 дней")[1].split("</section>")[0]
    assert soon.title in panel
    assert later.get().title not in panel
    client.force_login(get_user_model().objects.get(username="coordinator1"))
    assert "Срок действия истекает" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_centers_admin_page_leads_moderators_to_its_orders(client):
    center = CenterPage.objects.get(slug="stem-poisk")
    orders = reverse("centers_lifecycle:center_order", args=[center.pk])
    client.force_login(get_user_model().objects.get(username="moderator"))
    assert orders in client.get(reverse("wagtailadmin_pages:edit", args=[center.pk])).content.decode()
    page = client.get(orders).content.decode()
    assert "Зарегистрировать новый приказ" in page and center.title in page
