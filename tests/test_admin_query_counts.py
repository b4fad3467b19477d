"""Issue 20: the admin screens coordinators and moderators use daily cost the same queries with few and many rows
behind them (the bench's admin step: the first center's coordinator, an event meeting's registrations, a full page of
the explorer and of the moderation queue; the bench times them with 10,000 materials and 1,000 registrations).
Issue 31: the coordinator's and the moderators' dashboards."""

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
    # Every admin screen: the pilot schools', stage results' and consultations' menu items ask in one query whether
    # the user may change a project or a center page (centers.common.page_handling); co-organizing reads Wagtail's
    # page permissions of the request (-3 since they asked one query each, 3 -> 0 for co-organizing).
    "Floor: admin account page": 14,
    # The coordinator's centers read once for all panels; the center's figures, clashes and drafts kept with what the
    # site shows; closed centers read only for a read-only right; requests counted in the query listing them: 48 -> 33.
    "Admin dashboard": 31,
    # Mostly Wagtail's "awaiting your review": each of its rows (the 60 pages in moderation) reads its workflow's
    # tasks. The add-on's own: 4 (the menu's page kinds, the applications' counts, consultations, ending terms).
    "Admin dashboard: moderator": 87,
    "Admin explorer: center's materials": 185,
    "Admin edit: material": 53,  # with the plan item chooser
    "Admin moderation queue": 67,
    "Admin event participants": 18,  # with the feedback summary
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
