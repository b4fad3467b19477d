"""Double opt-in: a subscription is stored pending, its first letter carries a signed confirm link, and only a
confirmed subscription gets digests. Every digest carries a signed one-click unsubscribe link (RFC 8058)."""

import datetime
import hashlib

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.events.registration import site_root_url
from centers.outbox.letters import compose_letter, send_letter_now_or_later
from centers.privacy.consent import record_consents
from centers.privacy.models import ConsentRecord
from centers.subscriptions.models import Subscription

CONFIRM_SALT = "centers.subscriptions.confirm"
UNSUBSCRIBE_SALT = "centers.subscriptions.unsubscribe"
CONFIRM_LINK_LIFETIME = datetime.timedelta(days=3)
# An unsubscribe link must work from an old letter too, but not for ever.
UNSUBSCRIBE_LINK_LIFETIME = datetime.timedelta(days=400)


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def email_digest(email):
    """A short hash of the e-mail in the link: it binds the link to the address without writing it in URLs and logs."""
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def token_for(subscription, salt):
    return signing.dumps([subscription.pk, email_digest(subscription.email)], salt=salt)


def subscription_from_token(token, salt, max_age):
    """The subscription a signed link names; LinkExpired or LinkInvalid when the link cannot be trusted."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise LinkInvalid from error
    if not isinstance(data, list) or len(data) != 2 or not isinstance(data[0], int):
        raise LinkInvalid
    subscription = Subscription.objects.filter(pk=data[0]).first()
    if subscription is None or email_digest(subscription.email) != data[1]:
        raise LinkInvalid
    return subscription


def absolute(base_url, name, token):
    return (base_url or site_root_url()) + reverse(name, args=[token])


def unsubscribe_url(subscription, base_url=None):
    return absolute(base_url, "centers_unsubscribe", token_for(subscription, UNSUBSCRIBE_SALT))


def subscribe(data, *, ip_address, base_url=None):
    """Stores a pending subscription with its consent and writes the confirmation letter in the same transaction.

    Whether the e-mail already has a subscription changes nothing here: the new choices wait for confirmation.
    """
    with transaction.atomic():
        subscription = Subscription.objects.create(
            email=data["email"],
            wants_materials="materials" in data["kinds"],
            wants_events="events" in data["kinds"],
        )
        for name in ("directions", "subjects", "levels", "centers"):
            getattr(subscription, name).set(data[name])
        record_consents(
            [ConsentRecord.Kind.SUBSCRIPTION],
            email=subscription.email,
            subject=subscription,
            ip_address=ip_address,
        )
        confirm_url = absolute(
            base_url, "centers_confirm_subscription", token_for(subscription, CONFIRM_SALT)
        )
        letter = compose_letter(
            _("Confirm your subscription to the resource centers' news"),
            "centers/subscriptions/emails/confirm",
            {"subscription": subscription, "confirm_url": confirm_url, "days": CONFIRM_LINK_LIFETIME.days},
            [subscription.email],
        )
        send_letter_now_or_later(letter)
    return subscription


def confirm(subscription):
    """Confirms once; the e-mail's earlier subscriptions give way to the one just confirmed."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status == Subscription.Status.PENDING:
            subscription.status = Subscription.Status.CONFIRMED
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["status", "confirmed_at"])
            Subscription.objects.filter(email=subscription.email).exclude(pk=subscription.pk).delete()
    return subscription


def unsubscribe(subscription):
    """Stops the digests at once; a second click changes nothing."""
    updated = Subscription.objects.filter(pk=subscription.pk).exclude(status=Subscription.Status.UNSUBSCRIBED)
    updated.update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    subscription.refresh_from_db()
    return subscription


def erase_subscriber(email):
    """Deletes every subscription of this e-mail (and what its digests carried); the consent records stay as proof.

    Returns how many subscriptions were deleted. For the erasure a teacher asks for on their own record (152-FZ).
    """
    _deleted, by_model = Subscription.objects.filter(email__iexact=email.strip()).delete()
    return by_model.get(Subscription._meta.label, 0)
