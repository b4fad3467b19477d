"""Withdrawal of consent and erasure of a teacher's personal data from their record (152-FZ art. 9 p. 2, art. 21).

What goes, under one e-mail: registrations are cancelled (upcoming ones free their seat) and anonymized like the
retention purge does; feedback answers lose their link to the person (the scores stay, unsigned); certificates are
revoked and lose name and e-mail (the public check then says the certificate is not valid); consultation requests
keep only their topic, center, status and dates (questions drafted from them forget which request, and a draft still
holding the request's words gets placeholders); practices sent in lose the sender's e-mail, in every revision, and
one never published also loses its authors and their organization; subscriptions are deleted; letters to this
address still in the outbox are deleted, and the person's names, e-mail and phones are struck out of the others
(the coordinators' notices); the search index entries of the pages changed are rewritten.

What stays is the proof the operator must keep that its processing was lawful (art. 9 p. 3): the consent records,
now marked withdrawn, with when, which text version, from where, name and e-mail; purge_registrations deletes
them once the proof period has passed (centers.events.retention).
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Page, Revision
from wagtail.search.index import insert_or_update_object

from centers.certificates.models import Certificate
from centers.consultations.models import ConsultationRequest
from centers.consultations.publishing import unlink_questions
from centers.events.models.feedback import Feedback
from centers.events.models.registrations import Registration
from centers.events.registration import cancel_registration
from centers.events.retention import anonymize
from centers.library.entries import refresh_entries
from centers.outbox.models import OutgoingLetter
from centers.practices.models import PracticeAuthor, PracticePage
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
    A question drafted from the request keeps its (rewritten) text and loses its link to the request.
    Returns the pages touched."""
    requests = ConsultationRequest.objects.filter(email__iexact=email)
    pages = unlink_questions(list(requests.values_list("pk", flat=True)))
    requests.update(name="", email="", phone="", organization="", question="", answer="")
    return pages


def practice_revisions(pages):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(PracticePage), object_id__in=[str(pk) for pk in pages]
    )


def erase_practice_senders(email):
    """The sender's e-mail leaves the practice and its revisions. A practice never published also loses its authors
    and their organization (the consent to publish them is withdrawn before it was used); a published practice
    keeps the authors its publication named. Returns the pages touched."""
    senders = PracticePage.objects.filter(submitter_email__iexact=email)
    pages = list(senders.values_list("pk", flat=True))
    unpublished = set(senders.filter(first_published_at__isnull=True).values_list("pk", flat=True))
    if not pages:
        return []
    PracticePage.objects.filter(pk__in=pages).update(submitter_email="")
    PracticePage.objects.filter(pk__in=unpublished).update(author_organization="")
    PracticeAuthor.objects.filter(page_id__in=unpublished).delete()
    for revision in practice_revisions(pages):
        content = {**revision.content, "submitter_email": ""}
        if int(revision.object_id) in unpublished:
            content.update(authors=[], author_organization="")
        if content != revision.content:
            revision.content = content
            revision.save(update_fields=["content"])
    return pages


def identifiers_of(email):
    """What names the person in others' texts: the e-mail, and the names and phones they gave under it (read
    before they are erased). Longest first, so that a full name is struck out before a part of it."""
    names = set(Registration.objects.filter(email__iexact=email).values_list("full_name", "phone").distinct())
    names |= set(ConsultationRequest.objects.filter(email__iexact=email).values_list("name", "phone"))
    values = {email} | {value for pair in names for value in pair}
    for name in ConsentRecord.objects.filter(email__iexact=email).values_list("name", flat=True):
        values.update(name.split("; "))
    senders = PracticePage.objects.filter(submitter_email__iexact=email, first_published_at__isnull=True)
    values.update(PracticeAuthor.objects.filter(page__in=senders).values_list("name", flat=True))
    return sorted({value.strip() for value in values if len(value.strip()) >= 3}, key=len, reverse=True)


def redact_letters(identifiers):
    """Letters to others still in the outbox (the coordinators' notices «<name> (<school>) asks…») keep their use
    and lose the person: each name, e-mail and phone is replaced by a mark."""
    if not identifiers:
        return 0
    pattern = re.compile(
        "|".join(re.escape(text) for value in identifiers for text in dict.fromkeys([value, escape(value)])),
        re.IGNORECASE,
    )
    mark = gettext("[erased]")
    found = Q()
    for value in identifiers:
        found |= Q(subject__icontains=value) | Q(body__icontains=value) | Q(html_body__icontains=value)
    redacted = 0
    for letter in OutgoingLetter.objects.filter(found):
        texts = {name: pattern.sub(mark, getattr(letter, name)) for name in ("subject", "body", "html_body")}
        if any(texts[name] != getattr(letter, name) for name in texts):
            OutgoingLetter.objects.filter(pk=letter.pk).update(**texts)
            redacted += 1
    return redacted


def refresh_search_index(page_ids):
    """Rows changed by update() reach neither the search backend's index nor the library's own by themselves: each
    page is indexed again in both."""
    for page in Page.objects.filter(pk__in=page_ids).specific():
        insert_or_update_object(page)
    refresh_entries(Page.objects.filter(pk__in=page_ids))


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
        identifiers = identifiers_of(email)
        counts = {
            "consents": withdraw_consents(email, now),
            "registrations": erase_registrations(email, base_url, now),
            "certificates": erase_certificates(email, now),
        }
        questions = erase_consultations(email)
        practices = erase_practice_senders(email)
        refresh_search_index([*questions, *practices])
        return {
            **counts,
            "questions": len(questions),
            "practices": len(practices),
            "subscriptions": erase_subscriber(email),
            "letters": delete_letters_to(email),
            "letters_redacted": redact_letters(identifiers),
        }
