"""tools/loadtest.py: its registration check catches every kind of mismatch, and its client registers for real."""

import importlib.util
import io
import json
import threading
import time
from collections import Counter
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from centers.models import Registration

spec = importlib.util.spec_from_file_location(
    "loadtest", Path(__file__).resolve().parent.parent / "tools" / "loadtest.py"
)
loadtest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(loadtest)


def row(email, status="confirmed", position=None, complete=True):
    return {"email": email, "status": status, "waitlist_position": position, "complete": complete}


def told(email, outcome, duplicate=False):
    return {"email": email, "duplicate": duplicate, "outcome": outcome, "at": 0.0}


GOOD_ROWS = [row("a@x.ru"), row("b@x.ru"), row("c@x.ru", "waitlisted", 1), row("d@x.ru", "waitlisted", 2)]
GOOD_ATTEMPTS = [
    told("a@x.ru", "confirmed"),
    told("b@x.ru", "confirmed"),
    told("c@x.ru", "waitlisted"),
    told("A@X.RU", "confirmed", duplicate=True),  # told what its registration got, as a new one is
    told("d@x.ru", "http 503"),  # the visitor saw the outage page, the row was written: allowed
]


def test_a_clean_run_passes_and_is_counted():
    summary, problems = loadtest.verify_registrations(2, GOOD_ATTEMPTS, GOOD_ROWS)
    assert problems == []
    assert summary["rows_confirmed"] == 2 and summary["rows_waitlisted"] == 2
    assert (
        summary["duplicates_answered_alike"] == 1
        and summary["rows_unacknowledged"] == 1
        and summary["lost"] == 0
    )


@pytest.mark.parametrize(
    "change, complaint",
    [
        (lambda rows, attempts: rows.pop(0), "missing"),  # a success the visitor saw is not in the database
        (lambda rows, attempts: rows.append(row("A@x.ru", "waitlisted", 3)), "more than once"),
        (lambda rows, attempts: rows.__setitem__(2, row("c@x.ru")), "confirmed, expected"),  # over capacity
        (lambda rows, attempts: rows.__setitem__(3, row("d@x.ru", "waitlisted", 3)), "waiting-list numbers"),
        (lambda rows, attempts: rows.__setitem__(0, row("a@x.ru", complete=False)), "incomplete"),
        (
            lambda rows, attempts: attempts.__setitem__(3, told("A@X.RU", "waitlisted", True)),
            "duplicate e-mails not answered as their registration",
        ),
        (lambda rows, attempts: attempts.append(told("e@x.ru", "duplicate")), "refused as duplicates"),
        (lambda rows, attempts: attempts.append(told("f@x.ru", "http 403")), "unexpected answers"),
        (lambda rows, attempts: rows.append(row("z@x.ru", "waitlisted", 3)), "nobody attempted"),
        (lambda rows, attempts: attempts.__setitem__(2, told("c@x.ru", "confirmed")), "differs"),
    ],
)
def test_every_mismatch_fails_the_run(change, complaint):
    rows, attempts = [dict(r) for r in GOOD_ROWS], [dict(a) for a in GOOD_ATTEMPTS]
    change(rows, attempts)
    _, problems = loadtest.verify_registrations(2, attempts, rows)
    assert any(complaint in problem for problem in problems), problems


def test_failures_during_a_database_restart_are_judged_by_recovery(capsys):
    def result(status, at):
        return ("home", status, 0.01, at)

    restart = {"began": 10.0, "ended": 11.0, "returncode": 0, "output": ""}
    quick = [result(200, 9.0), result(503, 10.5), result(200, 12.0)]
    assert loadtest.report(quick, 20, {"home": "/"}, 0.0, restart, recovery_seconds=5) == 0
    assert loadtest.report([*quick, result(500, 10.6)], 20, {"home": "/"}, 0.0, restart, 5) == 1
    assert loadtest.report([*quick, result(503, 17.0)], 20, {"home": "/"}, 0.0, restart, 5) == 1
    assert loadtest.report(quick, 20, {"home": "/"}, 0.0, None) == 1  # without a restart any 5xx fails
    assert "503s: 1" in capsys.readouterr().out


