"""One dated meeting of an event, kept apart from the event page so that registration rules need only this."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField

from centers.events.api_fields import MeetingEventField, SeatsField


class EventOccurrence(models.Model):
    """One dated meeting of an event: what the calendar lists and what registrations and seats belong to."""

    event = models.ForeignKey("centers.EventPage", on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    # Changed or deleted, the calendar's kept months are read again (centers.common.kept); created ones come with a
    # page saved, which starts a new generation itself.
    forgets_site_structure = True

    # /api/v2/events/ (centers.events.api): the meeting, its seats and its event; never who registered.
    api_fields = [
        APIField("start"),
        APIField("end"),
        APIField("is_cancelled"),
        APIField("seats", serializer=SeatsField()),
        APIField("event", serializer=MeetingEventField()),
    ]

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["event", "start"], name="centers_occurrence_unique_start")
        ]

    def __str__(self):
        return f"{self.event.title}, {timezone.localtime(self.start):%d.%m.%Y %H:%M}"

    @property
    def has_ended(self):
        return self.end < timezone.now()

    @property
    def has_started(self):
        return self.start <= timezone.now()

    def local_date(self):
        return timezone.localtime(self.start).date()

    def registration_state(self, now=None):
        """ "open", or why not: "disabled", "cancelled", "started", "deadline"."""
        now = now or timezone.now()
        if not self.event.registration_enabled:
            return "disabled"
        if self.is_cancelled:
            return "cancelled"
        if self.start <= now:
            return "started"
        if self.registration_closes_at <= now:
            return "deadline"
        return "open"
