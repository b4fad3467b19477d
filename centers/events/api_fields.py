"""Serializer fields for events in Wagtail's API v2: a meeting's seats and the event it belongs to."""

from django.utils import timezone
from rest_framework import serializers

# A page's API entry lists at most this many upcoming meetings (a weekly club has up to 120).
UPCOMING_MEETINGS = 12


def seats_of(occurrence):
    """Seats left (None: unlimited), the waiting list's length, and whether a visitor can register now."""
    event = occurrence.event
    statuses = list(occurrence.registrations.values_list("status", flat=True))
    confirmed = statuses.count("confirmed")
    return {
        "capacity": event.capacity,
        "seats_left": max(event.capacity - confirmed, 0) if event.capacity is not None else None,
        "waiting_list": statuses.count("waitlisted"),
        "registration_open": occurrence.registration_state() == "open",
    }


class SeatsField(serializers.Field):
    """The seats of one meeting (source="*": the whole meeting)."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, occurrence):
        return seats_of(occurrence)


class MeetingEventField(serializers.Field):
    """The event a meeting belongs to: what a calendar or an aggregator shows beside the date. Never its online link:
    that goes to confirmed participants only (page, letters, their .ics)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, event):
        request = self.context.get("request")
        return {
            "id": event.pk,
            "title": event.title,
            "format": event.format.name,
            "summary": event.summary,
            "place": event.place,
            "center": event.host_center.title if event.host_center else None,
            "levels": [level.name for level in event.levels.all()],
            "subjects": [subject.name for subject in event.subjects.all()],
            "html_url": event.get_full_url(request),
            "registration_url": event.get_full_url(request) + "register/"
            if event.registration_enabled
            else None,
        }


class UpcomingMeetingsField(serializers.Field):
    """An event page's meetings that have not ended, soonest first, each with its seats."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, event):
        upcoming = event.occurrences.filter(end__gte=timezone.now(), is_cancelled=False).select_related(
            "event"
        )
        return [
            {
                "start": timezone.localtime(meeting.start).isoformat(),
                "end": timezone.localtime(meeting.end).isoformat(),
                **seats_of(meeting),
            }
            for meeting in upcoming[:UPCOMING_MEETINGS]
        ]
