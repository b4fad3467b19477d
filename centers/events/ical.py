"""iCalendar (RFC 5545) for events: one meeting's .ics, and the feeds of the calendar and of each center."""

import datetime
import hashlib
from email.utils import parseaddr
from types import SimpleNamespace
from urllib.parse import quote

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from wagtail.models import Page

from centers.common.kept import kept
from centers.events.vtimezone import vtimezone_bytes, vtimezone_component

# A feed carries the recent past and what is planned, not the whole history: meetings that ended at most FEED_PAST
# ago or start within FEED_AHEAD, the earliest FEED_LIMIT of them. Calendar apps poll feeds every few hours and keep
# what they already imported, so a bounded window loses nothing and keeps a busy region's feed as cheap as a quiet
# one's (issue 9: 1,000 meetings took 2 s to serialize).
FEED_PAST = datetime.timedelta(days=30)
FEED_AHEAD = datetime.timedelta(days=183)
FEED_LIMIT = 300
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what Django's reverse() leaves unquoted in a page's path
STAMP_MARK = "KEPT-FEED-STAMP"  # DTSTAMP in a kept feed, replaced by the time of each request
# Content types of .ics files: a letter's attachment names its iTIP method (RFC 6047), every one its charset.
ICS_TYPE = "text/calendar; charset=utf-8"
ICS_PUBLISH = "text/calendar; method=PUBLISH; charset=utf-8"
ICS_CANCEL = "text/calendar; method=CANCEL; charset=utf-8"
# SEQUENCE of the files a person receives: twice the seconds since this moment, plus one in a cancellation, so a
# later file about the same meeting (a cancellation right after the confirmation, a new confirmation after that)
# has the higher number; it fits RFC 5545's INTEGER until 2054.
SEQUENCE_EPOCH = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def sequence_at(moment, cancelling=False):
    return 2 * max(int((moment - SEQUENCE_EPOCH).total_seconds()), 0) + int(cancelling)


