"""The department's report per academic year (1 September to 31 August): one line per center, one column per row.

Each capability registers its own report rows (`register_report_row`): a name and a function
(center, first_day, last_day) -> number. Measures that depend on a curated vocabulary (one per event format)
register a family (`register_report_rows`): a function building the rows when the report is made, so a format
the department adds shows up without a code change. The report, its chart and its CSV/XLSX exports follow the
registry.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from centers.common.spreadsheets import append_text_row, csv_text
from centers.directory.models import CenterPage, EventFormat
from centers.lifecycle.models import Application, ApprovalOrder
from centers.reports.numbers import (
    academic_year_bounds,
    academic_year_of,
    center_numbers,
    centers_in_year,
    local_range,
    year_title,
)


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


def numbers_for(center, first_day, last_day):
    """The center's figures from centers.reports.numbers, computed once per center and year of a report."""
    kept = center.__dict__.setdefault("_report_numbers", {})
    year = academic_year_of(first_day)
    if year not in kept:
        kept[year] = center_numbers(center, year)
    return kept[year]


@register_report_row("days_active", _("Days of the term within the year"))
def days_active(center, first_day, last_day):
    start = max(first_day, center.term_start or first_day)
    end = min(last_day, center.term_end or last_day)
    return max((end - start).days + 1, 0)


@register_report_row("orders", _("Approval orders registered"))
def orders_registered(center, first_day, last_day):
    return ApprovalOrder.objects.filter(center=center, date__range=(first_day, last_day)).count()


def figure(name):
    """A row reading one attribute of the center's numbers: the report and the center's own report agree."""
    return lambda center, first_day, last_day: getattr(numbers_for(center, first_day, last_day), name)


register_report_row("events", _("Events held"))(figure("meetings"))


@register_report_rows("events_by_format")
def events_by_format():
    """One row per event format, in the vocabulary's order: meetings held in the year, as the total counts."""

    def count(center, first_day, last_day, pk):
        by_format = numbers_for(center, first_day, last_day).meetings_by_format
        return next((n for event_format, n in by_format if event_format.pk == pk), 0)

    return [
        ReportRow(
            f"events_format_{event_format.slug}",
            format_lazy(_("Events held: {format}"), format=event_format.name),
            lambda center, first_day, last_day, pk=event_format.pk: count(center, first_day, last_day, pk),
        )
        for event_format in EventFormat.objects.order_by("sort_order", "name")
    ]


register_report_row("events_planned", _("Events planned (not held yet)"))(figure("meetings_planned"))
register_report_row("registrations", _("Confirmed registrations"))(figure("confirmed"))
register_report_row("attendance", _("Participants who attended"))(figure("attended"))
register_report_row("materials", _("Materials published"))(figure("materials"))
register_report_row("practices", _("Practices published"))(figure("practices"))
register_report_row("consultations", _("Consultations answered"))(figure("consultations_answered"))
register_report_row("registered", _("Participants registered"))(figure("registered"))
register_report_row("schools_reached", _("Distinct schools reached"))(figure("schools_reached"))
register_report_row("news", _("News published"))(figure("news"))
register_report_row("pilot_schools", _("Pilot schools"))(figure("pilot_schools"))
register_report_row("pilot_results", _("Stage results of pilot schools approved"))(figure("pilot_results"))


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
    if center.closed_early_on and center.closed_early_on <= last_day:
        return _("closed early")
    return _("term expired") if center.term_end and center.term_end < last_day else _("active")


# Rows whose sum over the centers means nothing (days of the status): their «Total» is left empty.
NOT_SUMMED = {"days_active"}


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
    totals = [
        None if row.key in NOT_SUMMED else sum(line["values"][index] for line in lines)
        for index, row in enumerate(rows)
    ]
    return {
        "year": year,
        "title": year_title(year),
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
    append_text_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in body:
        append_text_row(sheet, values)
    sheet.append([])
    append_text_row(sheet, [_("Applications received"), report["applications"]["total"]])
    for label, count in report["applications"]["by_status"]:
        append_text_row(sheet, [label, count])
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
