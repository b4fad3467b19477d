"""The upcoming events block that a center's page shows (its own and co-organized events)."""

from django import template

from centers.events.models.calendar import CalendarPage
from centers.events.models.events import EventIndexPage, of_center, upcoming_occurrences

register = template.Library()

CENTER_EVENTS_LIMIT = 5


@register.inclusion_tag("centers/events/includes/center_events.html")
def center_upcoming_events(center):
    calendar = CalendarPage.objects.live().first()
    return {
        "center": center,
        "meetings": upcoming_occurrences().filter(of_center(center)).distinct()[:CENTER_EVENTS_LIMIT],
        "index": EventIndexPage.objects.child_of(center).live().first(),
        "feed_url": calendar.feed_url_for(center) if calendar else None,
    }
