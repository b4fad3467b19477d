import datetime

import pytest
from django.utils import timezone

from centers.models import CenterPage, Direction

pytestmark = pytest.mark.django_db


def expired_center():
    return next(c for c in CenterPage.objects.live() if c.term_has_ended and c.closed_early_on is None)


def test_expired_center_says_so_on_its_page(client):
    html = client.get(expired_center().url).content.decode()
    assert "Срок действия истёк" in html


def test_active_center_does_not_claim_to_be_expired(client):
    active = CenterPage.objects.live().filter(term_end__gte=timezone.localdate()).first()
    assert "Срок действия истёк" not in client.get(active.url).content.decode()


def test_directory_lists_expired_centers_apart(client, directory):
    expired = expired_center()
    active_html = client.get(directory.url).content.decode()
    ended_html = client.get(directory.url + "?status=ended").content.decode()
    assert expired.title not in active_html
    assert expired.title in ended_html
    for center in CenterPage.objects.live().exclude(pk=expired.pk).filter(closed_early_on=None):
        assert center.title in active_html
        assert center.title not in ended_html


def test_directory_filters_by_direction(client, directory):
    stem = Direction.objects.get(slug="stem")
    html = client.get(directory.url + "?direction=stem").content.decode()
    for center in CenterPage.objects.live():
        assert (center.title in html) == (center.direction_id == stem.pk)


def test_unknown_filter_values_are_ignored_not_errors(client, directory):
    response = client.get(directory.url + "?direction=%27%3B--&status=<x>&page=abc")
    assert response.status_code == 200


def test_term_status_is_computed_at_render_time(client):
    center = CenterPage.objects.live().filter(term_end__gte=timezone.localdate()).first()
    center.term_end = timezone.localdate() - datetime.timedelta(days=1)
    center.save_revision().publish()
    assert "Срок действия истёк" in client.get(center.url).content.decode()
