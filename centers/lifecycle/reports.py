"""The department's report per academic year (1 September to 31 August): one line per center, one column per row.

Each capability registers its own report rows (`register_report_row`): a name and a function
(center, first_day, last_day) -> number. Measures that depend on a curated vocabulary (one per event format)
register a family (`register_report_rows`): a function building the rows when the report is made, so a format
the department adds shows up without a code change. The report, its chart and its CSV/XLSX exports follow the
registry.
"""

import datetime
import io
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from centers.common.spreadsheets import append_text_row, csv_text
from centers.consultations.models import ConsultationRequest
from centers.content.models import MaterialPage
from centers.directory.models import CenterPage, EventFormat
from centers.events.models import EventOccurrence, Registration
from centers.lifecycle.models import Application, ApprovalOrder
from centers.practices.models import PracticePage


@dataclass(frozen=True)
class ReportRow:
    key: str
    label: str
    count: Callable[[CenterPage, datetime.date, datetime.date], int]


@dataclass(frozen=True)
class ReportRowFamily:
    """Rows known only when the report is made: `build()` returns them, in the order they are shown."""

    key: str
    build: Callable[[], list[ReportRow]]


REPORT_ROWS: list[ReportRow | ReportRowFamily] = []


def _register(entry):
    REPORT_ROWS[:] = [row for row in REPORT_ROWS if row.key != entry.key]
    REPORT_ROWS.append(entry)


def register_report_row(key, label):
    """Decorator: add a measure to the report; a later registration with the same key replaces the earlier one."""

    def register(function):
        _register(ReportRow(key, label, function))
        return function

    return register


def register_report_rows(key):
    """Decorator: add a family of measures, built by the function (no arguments) each time a report is made."""

    def register(function):
        _register(ReportRowFamily(key, function))
        return function

    return register


def report_rows():
    """The registered rows with every family expanded, in registration order."""
    rows = []
    for entry in REPORT_ROWS:
        rows.extend(entry.build() if isinstance(entry, ReportRowFamily) else [entry])
    return rows


def academic_year_of(day):
    return day.year if day.month >= 9 else day.year - 1


def academic_year_bounds(year):
    """First and last day of the academic year `year`/`year + 1`."""
    return datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)


