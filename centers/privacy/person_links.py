"""Links that act for a person: their record, a subscription's confirm and unsubscribe, a registration's confirm and
cancel, the feedback form after a meeting, a pilot school's results form, a returned application's resubmission.

A link carries an opaque random token and nothing else: not the e-mail, not a hash of it, not a row's number. The
site keeps only the token's SHA-256, with what the link is for and when it stops working, so a copy of the database
or a log of the addresses opened gives no working link and names nobody. Expired rows are deleted whenever a new
link is made.
"""

import datetime
import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Tokens are URL-safe base64 of 32 random bytes (43 characters); the signed links before them held ":".
TOKEN_BYTES = 32


class LinkRefused(Exception):
    """Why a link does not open: "expired", "outdated" (a link of the earlier, signed kind) or "unknown"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class PersonLink(models.Model):
    class Purpose(models.TextChoices):
        RECORD = "record", _("a teacher's record")
        CONFIRM_SUBSCRIPTION = "confirm_subscription", _("confirming a subscription")
        UNSUBSCRIBE = "unsubscribe", _("unsubscribing")
        CONFIRM_REGISTRATION = "confirm_registration", _("confirming a registration")
        CANCEL_REGISTRATION = "cancel_registration", _("cancelling a registration")
        FEEDBACK = "feedback", _("feedback on a meeting")
        PILOT_RESULT = "pilot_result", _("a pilot school's results")
        APPLICATION_REVISION = "application_revision", _("resubmitting a returned application")

    token_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    # A record link opens the record of this e-mail; the others name their row (subscription, registration, pilot
    # school, application) by its number here, never in the link.
    email = models.EmailField(_("e-mail"), blank=True)
    object_id = models.PositiveBigIntegerField(_("object"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("link sent to a person")
        verbose_name_plural = _("links sent to people")

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.expires_at:%Y-%m-%d})"


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(purpose, lifetime, *, email="", object_id=None):
    """A new token for a link; only its hash is stored. `lifetime` is seconds, a timedelta, or the moment the link
    stops working (a datetime). Expired links of anyone are deleted on the way."""
    now = timezone.now()
    PersonLink.objects.filter(expires_at__lt=now).delete()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    if isinstance(lifetime, (int, float)):
        lifetime = datetime.timedelta(seconds=lifetime)
    expires_at = lifetime if isinstance(lifetime, datetime.datetime) else now + lifetime
    PersonLink.objects.create(
        token_hash=token_hash(token),
        purpose=purpose,
        email=email,
        object_id=object_id,
        expires_at=expires_at,
    )
    return token


def open_link(token, purpose):
    """The stored link a token opens; LinkRefused says why not."""
    if ":" in token:  # django.core.signing's separator: a link sent before tokens
        raise LinkRefused("outdated")
    link = PersonLink.objects.filter(token_hash=token_hash(token), purpose=purpose).first()
    if link is None:
        raise LinkRefused("unknown")
    if link.expires_at <= timezone.now():
        raise LinkRefused("expired")
    return link


def forget_links(*, email=None, purposes=(), object_ids=()):
    """Deletes the links of an e-mail (its record links), or those of some subscriptions, registrations, schools."""
    if email is not None:
        links = PersonLink.objects.filter(email__iexact=email)
    else:
        # A queryset stays a subquery, however many rows it names.
        if not isinstance(object_ids, models.QuerySet):
            object_ids = list(object_ids)
        links = PersonLink.objects.filter(purpose__in=list(purposes), object_id__in=object_ids)
    return links.delete()[0]
