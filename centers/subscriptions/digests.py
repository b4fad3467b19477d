"""Weekly digests: each confirmed subscriber gets one letter with what matches their choices and was not sent yet.

A digest holds the materials published (live, public) since the subscriber's last letter and the upcoming events
of their choice; every page it carries is recorded (SentDigestItem), so no page comes twice and a second run the
same day sends nothing. A subscriber with nothing new gets no letter.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.content.models.materials import MaterialPage
from centers.events.models.events import EventPage
from centers.events.registration import site_root_url
from centers.outbox.delivery import deliver, enqueue
from centers.outbox.letters import compose_letter
from centers.subscriptions.models import SentDigestItem, Subscription
from centers.subscriptions.subscribing import unsubscribe_url

DEFAULT_INTERVAL_DAYS = 7
# A weekly cron run may start a little earlier than a week after the last one.
SCHEDULE_SLACK = datetime.timedelta(hours=1)


def digest_interval():
    """How often a subscriber gets a digest at most (CENTERS_DIGEST_INTERVAL_DAYS, a week by default)."""
    return datetime.timedelta(days=getattr(settings, "CENTERS_DIGEST_INTERVAL_DAYS", DEFAULT_INTERVAL_DAYS))


def due_subscriptions(now):
    """Confirmed subscriptions whose last digest is at least an interval old (or who have had none yet)."""
    latest = now - digest_interval() + SCHEDULE_SLACK
    return Subscription.objects.filter(status=Subscription.Status.CONFIRMED).filter(
        Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=latest)
    )


def choices_of(subscription):
    return {
        name: list(getattr(subscription, name).values_list("pk", flat=True))
        for name in ("directions", "subjects", "levels", "centers")
    }


def matching_materials(subscription, chosen):
    """Live, public materials published since the last letter (or the confirmation) that match and were not sent."""
    since = subscription.last_digest_at or subscription.confirmed_at
    materials = MaterialPage.objects.live().public().filter(first_published_at__gt=since)
    if chosen["subjects"]:
        materials = materials.filter(subjects__in=chosen["subjects"])
    if chosen["levels"]:
        materials = materials.filter(levels__in=chosen["levels"])
    if chosen["centers"]:
        materials = materials.filter(center__in=chosen["centers"])
    if chosen["directions"]:
        materials = materials.filter(center__direction__in=chosen["directions"])
    sent = SentDigestItem.objects.filter(subscription=subscription).values("page_id")
    return list(materials.exclude(pk__in=sent).distinct().order_by("first_published_at", "pk"))


def matching_events(subscription, chosen, now):
    """Live, public events with a meeting still to come that match and were not announced to this subscriber yet."""
    upcoming = Q(occurrences__start__gt=now, occurrences__is_cancelled=False)
    events = EventPage.objects.live().public().filter(upcoming)
    if chosen["subjects"]:
        events = events.filter(subjects__in=chosen["subjects"])
    if chosen["levels"]:
        events = events.filter(levels__in=chosen["levels"])
    if chosen["centers"]:
        events = events.filter(Q(host_center__in=chosen["centers"]) | Q(co_organizers__in=chosen["centers"]))
    if chosen["directions"]:
        events = events.filter(
            Q(host_center__direction__in=chosen["directions"])
            | Q(co_organizers__direction__in=chosen["directions"])
        )
    sent = SentDigestItem.objects.filter(subscription=subscription).values("page_id")
    events = (
        events.exclude(pk__in=sent).distinct().annotate(next_start=Min("occurrences__start", filter=upcoming))
    )
    return list(events.select_related("format").order_by("next_start", "pk"))


def digest_message(subscription, materials, events, base_url):
    """The digest: absolute links to each item, and the one-click unsubscribe link in the text and the headers."""
    leave_url = unsubscribe_url(subscription, base_url)
    context = {
        "materials": [(page, base_url + page.get_url()) for page in materials],
        "events": [(page, base_url + page.get_url()) for page in events],
        "unsubscribe_url": leave_url,
        "subscribe_url": base_url + reverse("centers_subscribe"),
    }
    headers = {"List-Unsubscribe": f"<{leave_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return compose_letter(
        _("New on the resource centers' site"),
        "centers/subscriptions/emails/digest",
        context,
        [subscription.email],
        headers=headers,
    )


def write_digest(subscription_id, now, base_url):
    """Locks one subscription, writes its digest to the outbox and records its items; None when nothing is new."""
    with transaction.atomic():
        subscription = (
            due_subscriptions(now).select_for_update(skip_locked=True).filter(pk=subscription_id).first()
        )
        if subscription is None:  # unsubscribed meanwhile, or another run has it
            return None
        chosen = choices_of(subscription)
        materials = matching_materials(subscription, chosen) if subscription.wants_materials else []
        events = matching_events(subscription, chosen, now) if subscription.wants_events else []
        if not materials and not events:
            return None
        letter = enqueue(digest_message(subscription, materials, events, base_url))
        SentDigestItem.objects.bulk_create(
            SentDigestItem(subscription=subscription, page_id=page.pk) for page in [*materials, *events]
        )
        subscription.last_digest_at = now
        subscription.save(update_fields=["last_digest_at"])
    return letter


def send_digests(now=None, base_url=None):
    """Writes and sends the due digests; returns (sent, failed, nothing_new). send_outbox retries a failure."""
    now = now or timezone.now()
    base_url = base_url or site_root_url()
    sent = failed = nothing_new = 0
    for subscription_id in list(due_subscriptions(now).values_list("pk", flat=True)):
        letter = write_digest(subscription_id, now, base_url)
        if letter is None:
            nothing_new += 1
        elif deliver(letter.pk):
            sent += 1
        else:
            failed += 1
    return sent, failed, nothing_new
