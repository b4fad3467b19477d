"""Issue 30, item 2: clashes warned where they are made: the event editor (before saving, by its check, and after),
the coordinators' dashboard; one computation for all."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from .cityplan_helpers import clashing_pair, coordinator

pytestmark = pytest.mark.django_db


def test_the_editor_of_a_clashing_event_names_the_other_centers_meeting(client):
    first, second = clashing_pair()
    client.force_login(coordinator("stem-poisk"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[second.pk])).content.decode()
    panel = html[html.index("centers-clashes") :]
    assert first.title in panel.split("centers-clashes__none")[0]


def test_the_check_while_typing_warns_and_stops_warning_once_the_time_moves(client):
    first, second = clashing_pair()
    client.force_login(coordinator("stem-poisk"))
    url = reverse("centers_cityplan:clash_check")
    level = second.levels.get().pk
    start = timezone.localtime(second.start)

    def check(moved_by):
        moment = start + datetime.timedelta(hours=moved_by)
        return client.get(
            url,
            {
                "page": second.pk,
                "start": moment.strftime("%Y-%m-%d %H:%M"),
                "end": (moment + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
                "levels": [level],
            },
        ).json()["clashes"]

    assert any(first.title in line for line in check(0))
    assert check(6) == []


def test_the_check_refuses_an_event_the_user_may_not_edit(client):
    _first, second = clashing_pair()
    client.force_login(coordinator("career-ds9"))
    response = client.get(
        reverse("centers_cityplan:clash_check"), {"page": second.pk, "start": "2030-01-01 10:00"}
    )
    assert response.status_code == 403


def test_the_coordinators_dashboard_lists_their_clashes(client):
    first, second = clashing_pair()
    client.force_login(coordinator("literacy-lyceum1"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index("centers-city-plan-clashes") :]
    assert first.title in panel and second.title in panel
    client.force_login(coordinator("career-ds9"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert second.title not in html[html.index("centers-city-plan-clashes") :]
