"""The VTIMEZONE the site's .ics files carry: one that every calendar client reads the same way.

icalendar's own VTIMEZONE spells out a zone's whole history since 1970 (for a Russian zone at UTC+5 today: DST
until 2011, +06 until 2014) with RDATE lists, and clients pick the wrong rule from it: ical.js (Thunderbird) and
vobject read a December 2026 meeting at 15:00 as UTC+6, an hour early. A zone that keeps one offset from now on
needs only one STANDARD block starting at its last offset change, which no client can misread.
"""

import datetime
import functools
import zoneinfo

import icalendar

# How far back the last offset change is looked for, and how finely (offset periods last months, never a week).
HISTORY_START = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
SCAN_STEP = datetime.timedelta(days=7)
# A zone "keeps one offset" when nothing changes in this time ahead.
LOOK_AHEAD = datetime.timedelta(days=3 * 366)


def offset_at(zone, moment):
    return moment.astimezone(zone).utcoffset()


def last_offset_change(zone, now):
    """The UTC instant the zone's offset last changed before `now`, or None if it never did since 1900."""
    current = offset_at(zone, now)
    later = now
    earlier = now - SCAN_STEP
    while offset_at(zone, earlier) == current:
        if earlier < HISTORY_START:
            return None
        later, earlier = earlier, earlier - SCAN_STEP
    # offset(earlier) differs, offset(later) is the current one: narrow down to the second.
    while later - earlier > datetime.timedelta(seconds=1):
        middle = earlier + (later - earlier) / 2
        if offset_at(zone, middle) == current:
            later = middle
        else:
            earlier = middle
    return later.replace(microsecond=0)


def keeps_one_offset(zone, now):
    """True when the zone has no DST and no announced change within LOOK_AHEAD."""
    current = offset_at(zone, now)
    moment = now
    while moment < now + LOOK_AHEAD:
        if offset_at(zone, moment) != current or moment.astimezone(zone).dst():
            return False
        moment += SCAN_STEP
    return True


def format_offset(offset):
    """An RFC 5545 UTC-OFFSET: +0500."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def single_offset_vtimezone(zone, tzid, now):
    """One STANDARD block from the last offset change (or from 1970 if the zone never changed)."""
    current = offset_at(zone, now)
    change = last_offset_change(zone, now)
    if change is None:
        previous, onset = current, datetime.datetime(1970, 1, 1)
    else:
        previous = offset_at(zone, change - datetime.timedelta(seconds=1))
        onset = (change + previous).replace(
            tzinfo=None
        )  # DTSTART is local time in the offset before the change
    lines = [
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:STANDARD",
        f"DTSTART:{onset:%Y%m%dT%H%M%S}",
        f"TZOFFSETFROM:{format_offset(previous)}",
        f"TZOFFSETTO:{format_offset(current)}",
        f"TZNAME:{now.astimezone(zone).tzname()}",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
    ]
    return "\r\n".join(lines).encode()


@functools.cache
def vtimezone_bytes(zone_key, year):
    """The zone's VTIMEZONE as content lines; cached per zone and year (finding the last change takes a moment)."""
    zone = zoneinfo.ZoneInfo(zone_key)
    now = datetime.datetime.now(datetime.UTC)
    if keeps_one_offset(zone, now):
        return single_offset_vtimezone(zone, zone_key, now)
    # Zones with DST keep their rules; the history starts two years back instead of 1970.
    return icalendar.Timezone.from_tzinfo(
        zone, tzid=zone_key, first_date=datetime.date(year - 2, 1, 1)
    ).to_ical()


def vtimezone_component(zone_key):
    """The same VTIMEZONE as an icalendar component, for calendars built from component objects."""
    return icalendar.Timezone.from_ical(vtimezone_bytes(zone_key, datetime.date.today().year))
