"""The city's plan page: `?year=` as on a center's plan, filters by level, subject, audience and center."""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from centers.cityplan.plan import LEADERS, TEACHERS, city_plan, filter_choices
from centers.common.kept import kept
from centers.plans import academic_year
from centers.plans.views import BAD_YEAR, requested_year


def audience_choices():
    return [(TEACHERS, _("Teachers")), (LEADERS, _("School leaders"))]


def chosen_filters(request, centers, levels, subjects):
    """({name: chosen}, [unknown filter names]): a value that names nothing is an error, not an empty plan."""
    by_slug = {
        "center": {center.slug: center for center in centers},
        "level": {level.slug: level for level in levels},
        "subject": {subject.slug: subject for subject in subjects},
        "audience": {value: value for value, _label in audience_choices()},
    }
    chosen, unknown = {}, []
    for name, choices in by_slug.items():
        value = request.GET.get(name, "").strip()
        if not value:
            continue
        if value in choices:
            chosen[name] = choices[value]
        else:
            unknown.append(name)
    return chosen, unknown


def requested_month(request, year):
    """(month number or None for the whole year's work, error): the current month in the current year, else
    September."""
    raw = request.GET.get("month", "").strip()
    if not raw:
        today = timezone.localdate()
        return (
            today.month if academic_year.academic_year_of(today) == year else academic_year.FIRST_MONTH
        ), None
    if raw == "year":
        return None, None
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw), None
    return None, BAD_YEAR


def city_plan_view(page, request):
    year, year_error = requested_year(request, [])
    centers, levels, subjects = kept(request, "city-plan-filter-choices", filter_choices)
    chosen, unknown = chosen_filters(request, centers, levels, subjects)
    month, month_error = requested_month(request, year) if year else (None, None)
    error = year_error or month_error or (BAD_YEAR if unknown else None)
    query = "&".join(
        f"{name}={getattr(value, 'slug', value)}" for name, value in sorted(chosen.items()) if value
    )
    context = page.get_context(request)
    context.update(
        centers=centers,
        levels=levels,
        subjects=subjects,
        audiences=audience_choices(),
        chosen=chosen,
        # The chosen filters as validated, with an error too: what the kept options of the form vary with.
        chosen_key=query,
        error=error,
        bad_year=year_error is not None,
        bad_month=month_error is not None,
        requested=request.GET.get("year", "")[:20],
    )
    if error is None:
        context.update(
            year=year,
            month=month or "year",
            query=query,
            year_label=academic_year.year_label(year),
            previous_year=year - 1 if year > academic_year.FIRST_YEAR else None,
            next_year=year + 1 if year < academic_year.LAST_YEAR else None,
            # Read only when the kept fragment is rendered again (a page changed since): a kept plan costs nothing.
            plan=SimpleLazyObject(lambda: city_plan(year, chosen, levels, subjects)),
        )
    return TemplateResponse(request, page.get_template(request), context, status=error or 200)
