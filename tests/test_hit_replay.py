"""A worker answers a repeated cookieless hit of the page cache before Django, byte for byte as Django did, and stops
the moment any worker purges (portal.hit_replay)."""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from wagtailcache.cache import clear_cache

from centers.models import CenterPage, MaterialPage
from portal import hit_replay
from portal.hit_replay import with_replayed_hits

pytestmark = pytest.mark.django_db


class CountingApplication:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self):
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.django(environ, start_response)


@pytest.fixture
def django_app(settings, tmp_path):
    # As Django's test client does: a finished request must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.WAGTAIL_CACHE = True
    settings.WAGTAIL_CACHE_KEYRING = True
    settings.PAGE_REPLAY_SECONDS = 10
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "portal.page_cache_backend.FileCacheWithLocalCopies",
            "LOCATION": str(tmp_path / "pages"),
            "TIMEOUT": 300,
        },
    }
    clear_cache()
    yield CountingApplication()
    clear_cache()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def get(application, path, **headers):
    """(status, headers dict, body) of one request through the WSGI application."""
    environ = {
        "REQUEST_METHOD": headers.pop("method", "GET"),
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


def material_and_center():
    material = MaterialPage.objects.live().order_by("path").first()
    return material, CenterPage.objects.ancestor_of(material).get()


def test_a_repeated_cookieless_hit_is_answered_without_django_exactly_as_django_answered(django_app):
    application = with_replayed_hits(django_app)
    _material, center = material_and_center()
    get(application, center.url)  # stored in the page cache
    status, headers, body = get(application, center.url)  # a hit, through Django
    assert headers["X-Wagtail-Cache"] == "hit"
    calls = django_app.calls
    replayed = [get(application, center.url) for _ in range(3)]
    assert django_app.calls == calls
    assert all(answer == (status, headers, body) for answer in replayed)
    assert "Content-Security-Policy" in headers and headers["X-Content-Type-Options"] == "nosniff"


def test_a_publish_ends_the_replays_at_once_and_the_change_shows(
    django_app, django_capture_on_commit_callbacks
):
    application = with_replayed_hits(django_app)
    material, center = material_and_center()
    for _ in range(3):
        get(application, center.url)
    material.title = "Новое название материала для проверки кэша"
    with django_capture_on_commit_callbacks(execute=True):
        material.save_revision().publish()
    calls = django_app.calls
    _status, _headers, body = get(application, center.url)
    assert django_app.calls == calls + 1
    assert "Новое название материала для проверки кэша" in body.decode()


def test_requests_with_a_cookie_or_another_method_always_reach_django(django_app):
    application = with_replayed_hits(django_app)
    _material, center = material_and_center()
    for _ in range(3):
        get(application, center.url)
    calls = django_app.calls
    get(application, center.url, cookie="sessionid=abc")
    get(application, center.url, cookie="csrftoken=abc")
    get(application, center.url, method="HEAD")
    assert django_app.calls == calls + 3


def test_a_replay_ends_after_its_seconds(django_app, monkeypatch):
    application = with_replayed_hits(django_app)
    _material, center = material_and_center()
    for _ in range(3):
        get(application, center.url)
    calls = django_app.calls
    now = hit_replay.time.monotonic()
    monkeypatch.setattr(hit_replay.time, "monotonic", lambda: now + 11)
    get(application, center.url)
    assert django_app.calls == calls + 1


def test_without_the_shared_file_cache_nothing_is_replayed(settings):
    settings.WAGTAIL_CACHE = True
    application = CountingApplication()
    assert with_replayed_hits(application) is application
