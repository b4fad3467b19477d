"""Paginators for lists whose total is costly to count: one told its total, one that never counts."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class KnownCountPaginator(Paginator):
    """Told its total (a number, or a function giving it from a cache) instead of running COUNT(*) on each request."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count() if callable(self.known_count) else self.known_count


class UncountedPaginator:
    """Pages of an ordered list without COUNT(*), whose cost grows with the list (55 ms for 9,000 upcoming
    meetings): each page reads one row more than it shows to know whether another follows. No total is shown."""

    num_pages = None

    def __init__(self, object_list, per_page):
        self.object_list, self.per_page = object_list, per_page

    def get_page(self, number):
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        offset = (number - 1) * self.per_page
        rows = list(self.object_list[offset : offset + self.per_page + 1])
        if not rows and number > 1:
            return self.get_page(1)
        return UncountedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)


class UncountedPage:
    def __init__(self, object_list, number, paginator, has_next):
        self.object_list, self.number, self.paginator, self._has_next = (
            object_list,
            number,
            paginator,
            has_next,
        )

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1
