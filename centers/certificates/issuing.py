"""Who gets a certificate and when: attendees and speakers of ended meetings whose attendance is marked, once each."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centers.certificates.models import Certificate, new_number
from centers.certificates.pdf import certificate_pdf, verification_url
from centers.events.models.occurrences import EventOccurrence
from centers.events.models.registrations import Registration
from centers.events.registration import site_root_url
from centers.outbox.delivery import deliver, enqueue
from centers.outbox.letters import compose_letter
from centers.outbox.once import send_once_each

logger = logging.getLogger(__name__)


def meetings_due(now=None):
    """Ended, held meetings of live events that give certificates, with at least one attendance mark."""
    now = now or timezone.now()
    return (
        EventOccurrence.objects.filter(end__lt=now, is_cancelled=False, event__live=True)
        .filter(registrations__attended__isnull=False)
        .exclude(event__certificates_for_participants=False, event__certificates_for_speakers=False)
        .select_related("event__format", "event__host_center")
        .distinct()
    )


def meeting_facts(occurrence):
    """What every certificate of this meeting certifies, copied so that later edits of the page do not alter it."""
    event = occurrence.event
    return {
        "occurrence": occurrence,
        "event_title": event.title,
        "event_format": event.format.name,
        "held_from": timezone.localtime(occurrence.start).date(),
        "held_until": timezone.localtime(occurrence.end).date(),
        "academic_hours": event.academic_hours or 0,
        "organizers": "\n".join(center.title for center in event.all_centers()),
    }


def create_certificate(**fields):
    """A new row with a fresh number; a row that already exists (a parallel run) is left as it is."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(number=new_number(fields["held_from"].year), **fields)
        except IntegrityError:
            holder = {key: fields[key] for key in ("registration", "speaker") if fields.get(key)}
            if Certificate.objects.filter(occurrence=fields["occurrence"], **holder).exists():
                return None
    raise RuntimeError("Could not find a free certificate number")


def issue_for_meeting(occurrence):
    """Certificates for this meeting's attendees and speakers who have none yet; returns how many were made."""
    event = occurrence.event
    facts = meeting_facts(occurrence)
    made = 0
    if event.certificates_for_participants:
        attendees = Registration.objects.filter(
            occurrence=occurrence,
            status=Registration.Status.CONFIRMED,
            attended=True,
            anonymized_at__isnull=True,
        ).exclude(certificates__occurrence=occurrence)
        for registration in attendees:
            made += bool(
                create_certificate(
                    kind=Certificate.Kind.PARTICIPANT,
                    registration=registration,
                    full_name=registration.full_name,
                    email=registration.email,
                    **facts,
                )
            )
    if event.certificates_for_speakers:
        for speaker in event.speakers.exclude(certificates__occurrence=occurrence):
            made += bool(
                create_certificate(
                    kind=Certificate.Kind.SPEAKER,
                    speaker=speaker,
                    full_name=speaker.name,
                    email=speaker.email,
                    **facts,
                )
            )
    return made


def issue_due_certificates(now=None):
    return sum(issue_for_meeting(occurrence) for occurrence in meetings_due(now))


def certificate_message(certificate, base_url, reissued=False):
    """The letter with the PDF attached and the verification link."""
    context = {
        "certificate": certificate,
        "verification_url": verification_url(certificate, base_url),
        "reissued": reissued,
    }
    subject = (
        _("Corrected certificate No. %(number)s: «%(title)s»")
        if reissued
        else _("Your certificate No. %(number)s: «%(title)s»")
    )
    pdf = certificate_pdf(certificate, base_url)
    return compose_letter(
        subject % {"number": certificate.number, "title": certificate.event_title},
        "centers/certificates/emails/certificate",
        context,
        [certificate.email],
        attachments=[(f"certificate-{certificate.number}.pdf", pdf, "application/pdf")],
    )


def send_unsent_certificates(base_url=None):
    """Writes each issued, unrevoked certificate not yet sent to the outbox once, then sends it.

    The certificate row is locked and marked in the transaction that stores its letter. Returns (sent, failed); a
    letter the mail server refused waits in the outbox, and send_outbox retries it."""
    base_url = base_url or site_root_url()
    unsent = Certificate.objects.filter(sent_at__isnull=True, revoked_at__isnull=True).exclude(email="")
    with translation.override(settings.LANGUAGE_CODE):
        return send_once_each(
            unsent, lambda certificate: certificate_message(certificate, base_url), "sent_at"
        )


def follow_attendance(registration):
    """Unmarking attendance (or cancelling) revokes the person's certificate; marking it again restores it."""
    holds = registration.attended is True and registration.status == Registration.Status.CONFIRMED
    certificates = Certificate.objects.filter(registration=registration)
    if holds:
        return certificates.filter(revoked_at__isnull=False).update(revoked_at=None)
    return certificates.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def reissue(certificate, full_name, base_url):
    """Corrects the name (on the registration too), keeps the number and sends the corrected PDF."""
    with transaction.atomic():
        certificate.full_name = full_name
        certificate.reissued_at = timezone.now()
        certificate.save(update_fields=["full_name", "reissued_at"])
        if certificate.registration_id:
            Registration.objects.filter(pk=certificate.registration_id).update(full_name=full_name)
    if not certificate.email:
        return False
    with transaction.atomic():
        letter = enqueue(certificate_message(certificate, base_url, reissued=True))
        Certificate.objects.filter(pk=certificate.pk).update(sent_at=timezone.now())
    return deliver(letter.pk)
