"""Meetings of a center that closes early: cancelled from its closing date on, and everyone holding a seat or a place
on the waiting list told so by letter (through the outbox)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from centers.events.models.occurrences import EventOccurrence
from centers.events.models.registrations import Registration
from centers.events.registration import calendar_removal, purge_on_commit
from centers.outbox.letters import compose_text_letter, send_letter_now_or_later


def closed_from(center):
    """The first moment the center no longer holds meetings (its closing date, local midnight), or None."""
    if center is None or center.closed_early_on is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(center.closed_early_on, datetime.time.min))


def cancellation_letter(registration, occurrence, reason):
    when = timezone.localtime(occurrence.start).strftime("%d.%m.%Y %H:%M")
    body = _(
        "Hello, %(name)s!\n\nThe meeting «%(title)s» on %(when)s is cancelled: %(reason)s\n\n"
        "We apologise for the change of plans."
    ) % {"name": registration.full_name, "title": occurrence.event.title, "when": when, "reason": reason}
    attachments = []
    if registration.status == Registration.Status.CONFIRMED:  # only a confirmation carried a calendar file
        attachments.append(calendar_removal(occurrence, registration.email))
    return compose_text_letter(
        _("Meeting cancelled: «%(title)s»") % {"title": occurrence.event.title},
        body,
        [registration.email],
        attachments=attachments,
    )


def tell_holders(occurrence, reason):
    """Writes to everyone holding a seat or a place in line for a meeting just cancelled (through the outbox)."""
    holders = occurrence.registrations.filter(anonymized_at__isnull=True).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in holders.select_related("occurrence__event"):
        send_letter_now_or_later(cancellation_letter(registration, occurrence, reason))


def cancel_meetings_of_closed_center(center, reason):
    """Cancels the center's own meetings from its closing date on and writes the letters; how many meetings."""
    since = closed_from(center)
    if since is None:
        return 0
    meetings = EventOccurrence.objects.filter(
        event__host_center=center, start__gte=since, is_cancelled=False
    ).select_related("event")
    cancelled = 0
    for occurrence in meetings:
        occurrence.is_cancelled = True
        occurrence.save(update_fields=["is_cancelled"])
        tell_holders(occurrence, reason)
        purge_on_commit(occurrence)
        cancelled += 1
    return cancelled
