"""Anonymous visitors see the seats left as they are: a registration or a cancellation purges the cached event page."""

import pytest
from django.test import Client

from centers.events.registration import cancel_token, register_participant
from centers.models import CenterPage

from .events_helpers import form, make_event, registration_url

pytestmark = pytest.mark.django_db

STATUS = "X-Wagtail-Cache"


@pytest.fixture
def page_cache(cached):
    return cached


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


def test_the_event_page_with_registration_open_is_served_from_the_cache(client, page_cache):
    event = make_event(slug="cache-open", capacity=5)
    first = client.get(event.url)
    assert first[STATUS] == "miss" and not first.cookies
    assert (
        "csrfmiddlewaretoken" not in first.content.decode() and "Зарегистрироваться" in first.content.decode()
    )
    second = Client().get(event.url)  # another visitor
    assert second[STATUS] == "hit" and second.content == first.content and seats(second, 5)
    assert second["Cache-Control"] == "no-cache"  # browsers still ask every time


def test_the_registration_form_is_never_cached_and_a_registration_through_it_updates_the_seats(
    client, page_cache, django_capture_on_commit_callbacks
):
    event = make_event(slug="cache-form", capacity=5)
    client.get(event.url)
    assert seats(client.get(event.url), 5)
    for _ in range(2):
        form_page = client.get(registration_url(event))
        # The form carries this visitor's CSRF token: never stored for others, nor kept by the browser.
        assert form_page[STATUS] == "skip" and "csrftoken" in form_page.cookies
        assert "no-store" in form_page["Cache-Control"]
    back = client.get(event.url)  # back on the event page with the CSRF cookie: still the shared copy
    assert back[STATUS] == "hit" and not back.cookies
    with django_capture_on_commit_callbacks(execute=True):
        registered = client.post(registration_url(event), form(email="first@example.ru"), follow=True)
    assert "Вы зарегистрированы." in registered.content.decode()
    assert registered[STATUS] == "skip" and "no-store" in registered["Cache-Control"]
    after = Client().get(event.url)
    assert after[STATUS] == "miss" and seats(after, 4)
    assert Client().get(event.url)[STATUS] == "hit"


def test_the_center_page_with_its_consultation_link_is_served_from_the_cache(client, page_cache):
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    first = client.get(center.url)
    assert first[STATUS] == "miss" and not first.cookies
    assert "Запросить консультацию" in first.content.decode()
    assert Client().get(center.url)[STATUS] == "hit"
    form_page = client.get(center.url + "consultation/")
    assert form_page[STATUS] == "skip" and "csrfmiddlewaretoken" in form_page.content.decode()


def test_a_cancellation_purges_the_cached_event_page_and_nothing_else(
    client, home, page_cache, django_capture_on_commit_callbacks
):
    event = make_event(slug="cache-cancel", capacity=5)
    registration = register(event, "one@example.ru")
    register(event, "two@example.ru")
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
    client.get(event.url)
    cached = client.get(event.url)
    assert cached[STATUS] == "hit" and seats(cached, 4)
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "two@example.ru")

    after = Client().get(event.url)
    assert after[STATUS] != "hit" and seats(after, 3)


def test_a_cache_failure_never_undoes_a_registration(
    page_cache, monkeypatch, django_capture_on_commit_callbacks
):
    event = make_event(slug="cache-broken", capacity=5)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("centers.common.page_cache.drop_listed_pages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "one@example.ru")
    assert registration.pk and registration.status == "confirmed"
