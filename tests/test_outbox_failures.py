"""A letter that cannot go never stops the outbox: it is given up with its reason, the others are sent, and the
department sees it in the admin and may send it again. Nothing a visitor types breaks a letter's header."""

import io
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse

from centers.models import CenterPage, ConsultationRequest, OutgoingLetter, PracticeIndexPage, PracticePage
from centers.outbox.delivery import MAX_ATTEMPTS

from .test_consultations import request_data
from .test_practice_exchange import valid_data

pytestmark = pytest.mark.django_db

INJECTION = "Вопрос\r\nBcc: x@example.org"
VISITOR_IP = "203.0.113.91"


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def send_outbox(*args):
    out = io.StringIO()
    call_command("send_outbox", *args, stdout=out)
    return out.getvalue()


def assert_one_line_without_bcc(letters):
    assert letters
    for letter in letters:
        assert "\r" not in letter.subject and "\n" not in letter.subject
        assert "Вопрос Bcc: x@example.org" in letter.subject
        assert not letter.bcc and "x@example.org" not in letter.to
        assert "Bcc" not in letter.message().keys()


def test_a_line_break_in_the_consultation_topic_gives_a_one_line_subject_and_no_bcc(
    client, django_capture_on_commit_callbacks
):
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            center.url + "consultation/", request_data(topic=INJECTION), REMOTE_ADDR=VISITOR_IP
        )

    assert response.status_code == 302
    assert ConsultationRequest.objects.filter(email="orlova@example.ru", center=center).exists()
    stored = OutgoingLetter.objects.filter(subject__contains="Вопрос Bcc")
    assert stored.count() >= 1 and all(letter.sent_at for letter in stored)
    assert_one_line_without_bcc([letter for letter in mail.outbox if "Вопрос" in letter.subject])
    assert [letter.to for letter in mail.outbox if letter.to == ["orlova@example.ru"]] == [
        ["orlova@example.ru"]
    ]
    assert "x@example.org" not in {address for letter in mail.outbox for address in letter.recipients()}


def test_a_line_break_in_the_practice_title_gives_a_one_line_subject_and_no_bcc(
    client, django_capture_on_commit_callbacks
):
    index = PracticeIndexPage.objects.child_of(CenterPage.objects.get(slug="literacy-lyceum1")).get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            index.url + index.reverse_subpage("send"), valid_data(title=INJECTION), REMOTE_ADDR=VISITOR_IP
        )

    assert response.status_code == 302
    assert PracticePage.objects.child_of(index).filter(submitter_email="sidorova@example.ru").exists()
    receipt = [letter for letter in mail.outbox if letter.to == ["sidorova@example.ru"]]
    assert len(receipt) == 1
    assert_one_line_without_bcc(receipt)
    assert "x@example.org" not in {address for letter in mail.outbox for address in letter.recipients()}


def letter(subject, to="teacher@example.ru", **fields):
    """A letter put straight into the outbox table, as older code or a broken sender could leave it."""
    return OutgoingLetter.objects.create(subject=subject, body="Текст", recipients=[to], **fields)


def test_a_poisoned_letter_is_given_up_and_the_letters_after_it_are_sent():
    poisoned = letter("Письмо с испорченным заголовком", headers={"X-Topic": "Вопрос\r\nBcc: x@example.org"})
    after = [letter(f"Следующее письмо {number}", to=f"t{number}@example.ru") for number in range(2)]

    report = send_outbox()

    assert sorted(message.to[0] for message in mail.outbox) == ["t0@example.ru", "t1@example.ru"]
    assert "отправлено: 2" in report.lower() or "sent: 2" in report.lower()
    poisoned.refresh_from_db()
    assert poisoned.sent_at is None and poisoned.failed_at is not None and poisoned.attempts == 1
    assert "BadHeaderError" in poisoned.last_error
    assert all(OutgoingLetter.objects.get(pk=item.pk).sent_at for item in after)
    send_outbox("--retry-now")  # a failed letter is not pending: even retry-now leaves it
    assert len(mail.outbox) == 2


def test_a_letter_written_before_subjects_were_folded_goes_out_on_one_line():
    letter("Ваш запрос: Вопрос\r\nBcc: x@example.org")
    send_outbox()
    assert [message.subject for message in mail.outbox] == ["Ваш запрос: Вопрос Bcc: x@example.org"]
    assert mail.outbox[0].recipients() == ["teacher@example.ru"]


