"""A center closed early holds no meetings from its closing date on: they are cancelled, everyone with a seat or on
the waiting list gets a letter, nobody can register, and saving the event again does not bring them back."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from centers.events.registration import register_participant
from centers.lifecycle.closing import close_early
from centers.models import EventPage

from .events_helpers import center, form, make_event, registration_url
from .test_expert_council import user

pytestmark = pytest.mark.django_db


def registrant(event, number):
    occurrence = event.occurrences.get()
    return register_participant(
        occurrence.pk,
        full_name=f"Петрова Анна Сергеевна {number}",
        position="учитель",
        organization="МБОУ СОШ № 1",
        email=f"teacher{number}@example.ru",
    )


def test_closing_cancels_the_later_meetings_writes_to_their_people_and_closes_registration(
    client, django_capture_on_commit_callbacks
):
    host = center("literacy-lyceum1")
    before = make_event(slug="before-closing", days=5, title="Семинар до закрытия")
    after = make_event(slug="after-closing", days=20, title="Семинар после закрытия", capacity=1)
    registrant(after, 1)
    registrant(after, 2)  # waiting list
    mail.outbox.clear()
    closing_date = timezone.localdate() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        close_early(
            host,
            number="215-п",
            date=timezone.localdate(),
            closing_date=closing_date,
            reason="реорганизация учреждения",
            user=user("moderator"),
        )
    assert after.occurrences.get().is_cancelled and not before.occurrences.get().is_cancelled
    letters = [letter for letter in mail.outbox if "Семинар после закрытия" in letter.subject]
    assert sorted(letter.to[0] for letter in letters) == ["teacher1@example.ru", "teacher2@example.ru"]
    assert "по приказу № 215-п" in letters[0].body and letters[0].alternatives
    html = client.get(registration_url(after)).content.decode()
    assert "Эта встреча отменена." in html and "состоялось" not in html and 'name="consent"' not in html
    occurrence = after.occurrences.get()
    response = client.post(registration_url(after), form(email="late@example.ru", occurrence=occurrence.pk))
    assert response.status_code == 400
    assert not occurrence.registrations.filter(email="late@example.ru").exists()
    before_occurrence = before.occurrences.get()
    client.post(registration_url(before), form(email="early@example.ru", occurrence=before_occurrence.pk))
    assert before_occurrence.registrations.filter(email="early@example.ru").exists()

    event = EventPage.objects.get(pk=after.pk)
    event.save_revision().publish()
    assert event.occurrences.get().is_cancelled
