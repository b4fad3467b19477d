"""The municipal calendar: every center's events by month or as a list, with filters and iCal feeds."""

import calendar as month_calendar
import datetime
from collections import namedtuple

from django.db import models
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber, TruncDate
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from centers.common.kept import kept
from centers.common.pagination import UncountedPaginator
from centers.common.references import ChoosableReferencesPageForm
from centers.directory.models.center import SECTION_PARENT_PAGE_TYPES, CenterPage
from centers.directory.models.reference import EducationLevel, EventFormat
from centers.events.cards import CARD_COLUMNS, MeetingsByIds
from centers.events.ical import feed_name, feed_response
from centers.events.models.events import EventPage, of_center
from centers.events.models.occurrences import EventOccurrence

LIST_PER_PAGE = 30
# The month grid shows at most this many meetings a day, then "N more" leading to that day's list: a busy month
# (hundreds of meetings) costs the same two queries and a bounded page, as in mature calendars.
DAY_LIMIT = 3
WEEKDAY_ABBREVIATIONS = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def parse_day(value):
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if 1900 < day.year < 2200 else None


def month_bounds(year, month):
    """Aware start of the month and of the next one, in the site's time zone."""
    first = datetime.date(year, month, 1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(first, datetime.time.min), zone),
        timezone.make_aware(datetime.datetime.combine(following, datetime.time.min), zone),
    )


