"""How long the personal data of event registrations and the proofs of their consents are kept.

Registrations are anonymized a retention period after their meeting (152-FZ: no longer than needed), and their
consent records are deleted once the period for proving the consent has passed as well.

A consent record is the operator's proof that the processing was lawful (152-FZ art. 9 p. 3 puts the burden of
proof on the operator), and that need outlives the registration: a participant may dispute the processing after
the data are gone. So anonymizing a registration leaves its ConsentRecord (kind, text version, time, IP, e-mail,
name) as it is, and the record is deleted CENTERS_CONSENT_PROOF_RETENTION_DAYS (default three years, the general
limitation period of the Civil Code, art. 196) after the anonymization. Records whose registration no longer
exists (its event was deleted) go once both periods have passed since the consent was given.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from centers.events.models import Registration
from centers.privacy.models import ConsentRecord
from centers.privacy.person_links import PersonLink, forget_links

# The links a registration's letters carried: they go with the person's data.
REGISTRATION_LINKS = [
    PersonLink.Purpose.CONFIRM_REGISTRATION,
    PersonLink.Purpose.CANCEL_REGISTRATION,
    PersonLink.Purpose.FEEDBACK,
]

DEFAULT_RETENTION_DAYS = 365
DEFAULT_PROOF_RETENTION_DAYS = 3 * 365


def anonymize_registrations(days, now=None):
    """Blank the personal data of registrations whose meeting ended more than `days` ago; keep status, attendance."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return anonymize(Registration.objects.filter(occurrence__end__lt=cutoff, anonymized_at__isnull=True))


def anonymize(registrations):
    """Blanks who registered, keeping the meeting, status and attendance the reports count; returns how many.
    The links their letters carried (cancel, confirm, feedback) are deleted."""
    with transaction.atomic():
        registrations = registrations.filter(anonymized_at__isnull=True)
        forget_links(purposes=REGISTRATION_LINKS, object_ids=registrations.values_list("pk", flat=True))
        return registrations.update(
            full_name="",
            position="",
            organization="",
            email="",
            phone="",
            consent_ip=None,
            anonymized_at=timezone.now(),
        )


def delete_expired_consent_proofs(proof_days, retention_days, now=None):
    """Delete the consent records of registrations anonymized more than `proof_days` ago, and of registrations
    gone altogether when the consent is older than both periods together. Returns how many were deleted."""
    now = now or timezone.now()
    anonymized_long_ago = Registration.objects.filter(
        anonymized_at__lt=now - datetime.timedelta(days=proof_days)
    ).values("pk")
    orphaned = Q(given_at__lt=now - datetime.timedelta(days=retention_days + proof_days)) & ~Q(
        object_id__in=Registration.objects.values("pk")
    )
    records = ConsentRecord.objects.filter(content_type=ContentType.objects.get_for_model(Registration))
    with transaction.atomic():
        deleted, _by_model = records.filter(Q(object_id__in=anonymized_long_ago) | orphaned).delete()
    return deleted
