"""A meeting that has taken place, with registrations whose attendance the organizers marked."""

import io

from django.utils import timezone
from pypdf import PdfReader

from centers.models import EventSpeaker, Registration

from .events_helpers import make_event


def held_meeting(attended=("Петрова Анна Викторовна",), absent=("Сидоров Олег Ильич",), **fields):
    """An event that ended yesterday, giving certificates, with one registration per name (attendance marked)."""
    fields.setdefault("academic_hours", 4)
    fields.setdefault("certificates_for_participants", True)
    fields.setdefault("title", "Практикум «Смысловое чтение на уроках истории»")
    event = make_event(days=-1, **fields)
    occurrence = event.occurrences.get()
    now = timezone.now()
    for number, name in enumerate([*attended, *absent]):
        Registration.objects.create(
            occurrence=occurrence,
            status=Registration.Status.CONFIRMED,
            full_name=name,
            position="учитель",
            organization="СОШ № 5",
            email=f"teacher{number}@example.ru",
            consent_given_at=now,
            consent_version="test",
            confirmed_at=now,
            attended=name in attended,
        )
    return event, occurrence


def add_speaker(event, name="Ковалёва Ирина Андреевна", email="speaker@example.ru"):
    speaker = EventSpeaker.objects.create(
        page=event, name=name, email=email, topic="Приёмы смыслового чтения"
    )
    return speaker


def pdf_text(body):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