def organizer_address():
    """The site's sending address as an ORGANIZER (RFC 5546 wants one in a CANCEL)."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{address or 'no-reply@localhost'}")
    if name:
        organizer.params["cn"] = icalendar.vText(name)
    return organizer


def ics_filename(occurrence):
    return f"event-{occurrence.event_id}-{timezone.localtime(occurrence.start):%Y%m%d}.ics"


def occurrence_uid(occurrence, host):
    return f"occurrence-{occurrence.pk}@{host}"


def calendar_for(occurrences, request=None, base_url="", name=None, with_online_link=False, uid_host=None):
    """A VCALENDAR with one VEVENT per meeting, times in the site's zone with its VTIMEZONE.

    The online link goes only into the files sent to confirmed participants (with_online_link). Letters give
    `uid_host` (the site's own host), so that a later letter's file names the same UID whatever host the
    registration came through."""
    if request is not None:
        base_url = request.build_absolute_uri("/").rstrip("/")
    host = uid_host or base_url.split("://", 1)[-1] or "localhost"
    zone = timezone.get_current_timezone()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Resource centers//Events//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(zone))
    calendar.add_component(vtimezone_component(str(zone)))
    stamp = timezone.now()
    for occurrence in occurrences:
        fields = event_fields(occurrence, base_url, with_online_link)
        entry = icalendar.Event()
        entry.add("uid", occurrence_uid(occurrence, host))
        entry.add("dtstamp", stamp)
        entry.add("sequence", sequence_at(stamp))
        entry.add("dtstart", timezone.localtime(occurrence.start, zone))
        entry.add("dtend", timezone.localtime(occurrence.end, zone))
        entry.add("summary", fields["summary"])
        if fields["url"]:
            entry.add("url", fields["url"])
        entry.add("description", fields["description"])
        if fields["location"]:
            entry.add("location", fields["location"])
        entry.add("categories", [fields["category"]])
        calendar.add_component(entry)
    return calendar


def cancellation_calendar(occurrence, uid_host, attendee=None):
    """METHOD:CANCEL for one meeting: the UID of the confirmation's file and a higher SEQUENCE, so a calendar that
    imported the confirmation removes (or strikes out) the meeting."""
    host = uid_host or "localhost"
    zone = timezone.get_current_timezone()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Resource centers//Events//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL")
    calendar.add_component(vtimezone_component(str(zone)))
    stamp = timezone.now()
    entry = icalendar.Event()
    entry.add("uid", occurrence_uid(occurrence, host))
    entry.add("dtstamp", stamp)
    entry.add("sequence", sequence_at(stamp, cancelling=True))
    entry.add("status", "CANCELLED")
    entry.add("dtstart", timezone.localtime(occurrence.start, zone))
    entry.add("dtend", timezone.localtime(occurrence.end, zone))
    entry.add("summary", occurrence.event.title)
    entry.add("organizer", organizer_address())
    if attendee:
        entry.add("attendee", icalendar.vCalAddress(f"mailto:{attendee}"))
    calendar.add_component(entry)
    return calendar


def event_fields(occurrence, base_url, with_online_link=False):
    """The texts of one meeting's VEVENT, shared by the icalendar path and the feeds' direct writer.

    Public files say only that the meeting is online: its link is for confirmed participants."""
    event = occurrence.event
    url = base_url + event.url if event.url else ""
    description = [event.format.name]
    if event.host_center is not None:
        description[0] += f" · {event.host_center.title}"
    if event.summary:
        description.append(event.summary)
    if url:
        description.append(url)
    online = ""
    if event.online_url:
        online = (
            event.online_url if with_online_link else _("Online: the link is sent to confirmed participants")
        )
        if with_online_link:
            description.append(_("Online link: %(url)s") % {"url": event.online_url})
    return {
        "summary": event.title,
        "url": url,
        "description": "\n\n".join(description),
        "location": event.place or online,
        "category": event.format.name,
    }


def escape_text(value):
    """RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """RFC 5545 3.1: at most 75 octets a line, continued after CRLF and a space, never inside a UTF-8 character."""
    data = line.encode()
    parts, begin, limit = [], 0, 75
    while len(data) - begin > limit:
        cut = begin + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(data[begin:cut])
        begin, limit = cut, 74  # continuation lines start with a space
    parts.append(data[begin:])
    return b"\r\n ".join(parts) + b"\r\n"


def feed_ics(occurrences, request, name, stamp=None):
    """A feed's VCALENDAR written line by line: the same content as calendar_for(), ~10x faster than icalendar's
    component objects and folding (2 ms a meeting), which made a feed's cost grow with the region's events."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    host = base_url.split("://", 1)[-1] or "localhost"
    zone = timezone.get_current_timezone()
    header = icalendar.Calendar()
    header.add("prodid", "-//Resource centers//Events//RU")
    header.add("version", "2.0")
    header.add("calscale", "GREGORIAN")
    header.add("method", "PUBLISH")
    header.add("x-wr-calname", name)
    header.add("x-wr-timezone", str(zone))
    lines = [
        header.to_ical().removesuffix(b"END:VCALENDAR\r\n"),
        vtimezone_bytes(str(zone), timezone.localdate().year),
    ]
    stamp = stamp or now_stamp()
    tzid = str(zone)
    for occurrence in occurrences:
        fields = event_fields(occurrence, base_url)
        start = timezone.localtime(occurrence.start, zone).strftime("%Y%m%dT%H%M%S")
        end = timezone.localtime(occurrence.end, zone).strftime("%Y%m%dT%H%M%S")
        lines.append(b"BEGIN:VEVENT\r\n")
        lines.append(fold(f"SUMMARY:{escape_text(fields['summary'])}"))
        lines.append(
            f"DTSTART;TZID={tzid}:{start}\r\nDTEND;TZID={tzid}:{end}\r\nDTSTAMP:{stamp}\r\n".encode()
        )
        lines.append(fold(f"UID:{occurrence_uid(occurrence, host)}"))
        lines.append(fold(f"CATEGORIES:{escape_text(fields['category'])}"))
        lines.append(fold(f"DESCRIPTION:{escape_text(fields['description'])}"))
        if fields["location"]:
            lines.append(fold(f"LOCATION:{escape_text(fields['location'])}"))
        if fields["url"]:
            lines.append(fold(f"URL:{fields['url']}"))
        lines.append(b"END:VEVENT\r\n")
    lines.append(b"END:VCALENDAR\r\n")
    return b"".join(lines)


def feed_window(occurrences, now=None):
    """The meetings a feed carries: ended at most FEED_PAST ago or starting within FEED_AHEAD, at most FEED_LIMIT."""
    now = now or timezone.now()
    listed = occurrences.filter(end__gte=now - FEED_PAST, start__lt=now + FEED_AHEAD)
    # Only the columns a VEVENT uses (and the event's URL needs): whole event and center pages cost more to build
    # than their VEVENT costs to write.
    columns = (
        *("start", "end", "event__title", "event__url_path", "event__slug", "event__depth", "event__path"),
        *(
            "event__summary",
            "event__place",
            "event__online_url",
            "event__format__name",
            "event__host_center__title",
        ),
    )
    return listed.order_by("start", "pk").only(*columns)[:FEED_LIMIT]


def feed_meetings(listed, request):
    """The window's meetings as plain values shaped like occurrences for event_fields(): building the events' pages
    (clusterable models) and asking Wagtail for each one's URL cost ten times what writing their VEVENTs costs.

    An event's URL is its section's, asked of Wagtail once per section, followed by its slug."""
    section_urls = {}
    probe = Page()
    columns = ("pk", "start", "end", *(f"event__{name}" for name in ("title", "url_path", "slug", "summary")))
    columns += ("event__place", "event__online_url", "event__format__name", "event__host_center__title")
    for row in listed.values(*columns):
        section_path = row["event__url_path"][: -(len(row["event__slug"]) + 1)]
        if section_path not in section_urls:
            probe.url_path = section_path
            section_urls[section_path] = probe.get_url(request)
        section_url = section_urls[section_path]
        host = row["event__host_center__title"]
        event = SimpleNamespace(
            title=row["event__title"],
            url=f"{section_url}{quote(row['event__slug'], safe=URL_SAFE)}/" if section_url else None,
            summary=row["event__summary"],
            place=row["event__place"],
            online_url=row["event__online_url"],
            format=SimpleNamespace(name=row["event__format__name"]),
            host_center=SimpleNamespace(title=host) if host is not None else None,
        )
        yield SimpleNamespace(pk=row["pk"], start=row["start"], end=row["end"], event=event)


def now_stamp():
    return timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def feed_response(occurrences, request, name, filename):
    """The .ics of a feed (whole calendar or one center's): the bounded window of feed_window().

    The VEVENTs of the window's meetings are kept by their ids until a page or a meeting changes
    (centers.common.kept); only DTSTAMP, the time of the request, is written each time."""
    listed = feed_window(occurrences)
    meeting_ids = ",".join(str(pk) for pk in listed.values_list("pk", flat=True))
    what = f"{request.build_absolute_uri('/')}|{name}|{timezone.localdate().year}|{meeting_ids}"
    kept_name = "ical:" + hashlib.md5(what.encode(), usedforsecurity=False).hexdigest()
    written = kept(
        request, kept_name, lambda: feed_ics(feed_meetings(listed, request), request, name, STAMP_MARK)
    )
    body = written.replace(f"DTSTAMP:{STAMP_MARK}".encode(), f"DTSTAMP:{now_stamp()}".encode())
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed_name(center=None):
    if center is None:
        return _("Events of the resource centers")
    return _("Events: %(center)s") % {"center": center.title}
