"""Forms that mail a person tell nothing by their answer, count one mailbox once however it is spelt, and their links
act only on a button press, with an opaque token that expires."""

import time

import pytest
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.core.mail.backends.locmem import EmailBackend
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from centers.common.email_addresses import email_key, normalise_email
from centers.models import CenterPage, PracticeIndexPage, PracticePage, Registration

from .events_helpers import make_event
from .subscriptions_helpers import FORM as SUBSCRIPTION_FORM
from .subscriptions_helpers import confirmed_subscription
from .test_practice_exchange import send_url, valid_data

pytestmark = pytest.mark.django_db

SLOW_SECONDS = 0.5


class SlowEmailBackend(EmailBackend):
    """A mail server that takes half a second for every letter."""

    def send_messages(self, messages):
        time.sleep(SLOW_SECONDS)
        return super().send_messages(messages)


class Server(WSGIHandler):
    """The site as a WSGI server sees it: the answer first, close() (the end of the request) after writing it."""

    def get_response(self, request):
        request._dont_enforce_csrf_checks = True
        return super().get_response(request)


def answer_of(path, data):
    """(the answer, seconds until the server had it to write, letters sent by then); then the request ends."""
    environ = RequestFactory().post(path, data, REMOTE_ADDR="198.51.100.40").environ
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        started = time.monotonic()
        response = Server()(environ, lambda status, headers: None)
        seconds = time.monotonic() - started
        sent_before_end = len(mail.outbox)
        content = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return response, content, seconds, sent_before_end


@pytest.fixture
def slow_mail(settings, monkeypatch):
    """A slow mail server, and commits that happen inside the request as they do outside the test's transaction."""
    settings.EMAIL_BACKEND = f"{__name__}.SlowEmailBackend"
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    return settings


def teacher_registered(email):
    event = make_event(slug="known-teacher", capacity=5)
    return Registration.objects.create(
        occurrence=event.occurrences.get(),
        status=Registration.Status.CONFIRMED,
        full_name="Хабибуллина Алсу Маратовна",
        position="учитель",
        organization="МБОУ «СОШ № 3»",
        email=email,
        consent_ip="10.1.2.3",
        consent_given_at=timezone.now(),
    )


def test_my_record_answers_a_known_and_an_unknown_email_alike_before_a_slow_mail_server_is_reached(slow_mail):
    teacher_registered("known@example.ru")
    known, known_page, known_seconds, sent_early = answer_of(
        reverse("centers_record_request"), {"email": "known@example.ru"}
    )
    unknown, unknown_page, unknown_seconds, _ = answer_of(
        reverse("centers_record_request"), {"email": "stranger@example.ru"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] and known_page == unknown_page
    assert known_seconds < SLOW_SECONDS and unknown_seconds < SLOW_SECONDS
    assert sent_early == 0
    assert [message.to for message in mail.outbox] == [
        ["known@example.ru"]
    ]  # sent once the answer was written


def test_subscribing_answers_a_subscriber_and_a_newcomer_alike_before_a_slow_mail_server_is_reached(
    slow_mail,
):
    confirmed_subscription(email="reader@example.ru")
    known, known_page, known_seconds, sent_early = answer_of(
        reverse("centers_subscribe"), dict(SUBSCRIPTION_FORM, email="reader@example.ru")
    )
    newcomer, newcomer_page, newcomer_seconds, _ = answer_of(
        reverse("centers_subscribe"), dict(SUBSCRIPTION_FORM, email="newcomer@example.ru")
    )
    assert known.status_code == newcomer.status_code == 302
    assert known["Location"] == newcomer["Location"] and known_page == newcomer_page
    assert known_seconds < SLOW_SECONDS and newcomer_seconds < SLOW_SECONDS
    assert sent_early == 0
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "typed, stored",
    [
        ('"bomb"@Example.org', "bomb@example.org"),
        ('"\\bomb"@example.org', "bomb@example.org"),
        ("Bomb@EXAMPLE.ORG", "Bomb@example.org"),
        ("ivan@xn--e1afmkfd.xn--p1ai", "ivan@пример.рф"),
        ('"two words"@example.org', '"two words"@example.org'),
    ],
)
def test_one_mailbox_has_one_spelling_and_its_local_part_is_compared_without_case(typed, stored):
    assert normalise_email(typed) == stored
    assert email_key(typed) == stored.lower()


def test_a_practice_form_counts_one_mailbox_however_it_is_spelt_and_stops_after_five_an_hour(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    index = PracticeIndexPage.objects.child_of(CenterPage.objects.get(slug="literacy-lyceum1")).get()
    spellings = ['"bomb"@example.org', '"\\bomb"@example.org', "Bomb@Example.org", "bomb@EXAMPLE.org"]
    spellings += ["BOMB@example.org", "bomb@example.org"]
    answers = []
    for number, email in enumerate(spellings):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(
                client.post(
                    send_url(index),
                    valid_data(title=f"Практика {number}", email=email),
                    REMOTE_ADDR=f"198.51.100.{number}",
                )
            )
    assert [answer.status_code for answer in answers] == [302] * 5 + [429]
    assert "Слишком много" in answers[-1].content.decode()
    stored = PracticePage.objects.filter(title__startswith="Практика").values_list(
        "submitter_email", flat=True
    )
    assert sorted(stored) == ["BOMB@example.org", "Bomb@example.org"] + ["bomb@example.org"] * 3
