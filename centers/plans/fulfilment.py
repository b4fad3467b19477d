"""What fulfilled each item of a center's plan: the live pages linked to it, with their dates (for the report).

Only what has happened counts: a page dated after today (a meeting next week) does not fulfil an item yet, and an
item without fulfilment is "planned" until its period is over (its dates, its month, or the whole academic year),
"not fulfilled" only after that.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from centers.common.kept import kept_public_q
from centers.content.models import MaterialPage, NewsPage, ProjectPage
from centers.events.models import EventPage
from centers.plans import academic_year
from centers.plans.models import PlanItem
from centers.practices.models import PracticePage


@dataclass(frozen=True)
class Fulfilment:
    """A live page linked to a plan item and the day it counts for (the event's start, the news' date...)."""

    page: object
    date: date


def local_day(moment):
    if moment is None:
        return None
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


# page type -> how the date a page counts for is read
LINKED_PAGES = [
    (EventPage, lambda page: local_day(page.start)),
    (MaterialPage, lambda page: local_day(page.first_published_at)),
    (PracticePage, lambda page: local_day(page.first_published_at)),
    (ProjectPage, lambda page: local_day(page.first_published_at)),
    (NewsPage, lambda page: page.date),
]


def plan_items(center, year):
    """The items of the center's published plan for one academic year, in the plan's order."""
    return (
        PlanItem.objects.filter(page__center=center, page__live=True, academic_year=year)
        .select_related("page")
        .order_by("page_id", "sort_order", "pk")
    )


def due_by(item):
    """The last day of the item's period: its end (or only) date, the end of its month, or of the academic year."""
    if item.start_date:
        return item.end_date or item.start_date
    if item.month:
        year = academic_year.calendar_year_of_month(item.academic_year, item.month)
        return date(year, item.month, calendar.monthrange(year, item.month)[1])
    return academic_year.last_day(item.academic_year)


def still_planned(item, today=None):
    """True while an item's period is not over: without fulfilment it is "planned", not "not fulfilled"."""
    return (today or timezone.localdate()) <= due_by(item)


def linked_pages(items, public_only=False, as_of=None):
    """{item pk: [Fulfilment...] by date} of the live pages linked to `items` (one query per page type).

    With `as_of` (a day), pages dated after it are left out: they have not fulfilled anything yet.
    """
    found = {item.pk: [] for item in items}
    for model, date_of in LINKED_PAGES:
        pages = model.objects.live().filter(plan_item__in=items)
        if public_only:
            pages = pages.filter(kept_public_q())
        for page in pages.order_by("pk"):
            day = date_of(page)
            if as_of is None or day is None or day <= as_of:
                found[page.plan_item_id].append(Fulfilment(page, day))
    for entries in found.values():
        entries.sort(key=lambda entry: (entry.date or date.min, entry.page.pk))
    return found


def held_and_ahead(entries, today=None):
    """Splits fulfilments into those dated by today (they fulfil) and those ahead (a meeting next week)."""
    today = today or timezone.localdate()
    held = [entry for entry in entries if entry.date is None or entry.date <= today]
    return held, [entry for entry in entries if entry not in held]


def plan_fulfilment(center, academic_year):
    """[(plan item, [Fulfilment...] by date)] for the year, held or ahead (see `held_and_ahead`)."""
    items = list(plan_items(center, academic_year))
    found = linked_pages(items)
    return [(item, found[item.pk]) for item in items]
