"""Double opt-in: a subscription is stored pending, its first letter carries a confirm link, and only a confirmed
subscription gets digests. Every digest carries a one-click unsubscribe link (RFC 8058).

Both links carry an opaque token (centers.privacy.person_links): no e-mail, no hash of it. Each opens a page with one
button; only its POST confirms or unsubscribes, so a mail scanner that follows links (GET, HEAD) changes nothing.
A new subscription waits beside the e-mail's confirmed one and replaces it only when it is confirmed.

Links sent before tokens: an old confirm link shows "expired, subscribe again"; an old unsubscribe link (signed, in
digests already delivered) still unsubscribes until its 400 days are over (legacy_subscription_from_token)."""

import datetime
import hashlib

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.common.email_addresses import normalise_email
from centers.events.registration import site_root_url
from centers.outbox.letters import compose_letter, send_letter_now_or_later
from centers.privacy.consent import record_consents
from centers.privacy.models import ConsentRecord
from centers.privacy.person_links import LinkRefused, PersonLink, forget_links, issue_link, open_link
from centers.subscriptions.models import Subscription

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


def confirm_token(subscription):
    return issue_link(
        PersonLink.Purpose.CONFIRM_SUBSCRIPTION, CONFIRM_LINK_LIFETIME, object_id=subscription.pk
    )


def unsubscribe_token(subscription):
    return issue_link(PersonLink.Purpose.UNSUBSCRIBE, UNSUBSCRIBE_LINK_LIFETIME, object_id=subscription.pk)


def subscription_from_token(token, purpose):
    """The subscription a link names; LinkExpired or LinkInvalid when the link does not open."""
    if ":" in token and purpose == PersonLink.Purpose.UNSUBSCRIBE:
        return legacy_subscription_from_token(token, UNSUBSCRIBE_SALT, UNSUBSCRIBE_LINK_LIFETIME)
    try:
        link = open_link(token, purpose)
    except LinkRefused as refusal:
        raise (LinkInvalid if refusal.reason == "unknown" else LinkExpired) from refusal
    subscription = Subscription.objects.filter(pk=link.object_id).first()
    if subscription is None:
        raise LinkInvalid
    return subscription


def forget_subscription_links(subscription_ids):
    forget_links(
        purposes=[PersonLink.Purpose.CONFIRM_SUBSCRIPTION, PersonLink.Purpose.UNSUBSCRIBE],
        object_ids=subscription_ids,
    )


def legacy_subscription_from_token(token, salt, max_age):
    """An unsubscribe link signed before tokens (it named the row and a hash of the e-mail)."""
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
    return absolute(base_url, "centers_unsubscribe", unsubscribe_token(subscription))


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
        confirm_url = absolute(base_url, "centers_confirm_subscription", confirm_token(subscription))
        letter = compose_letter(
            _("Confirm your subscription to the resource centers' news"),
            "centers/subscriptions/emails/confirm",
            {"subscription": subscription, "confirm_url": confirm_url, "days": CONFIRM_LINK_LIFETIME.days},
            [subscription.email],
        )
        send_letter_now_or_later(letter)
    return subscription


def confirm(subscription):
    """Confirms once (the POST of the link's page); the e-mail's other subscriptions give way to it only now."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status == Subscription.Status.PENDING:
            subscription.status = Subscription.Status.CONFIRMED
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["status", "confirmed_at"])
            others = Subscription.objects.filter(email__iexact=normalise_email(subscription.email)).exclude(
                pk=subscription.pk
            )
            forget_subscription_links(list(others.values_list("pk", flat=True)))
            others.delete()
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
    subscriptions = Subscription.objects.filter(email__iexact=normalise_email(email))
    forget_subscription_links(list(subscriptions.values_list("pk", flat=True)))
    _deleted, by_model = subscriptions.delete()
    return by_model.get(Subscription._meta.label, 0)