def local_range(first_day, last_day):
    """Aware datetimes [start, end) covering the days in the site's time zone, for DateTimeField filters."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


@register_report_row("days_active", _("Days of the term within the year"))
def days_active(center, first_day, last_day):
    start = max(first_day, center.term_start or first_day)
    end = min(last_day, center.term_end or last_day)
    return max((end - start).days + 1, 0)


@register_report_row("orders", _("Approval orders registered"))
def orders_registered(center, first_day, last_day):
    return ApprovalOrder.objects.filter(center=center, date__range=(first_day, last_day)).count()


def meetings_of(center, first_day, last_day):
    """Meetings held in the year by events the center hosts or co-organizes, cancelled ones left out."""
    start, end = local_range(first_day, last_day)
    return EventOccurrence.objects.filter(
        Q(event__host_center=center) | Q(event__co_organizers=center),
        start__gte=start,
        start__lt=end,
        is_cancelled=False,
    ).distinct()


@register_report_row("events", _("Events held"))
def events_held(center, first_day, last_day):
    return meetings_of(center, first_day, last_day).count()


@register_report_rows("events_by_format")
def events_by_format():
    """One row per event format, in the vocabulary's order: meetings held in the year, as the total above counts.

    A center's counts for all formats come from one grouped query, kept for the rows of the same report.
    """
    per_center = {}

    def counts(center, first_day, last_day):
        key = (center.pk, first_day, last_day)
        if key not in per_center:
            per_center[key] = dict(
                meetings_of(center, first_day, last_day)
                .order_by()
                .values("event__format")
                .annotate(n=Count("pk", distinct=True))
                .values_list("event__format", "n")
            )
        return per_center[key]

    return [
        ReportRow(
            f"events_format_{event_format.slug}",
            format_lazy(_("Events held: {format}"), format=event_format.name),
            lambda center, first_day, last_day, pk=event_format.pk: counts(center, first_day, last_day).get(
                pk, 0
            ),
        )
        for event_format in EventFormat.objects.order_by("sort_order", "name")
    ]


@register_report_row("registrations", _("Confirmed registrations"))
def confirmed_registrations(center, first_day, last_day):
    meetings = meetings_of(center, first_day, last_day).values("pk")
    return Registration.objects.filter(occurrence__in=meetings, status=Registration.Status.CONFIRMED).count()


@register_report_row("attendance", _("Participants who attended"))
def attended(center, first_day, last_day):
    meetings = meetings_of(center, first_day, last_day).values("pk")
    return Registration.objects.filter(occurrence__in=meetings, attended=True).count()


@register_report_row("materials", _("Materials published"))
def materials_published(center, first_day, last_day):
    start, end = local_range(first_day, last_day)
    return MaterialPage.objects.live().filter(center=center, first_published_at__range=(start, end)).count()


@register_report_row("practices", _("Practices published"))
def practices_published(center, first_day, last_day):
    start, end = local_range(first_day, last_day)
    return (
        PracticePage.objects.live()
        .descendant_of(center)
        .filter(first_published_at__range=(start, end))
        .count()
    )


@register_report_row("consultations", _("Consultations answered"))
def consultations_answered(center, first_day, last_day):
    start, end = local_range(first_day, last_day)
    return ConsultationRequest.objects.filter(
        center=center, status=ConsultationRequest.Status.ANSWERED, answered_at__range=(start, end)
    ).count()


def centers_in_year(first_day, last_day):
    """Centers whose term overlaps the year (an open term counts)."""
    return (
        CenterPage.objects.filter(Q(term_start__isnull=True) | Q(term_start__lte=last_day))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=first_day))
        .select_related("organization", "direction")
        .order_by("title")
    )


def application_summary(first_day, last_day):
    """Applications received in the year, by their present status."""
    start, end = local_range(first_day, last_day)
    counts = dict(
        Application.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    rows = [(label, counts.get(value, 0)) for value, label in Application.Status.choices]
    return {"total": sum(counts.values()), "by_status": rows}


def center_status(center, last_day):
    return _("term expired") if center.term_end and center.term_end < last_day else _("active")


def department_report(year):
    first_day, last_day = academic_year_bounds(year)
    rows = report_rows()
    lines = []
    for center in centers_in_year(first_day, last_day):
        lines.append(
            {
                "center": center,
                "status": center_status(center, min(last_day, timezone.localdate())),
                "values": [row.count(center, first_day, last_day) for row in rows],
            }
        )
    totals = [sum(line["values"][index] for line in lines) for index in range(len(rows))]
    return {
        "year": year,
        "title": f"{year}/{str(year + 1)[-2:]}",
        "first_day": first_day,
        "last_day": last_day,
        "rows": rows,
        "lines": lines,
        "totals": totals,
        "applications": application_summary(first_day, last_day),
    }


def table(report):
    """Header and lines as plain values, shared by the CSV and XLSX exports."""
    header = [str(_("Center")), str(_("Organization")), str(_("Direction")), str(_("Status"))]
    header += [str(row.label) for row in report["rows"]]
    body = [
        [
            line["center"].title,
            line["center"].organization.short_name,
            line["center"].direction.name,
            str(line["status"]),
            *line["values"],
        ]
        for line in report["lines"]
    ]
    body.append([str(_("Total")), "", "", "", *report["totals"]])
    return header, body


def as_csv(report):
    """Semicolon-separated with a BOM: what a Russian-locale spreadsheet opens correctly."""
    header, body = table(report)
    return csv_text([header, *body]).encode("utf-8")


def as_xlsx(report):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = report["title"].replace("/", "-")
    header, body = table(report)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in body:
        append_text_row(sheet, values)
    sheet.append([])
    sheet.append([str(_("Applications received")), report["applications"]["total"]])
    for label, count in report["applications"]["by_status"]:
        sheet.append([str(label), count])
    sheet.column_dimensions["A"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BAR_HEIGHT = 22
LABEL_WIDTH = 320
CHART_WIDTH = 760


def bar_chart(report, row_key):
    """Geometry of a server-drawn horizontal bar chart of one row (the template writes the SVG)."""
    index = next((i for i, row in enumerate(report["rows"]) if row.key == row_key), 0)
    values = [line["values"][index] for line in report["lines"]] if report["rows"] else []
    biggest = max(values, default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 60
    bars = [
        {
            "label": line["center"].title,
            "value": value,
            "y": number * (BAR_HEIGHT + 6),
            "text_y": number * (BAR_HEIGHT + 6) + BAR_HEIGHT - 6,
            "width": round(room * value / biggest),
            "value_x": LABEL_WIDTH + round(room * value / biggest) + 6,
        }
        for number, (line, value) in enumerate(zip(report["lines"], values, strict=True))
    ]
    return {
        "row": report["rows"][index] if report["rows"] else None,
        "bars": bars,
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "height": max(len(bars), 1) * (BAR_HEIGHT + 6),
    }
