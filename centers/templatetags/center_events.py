"""The upcoming events block that a center's page shows (its own and co-organized events)."""

from django import template

from centers.common.kept import kept
from centers.events.cards import MeetingsByIds, upcoming_occurrences
from centers.events.models.calendar import CalendarPage
from centers.events.models.events import EventIndexPage, of_center

register = template.Library()

CENTER_EVENTS_LIMIT = 5


def center_event_links(center):
    """The center's event index and its iCal feed, as URLs: pages only a publish changes."""
    calendar = CalendarPage.objects.live().first()
    index = EventIndexPage.objects.child_of(center).live().first()
    return {
        "index_url": index.url if index else None,
        "feed_url": calendar.feed_url_for(center) if calendar else None,
    }


@register.inclusion_tag("centers/events/includes/center_events.html", takes_context=True)
def center_upcoming_events(context, center):
    """The links are kept per generation of the site's structure (centers.common.kept); which meetings come next is
    read every time, by their ids alone (a narrow query), and their cards are kept by those ids."""
    request = context.get("request")
    links = kept(request, f"center-event-links:{center.pk}", lambda: center_event_links(center))
    upcoming = upcoming_occurrences().filter(of_center(center, request))
    ids = list(upcoming.values_list("pk", flat=True)[:CENTER_EVENTS_LIMIT])
    return {
        "request": request,
        "center": center,
        "meetings": MeetingsByIds(ids, upcoming_occurrences()),
        **links,
    }
