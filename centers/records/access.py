"""The short-lived link to a teacher's own record: requested by e-mail, it carries an opaque random token
(centers.privacy.person_links) whose hash the site keeps with the e-mail; the e-mail is never in the link.

No account and no session: whoever can read the mailbox can open the record, for CENTERS_RECORD_LINK_SECONDS
(an hour by default). The answer to a request is the same whether the e-mail is known or not, and as fast (the letter
leaves after the answer, centers.outbox.delivery); only a known one gets a letter.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from centers.certificates.models import Certificate
from centers.common.email_addresses import normalise_email
from centers.consultations.models import ConsultationRequest
from centers.events.models.registrations import Registration
from centers.outbox.delivery import deliver_after_commit, enqueue
from centers.outbox.letters import compose_letter
from centers.practices.models import PracticePage
from centers.privacy.person_links import LinkRefused, PersonLink, issue_link, open_link

DEFAULT_LINK_SECONDS = 60 * 60
__all__ = ["LinkRefused"]


def link_seconds():
    """How long a record link opens the record (CENTERS_RECORD_LINK_SECONDS, an hour by default)."""
    return getattr(settings, "CENTERS_RECORD_LINK_SECONDS", DEFAULT_LINK_SECONDS)


def record_token(email):
    """A new token opening this e-mail's record for link_seconds()."""
    return issue_link(PersonLink.Purpose.RECORD, link_seconds(), email=normalise_email(email))


def email_from_token(token):
    """The e-mail the link was made for; an unknown, expired or old-style link raises LinkRefused."""
    return open_link(token, PersonLink.Purpose.RECORD).email


def is_known(email):
    """Whether anything on the site still holds this e-mail (registrations, certificates, practices, requests)."""
    return (
        Registration.objects.filter(email__iexact=email, anonymized_at__isnull=True).exists()
        or Certificate.objects.filter(email__iexact=email).exists()
        or ConsultationRequest.objects.filter(email__iexact=email).exists()
        or PracticePage.objects.filter(submitter_email__iexact=email).exists()
    )


def record_link_message(email, base_url):
    """The letter with the link: Russian plain text and its HTML alternative."""
    context = {
        "record_url": base_url + reverse("centers_record", args=[record_token(email)]),
        "minutes": link_seconds() // 60,
        "request_url": base_url + reverse("centers_record_request"),
    }
    return compose_letter(
        _("Your registrations and certificates: the link to your record"),
        "centers/records/emails/record_link",
        context,
        [email],
    )


def send_record_link(email, base_url):
    """Writes the letter to the outbox when the e-mail is known; for an unknown one nothing is stored or sent."""
    email = normalise_email(email)
    with transaction.atomic():
        if not is_known(email):
            return False
        deliver_after_commit(enqueue(record_link_message(email, base_url)))
    return True
