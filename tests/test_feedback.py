"""Feedback after a meeting: one letter per attendee, one answer per registration, the aggregate for the organizers."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from centers.events.feedback import FEEDBACK_LINK_DAYS, feedback_message, feedback_summary, feedback_token
from centers.models import EventOccurrence, Feedback, OutgoingLetter, Registration

from .certificates_helpers import held_meeting
from .test_participants_admin import coordinator_of

pytestmark = pytest.mark.django_db


def send_requests(capture):
    with capture(execute=True):
        call_command("send_feedback_requests", stdout=io.StringIO())


def link_in(letter):
    return re.search(r"https?://\S+/feedback/\S+/", letter.body).group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def answer(client, url, usefulness, **texts):
    return client.post(path_of(url), {"usefulness": usefulness, **texts})


def test_each_attendee_gets_one_letter_however_often_the_command_runs(django_capture_on_commit_callbacks):
    held_meeting(attended=("Петрова Анна Викторовна", "Ершов Павел Олегович"))
    sent_before = OutgoingLetter.objects.filter(sent_at__isnull=False).count()  # the demo's own letters
    send_requests(django_capture_on_commit_callbacks)
    send_requests(django_capture_on_commit_callbacks)
    assert sorted(letter.to[0] for letter in mail.outbox) == ["teacher0@example.ru", "teacher1@example.ru"]
    letter = next(letter for letter in mail.outbox if letter.to == ["teacher0@example.ru"])
    assert "Смысловое чтение" in letter.subject and "Петрова Анна Викторовна" in letter.body
    # The HTML alternative as built for the outbox.
    registration = Registration.objects.get(email="teacher0@example.ru")
    built = feedback_message(registration, "https://rc.example.ru")
    html, mimetype = built.alternatives[0]
    assert mimetype == "text/html" and "Петрова Анна Викторовна" in html
    assert re.search(r'href="https://rc\.example\.ru/feedback/[^"]+/"', html)
    assert OutgoingLetter.objects.filter(sent_at__isnull=False).count() == sent_before + 2, (
        "through the outbox"
    )
    absent = Registration.objects.get(email="teacher2@example.ru")
    assert absent.feedback_requested_at is None, "the absent are not asked"


def test_a_meeting_not_over_or_without_attendance_asks_nobody(django_capture_on_commit_callbacks):
    _event, occurrence = held_meeting(slug="not-marked")
    Registration.objects.filter(occurrence=occurrence).update(attended=None)
    _event, future = held_meeting(slug="future")
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    EventOccurrence.objects.filter(pk=future.pk).update(
        start=tomorrow, end=tomorrow + datetime.timedelta(hours=2)
    )
    send_requests(django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_one_answer_per_registration_a_second_one_replaces_the_first(
    client, django_capture_on_commit_callbacks
):
    _event, occurrence = held_meeting()
    send_requests(django_capture_on_commit_callbacks)
    url = link_in(mail.outbox[0])
    form = client.get(path_of(url))
    assert form.status_code == 200 and "Насколько встреча была полезна" in form.content.decode()
    assert "no-store" in form["Cache-Control"]
    done = answer(client, url, 4, most_useful="Разбор текстов", to_improve="Больше практики")
    assert done.status_code == 200 and "Ваш ответ сохранён" in done.content.decode()
    again = client.get(path_of(url)).content.decode()
    assert "Вы уже ответили" in again and "Разбор текстов" in again
    changed = answer(client, url, 5, most_useful="Разбор текстов")
    assert "Ваш ответ изменён" in changed.content.decode()
    feedback = Feedback.objects.get(registration__email="teacher0@example.ru")
    assert (feedback.usefulness, feedback.to_improve, feedback.occurrence) == (5, "", occurrence)


def test_a_bad_score_or_a_damaged_or_old_link_gets_a_russian_4xx(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    held_meeting()
    send_requests(django_capture_on_commit_callbacks)
    url = link_in(mail.outbox[0])
    refused = answer(client, url, 9)
    assert refused.status_code == 400 and "Выберите оценку от 1 до 5" in refused.content.decode()
    assert not Feedback.objects.filter(registration__email="teacher0@example.ru").exists()
    damaged = client.get(path_of(url)[:-3] + "xx/")
    assert damaged.status_code == 400 and "Ссылка повреждена" in damaged.content.decode()
    token = feedback_token(Registration.objects.get(email="teacher0@example.ru"))
    month_later = timezone.now() + datetime.timedelta(days=FEEDBACK_LINK_DAYS, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: month_later)
    expired = client.get(reverse("centers_feedback", args=[token]))
    assert expired.status_code == 410 and "30 дней" in expired.content.decode()


def test_the_participants_screen_shows_the_aggregate_and_unsigned_comments(client):
    event, occurrence = held_meeting(
        attended=("Петрова Анна Викторовна", "Ершов Павел Олегович", "Котова Ольга")
    )
    registrations = Registration.objects.filter(occurrence=occurrence, attended=True).order_by("pk")
    for registration, score, comment in zip(
        registrations, (5, 4, 5), ("Примеры уроков", "", "Чек-листы"), strict=True
    ):
        Feedback.objects.create(
            occurrence=occurrence, registration=registration, usefulness=score, most_useful=comment
        )
    client.force_login(coordinator_of("literacy-lyceum1", "coord"))
    url = reverse("centers_events:participants", args=[event.pk]) + f"?occurrence={occurrence.pk}"
    html = client.get(url).content.decode()
    section = html[html.index('id="feedback-heading"') :]
    assert "3 ответа, средняя полезность 4,7 из 5" in section
    assert re.search(r"<td>5</td><td>2</td><td>67</td>", section)
    assert re.search(r"<td>4</td><td>1</td><td>33</td>", section)
    assert "Примеры уроков" in section and "Чек-листы" in section
    assert "Петрова" not in section and "Котова" not in section, "no names next to the comments"
    assert feedback_summary([occurrence]) == (3, pytest.approx(14 / 3))
