"""Seats hold under concurrency: many registrations at once, through the real view, each in its own connection."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from centers.models import CenterPage, Registration

from .events_helpers import form, make_event, registration_url

REGISTRANTS = 100
SEATS = 30
# Parallel connections: enough to collide constantly, few enough to leave PostgreSQL's other users room.
WORKERS = 25


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_hundred_simultaneous_registrations_fill_thirty_seats_and_queue_the_rest_in_order():
    if not CenterPage.objects.exists():  # an earlier transactional test flushed the database
        call_command("seed_demo", stdout=open(os.devnull, "w"))
    event = make_event(slug="concurrency", capacity=SEATS)
    url = registration_url(event)
    start = threading.Barrier(WORKERS)
    local = threading.local()

    def send(number):
        try:
            if not hasattr(local, "client"):
                local.client = Client()
                start.wait(timeout=60)  # every worker fires its first request at the same moment
            # Each registrant from an address of its own: one address is limited to a few registrations an hour.
            response = local.client.post(
                url,
                form(full_name=f"Участник {number}", email=f"racer{number}@example.ru"),
                REMOTE_ADDR=f"198.51.100.{number}",
                follow=True,
            )
            return response.status_code, response.content.decode()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(send, range(REGISTRANTS)))

    assert [status for status, _ in results] == [200] * REGISTRANTS
    assert sum("Вы зарегистрированы" in html for _, html in results) == SEATS
    assert sum("Ваше место в очереди" in html for _, html in results) == REGISTRANTS - SEATS
    registrations = list(Registration.objects.filter(occurrence__event=event).order_by("pk"))
    assert len(registrations) == REGISTRANTS
    assert len({r.email.lower() for r in registrations}) == REGISTRANTS
    assert sum(r.status == "confirmed" for r in registrations) == SEATS
    waiting = [r for r in registrations if r.status == "waitlisted"]
    # Tickets were given under the lock: in the order the rows were written, without gaps or repeats.
    assert [r.waitlist_position for r in waiting] == list(range(1, REGISTRANTS - SEATS + 1))
    assert max(r.pk for r in registrations if r.status == "confirmed") < min(r.pk for r in waiting)
