"""The academic year: 1 September to 31 August, named by the year it starts (2025 means 2025/2026)."""

import datetime

from django.utils import timezone

FIRST_MONTH = 9
FIRST_YEAR = 2000
LAST_YEAR = 2100
# The months of an academic year in its own order: September first, August last.
MONTHS_IN_ORDER = [*range(FIRST_MONTH, 13), *range(1, FIRST_MONTH)]


def academic_year_of(day):
    """The academic year a date falls in."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def current_academic_year():
    """The academic year today falls in; the editor's default for a new plan item."""
    return academic_year_of(timezone.localdate())


def first_day(year):
    return datetime.date(year, FIRST_MONTH, 1)


def last_day(year):
    return datetime.date(year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)


def calendar_year_of_month(year, month):
    """September-December fall in the year the academic year starts, January-August in the next one."""
    return year if month >= FIRST_MONTH else year + 1


def year_label(year):
    return f"{year}/{year + 1}"


def month_position(month):
    """Where a month stands in the academic year (September 0, August 11)."""
    return MONTHS_IN_ORDER.index(month)
