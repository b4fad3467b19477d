"""Public forms are limited per visitor's address and per e-mail, in counters every gunicorn worker shares."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from centers.models import Application, ApplicationPage, CenterPage, ConsultationRequest, Registration

from .events_helpers import form as registration_form
from .events_helpers import make_event, registration_url
from .test_applications import INSIDE, frozen
from .test_applications import form as application_form
from .test_consultations import form_url, request_data

pytestmark = pytest.mark.django_db

WORKER = """
import django
django.setup()
from django.test import RequestFactory
from centers.common.rate_limit import client_ip, take_submission_slot
request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")
print(client_ip(request), *[take_submission_slot("consultation", request) for _ in range(3)])
"""


def production_worker(var_dir, **environment):
    """One gunicorn worker's view of the limits: a fresh process under the production settings."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="a-secret-for-the-test-only-0123456789",
        DATABASE_URL=f"sqlite:///{var_dir}/unused.sqlite3",
        PORTAL_VAR_DIR=str(var_dir),
        **environment,
    )
    if "CENTERS_TRUSTED_PROXY_COUNT" not in environment:
        env.pop("CENTERS_TRUSTED_PROXY_COUNT", None)
    result = subprocess.run(
        [sys.executable, "-c", WORKER],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_two_production_workers_count_one_visitors_submissions_together(tmp_path):
    first = production_worker(tmp_path)
    second = production_worker(tmp_path)
    assert first[1:] == ["True", "True", "True"]
    assert second[1:] == ["True", "True", "False"]  # five an hour from one address, whichever worker counts


def test_the_trusted_proxy_count_comes_from_the_environment_and_make_serve_sets_it(tmp_path):
    assert production_worker(tmp_path)[0] == "127.0.0.1"  # no proxy declared: the header is not believed
    assert production_worker(tmp_path, CENTERS_TRUSTED_PROXY_COUNT="1")[0] == "203.0.113.5"
    serve = subprocess.run(
        ["make", "-n", "serve"], cwd=django_settings.BASE_DIR, capture_output=True, text=True, check=False
    ).stdout
    assert 'CENTERS_TRUSTED_PROXY_COUNT="${CENTERS_TRUSTED_PROXY_COUNT:-1}"' in serve


def test_registrations_from_one_address_stop_after_their_hourly_limit(client, settings):
    settings.CENTERS_RATE_LIMITS = {
        "registration": {"address": 10}
    }  # 200 by default: a school shares an address
    event = make_event(capacity=30)
    answers = [
        client.post(
            registration_url(event),
            registration_form(full_name=f"Участник {number}", email=f"fake{number}@example.ru"),
            REMOTE_ADDR="198.51.100.77",
        )
        for number in range(11)
    ]
    assert [answer.status_code for answer in answers] == [302] * 10 + [429]
    assert "Слишком много" in answers[-1].content.decode()
    assert Registration.objects.filter(occurrence__event=event).count() == 10
    other = client.post(registration_url(event), registration_form(), REMOTE_ADDR="198.51.100.78")
    assert other.status_code == 302


def test_registrations_with_one_email_stop_after_five_an_hour_from_any_address(client):
    events = [make_event(slug=f"event-{number}", capacity=10) for number in range(6)]
    answers = [
        client.post(registration_url(event), registration_form(), REMOTE_ADDR=f"198.51.100.{number}")
        for number, event in enumerate(events)
    ]
    assert [answer.status_code for answer in answers] == [302] * 5 + [429]
    assert Registration.objects.filter(email="ivanova@example.ru").count() == 5


def test_applications_are_limited_per_address_and_per_email(client):
    page = ApplicationPage.objects.get()
    before = Application.objects.count()
    with frozen(INSIDE):
        by_address = [
            client.post(
                page.url, application_form(contact_email=f"a{number}@example.ru"), REMOTE_ADDR="10.7.7.7"
            )
            for number in range(4)
        ]
        by_email = [
            client.post(page.url, application_form(), REMOTE_ADDR=f"10.8.8.{number}") for number in range(4)
        ]
    assert [answer.status_code for answer in by_address] == [302, 302, 302, 429]
    assert [answer.status_code for answer in by_email] == [302, 302, 302, 429]
    assert "Слишком много" in by_email[-1].content.decode()
    assert Application.objects.count() == before + 6


def test_an_application_with_a_ten_thousand_and_one_character_justification_is_refused_in_russian(client):
    page = ApplicationPage.objects.get()
    with frozen(INSIDE):
        response = client.post(page.url, application_form(justification="а" * 10001), REMOTE_ADDR="10.7.7.8")
    assert response.status_code == 400
    assert "не более 10000 символов" in response.content.decode().replace("\xa0", " ")
    assert not Application.objects.filter(contact_email="smirnova@sosh13.example.ru").exists()


def test_consultation_requests_with_one_email_stop_after_five_an_hour_from_any_address(client):
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    before = ConsultationRequest.objects.filter(center=center).count()
    answers = [
        client.post(form_url(center), request_data(), REMOTE_ADDR=f"198.51.100.{number}")
        for number in range(6)
    ]
    assert [answer.status_code for answer in answers] == [302] * 5 + [429]
    assert ConsultationRequest.objects.filter(center=center).count() == before + 5
