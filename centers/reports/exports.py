"""The center's report as XLSX: the same lines as the PDF, every cell inert (text typed as text, no formulas)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from centers.common.spreadsheets import append_text_row
from centers.reports.document import report_document
from centers.reports.numbers import year_title


def bold_row(sheet, values):
    append_text_row(sheet, values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def center_report_xlsx(center, academic_year, report_page=None):
    """One sheet: the center, the figures, the plan's fulfilment, projects and the published conclusion."""
    document = report_document(center, academic_year, report_page)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = year_title(academic_year).replace("/", "-")
    bold_row(sheet, [center.title])
    append_text_row(sheet, [_("Host organization"), center.organization.full_name])
    append_text_row(sheet, [_("Direction"), center.direction.name])
    append_text_row(sheet, [_("Academic year"), year_title(academic_year)])
    sheet.append([])
    bold_row(sheet, [_("Figure"), _("Value")])
    for label, value in document.figures:
        append_text_row(sheet, [label, value])
    if document.plan:
        sheet.append([])
        bold_row(sheet, [_("Plan item"), _("Fulfilled by")])
        for line in document.plan:
            append_text_row(sheet, list(line))
    if document.projects:
        sheet.append([])
        bold_row(sheet, [_("Project"), _("Technology"), _("Stage")])
        for line in document.projects:
            append_text_row(sheet, list(line))
    sheet.append([])
    bold_row(sheet, [_("Coordinator's conclusion")])
    append_text_row(sheet, [document.conclusion or _("No conclusion has been published.")])
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["B"].width = 40
    return workbook_bytes(workbook)
