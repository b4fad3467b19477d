"""Anonymous visitors see the seats left as they are: a registration or a cancellation purges the cached event page."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtailcache.cache import clear_cache

from centers.models import EventOccurrence
from centers.registration import cancel_token, register_participant

from .events_helpers import form, make_event

pytestmark = pytest.mark.django_db

STATUS = "X-Wagtail-Cache"


@pytest.fixture
def page_cache(settings):
    settings.WAGTAIL_CACHE = True
    settings.WAGTAIL_CACHE_KEYRING = True
    clear_cache()
    yield
    clear_cache()


def seats(response, left, total=5):
    return f"{left} из {total} свободно" in response.content.decode()


def register(event, email):
    return register_participant(
        event.occurrences.get().pk,
        full_name="Петрова Анна Ивановна",
        position="учитель",
        organization="СОШ № 1",
        email=email,
    )


def close_registration(event):
    """The deadline has passed (the event has not started): the page has no form and may be cached."""
    EventOccurrence.objects.filter(event=event).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def test_open_registration_page_is_never_shared_so_every_visitor_sees_the_current_seats(client, page_cache):
    event = make_event(slug="cache-open", capacity=5)
    first = client.get(event.url)
    # The form carries this visitor's CSRF token: the response sets the cookie and is never stored for others.
    assert first[STATUS] == "skip" and "csrftoken" in first.cookies
    assert seats(first, 5)
    assert client.post(event.url, form(email="first@example.ru")).status_code == 200
    assert seats(Client().get(event.url), 4)


def test_a_cancellation_purges_the_cached_event_page_and_nothing_else(
    client, home, page_cache, django_capture_on_commit_callbacks
):
    event = make_event(slug="cache-cancel", capacity=5)
    registration = register(event, "one@example.ru")
    register(event, "two@example.ru")
    close_registration(event)
    assert client.get(home.url)[STATUS] == "miss"
    assert client.get(event.url)[STATUS] == "miss"
    cached = client.get(event.url)
    assert cached[STATUS] == "hit" and seats(cached, 3)

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/registration/cancel/{cancel_token(registration)}/").status_code == 200

    after = client.get(event.url)
    assert after[STATUS] == "miss" and seats(after, 4)
    assert client.get(home.url)[STATUS] == "hit"  # only the event page left the cache


def test_a_registration_purges_the_cached_event_page(client, page_cache, django_capture_on_commit_callbacks):
    event = make_event(slug="cache-register", capacity=5)
    register(event, "one@example.ru")
    close_registration(event)
    client.get(event.url)
    cached = client.get(event.url)
    assert cached[STATUS] == "hit" and seats(cached, 4)
    # Registration reopens in the database (no publish, so nothing purges the cache), then someone registers.
    EventOccurrence.objects.filter(event=event).update(
        registration_closes_at=timezone.now() + datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "two@example.ru")

    after = Client().get(event.url)
    assert after[STATUS] != "hit" and seats(after, 3)


def test_a_cache_failure_never_undoes_a_registration(
    page_cache, monkeypatch, django_capture_on_commit_callbacks
):
    event = make_event(slug="cache-broken", capacity=5)

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("centers.registration.clear_cache", broken)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "one@example.ru")
    assert registration.pk and registration.status == "confirmed"
