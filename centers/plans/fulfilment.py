"""What fulfilled each item of a center's plan: the live pages linked to it, with their dates (for the report)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from centers.common.kept import kept_public_q
from centers.content.models import MaterialPage, NewsPage, ProjectPage
from centers.events.models import EventPage
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


def linked_pages(items, public_only=False):
    """{item pk: [Fulfilment...] by date} of the live pages linked to `items` (one query per page type)."""
    found = {item.pk: [] for item in items}
    for model, date_of in LINKED_PAGES:
        pages = model.objects.live().filter(plan_item__in=items)
        if public_only:
            pages = pages.filter(kept_public_q())
        for page in pages.order_by("pk"):
            found[page.plan_item_id].append(Fulfilment(page, date_of(page)))
    for entries in found.values():
        entries.sort(key=lambda entry: (entry.date or date.min, entry.page.pk))
    return found


def plan_fulfilment(center, academic_year):
    """[(plan item, [Fulfilment...] by date)] for the year; an empty list means the item is not fulfilled yet."""
    items = list(plan_items(center, academic_year))
    found = linked_pages(items)
    return [(item, found[item.pk]) for item in items]
