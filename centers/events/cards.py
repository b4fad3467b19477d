"""Lists of meeting cards: which meetings a list shows is read by their ids alone (a narrow query, cheap to plan),
and the meetings themselves, with everything a card shows, only when the kept cards must be rendered again."""


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
