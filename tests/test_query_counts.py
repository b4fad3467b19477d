import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.models import CenterPage, Direction, Organization

pytestmark = pytest.mark.django_db


def add_centers(directory, count):
    """More centers shaped like the demo's (with a logo), so only their number differs."""
    direction = Direction.objects.first()
    logo = CenterPage.objects.exclude(logo=None).first().logo
    for number in range(count):
        organization = Organization.objects.create(
            full_name=f"МБОУ «Школа № {100 + number}»", short_name=f"Школа {number}"
        )
        center = CenterPage(
            title=f"Тестовый центр {number}",
            slug=f"test-center-{number}",
            organization=organization,
            direction=direction,
            short_description="Описание",
            term_end=datetime.date(2100, 8, 31),
            logo=logo,
        )
        directory.add_child(instance=center)


def queries_for(client, url):
    client.get(url)  # warm caches that exist once per process (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["home", "directory", "directory_ended", "center"])
def test_public_pages_cost_the_same_queries_with_6_and_60_centers(client, directory, home, path):
    urls = {
        "home": home.url,
        "directory": directory.url,
        "directory_ended": directory.url + "?status=ended",
        "center": CenterPage.objects.first().url,
    }
    small = queries_for(client, urls[path])
    add_centers(directory, 60 - CenterPage.objects.count())
    assert CenterPage.objects.count() == 60
    assert queries_for(client, urls[path]) == small


def seed_more(**extra):
    """Top the bench's synthetic events and registrations up by `extra` (seed_bench adds only the missing ones)."""
    from centers.models import EventPage, Registration

    existing = {"events": EventPage.objects.count(), "registrations": Registration.objects.count()}
    call_command(
        "seed_bench",
        verbosity=0,
        stdout=io.StringIO(),
        skip_search_index=True,
        **{name: existing[name] + count for name, count in extra.items()},
    )


@pytest.mark.parametrize(
    "label", ["EventPage", "EventIndexPage", "CalendarPage (month)", "CalendarPage ?view=list"]
)
def test_event_pages_cost_the_same_queries_with_ten_times_the_events_and_registrations(client, label):
    from portal.devtools.bench.capabilities.events import event_pages

    seed_more(events=20, registrations=200)
    url = event_pages()[label]
    small = queries_for(client, url)
    seed_more(events=200, registrations=4000)
    assert queries_for(client, url) == small
