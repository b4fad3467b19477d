"""Issue 20: the admin screens coordinators and moderators use daily cost the same queries with few and many rows
behind them (the bench's admin step: the first center's coordinator, an event meeting's registrations, a full page of
the explorer and of the moderation queue; the bench times them with 10,000 materials and 1,000 registrations)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from centers.models import MaterialPage, Registration
from portal.devtools.bench.capabilities.admin_screens import admin_screens, first_center, measured_event

pytestmark = pytest.mark.django_db

# Most of the explorer's and the queue's queries are Wagtail's own, per row of a full page of 50 (a page's buttons
# ask whether it has live descendants; a workflow's progress reads its tasks): constant, not per material.
EXPECTED = {
    # Every admin screen: +3 since the pilot schools', stage results' and co-organizing menu items ask who may see them.
    "Floor: admin account page": 17,
    "Admin dashboard": 48,  # the center's figures kept (centers.reports.panels), its term, its clashes and invitations
    "Admin explorer: center's materials": 188,
    "Admin edit: material": 56,  # with the plan item chooser
    "Admin moderation queue": 70,
    "Admin event participants": 21,  # with the feedback summary
}


def seed(materials, registrations):
    call_command(
        "seed_bench",
        verbosity=0,
        stdout=io.StringIO(),
        skip_search_index=True,
        materials=MaterialPage.objects.count() + materials,
        admin=registrations,
    )


def queries_for(username, url):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("label", list(EXPECTED))
def test_admin_screen_costs_the_same_queries_with_ten_times_the_materials_and_registrations(label):
    seed(materials=20, registrations=30)
    username, url = admin_screens()[label]
    few = queries_for(username, url)
    seed(materials=200, registrations=300)
    event = measured_event(first_center())
    assert Registration.objects.filter(occurrence__event=event).count() >= 300
    assert queries_for(username, url) == few
    assert few == EXPECTED[label]
