"""The public report: `<center>/report/?year=2025`, its PDF and XLSX; figures only, no personal data."""

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from centers.common.kept import kept_key
from centers.directory.models import CenterPage
from centers.reports.exports import center_report_xlsx
from centers.reports.fulfilment import plan_rows
from centers.reports.lines import figure_lines, plan_entries
from centers.reports.numbers import academic_year_of, center_numbers, year_title
from centers.reports.pdf import center_report_pdf

FIRST_YEAR = 2000
FOUR_DIGITS = re.compile(r"[0-9]{4}")


def requested_year(request):
    """The academic year asked for (default: the current one), or None for anything that is no such year."""
    current = academic_year_of(timezone.localdate())
    given = request.GET.get("year")
    if given is None or given == "":
        return current
    if not FOUR_DIGITS.fullmatch(given) or not FIRST_YEAR <= int(given) <= current + 1:
        return None
    return int(given)


def center_of(page):
    """The center the report page belongs to: its parent, found by tree path in one query."""
    return CenterPage.objects.select_related("organization", "direction").get(path=page.path[: -page.steplen])


def year_choices(center):
    """The academic years the report offers: from the center's term start (at most ten back) to now."""
    current = academic_year_of(timezone.localdate())
    first = academic_year_of(center.term_start) if center.term_start else current
    first = max(first, current - 9)
    return [(year, year_title(year)) for year in range(current, first - 1, -1)]


def conclusion_for(page, year):
    """The published conclusion for the year (the page served is the live one, so drafts never show)."""
    chosen = [conclusion for conclusion in page.conclusions.all() if conclusion.academic_year == year]
    return chosen[-1] if chosen else None


def bad_year(request, page):
    context = {"page": page, "self": page, "bad_year": True}
    return TemplateResponse(request, "centers/reports/report_page.html", context, status=400)


def report_figures(center, year):
    numbers = center_numbers(center, year)
    return {
        "center": center,
        "numbers": numbers,
        "figure_lines": figure_lines(numbers),
        "plan_rows": plan_entries(plan_rows(center, year)),
        "years": year_choices(center),
    }


def kept_report_figures(request, page, year):
    """The figures take a dozen aggregate queries: kept for a few minutes (as long as the page cache keeps the page)
    and read again at once when a page changes."""
    key = kept_key(request, f"center-report:{page.pk}:{year}")
    figures = cache.get(key)
    if figures is None:
        figures = report_figures(center_of(page), year)
        cache.set(key, figures, getattr(settings, "CENTERS_REPORT_FIGURES_SECONDS", 300))
    return figures


def report_view(request, page):
    year = requested_year(request)
    if year is None:
        return bad_year(request, page)
    context = page.get_context(request)
    context.update(kept_report_figures(request, page, year), conclusion=conclusion_for(page, year), year=year)
    return TemplateResponse(request, page.get_template(request), context)


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_name(center, year, extension):
    return f"report-{center.slug}-{year}-{year + 1}.{extension}"


def report_pdf_view(request, page):
    year = requested_year(request)
    if year is None:
        return bad_year(request, page)
    center = center_of(page)
    return download(
        center_report_pdf(center, year, report_page=page), "application/pdf", export_name(center, year, "pdf")
    )


def report_xlsx_view(request, page):
    year = requested_year(request)
    if year is None:
        return bad_year(request, page)
    center = center_of(page)
    return download(
        center_report_xlsx(center, year, report_page=page),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        export_name(center, year, "xlsx"),
    )
