"""iCalendar (RFC 5545) for events: one meeting's .ics, and the feeds of the calendar and of each center."""

import datetime

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

# A feed carries the recent past and what is planned, not the whole history.
FEED_PAST = datetime.timedelta(days=90)
FEED_LIMIT = 1000


def ics_filename(occurrence):
    return f"event-{occurrence.event_id}-{timezone.localtime(occurrence.start):%Y%m%d}.ics"


def occurrence_uid(occurrence, host):
    return f"occurrence-{occurrence.pk}@{host}"


def calendar_for(occurrences, request=None, base_url="", name=None):
    """A VCALENDAR with one VEVENT per meeting, times in the site's zone with its VTIMEZONE."""
    if request is not None:
        base_url = request.build_absolute_uri("/").rstrip("/")
    host = base_url.split("://", 1)[-1] or "localhost"
    zone = timezone.get_current_timezone()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Resource centers//Events//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(zone))
    stamp = timezone.now()
    for occurrence in occurrences:
        event = occurrence.event
        entry = icalendar.Event()
        entry.add("uid", occurrence_uid(occurrence, host))
        entry.add("dtstamp", stamp)
        entry.add("dtstart", timezone.localtime(occurrence.start, zone))
        entry.add("dtend", timezone.localtime(occurrence.end, zone))
        entry.add("summary", event.title)
        url = base_url + event.url if event.url else ""
        description = [event.format.name]
        if event.host_center is not None:
            description[0] += f" · {event.host_center.title}"
        if event.summary:
            description.append(event.summary)
        if url:
            entry.add("url", url)
            description.append(url)
        entry.add("description", "\n\n".join(description))
        location = event.place or event.online_url
        if location:
            entry.add("location", location)
        entry.add("categories", [event.format.name])
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar


def feed_response(occurrences, request, name, filename):
    since = timezone.now() - FEED_PAST
    listed = occurrences.filter(end__gte=since).order_by("start", "pk")[:FEED_LIMIT]
    body = calendar_for(listed, request, name=name).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed_name(center=None):
    if center is None:
        return _("Events of the resource centers")
    return _("Events: %(center)s") % {"center": center.title}
