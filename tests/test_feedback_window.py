"""Feedback requests go only about meetings that ended recently: after an upgrade, registrations of old meetings
carry no "already asked" mark, and their attendees must not all get a letter about a meeting months ago."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from centers.models import EventOccurrence, Registration

from .certificates_helpers import held_meeting

pytestmark = pytest.mark.django_db


def ended_days_ago(occurrence, days):
    end = timezone.now() - datetime.timedelta(days=days)
    EventOccurrence.objects.filter(pk=occurrence.pk).update(start=end - datetime.timedelta(hours=2), end=end)


def meetings_20_and_2_days_ago():
    _event, old = held_meeting(
        slug="old-meeting", title="Семинар «Давняя встреча»", attended=("Петрова Анна",)
    )
    _event, recent = held_meeting(
        slug="recent-meeting", title="Семинар «Недавняя встреча»", attended=("Ершов Павел",)
    )
    ended_days_ago(old, 20)
    ended_days_ago(recent, 2)
    return old, recent


def send_requests(capture):
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_feedback_requests", stdout=out)
    return out.getvalue()


def test_only_the_meeting_that_ended_within_the_window_is_asked_about(django_capture_on_commit_callbacks):
    old, recent = meetings_20_and_2_days_ago()

    report = send_requests(django_capture_on_commit_callbacks)
    send_requests(django_capture_on_commit_callbacks)

    assert [letter.subject for letter in mail.outbox] == [mail.outbox[0].subject]
    assert "Недавняя встреча" in mail.outbox[0].subject
    assert "1" in report and "14" in report
    assert Registration.objects.filter(occurrence=recent, feedback_requested_at__isnull=False).count() == 1
    assert not Registration.objects.filter(occurrence=old, feedback_requested_at__isnull=False).exists()


def test_the_window_is_a_setting(settings, django_capture_on_commit_callbacks):
    meetings_20_and_2_days_ago()
    settings.CENTERS_FEEDBACK_MAX_AGE_DAYS = 1

    send_requests(django_capture_on_commit_callbacks)
    assert mail.outbox == []

    settings.CENTERS_FEEDBACK_MAX_AGE_DAYS = 30
    send_requests(django_capture_on_commit_callbacks)
    assert sorted("Давняя" in letter.subject for letter in mail.outbox) == [False, True]


def test_a_letter_that_cannot_be_written_does_not_stop_the_others(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django.template import TemplateSyntaxError

    from centers.events import feedback

    held_meeting(attended=("Петрова Анна Викторовна", "Ершов Павел Олегович"))
    written = feedback.feedback_message

    def broken_for_the_first(registration, base_url):
        if registration.email == "teacher0@example.ru":
            raise TemplateSyntaxError("Invalid block tag")
        return written(registration, base_url)

    monkeypatch.setattr(feedback, "feedback_message", broken_for_the_first)
    send_requests(django_capture_on_commit_callbacks)

    assert [letter.to for letter in mail.outbox] == [["teacher1@example.ru"]]
    unasked = Registration.objects.get(email="teacher0@example.ru")
    assert unasked.feedback_requested_at is None, "asked again once the template is fixed"

    monkeypatch.setattr(feedback, "feedback_message", written)
    send_requests(django_capture_on_commit_callbacks)
    assert sorted(letter.to[0] for letter in mail.outbox) == ["teacher0@example.ru", "teacher1@example.ru"]
