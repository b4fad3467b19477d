"""Demo subscribers: one who confirmed (physics, the STEM center's materials and events), one still waiting."""

import datetime

from django.utils import timezone

from centers.models import CenterPage, ConsentRecord, Subject, Subscription
from centers.privacy.consent import record_consents

CONFIRMED_EMAIL = "podpischik@example.ru"
WAITING_EMAIL = "ne-podtverdil@example.ru"


def add_subscriber(email, status, days_ago):
    """One subscription with its consent, as /subscribe/ stores it; an existing one is left as it is."""
    existing = Subscription.objects.filter(email=email).first()
    if existing is not None:
        return existing
    given_at = timezone.now() - datetime.timedelta(days=days_ago)
    subscription = Subscription.objects.create(
        email=email,
        status=status,
        wants_materials=True,
        wants_events=True,
        confirmed_at=given_at if status == Subscription.Status.CONFIRMED else None,
    )
    Subscription.objects.filter(pk=subscription.pk).update(created_at=given_at)
    subscription.subjects.set(Subject.objects.filter(slug="physics"))
    subscription.centers.set(CenterPage.objects.filter(slug="stem-poisk"))
    record_consents(
        [ConsentRecord.Kind.SUBSCRIPTION],
        email=email,
        subject=subscription,
        ip_address="192.0.2.15",
        given_at=given_at,
    )
    return subscription


def build_subscriptions():
    """The confirmed subscriber gets a digest on the next `send_digests`; the other never confirmed the letter."""
    return [
        add_subscriber(CONFIRMED_EMAIL, Subscription.Status.CONFIRMED, days_ago=14),
        add_subscriber(WAITING_EMAIL, Subscription.Status.PENDING, days_ago=1),
    ]
