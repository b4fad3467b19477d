"""The name of the site's time zone as pages and letters print it next to a time: derived from TIME_ZONE.

The add-on names no place of its own. Russia's zones keep one offset all year and Russians name them after it
(the Russian catalogue turns "UTC+3" into "московское время, UTC+3" and so on), so a zone without daylight saving
whose offset is a whole number of hours from UTC+2 to UTC+12 gets that name; any other zone is "UTC±H[:MM] time".
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext, pgettext

# Whole-hour offsets of Russia's eleven zones; each msgid is the offset alone, the catalogue gives the zone's name.
RUSSIAN_ZONE_NAMES = {
    2: lambda: pgettext("name of the time zone UTC+2", "UTC+2 time"),
    3: lambda: pgettext("name of the time zone UTC+3", "Moscow time, UTC+3"),
    4: lambda: pgettext("name of the time zone UTC+4", "UTC+4 time"),
    5: lambda: pgettext("name of the time zone UTC+5", "UTC+5 time"),
    6: lambda: pgettext("name of the time zone UTC+6", "UTC+6 time"),
    7: lambda: pgettext("name of the time zone UTC+7", "UTC+7 time"),
    8: lambda: pgettext("name of the time zone UTC+8", "UTC+8 time"),
    9: lambda: pgettext("name of the time zone UTC+9", "UTC+9 time"),
    10: lambda: pgettext("name of the time zone UTC+10", "UTC+10 time"),
    11: lambda: pgettext("name of the time zone UTC+11", "UTC+11 time"),
    12: lambda: pgettext("name of the time zone UTC+12", "UTC+12 time"),
}


def utc_offset_label(offset):
    """UTC+5, UTC−3, UTC+5:30 (a real minus sign, as typeset)."""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def keeps_one_offset(zone, year):
    """True when the zone has no daylight saving in `year` (its offset is the same in January and July)."""
    january = datetime.datetime(year, 1, 15, 12, tzinfo=zone).utcoffset()
    july = datetime.datetime(year, 7, 15, 12, tzinfo=zone).utcoffset()
    return january == july


def time_zone_name(moment=None, zone=None):
    """How a time at `moment` (now by default) in `zone` (the current one: TIME_ZONE) is qualified for a reader."""
    zone = zone or timezone.get_current_timezone()
    moment = timezone.localtime(moment or timezone.now(), zone)
    offset = moment.utcoffset()
    hours, remainder = divmod(int(offset.total_seconds()), 3600)
    if not remainder and hours in RUSSIAN_ZONE_NAMES and keeps_one_offset(zone, moment.year):
        return RUSSIAN_ZONE_NAMES[hours]()
    return gettext("%(offset)s time") % {"offset": utc_offset_label(offset)}
