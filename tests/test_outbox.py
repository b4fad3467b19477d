"""Letters go through the outbox: a stored registration always gets its letter, even when mail failed at first."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from centers.events.registration import register_participant, registration_from_token
from centers.models import OutgoingLetter, Registration

from .events_helpers import form, make_event, registration_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_mail_server(settings):
    """Django's real SMTP backend pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2


def register(client, event, address="192.0.2.7", **changes):
    return client.post(registration_url(event), form(**changes), REMOTE_ADDR=address, follow=True)


def cancel_path(message):
    return re.search(r"https?://[^/\s]+(/registration/cancel/[^/\s]+/)", message.body).group(1)


def registration_named_in(letter):
    """The registration whose cancel link the letter carries."""
    return registration_from_token(cancel_path(letter).split("/")[-2])


def test_a_registration_whose_letter_the_mail_server_refused_gets_it_when_send_outbox_runs(
    client, settings, unreachable_mail_server
):
    event = make_event(capacity=10)
    response = register(client, event)
    assert "Вы зарегистрированы" in response.content.decode()
    registration = Registration.objects.get(occurrence__event=event)
    assert mail.outbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the mail server is back

    call_command("send_outbox")  # the failed letter waits out its pause first
    assert mail.outbox == []
    call_command("send_outbox", "--retry-now")
    call_command("send_outbox", "--retry-now")

    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["ivanova@example.ru"] and "Вы зарегистрированы" in letter.subject
    html, mimetype = letter.alternatives[0]  # the HTML alternative waited in the outbox with the text
    assert mimetype == "text/html" and f'href="http://testserver{cancel_path(letter)}"' in html
    assert client.get(cancel_path(letter)).status_code == 200
    assert [name for name, _content, _type in letter.attachments] == [letter.attachments[0][0]]
    assert letter.attachments[0][0].endswith(".ics") and b"BEGIN:VEVENT" in letter.attachments[0][1].encode()
    assert registration.status == "confirmed"


def test_a_registration_committed_by_a_worker_that_died_before_sending_gets_its_letter(
    client, django_capture_on_commit_callbacks
):
    event = make_event(capacity=10)
    registration = register_participant(
        event.occurrences.get().pk,
        full_name="Петров Пётр",
        position="учитель",
        organization="СОШ № 5",
        email="petrov@example.ru",
    )
    assert mail.outbox == []  # the process stopped right after the commit: nothing was sent

    call_command("send_outbox")

    assert [letter.to for letter in mail.outbox] == [["petrov@example.ru"]]
    with django_capture_on_commit_callbacks(execute=True):  # the cancellation's own letter goes out
        assert client.post(cancel_path(mail.outbox[0])).status_code == 200
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert not OutgoingLetter.objects.filter(sent_at__isnull=True).exists()


def test_registering_again_with_the_same_email_sends_the_letter_again_a_few_times_an_hour(client):
    event = make_event(capacity=10)
    register(client, event)
    mail.outbox.clear()

    answers = [register(client, event, address=f"198.51.100.{number}") for number in range(4)]

    # Each is told what a new registration is; the letter goes again three times in the hour, not a fourth.
    assert [answer.status_code for answer in answers] == [200] * 4
    assert all("Вы зарегистрированы" in answer.content.decode() for answer in answers)
    assert len(mail.outbox) == 3
    registration = Registration.objects.get(occurrence__event=event)
    assert {registration_named_in(letter) for letter in mail.outbox} == {registration}


def test_a_promoted_registrant_gets_the_letter_from_the_outbox_after_the_commit(
    client, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    register(client, event, email="first@example.ru")
    register(client, event, address="192.0.2.8", email="second@example.ru")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel_path_of("first@example.ru"))
    # the promoted hears of the seat; the canceller gets the file that removes the meeting from the calendar
    assert sorted(letter.to[0] for letter in mail.outbox) == ["first@example.ru", "second@example.ru"]
    assert "освободилось место" in mail.outbox[0].subject.lower()
    assert not OutgoingLetter.objects.filter(sent_at__isnull=True).exists()


def cancel_path_of(email):
    letter = OutgoingLetter.objects.filter(recipients=[email]).first()
    return re.search(r"https?://[^/\s]+(/registration/cancel/[^/\s]+/)", letter.body).group(1)
