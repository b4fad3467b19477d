"""Lists of meeting cards: which meetings a list shows is read by their ids alone (a narrow query, cheap to plan),
and the meetings themselves, with everything a card shows, only when the kept cards must be rendered again."""

from django.apps import apps
from django.utils import timezone

# What a meeting's card (events/includes/meeting_card.html) shows, and its event's URL needs: whole event and center
# pages (their StreamFields) cost more to read and build than the card costs to render.
CARD_COLUMNS = (
    *("start", "end", "event__title", "event__url_path", "event__slug", "event__depth", "event__path"),
    *("event__place", "event__online_url", "event__format__name", "event__host_center__title"),
)


def upcoming_occurrences(now=None):
    """Live events' meetings that have not ended yet, soonest first, with what a card shows."""
    now = now or timezone.now()
    meetings = apps.get_model("centers", "EventOccurrence")  # the models import this module
    return (
        meetings.objects.filter(end__gte=now, is_cancelled=False, event__live=True)
        .select_related("event", "event__format", "event__host_center")
        .only(*CARD_COLUMNS)
        .order_by("start", "pk")
    )


class MeetingsByIds:
    """Iterates the meetings of `ids` in that order, read from `queryset` (with the cards' relations) on first use."""

    def __init__(self, ids, queryset):
        self.ids, self.queryset = list(ids), queryset

    @property
    def key(self):
        """What the kept cards are keyed by: the meetings shown, in order."""
        return ",".join(map(str, self.ids))

    def __bool__(self):
        return bool(self.ids)

    def __iter__(self):
        found = self.queryset.in_bulk(self.ids)
        return iter([found[pk] for pk in self.ids if pk in found])
