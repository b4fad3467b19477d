"""The public plan: the chosen academic year's items grouped by month, with the years the plan has."""

import functools

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from centers.plans import academic_year
from centers.plans.fulfilment import held_and_ahead, linked_pages

BAD_YEAR = 400
NO_SUCH_YEAR = 404


def default_year(years):
    """The current academic year; a plan without it (a center whose term ended) shows its latest year."""
    current = academic_year.current_academic_year()
    return current if current in years or not years else max(years)


def requested_year(request, years):
    """(year, error status): the default year without `?year=`, a 400 for anything but a plausible year."""
    raw = request.GET.get("year")
    if raw is None:
        return default_year(years), None
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        return None, BAD_YEAR
    year = int(raw)
    if not academic_year.FIRST_YEAR <= year <= academic_year.LAST_YEAR:
        return None, BAD_YEAR
    return year, None


def months_of(items):
    """[(heading, [items])]: work throughout the year first, then month by month from September to August."""
    throughout = [item for item in items if item.month_number is None]
    groups = [(_("Throughout the year"), throughout)] if throughout else []
    dated = sorted(
        (item for item in items if item.month_number is not None),
        key=lambda item: (
            academic_year.month_position(item.month_number),
            item.start_date is None,
            item.start_date,
            item.sort_order or 0,
        ),
    )
    for item in dated:
        year = academic_year.calendar_year_of_month(item.academic_year, item.month_number)
        heading = f"{MONTHS[item.month_number]} {year}".capitalize()
        if groups and groups[-1][0] == heading:
            groups[-1][1].append(item)
        else:
            groups.append((heading, [item]))
    return groups


def plan_months(page, year):
    """The year's items by month, each with the public pages that fulfilled it and those still ahead."""
    items = list(page.items.filter(academic_year=year).prefetch_related("levels", "subjects"))
    fulfilled = linked_pages([item for item in items if item.pk], public_only=True)
    today = timezone.localdate()
    for item in items:
        item.fulfilled_by, item.scheduled = held_and_ahead(fulfilled.get(item.pk, []), today)
    return months_of(items)


def plan_view(page, request):
    years = page.years()
    year, error = requested_year(request, years)
    if error is None and request.GET.get("year") is not None and year not in years:
        error = NO_SUCH_YEAR
    context = page.get_context(request)
    context.update(
        year=year,
        year_label=academic_year.year_label(year) if year else "",
        years=[(each, academic_year.year_label(each)) for each in years],
        # Read only when the kept list is rendered again (templates call it): the plan changes with a publication.
        months=functools.partial(plan_months, page, year) if error is None else [],
        error=error,
        requested=request.GET.get("year", "")[:20],
    )
    return TemplateResponse(request, page.get_template(request), context, status=error or 200)