class RefusingBackend(EmailBackend):
    """The mail server: refuses whatever goes to a bad@ address with the code the test sets."""

    code = 550

    def send_messages(self, messages):
        for message in messages:
            refused = {address: (self.code, b"No such user") for address in message.to if "bad@" in address}
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)


@pytest.fixture
def refusing_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    yield RefusingBackend
    RefusingBackend.code = 550


def test_a_recipient_refused_for_good_fails_at_once_and_the_counts_say_so(refusing_server):
    refused = letter("Приглашение", to="bad@example.ru")
    letter("Приглашение", to="good@example.ru")

    report = send_outbox()

    assert [message.to for message in mail.outbox] == [["good@example.ru"]]
    refused.refresh_from_db()
    assert refused.failed_at is not None and refused.attempts == 1 and "550" in refused.last_error
    assert "1" in report and ("failed: 1" in report.lower() or "не отправлено: 1" in report.lower())


def test_a_temporary_refusal_is_retried_with_pauses_and_given_up_after_the_last_attempt(refusing_server):
    refusing_server.code = 451  # greylisting, a full mailbox: try again later
    waiting = letter("Напоминание", to="bad@example.ru")

    send_outbox()
    waiting.refresh_from_db()
    assert (
        waiting.failed_at is None and waiting.attempts == 1 and waiting.next_attempt_at > waiting.created_at
    )
    send_outbox()
    waiting.refresh_from_db()
    assert waiting.attempts == 1, "it waits out its pause"

    OutgoingLetter.objects.filter(pk=waiting.pk).update(attempts=MAX_ATTEMPTS - 1)
    send_outbox("--retry-now")
    waiting.refresh_from_db()
    assert waiting.failed_at is not None and waiting.attempts == MAX_ATTEMPTS and "451" in waiting.last_error


def test_sent_letters_are_still_cleaned_up_when_a_letter_fails(refusing_server):
    import datetime

    from django.utils import timezone

    old = letter("Старое письмо", sent_at=timezone.now() - datetime.timedelta(days=40))
    letter("Отказ", to="bad@example.ru")
    report = send_outbox()
    assert not OutgoingLetter.objects.filter(pk=old.pk).exists()
    assert "1" in report


def moderator():
    return get_user_model().objects.get(username="moderator")


def test_the_department_sees_failed_letters_and_sends_one_again(client):
    poisoned = letter("Письмо с испорченным заголовком", headers={"X-Topic": "a\nBcc: x@example.org"})
    send_outbox()
    client.force_login(moderator())

    listing = client.get(reverse("centers_outbox:failed_letters"))

    assert listing.status_code == 200
    html = listing.content.decode()
    assert (
        "Письмо с испорченным заголовком" in html
        and "teacher@example.ru" in html
        and "BadHeaderError" in html
    )
    resend_url = reverse("centers_outbox:resend", args=[poisoned.pk])
    assert f'action="{resend_url}"' in html
    assert client.get(resend_url).status_code == 405, "only a POST sends again"

    answer = client.post(resend_url)

    assert answer.status_code == 302 and answer["Location"] == reverse("centers_outbox:failed_letters")
    poisoned.refresh_from_db()
    assert poisoned.failed_at is None and poisoned.sent_at is None and poisoned.attempts == 0
    assert (
        f'action="{resend_url}"' not in client.get(reverse("centers_outbox:failed_letters")).content.decode()
    )
    # Corrected meanwhile (here: by hand), it leaves with the next run.
    OutgoingLetter.objects.filter(pk=poisoned.pk).update(headers={})
    send_outbox()
    assert [message.subject for message in mail.outbox] == ["Письмо с испорченным заголовком"]


def test_only_the_department_opens_the_failed_letters(client):
    poisoned = letter("Письмо", headers={"X-Topic": "a\nb"})
    send_outbox()
    from .test_participants_admin import coordinator_of

    client.force_login(coordinator_of("literacy-lyceum1", "coord-outbox"))
    assert client.get(reverse("centers_outbox:failed_letters")).status_code == 403
    assert client.post(reverse("centers_outbox:resend", args=[poisoned.pk])).status_code == 403
    poisoned.refresh_from_db()
    assert poisoned.failed_at is not None
