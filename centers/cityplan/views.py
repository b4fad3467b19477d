"""The city's plan page: `?year=` as on a center's plan, filters by level, subject, audience and center."""

from django.template.response import TemplateResponse
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


def city_plan_view(page, request):
    year, error = requested_year(request, [])
    centers, levels, subjects = kept(request, "city-plan-filter-choices", filter_choices)
    chosen, unknown = chosen_filters(request, centers, levels, subjects)
    context = page.get_context(request)
    context.update(
        centers=centers,
        levels=levels,
        subjects=subjects,
        audiences=audience_choices(),
        chosen=chosen,
        error=error or (BAD_YEAR if unknown else None),
        bad_year=error is not None,
        unknown_filters=unknown,
        requested=request.GET.get("year", "")[:20],
    )
    if context["error"] is None:
        months, clash_count, gap_count = city_plan(year, chosen, levels, subjects)
        context.update(
            year=year,
            year_label=academic_year.year_label(year),
            previous_year=year - 1 if year > academic_year.FIRST_YEAR else None,
            next_year=year + 1 if year < academic_year.LAST_YEAR else None,
            months=months,
            clash_count=clash_count,
            gap_count=gap_count,
        )
    return TemplateResponse(request, page.get_template(request), context, status=context["error"] or 200)
