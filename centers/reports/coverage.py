"""Coverage for the department: which registry organizations each center reached in a year, and who none reached."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from centers.common.spreadsheets import append_text_row, csv_text
from centers.directory.models import Organization
from centers.reports.numbers import academic_year_bounds, center_numbers, centers_in_year, year_title
from centers.reports.schools import registry


def coverage(year, kind=Organization.Kind.SCHOOL):
    """Per center the organizations reached; the organizations of `kind` (all kinds: None) no center reached."""
    known = registry()
    organizations = {organization.pk: organization for organization in Organization.objects.all()}
    lines = []
    for center in centers_in_year(*academic_year_bounds(year)):
        reached = center_numbers(center, year, known_names=known).reached_ids
        lines.append(
            {
                "center": center,
                "organizations": sorted((organizations[pk] for pk in reached), key=lambda o: o.short_name),
            }
        )
    reached_any = {organization.pk for line in lines for organization in line["organizations"]}
    unreached = [
        organization
        for organization in organizations.values()
        if organization.pk not in reached_any and (kind is None or organization.kind == kind)
    ]
    return {
        "year": year,
        "title": year_title(year),
        "lines": lines,
        "reached_count": len(reached_any),
        "unreached": sorted(unreached, key=lambda o: o.short_name),
        "organizations": sorted(organizations.values(), key=lambda o: o.short_name),
    }


def matrix(report):
    """Organizations down, centers across, 1 where a center reached the organization, and how many centers did."""
    header = [_("Organization"), _("Kind"), *(line["center"].title for line in report["lines"]), _("Centers")]
    reached = [{o.pk for o in line["organizations"]} for line in report["lines"]]
    rows = []
    for organization in report["organizations"]:
        marks = [1 if organization.pk in pks else 0 for pks in reached]
        rows.append([organization.short_name, organization.get_kind_display(), *marks, sum(marks)])
    return header, rows


def coverage_csv(report):
    header, rows = matrix(report)
    return csv_text([header, *rows]).encode("utf-8")


def coverage_xlsx(report):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = report["title"].replace("/", "-")
    header, rows = matrix(report)
    append_text_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_text_row(sheet, row)
    sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
