"""Withdrawal of consent and erasure of a teacher's personal data from their record (152-FZ art. 9 p. 2, art. 21).

What goes, under one e-mail: registrations are cancelled (upcoming ones free their seat) and anonymized like the
retention purge does; feedback answers lose their link to the person (the scores stay, unsigned); certificates are
revoked and lose name and e-mail (the public check then says the certificate is not valid); consultation requests
keep only their topic, center, status and dates (questions published from them forget which request); practices
sent in lose the sender's e-mail, in every revision; subscriptions are deleted; letters to this address still in the
outbox are deleted.

What stays is the proof the operator must keep that its processing was lawful (art. 9 p. 3): the consent records,
now marked withdrawn, with when, which text version, from where, name and e-mail; purge_registrations deletes
them once the proof period has passed (centers.events.retention).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Revision

from centers.certificates.models import Certificate
from centers.consultations.models import ConsultationRequest
from centers.consultations.publishing import unlink_questions
from centers.events.models.feedback import Feedback
from centers.events.models.registrations import Registration
from centers.events.registration import cancel_registration
from centers.events.retention import anonymize
from centers.outbox.models import OutgoingLetter
from centers.practices.models import PracticePage
from centers.privacy.models import ConsentRecord
from centers.subscriptions.subscribing import erase_subscriber


def cancel_upcoming(registrations, base_url, now):
    """Frees the seats of meetings still to come, so the first in line gets them (and a letter)."""
    upcoming = registrations.exclude(status=Registration.Status.CANCELLED).filter(occurrence__start__gt=now)
    for registration_id in list(upcoming.values_list("pk", flat=True)):
        cancel_registration(registration_id, base_url)


def erase_registrations(email, base_url, now):
    registrations = Registration.objects.filter(email__iexact=email, anonymized_at__isnull=True)
    cancel_upcoming(registrations, base_url, now)
    ids = list(registrations.values_list("pk", flat=True))
    Feedback.objects.filter(registration_id__in=ids).update(registration=None)
    return anonymize(Registration.objects.filter(pk__in=ids))


def erase_certificates(email, now):
    """Revoked and nameless: a certificate names the person, so it cannot outlive their data."""
    certificates = Certificate.objects.filter(email__iexact=email)
    certificates.filter(revoked_at__isnull=True).update(revoked_at=now)
    return certificates.update(full_name="", email="")


def erase_consultations(email):
    """The center keeps that a request on this topic came and was answered; who asked and what they wrote go.
    A question published from the request keeps its (rewritten) public text and loses its link to the request."""
    requests = ConsultationRequest.objects.filter(email__iexact=email)
    unlink_questions(list(requests.values_list("pk", flat=True)))
    return requests.update(name="", email="", phone="", organization="", question="", answer="")


def erase_practice_senders(email):
    """The sender's e-mail leaves the practice and its revisions; the practice and its published authors stay."""
    pages = list(PracticePage.objects.filter(submitter_email__iexact=email).values_list("pk", flat=True))
    if not pages:
        return 0
    PracticePage.objects.filter(pk__in=pages).update(submitter_email="")
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(PracticePage), object_id__in=[str(pk) for pk in pages]
    )
    for revision in revisions:
        if revision.content.get("submitter_email"):
            revision.content["submitter_email"] = ""
            revision.save(update_fields=["content"])
    return len(pages)


def delete_letters_to(email):
    """Letters to this address still kept by the outbox (sent ones are kept 30 days) name the person: they go."""
    letters = OutgoingLetter.objects.annotate(recipients_text=Cast("recipients", TextField())).filter(
        recipients_text__icontains=email
    )
    doomed = [letter.pk for letter in letters if email in {r.strip().lower() for r in letter.recipients}]
    return OutgoingLetter.objects.filter(pk__in=doomed).delete()[0]


def withdraw_consents(email, now):
    """The consent records stay as proof; they now also say when the consent was withdrawn."""
    return ConsentRecord.objects.filter(email__iexact=email, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )


def erase_person(email, base_url):
    """Withdraws every consent under this e-mail and erases or anonymizes the data; returns counts per kind."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        return {
            "consents": withdraw_consents(email, now),
            "registrations": erase_registrations(email, base_url, now),
            "certificates": erase_certificates(email, now),
            "consultations": erase_consultations(email),
            "practices": erase_practice_senders(email),
            "subscriptions": erase_subscriber(email),
            "letters": delete_letters_to(email),
        }