def day_bounds(day):
    """Aware start of the day and of the next one, in the site's time zone."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), zone),
        timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min), zone
        ),
    )


CenterChoice = namedtuple("CenterChoice", "pk title slug")


def filter_choices():
    """The live centers, the formats and the levels the calendar filters by: changed only by a page or a snippet."""
    centers = [
        CenterChoice(*row)
        for row in CenterPage.objects.live().order_by("title").values_list("pk", "title", "slug")
    ]
    return centers, list(EventFormat.objects.all()), list(EducationLevel.objects.all())


def month_grid(meetings):
    """The first DAY_LIMIT meetings of each local day ({date: [meeting]}) and every day's total ({date: count}).

    Two queries whatever the month holds: a ROW_NUMBER() window per local day, and a GROUP BY count.
    """
    day = TruncDate("start", tzinfo=timezone.get_current_timezone())
    ranked = meetings.annotate(
        day=day, rank=Window(RowNumber(), partition_by=[day], order_by=[F("start").asc(), F("pk").asc()])
    )
    shown = {}
    # The grid shows a time, a title and a link: only those columns, not the events' whole pages.
    grid_fields = (
        "start",
        "end",
        "event__title",
        "event__url_path",
        "event__slug",
        "event__depth",
        "event__path",
    )
    for meeting in (
        ranked.filter(rank__lte=DAY_LIMIT)
        .order_by("start", "pk")
        .select_related(None)
        .select_related("event")
        .only(*grid_fields)
    ):
        shown.setdefault(meeting.day, []).append(meeting)
    totals = dict(
        meetings.order_by()
        .annotate(day=day)
        .values("day")
        .annotate(total=Count("pk"))
        .values_list("day", "total")
    )
    return shown, totals


class CalendarPage(RoutablePageMixin, Page):
    base_form_class = ChoosableReferencesPageForm
    template = "centers/events/calendar_page.html"
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = SECTION_PARENT_PAGE_TYPES
    subpage_types = []
    max_count = 1
    # What a page cache needs to know (docs/caching.md): it lists the centers and the events of the whole site, and
    # it reads these query parameters (the month grid, the list, the filters).
    shows_pages_of = (CenterPage, EventPage)
    cache_query_parameters = frozenset({"center", "format", "level", "month", "view", "date", "page"})

    class Meta:
        verbose_name = _("calendar of events")
        verbose_name_plural = _("calendars of events")

    def meetings(self):
        """Live events' meetings, with only what a meeting card shows (the feeds and the grid read their own)."""
        return (
            EventOccurrence.objects.filter(is_cancelled=False, event__live=True)
            .select_related("event", "event__format", "event__host_center")
            .only(*CARD_COLUMNS)
        )

    def filtered(self, request):
        """The meetings and the chosen filters (center, format, level by slug)."""
        meetings = self.meetings()
        centers, formats, levels = kept(request, "calendar-filter-choices", filter_choices)
        chosen = {
            "center": next((c for c in centers if c.slug == request.GET.get("center")), None),
            "format": next((f for f in formats if f.slug == request.GET.get("format")), None),
            "level": next((lv for lv in levels if lv.slug == request.GET.get("level")), None),
        }
        # Semi-joins (IN subqueries), not joins with DISTINCT: one row per meeting for the month's per-day window,
        # and the host center's and the level's indexes stay usable.
        if chosen["center"]:
            center_pk = chosen["center"].pk
            co_organized = EventPage.co_organizers.through.objects.filter(centerpage_id=center_pk)
            meetings = meetings.filter(
                Q(event__host_center_id=center_pk) | Q(event_id__in=co_organized.values("eventpage_id"))
            )
        if chosen["format"]:
            meetings = meetings.filter(event__format=chosen["format"])
        if chosen["level"]:
            with_level = EventPage.levels.through.objects.filter(educationlevel_id=chosen["level"].pk)
            meetings = meetings.filter(event_id__in=with_level.values("eventpage_id"))
        filters = {"centers": centers, "formats": formats, "levels": levels, "chosen": chosen}
        query = "&".join(f"{key}={value.slug}" for key, value in chosen.items() if value)
        return meetings, filters, query

    @path("")
    def month_or_list(self, request):
        meetings, filters, query = self.filtered(request)
        today = timezone.localdate()
        year, month = today.year, today.month
        if request.GET.get("month"):
            try:
                chosen_month = datetime.datetime.strptime(request.GET["month"], "%Y-%m").date()
            except ValueError:
                chosen_month = None
            if chosen_month is None or not 1900 < chosen_month.year < 2200:
                context = {**self.get_context(request), **filters, "query": query, "bad_month": True}
                return TemplateResponse(
                    request, self.get_template(request), {**context, "view": "month"}, status=400
                )
            year, month = chosen_month.year, chosen_month.month
        view = "list" if request.GET.get("view") == "list" else "month"
        context = self.get_context(request)
        context.update(filters, query=query, view=view)
        if view == "list":
            context.update(self.list_context(request, meetings))
        else:
            context.update(self.month_context(request, meetings, query, year, month), today=today)
        return TemplateResponse(request, self.get_template(request), context)

    def list_context(self, request, meetings):
        """One page of the upcoming meetings, or of a chosen day's, soonest first."""
        chosen_day = parse_day(request.GET.get("date"))
        if chosen_day:
            day_start, day_end = day_bounds(chosen_day)
            listed = meetings.filter(start__gte=day_start, start__lt=day_end)
        else:
            listed = meetings.filter(end__gte=timezone.now())
        meetings_page = UncountedPaginator(
            listed.order_by("start", "pk").values_list("pk", flat=True), LIST_PER_PAGE
        ).get_page(request.GET.get("page"))
        listed_meetings = MeetingsByIds(meetings_page.object_list, meetings)
        return {"chosen_day": chosen_day, "meetings_page": meetings_page, "meetings": listed_meetings}

    def month_context(self, request, meetings, query, year, month):
        """The month's grid by weeks: each day with its first meetings and how many more it has."""
        start, end = month_bounds(year, month)
        # A month's meetings change only with their events' pages: kept until a page changes (centers.common.kept).
        shown, totals = kept(
            request,
            f"calendar-month:{year}-{month}:{query}",
            lambda: month_grid(meetings.filter(start__gte=start, start__lt=end)),
        )
        weeks = [
            [
                (day, day.month == month, shown.get(day, []), totals.get(day, 0) - len(shown.get(day, [])))
                for day in week
            ]
            for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        ]
        first = datetime.date(year, month, 1)
        return {
            "month_start": first,
            "weeks": weeks,
            "month_total": sum(totals.values()),
            "previous_month": (first - datetime.timedelta(days=1)).strftime("%Y-%m"),
            "next_month": (first + datetime.timedelta(days=32)).strftime("%Y-%m"),
            "weekday_names": WEEKDAY_ABBREVIATIONS,
        }

    @path("ical/", name="feed")
    def feed(self, request):
        """The iCal feed of every center's meetings, from 30 days ago to 6 months ahead, at most 300 (see ical.py)."""
        return feed_response(self.meetings(), request, feed_name(), "calendar.ics")

    @path("ical/<str:center_slug>/", name="center_feed")
    def center_feed(self, request, center_slug):
        """One center's meetings (hosted or co-organized), in the same bounded window as the whole feed."""
        center = get_object_or_404(CenterPage.objects.live(), slug=center_slug)
        meetings = self.meetings().filter(of_center(center, request))
        return feed_response(meetings, request, feed_name(center), f"{center.slug}.ics")

    def get_cached_paths(self):
        """Wagtail's frontend-cache convention: the page and its iCal feed (each center's feed changes with it too)."""
        return ["/", "/ical/"]

    def feed_url_for(self, center):
        if center is None:
            return self.url + self.reverse_subpage("feed")
        return self.url + self.reverse_subpage("center_feed", args=[center.slug])
