"""The center's report as the PDF a department files: ReportLab with embedded DejaVu, so the Cyrillic is real text."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from centers.certificates.fonts import BOLD, REGULAR, register_fonts
from centers.certificates.pdf import department_name
from centers.reports.document import report_document
from centers.reports.numbers import year_title

TEXT_WIDTH = A4[0] - 40 * mm


def styles():
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, spaceAfter=6),
        "heading": ParagraphStyle(
            "heading", fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4
        ),
        "body": ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13),
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=9, leading=11),
    }


def text(value, style):
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def table(rows, widths, style):
    """A bordered table whose cells wrap; the first row is the header."""
    data = [[text(value, style) for value in row] for row in rows]
    grid = Table(data, colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.93, 0.97)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # set in every cell, paragraphs or not
            ]
        )
    )
    return grid


def heading_flowables(document, year, style):
    center = document.center
    title = _("Report on the work of the resource center for the %(year)s academic year") % {
        "year": year_title(year)
    }
    flow = []
    if department_name():
        flow.append(text(department_name(), style["body"]))
    flow += [text(title, style["title"]), text(center.title, style["heading"])]
    facts = [
        _("Host organization: %(name)s") % {"name": center.organization.full_name},
        _("Direction: %(name)s") % {"name": center.direction.name},
    ]
    if center.term_start or center.term_end:
        term = " — ".join(date_format(day, "d.m.Y") for day in (center.term_start, center.term_end) if day)
        facts.append(_("Term: %(term)s") % {"term": term})
    facts.append(
        _("Period: %(first)s — %(last)s")
        % {
            "first": date_format(document.numbers.first_day, "d.m.Y"),
            "last": date_format(document.numbers.last_day, "d.m.Y"),
        }
    )
    flow += [text(fact, style["body"]) for fact in facts]
    return flow


def section_flowables(document, style):
    flow = []
    if document.plan:
        flow.append(text(_("Plan of work and its fulfilment"), style["heading"]))
        rows = [[_("Plan item"), _("Fulfilled by")], *document.plan]
        flow.append(table(rows, [TEXT_WIDTH * 0.45, TEXT_WIDTH * 0.55], style["cell"]))
    flow.append(text(_("Figures of the year"), style["heading"]))
    rows = [[_("Figure"), _("Value")], *((label, localize(value)) for label, value in document.figures)]
    flow.append(table(rows, [TEXT_WIDTH * 0.8, TEXT_WIDTH * 0.2], style["cell"]))
    if document.projects:
        flow.append(text(_("Piloting projects and their stage"), style["heading"]))
        rows = [[_("Project"), _("Technology"), _("Stage")], *document.projects]
        flow.append(table(rows, [TEXT_WIDTH * 0.35, TEXT_WIDTH * 0.3, TEXT_WIDTH * 0.35], style["cell"]))
    flow.append(text(_("Coordinator's conclusion"), style["heading"]))
    flow.append(text(document.conclusion or _("No conclusion has been published."), style["body"]))
    return flow


def center_report_pdf(center, academic_year, report_page=None):
    """The report of `center` for `academic_year` (2025 = 2025/2026) as PDF bytes."""
    register_fonts()
    document = report_document(center, academic_year, report_page)
    style = styles()
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{center.title}: {year_title(academic_year)}",
        initialFontName=REGULAR,  # else the canvas lists an unused, non-embedded Helvetica
    )
    made = _("Assembled by the site on %(date)s") % {"date": date_format(timezone.localdate(), "d.m.Y")}
    flow = [
        *heading_flowables(document, academic_year, style),
        Spacer(1, 4 * mm),
        *section_flowables(document, style),
        Spacer(1, 6 * mm),
        text(made, style["body"]),
    ]
    pdf.build(flow)
    return buffer.getvalue()
