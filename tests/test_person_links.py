"""Forms that mail a person tell nothing by their answer, count one mailbox once however it is spelt, and their links
act only on a button press, with an opaque token that expires."""

import base64
import datetime
import hashlib
import re
import time

import pytest
from django.core import mail, signing
from django.core.handlers.wsgi import WSGIHandler
from django.core.mail.backends.locmem import EmailBackend
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from centers.common.email_addresses import email_key, normalise_email
from centers.events.registration import registration_message
from centers.models import CenterPage, PersonLink, PracticeIndexPage, PracticePage, Registration, Subscription
from centers.outbox.delivery import enqueue, message_of
from centers.subscriptions.subscribing import unsubscribe_url

from .events_helpers import form as registration_form
from .events_helpers import make_event, registration_url
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


# Links that act for a person: one button, an opaque token kept hashed, expiring ------------------------------------


def link_in_letter(message, path):
    return re.search(rf"https?://[^/\s]+({path}[^/\s]+/)", message.body).group(1)


def stored_text():
    """Every link row as text: what a copy of the database would show."""
    return " ".join(str(row) for row in PersonLink.objects.values_list())


def test_a_scanner_opening_the_confirm_link_changes_nothing_and_the_confirmed_subscription_stays_till_the_press(
    client, django_capture_on_commit_callbacks
):
    Subscription.objects.all().delete()
    old = confirmed_subscription(email="reader@example.ru", wants_materials=True, wants_events=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("centers_subscribe"), dict(SUBSCRIPTION_FORM, email="Reader@Example.RU", kinds=["events"])
        )
    path = link_in_letter(mail.outbox[-1], "/subscribe/confirm/")
    for method in (client.get, client.head):
        assert method(path).status_code == 200
    page = client.get(path).content.decode()
    assert page.count('<form method="post">') == 1 and "Да, подписаться" in page
    assert set(Subscription.objects.values_list("email", "status")) == {
        ("reader@example.ru", "confirmed"),
        ("Reader@example.ru", "pending"),
    }
    old.refresh_from_db()
    assert old.wants_materials and not old.wants_events  # the earlier choices still hold
    assert client.post(path).status_code == 200
    [kept] = Subscription.objects.all()
    assert kept.status == "confirmed" and kept.wants_events and not kept.wants_materials


def test_subscription_links_carry_a_random_token_kept_only_as_its_hash(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("centers_subscribe"), dict(SUBSCRIPTION_FORM, email="smirnova@example.ru"))
    subscription = Subscription.objects.get(email="smirnova@example.ru")
    token = link_in_letter(mail.outbox[-1], "/subscribe/confirm/").strip("/").rsplit("/", 1)[-1]
    assert hashlib.sha256(b"smirnova@example.ru").hexdigest()[:16] not in token
    assert str(subscription.pk) not in token.split("-") and ":" not in token and len(token) >= 43
    assert token not in stored_text()
    assert PersonLink.objects.filter(token_hash=hashlib.sha256(token.encode()).hexdigest()).exists()
    unsubscribe = unsubscribe_url(subscription, "").rsplit("/", 2)[-2]
    one_click = Client(enforce_csrf_checks=True).post(
        f"/subscribe/unsubscribe/{unsubscribe}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"


def test_the_record_link_names_nobody_expires_and_an_old_link_asks_for_a_new_one(
    client, django_capture_on_commit_callbacks
):
    teacher_registered("Known@Example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("centers_record_request"), {"email": "Known@Example.ru"}, REMOTE_ADDR="10.0.0.9")
    path = link_in_letter(mail.outbox[-1], "/my/")
    token = path.strip("/").rsplit("/", 1)[-1]
    for spelling in ("known@example.ru", "Known@Example.ru"):
        assert spelling not in path and base64.urlsafe_b64encode(spelling.encode()).decode()[:12] not in path
        assert hashlib.sha256(spelling.encode()).hexdigest()[:16] not in path
    assert token not in stored_text()
    assert client.get(path).status_code == 200

    PersonLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(path).status_code == 410

    old = signing.dumps({"email": "known@example.ru"}, salt="centers.records.link", compress=True)
    outdated = client.get(reverse("centers_record", args=[old]))
    html = outdated.content.decode()
    assert outdated.status_code == 410 and "Ссылка устарела, запросите новую" in html
    assert 'name="email"' in html and "known@example.ru" not in html


# One address, many teachers; one address, many invented e-mails ---------------------------------------------------


def register_from(client, event, count, address, prefix):
    return [
        client.post(
            registration_url(event),
            registration_form(full_name=f"Учитель {number}", email=f"{prefix}{number}@example.ru"),
            REMOTE_ADDR=address,
        ).status_code
        for number in range(count)
    ]


def test_forty_teachers_of_one_school_all_get_a_seat_or_the_waiting_list(client):
    event = make_event(slug="city-seminar", capacity=30)
    answers = register_from(client, event, 40, "198.51.100.50", "teacher")
    assert answers == [302] * 40
    statuses = list(Registration.objects.filter(occurrence__event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == 30 and statuses.count("waitlisted") == 10


def test_a_storm_of_invented_emails_from_one_address_takes_at_most_its_share_and_waits_for_email(
    client, django_capture_on_commit_callbacks
):
    event = make_event(slug="storm-seminar", capacity=100)
    register_from(client, event, 300, "203.0.113.66", "bot")
    registrations = Registration.objects.filter(occurrence__event=event)
    holding = registrations.filter(status__in=["confirmed", "waitlisted"])
    assert holding.count() == 40  # CENTERS_UNCONFIRMED_SEATS_PER_ADDRESS
    assert registrations.filter(status="pending").count() >= 100
    teacher = register_from(client, event, 1, "198.51.100.7", "teacher")
    assert teacher == [302] and registrations.filter(email="teacher0@example.ru", status="confirmed").exists()

    pending = registrations.filter(status="pending").first()
    with django_capture_on_commit_callbacks(execute=True):
        letter = registration_letter(pending)
    path = link_in_letter(letter, "/registration/confirm/")
    assert client.get(path).status_code == 200 and client.head(path).status_code == 200
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert client.post(path).status_code == 200
    pending.refresh_from_db()
    assert pending.status == "confirmed"


def registration_letter(registration):
    return message_of(enqueue(registration_message(registration, "http://testserver")))
