"""The reports' admin screens: a center's own numbers, the department's coverage, the review of unmatched names.

Each view raises PermissionDenied for whoever may not see it; admin_urls puts them all behind forbidden_is_403.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.directory.models import Organization
from centers.reports.access import center_for, require_department
from centers.reports.coverage import coverage, coverage_csv, coverage_xlsx
from centers.reports.forms import NameMappingForm
from centers.reports.lines import figure_lines
from centers.reports.models import OrganizationNameMapping, ReportPage
from centers.reports.numbers import academic_year_of, center_numbers, year_title
from centers.reports.schools import map_name, unmatched_names
from centers.reports.views import requested_year, year_choices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unknown_year():
    return HttpResponse(_("There is no such academic year. Choose one from the list."), status=400)


def center_report(request, page_pk):
    """A coordinator's own center's figures (the department may open any center's)."""
    center = center_for(request, page_pk)
    year = requested_year(request)
    if year is None:
        return unknown_year()
    numbers = center_numbers(center, year)
    return TemplateResponse(
        request,
        "centers/reports/admin/center_report.html",
        {
            "center": center,
            "numbers": numbers,
            "figure_lines": figure_lines(numbers),
            "year": year,
            "years": year_choices(center),
            "report_page": ReportPage.objects.child_of(center).first(),
        },
    )


def kind_chosen(request):
    """The registry kind whose unreached organizations are listed: schools unless another kind or all is asked."""
    kind = request.GET.get("kind", Organization.Kind.SCHOOL)
    if kind == "all":
        return None
    return kind if kind in Organization.Kind.values else Organization.Kind.SCHOOL


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def coverage_view(request):
    require_department(request)
    year = requested_year(request)
    if year is None:
        return unknown_year()
    kind = kind_chosen(request)
    report = coverage(year, kind)
    filename = f"coverage-{year}-{year + 1}"
    if request.GET.get("format") == "csv":
        return download(coverage_csv(report), "text/csv; charset=utf-8", f"{filename}.csv")
    if request.GET.get("format") == "xlsx":
        return download(coverage_xlsx(report), XLSX, f"{filename}.xlsx")
    return TemplateResponse(
        request,
        "centers/reports/admin/coverage.html",
        {
            "report": report,
            "kind": kind or "all",
            "kinds": [*Organization.Kind.choices, ("all", _("All kinds"))],
            "years": year_choices_for_department(),
        },
    )


def year_choices_for_department():
    current = academic_year_of(timezone.localdate())
    return [(year, year_title(year)) for year in range(current, current - 6, -1)]


def unmatched_names_view(request):
    """Names typed by registrants and requesters that match no organization, and the form that maps one."""
    require_department(request)
    form = NameMappingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            map_name(form.cleaned_data["name"], form.cleaned_data["organization"], request.user)
            messages.success(
                request,
                _("“%(name)s” is now counted as %(organization)s.")
                % {"name": form.cleaned_data["name"], "organization": form.cleaned_data["organization"]},
            )
            return redirect("centers_reports:unmatched_names")
        status = 400
    else:
        status = 200
    return TemplateResponse(
        request,
        "centers/reports/admin/unmatched_names.html",
        {
            "names": unmatched_names(),
            "form": form,
            "organizations": Organization.objects.order_by("short_name"),
            "mappings": OrganizationNameMapping.objects.select_related("organization"),
        },
        status=status,
    )
