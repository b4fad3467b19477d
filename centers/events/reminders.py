"""Reminders before a meeting: one letter to each confirmed participant, with the place or the online link."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.events.ical import ICS_PUBLISH, calendar_for, ics_filename
from centers.events.models.registrations import Registration
from centers.events.registration import calendar_host, cancel_token, site_root_url
from centers.outbox.letters import compose_letter
from centers.outbox.once import send_once_each

DEFAULT_REMINDER_HOURS = 24


def reminder_lead():
    """How long before the start the reminder goes (CENTERS_REMINDER_HOURS, 24 by default)."""
    return datetime.timedelta(hours=getattr(settings, "CENTERS_REMINDER_HOURS", DEFAULT_REMINDER_HOURS))


def due_reminders(now=None):
    """Confirmed seats of meetings starting within the lead time that have not had their reminder yet."""
    now = now or timezone.now()
    return Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        anonymized_at__isnull=True,
        occurrence__is_cancelled=False,
        occurrence__event__live=True,
        occurrence__start__gt=now,
        occurrence__start__lte=now + reminder_lead(),
    ).order_by("occurrence__start", "pk")


def reminder_message(registration, base_url):
    """The letter: when, where (or the online link), the event page, the cancel link and the .ics."""
    occurrence = registration.occurrence
    event = occurrence.event
    context = {
        "registration": registration,
        "occurrence": occurrence,
        "event": event,
        "event_url": base_url + event.get_url(),
        "cancel_url": base_url + reverse("centers_cancel_registration", args=[cancel_token(registration)]),
    }
    ics = calendar_for(
        [occurrence], base_url=base_url, with_online_link=True, uid_host=calendar_host()
    ).to_ical()
    return compose_letter(
        _("Reminder: «%(title)s» on %(date)s")
        % {"title": event.title, "date": timezone.localtime(occurrence.start).strftime("%d.%m.%Y %H:%M")},
        "centers/events/emails/reminder",
        context,
        [registration.email],
        attachments=[(ics_filename(occurrence), ics, ICS_PUBLISH)],
    )


def send_due_reminders(now=None, base_url=None):
    """Writes each due reminder to the outbox once, marking the seat in the same transaction, then sends it.

    Returns (sent, failed); a letter the mail server refused waits in the outbox, and send_outbox retries it."""
    base_url = base_url or site_root_url()
    return send_once_each(
        due_reminders(now),
        lambda registration: reminder_message(registration, base_url),
        "reminder_sent_at",
        related=["occurrence__event__format"],
    )
