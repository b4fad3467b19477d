"""What a teacher's record shows: everything the site holds under one e-mail, across all centers."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from centers.certificates.models import Certificate
from centers.consultations.models import ConsultationRequest
from centers.events.models.registrations import Registration
from centers.practices.models import PracticePage


def registrations_of(email):
    """Every registration under this e-mail, soonest meeting first, with its waiting-list place counted in SQL."""
    ahead = (
        Registration.objects.filter(
            occurrence_id=OuterRef("occurrence_id"),
            status=Registration.Status.WAITLISTED,
            waitlist_position__lt=OuterRef("waitlist_position"),
        )
        .order_by()
        .values("occurrence_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Registration.objects.filter(email__iexact=email, anonymized_at__isnull=True)
        .select_related("occurrence__event__format", "occurrence__event__host_center")
        .annotate(ahead=Subquery(ahead))
        .order_by("occurrence__start", "pk")
    )


def certificates_of(email):
    return Certificate.objects.filter(email__iexact=email).order_by("-held_from", "pk")


def practices_of(email):
    return PracticePage.objects.filter(submitter_email__iexact=email).order_by("-submitted_at", "pk")


def consultations_of(email):
    return (
        ConsultationRequest.objects.filter(email__iexact=email)
        .select_related("center")
        .order_by("-created_at", "pk")
    )


def prepare_registration(registration, now, certificates_by_registration):
    """Adds what the page needs: upcoming or past, the place in line, whether it can still be cancelled."""
    registration.is_upcoming = registration.occurrence.end >= now
    registration.place = (
        (registration.ahead or 0) + 1 if registration.status == Registration.Status.WAITLISTED else None
    )
    # A meeting cancelled by its center (or an event taken off the site) is not held: the seat it still records
    # is not a confirmation, and there is nothing left to cancel.
    registration.meeting_cancelled = (
        registration.occurrence.is_cancelled or not registration.occurrence.event.live
    )
    registration.can_cancel = (
        registration.is_active and not registration.meeting_cancelled and registration.occurrence.start > now
    )
    registration.shows_online_link = (
        registration.status == Registration.Status.CONFIRMED
        and registration.is_upcoming
        and not registration.meeting_cancelled
    )
    registration.certificate = certificates_by_registration.get(registration.pk)
    return registration


def record_of(email, now=None):
    """The record's sections: upcoming and past registrations, certificates, practices, consultation requests."""
    now = now or timezone.now()
    certificates = list(certificates_of(email))
    by_registration = {c.registration_id: c for c in certificates if c.registration_id}
    registrations = [prepare_registration(r, now, by_registration) for r in registrations_of(email)]
    return {
        "upcoming": [r for r in registrations if r.is_upcoming],
        "past": [r for r in reversed(registrations) if not r.is_upcoming],
        "certificates": certificates,
        "practices": list(practices_of(email)),
        "consultations": list(consultations_of(email)),
    }


def holds_anything(record):
    return any(record[key] for key in ("upcoming", "past", "certificates", "practices", "consultations"))


def own_registration(email, registration_id):
    """The registration only if it is this e-mail's: a link made for one address never reaches another's."""
    return (
        Registration.objects.filter(pk=registration_id, email__iexact=email, anonymized_at__isnull=True)
        .select_related("occurrence__event")
        .first()
    )


def own_certificate(email, number):
    return Certificate.objects.filter(
        Q(number=number.strip().upper()), email__iexact=email, revoked_at__isnull=True
    ).first()
