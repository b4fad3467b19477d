"""The municipal calendar: every center's events by month or as a list, with filters and iCal feeds."""

import calendar as month_calendar
import datetime

from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .center import SECTION_PARENT_PAGE_TYPES, CenterPage
from .events import EventOccurrence, month_bounds, of_center
from .reference import EducationLevel, EventFormat

LIST_PER_PAGE = 30
WEEKDAY_ABBREVIATIONS = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


class CalendarPage(RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = SECTION_PARENT_PAGE_TYPES
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("calendar of events")
        verbose_name_plural = _("calendars of events")

    def meetings(self):
        return EventOccurrence.objects.filter(is_cancelled=False, event__live=True).select_related(
            "event", "event__format", "event__host_center"
        )

    def filtered(self, request):
        """The meetings and the chosen filters (center, format, level by slug)."""
        meetings = self.meetings()
        centers = list(CenterPage.objects.live().order_by("title").only("pk", "title", "slug"))
        formats = list(EventFormat.objects.all())
        levels = list(EducationLevel.objects.all())
        chosen = {
            "center": next((c for c in centers if c.slug == request.GET.get("center")), None),
            "format": next((f for f in formats if f.slug == request.GET.get("format")), None),
            "level": next((lv for lv in levels if lv.slug == request.GET.get("level")), None),
        }
        if chosen["center"]:
            meetings = meetings.filter(of_center(chosen["center"]))
        if chosen["format"]:
            meetings = meetings.filter(event__format=chosen["format"])
        if chosen["level"]:
            meetings = meetings.filter(event__levels=chosen["level"])
        if chosen["center"] or chosen["level"]:
            meetings = meetings.distinct()
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
                return TemplateResponse(
                    request,
                    self.get_template(request),
                    {
                        **self.get_context(request),
                        **filters,
                        "query": query,
                        "bad_month": True,
                        "view": "month",
                    },
                    status=400,
                )
            year, month = chosen_month.year, chosen_month.month
        view = "list" if request.GET.get("view") == "list" else "month"
        context = self.get_context(request)
        context.update(filters, query=query, view=view)
        if view == "list":
            listed = meetings.filter(end__gte=timezone.now()).order_by("start", "pk")
            context["meetings_page"] = Paginator(listed, LIST_PER_PAGE).get_page(request.GET.get("page"))
        else:
            start, end = month_bounds(year, month)
            by_day = {}
            for meeting in meetings.filter(start__gte=start, start__lt=end).order_by("start", "pk"):
                by_day.setdefault(meeting.local_date(), []).append(meeting)
            weeks = [
                [(day, day.month == month, by_day.get(day, [])) for day in week]
                for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
            ]
            first = datetime.date(year, month, 1)
            context.update(
                month_start=first,
                weeks=weeks,
                month_meetings=[m for day in sorted(by_day) for m in by_day[day]],
                previous_month=(first - datetime.timedelta(days=1)).strftime("%Y-%m"),
                next_month=(first + datetime.timedelta(days=32)).strftime("%Y-%m"),
                today=today,
                weekday_names=WEEKDAY_ABBREVIATIONS,
            )
        return TemplateResponse(request, self.get_template(request), context)

    @path("ical/", name="feed")
    def feed(self, request):
        from ..ical import feed_name, feed_response

        return feed_response(self.meetings(), request, feed_name(), "calendar.ics")

    @path("ical/<str:center_slug>/", name="center_feed")
    def center_feed(self, request, center_slug):
        from ..ical import feed_name, feed_response

        center = get_object_or_404(CenterPage.objects.live(), slug=center_slug)
        meetings = self.meetings().filter(of_center(center)).distinct()
        return feed_response(meetings, request, feed_name(center), f"{center.slug}.ics")

    def feed_url_for(self, center):
        if center is None:
            return self.url + self.reverse_subpage("feed")
        return self.url + self.reverse_subpage("center_feed", args=[center.slug])
