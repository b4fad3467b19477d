"""Events: synthetic events with their meetings, spread over the first centers' event indexes; the calendar."""

import datetime

from django.utils import timezone

from centers.models import (
    CalendarPage,
    CenterIndexPage,
    CenterPage,
    EventFormat,
    EventIndexPage,
    EventOccurrence,
    EventPage,
)
from portal.devtools.bench.registry import measured_pages, seed_step
from portal.devtools.bench.seeding import add_live_children, add_to_search_index, batched
from portal.devtools.demo.events import build_calendar
from portal.models import HomePage

SLUG_PREFIX = "bench-event-"
HOST_CENTERS = 100  # the region's scale: events spread over up to this many centers
# Event n starts n * SPREAD hours (mod 400 days) after a month ago: a prime, so that even the first few events
# fall over the whole span, past and upcoming, rather than in its first days.
SPREAD = 7919


def event_index(center):
    index = EventIndexPage.objects.child_of(center).first()
    if index is None:
        index = center.add_child(
            instance=EventIndexPage(title="Мероприятия", slug=EventIndexPage.section_slug)
        )
    return index


@seed_step("events", help="ensure this many events (one meeting each)", small=2_000, large=10_000, order=30)
def seed_events(count, progress):
    missing = count - EventPage.objects.count()
    if missing <= 0:
        return 0
    build_calendar(HomePage.objects.get())
    directory = CenterIndexPage.objects.get()
    centers = list(CenterPage.objects.child_of(directory).order_by("path")[:HOST_CENTERS])
    formats = list(EventFormat.objects.order_by("slug"))
    first = EventPage.objects.filter(slug__startswith=SLUG_PREFIX).count() + 1
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with progress(missing) as bar:
        for numbers in batched(range(first, first + missing)):
            by_center = {}
            for number in numbers:
                by_center.setdefault(number % len(centers), []).append(number)
            for position, center_numbers in by_center.items():
                center = centers[position]
                index = event_index(center)
                events = []
                for number in center_numbers:
                    start = now + datetime.timedelta(hours=(number * SPREAD) % (24 * 400) - 24 * 30)
                    events.append(
                        EventPage(
                            title=f"Семинар № {number}: обмен опытом",
                            slug=f"{SLUG_PREFIX}{number:06d}",
                            format=formats[number % len(formats)],
                            start=start,
                            end=start + datetime.timedelta(hours=2),
                            place="г. Нефтеюганск, актовый зал",
                            summary="Синтетическое мероприятие для замеров производительности.",
                            capacity=30,
                            host_center=center,
                        )
                    )
                add_live_children(index, events)
                EventOccurrence.objects.bulk_create(
                    EventOccurrence(event=e, start=e.start, end=e.end, registration_closes_at=e.start)
                    for e in events
                )
                add_to_search_index(events)
            bar.update(len(numbers))
    return missing


@measured_pages(order=30)
def event_pages():
    calendar = CalendarPage.objects.live().get()
    event = EventPage.objects.live().filter(start__gt=timezone.now()).order_by("start").first()
    # The small scale's few events may all lie in the past: then the latest one stands in.
    event = event or EventPage.objects.live().order_by("-start").first()
    index = EventIndexPage.objects.live().get(pk=event.get_parent().pk)
    month = timezone.localtime(event.start).strftime("%Y-%m")
    return {
        "EventIndexPage": index.url,
        "EventPage": event.url,
        "EventPage register/ (form)": f"{event.url}register/",
        "CalendarPage (month)": f"{calendar.url}?month={month}",
        "CalendarPage ?view=list": f"{calendar.url}?view=list",
        "CalendarPage ical feed": f"{calendar.url}ical/",
    }
