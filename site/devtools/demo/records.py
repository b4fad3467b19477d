"""Demo feedback and a demo teacher: answers about the certified past meetings, and one teacher whose record shows
a certificate, a past meeting and an upcoming registration (what /my/ opens)."""

import datetime

from django.utils import timezone

from centers.certificates.models import Certificate
from centers.events.registration import CONSENT_KIND, take_seat_or_waiting_ticket
from centers.models import EventPage, Feedback, Registration
from centers.privacy.consent import current_version, record_consents
from portal.devtools.demo.council import CLOSED_CENTER_SLUG

# (usefulness, most useful, to improve, topics wanted): a realistic spread, some left blank.
ANSWERS = [
    (5, "Разбор реальных уроков и готовые приёмы, которые можно взять завтра.", "", "Оценивание на уроке"),
    (4, "Работа в группах с коллегами из других школ.", "Больше времени на практику.", ""),
    (5, "", "", "Инклюзия в старших классах"),
    (3, "Презентация с примерами.", "Слишком много теории в начале, мало времени на вопросы.", ""),
    (4, "", "Раздаточные материалы заранее, до встречи.", "Проектная деятельность"),
]


def build_feedback():
    """Past attended meetings were asked (as if the letters had gone); most attendees answered."""
    now = timezone.now()
    attended = Registration.objects.filter(
        occurrence__end__lt=now,
        attended=True,
        status=Registration.Status.CONFIRMED,
        anonymized_at__isnull=True,
    ).order_by("pk")
    attended.filter(feedback_requested_at__isnull=True).update(feedback_requested_at=now)
    for number, registration in enumerate(attended.filter(feedback__isnull=True, certificates__isnull=False)):
        if number % 4 == 3:
            continue  # not everyone answers
        usefulness, most_useful, to_improve, topics = ANSWERS[number % len(ANSWERS)]
        Feedback.objects.create(
            occurrence_id=registration.occurrence_id,
            registration=registration,
            usefulness=usefulness,
            most_useful=most_useful,
            to_improve=to_improve,
            topics_wanted=topics,
        )


def demo_teacher_email():
    """The holder of the first valid participant's certificate: the teacher whose record the demo points at."""
    certificate = (
        Certificate.objects.filter(revoked_at__isnull=True, kind=Certificate.Kind.PARTICIPANT)
        .exclude(email="")
        .order_by("pk")
        .first()
    )
    return certificate.email if certificate else None


def upcoming_event_with_seats(now, email):
    """Not at the center the demo closes later (its meetings are cancelled then): the record must have a meeting to
    cancel."""
    events = (
        EventPage.objects.live()
        .filter(registration_enabled=True)
        .exclude(host_center__slug=CLOSED_CENTER_SLUG)
    )
    for event in events.order_by("start"):
        occurrence = event.open_occurrences().first()
        if occurrence is None or event.is_recurring:
            continue
        registrations = Registration.objects.filter(occurrence=occurrence)
        if registrations.filter(email__iexact=email).exists():
            return None  # registered already (a rerun)
        confirmed = registrations.filter(status=Registration.Status.CONFIRMED).count()
        if event.capacity is None or confirmed + 3 < event.capacity:  # leave seats for the browser journeys
            return occurrence
    return None


def register_demo_teacher(email):
    """The teacher also registered for an upcoming meeting, as through the form, so their record can cancel it."""
    now = timezone.now()
    if Registration.objects.filter(email__iexact=email, occurrence__start__gt=now).exists():
        return  # a rerun: registered already (that meeting may since have been cancelled by its center's closing)
    occurrence = upcoming_event_with_seats(now, email)
    if occurrence is None:
        return
    earlier = Registration.objects.filter(email__iexact=email).order_by("pk").first()
    registration = Registration(
        occurrence=occurrence,
        full_name=earlier.full_name,
        position=earlier.position,
        organization=earlier.organization,
        email=email,
        phone=earlier.phone,
        consent_given_at=now - datetime.timedelta(days=1),
        consent_ip="10.0.0.1",
        consent_version=current_version(CONSENT_KIND),
    )
    take_seat_or_waiting_ticket(registration, now)
    registration.save()
    record_consents(
        [CONSENT_KIND],
        email=email,
        name=registration.full_name,
        subject=registration,
        ip_address=registration.consent_ip,
        given_at=registration.consent_given_at,
    )


def build_records(root_url):
    """Feedback and the demo teacher; returns the lines `make demo` prints about opening a teacher's record."""
    build_feedback()
    email = demo_teacher_email()
    if email is None:
        return []
    register_demo_teacher(email)
    return [
        f"A teacher's own record: open {root_url}/my/ and type {email}; the letter with the link is printed in "
        "this console (the demo's e-mail backend), valid for an hour."
    ]
