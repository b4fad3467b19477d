"""Reminders before a meeting: one letter to each confirmed participant, with the place or the online link."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.common.mail import send_logging_failures
from centers.events.ical import calendar_for, ics_filename
from centers.events.models.registrations import Registration
from centers.events.registration import cancel_token, site_root_url

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


def send_reminder(registration, base_url):
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
    message = EmailMessage(
        subject=_("Reminder: «%(title)s» on %(date)s")
        % {"title": event.title, "date": timezone.localtime(occurrence.start).strftime("%d.%m.%Y %H:%M")},
        body=render_to_string("centers/events/emails/reminder.txt", context),
        to=[registration.email],
    )
    ics = calendar_for([occurrence], base_url=base_url, with_online_link=True).to_ical()
    message.attach(ics_filename(occurrence), ics, "text/calendar")
    message.send()


def send_due_reminders(now=None, base_url=None):
    """Sends each due reminder once: the row is locked while its letter goes and marked sent only if it went.

    Returns (sent, failed); a failed letter is logged and tried again on the next run."""
    base_url = base_url or site_root_url()
    sent = failed = 0
    for registration_id in list(due_reminders(now).values_list("pk", flat=True)):
        with transaction.atomic():
            registration = (
                due_reminders(now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("occurrence__event__format")
                .filter(pk=registration_id)
                .first()
            )
            if registration is None:  # cancelled, or another run has it
                continue
            if send_logging_failures(send_reminder, registration, base_url):
                registration.reminder_sent_at = timezone.now()
                registration.save(update_fields=["reminder_sent_at"])
                sent += 1
            else:
                failed += 1
    return sent, failed
