"""Repeating events as RFC 5545 rules (python-dateutil's rrule): weekly, or monthly on the start's weekday."""

import datetime

from dateutil import rrule
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

# A rule without an end still stops somewhere: the next two years, at most this many meetings.
MAX_OCCURRENCES = 120
OPEN_ENDED_SPAN = datetime.timedelta(days=2 * 366)

WEEKLY = "weekly"
MONTHLY_WEEKDAY = "monthly_weekday"


def nth_weekday_of(day):
    """Which weekday of its month `day` is: 1..4, or -1 when it falls in the last seven days."""
    nth = (day.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def build_rule(start_local, frequency, interval=1, until=None, count=None):
    """The dateutil rule for naive local `start_local`; None for a one-off event."""
    if not frequency:
        return None
    weekday = rrule.weekdays[start_local.weekday()]
    options = {"dtstart": start_local, "interval": max(interval or 1, 1)}
    if count:
        options["count"] = min(count, MAX_OCCURRENCES)
    elif until:
        options["until"] = datetime.datetime.combine(until, datetime.time.max)
    else:
        options["until"] = start_local + OPEN_ENDED_SPAN
    if frequency == WEEKLY:
        return rrule.rrule(rrule.WEEKLY, byweekday=weekday, **options)
    if frequency == MONTHLY_WEEKDAY:
        return rrule.rrule(rrule.MONTHLY, byweekday=weekday(nth_weekday_of(start_local)), **options)
    raise ValueError(f"unknown frequency {frequency!r}")


def occurrence_starts(start, frequency, interval=1, until=None, count=None, exceptions=()):
    """Aware start datetimes of every meeting, in the site's time zone, skipping the exception dates."""
    zone = timezone.get_current_timezone()
    start_local = timezone.localtime(start, zone).replace(tzinfo=None)
    rule = build_rule(start_local, frequency, interval, until, count)
    if rule is None:
        return [start]
    skipped = set(exceptions)
    starts = []
    for moment in rule:
        if len(starts) >= MAX_OCCURRENCES:
            break
        if moment.date() in skipped:
            continue
        starts.append(timezone.make_aware(moment, zone))
    return starts


def rrule_text(start, frequency, interval=1, until=None, count=None):
    """The RFC 5545 RRULE value (e.g. FREQ=MONTHLY;BYDAY=2TH;COUNT=9) for exports and the editor's eye."""
    zone = timezone.get_current_timezone()
    rule = build_rule(timezone.localtime(start, zone).replace(tzinfo=None), frequency, interval, until, count)
    if rule is None:
        return ""
    return str(rule).split("RRULE:", 1)[1]


WEEKDAY_NAMES = [
    (pgettext_lazy("weekday", "Monday"), "masculine"),
    (pgettext_lazy("weekday", "Tuesday"), "masculine"),
    (pgettext_lazy("weekday", "Wednesday"), "feminine"),
    (pgettext_lazy("weekday", "Thursday"), "masculine"),
    (pgettext_lazy("weekday", "Friday"), "feminine"),
    (pgettext_lazy("weekday", "Saturday"), "feminine"),
    (pgettext_lazy("weekday", "Sunday"), "neuter"),
]


def ordinal(nth, gender):
    """Russian ordinals agree with the weekday's gender (второй четверг, вторая среда)."""
    words = {
        "masculine": {
            1: pgettext("masculine", "first"),
            2: pgettext("masculine", "second"),
            3: pgettext("masculine", "third"),
            4: pgettext("masculine", "fourth"),
            -1: pgettext("masculine", "last"),
        },
        "feminine": {
            1: pgettext("feminine", "first"),
            2: pgettext("feminine", "second"),
            3: pgettext("feminine", "third"),
            4: pgettext("feminine", "fourth"),
            -1: pgettext("feminine", "last"),
        },
        "neuter": {
            1: pgettext("neuter", "first"),
            2: pgettext("neuter", "second"),
            3: pgettext("neuter", "third"),
            4: pgettext("neuter", "fourth"),
            -1: pgettext("neuter", "last"),
        },
    }
    return words[gender][nth]


def describe(start, frequency, interval=1, until=None, count=None):
    """A Russian phrase for visitors: "monthly: second Thursday of the month, until 20.05.2027"."""
    if not frequency:
        return ""
    start_local = timezone.localtime(start)
    name, gender = WEEKDAY_NAMES[start_local.weekday()]
    if frequency == WEEKLY:
        if (interval or 1) == 1:
            text = _("weekly: %(weekday)s") % {"weekday": name}
        else:
            text = _("every %(n)s weeks: %(weekday)s") % {"n": interval, "weekday": name}
    else:
        text = _("monthly: %(ordinal)s %(weekday)s of the month") % {
            "ordinal": ordinal(nth_weekday_of(start_local), gender),
            "weekday": name,
        }
    if count:
        text += ", " + ngettext("%(count)d meeting", "%(count)d meetings", count) % {"count": count}
    elif until:
        text += ", " + _("until %(date)s") % {"date": until.strftime("%d.%m.%Y")}
    return text