def through_django(url, data=None, headers=None, timeout=30, follow=True):
    """The script's HTTP call, answered by Django's test client with CSRF checks on, each call a new visitor.

    Redirects come back as they are, as the script asks for its registration POST (`follow=False`)."""
    headers = headers or {}
    client = Client(enforce_csrf_checks=True)
    if "Cookie" in headers:
        client.cookies.load(headers["Cookie"])
    parts = urlsplit(url)
    if data is None:
        response = client.get(parts.path, QUERY_STRING=parts.query)
    else:
        response = client.post(
            parts.path, data.decode(), content_type=headers["Content-Type"], HTTP_REFERER=headers["Referer"]
        )
    answer = Message()
    for morsel in response.cookies.values():
        answer["Set-Cookie"] = morsel.OutputString()
    if response.has_header("Location"):
        answer["Location"] = response["Location"]
    return response.status_code, answer, response.content.decode()


@pytest.mark.django_db
def test_the_client_registers_through_the_real_form_and_the_check_agrees_with_the_database(monkeypatch):
    monkeypatch.setattr(loadtest, "request", through_django)
    output = io.StringIO()
    call_command("prepare_loadtest_event", capacity=3, stdout=output)
    event = json.loads(output.getvalue())
    registrations = loadtest.Registrations(event["url"], max_attempts=7, duplicate_every=3, run_id=1)
    assert registrations.form_path == event["register_url"] == event["url"] + "register/"
    results = []
    loadtest.register(
        "http://testserver", registrations, time.monotonic() + 60, results, threading.Lock(), {}
    )

    output = io.StringIO()
    call_command("prepare_loadtest_event", report=True, stdout=output)
    state = json.loads(output.getvalue())
    summary, problems = loadtest.verify_registrations(
        state["capacity"], registrations.attempts, state["registrations"]
    )
    assert problems == []
    assert summary == {
        "capacity": 3,
        "attempted": 7,
        "attempted_unique": 5,
        "told_confirmed": 3,
        "told_waitlisted": 2,
        "duplicates_sent": 2,
        "duplicates_answered_alike": 2,
        "rows": 5,
        "rows_confirmed": 3,
        "rows_waitlisted": 2,
        "rows_unacknowledged": 0,
        "lost": 0,
    }
    # Each visitor saw the event page, then the form, sent it and was redirected to the result page, duplicates too.
    assert Counter(kind for kind, *_ in results) == {
        "event-page": 7,
        "event-form": 7,
        "register": 7,
        "register-done": 7,
    }
    assert {status for kind, status, *_ in results if kind == "register"} == {302}
    forged = through_django(
        "http://testserver" + event["register_url"],
        b"email=forged%40example.ru&consent=on",
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://testserver/", "Cookie": ""},
    )
    assert forged[0] == 403  # CSRF checks are on here, so the registrations above passed them

    call_command(
        "prepare_loadtest_event", capacity=3, stdout=io.StringIO()
    )  # a reset leaves no registrations
    assert not Registration.objects.filter(occurrence__event__slug="loadtest-registration").exists()


def test_the_report_gives_the_page_cache_hit_ratio_and_fails_below_the_goal(capsys):
    answers = Counter(
        {("home", "hit"): 85, ("material", "hit"): 5, ("material", "miss"): 10, ("form", "skip"): 7}
    )
    assert loadtest.hit_ratio(answers) == 0.9
    assert loadtest.report_cache(answers, {"published": 6}, 0.9) == 0
    printed = capsys.readouterr().out
    assert "hit ratio 90.0%" in printed and "6 publishes" in printed
    answers["home", "miss"] += 1
    assert loadtest.report_cache(answers, None, 0.9) == 1
    assert "FAIL: hit ratio below 90%" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_publisher_republishes_materials_and_purges_them_from_the_sites_shared_page_cache(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    from portal.models import HomePage

    folder = str(tmp_path / "pages")
    settings.WAGTAIL_CACHE, settings.WAGTAIL_CACHE_KEYRING = True, True
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": folder},
    }
    home = HomePage.objects.get().url
    Client().get(home)
    assert Client().get(home)["X-Wagtail-Cache"] == "hit"  # as a worker of the site stored it
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "loadtest_publisher",
            every=0.01,
            duration=0.05,
            page_cache=folder,
            library_cache=str(tmp_path / "library"),
            stdout=output,
        )
    published = json.loads(output.getvalue().splitlines()[-1])  # after its "ready" line
    assert published["published"] >= 1 and all(url.startswith("/centers/") for url in published["pages"])
    assert Client().get(home)["X-Wagtail-Cache"] == "miss"  # the home page lists new materials: purged
