"""What the PDF and XLSX of a center's report hold, gathered once for both."""

from dataclasses import dataclass

from centers.reports.fulfilment import plan_rows
from centers.reports.lines import figure_lines, plan_lines, stage_text
from centers.reports.models import ReportPage
from centers.reports.numbers import center_numbers


@dataclass
class ReportDocument:
    center: object
    numbers: object
    figures: list
    plan: list
    projects: list
    conclusion: str


def published_conclusion(center, year, report_page=None):
    """The live report page's conclusion for the year ("" when none is published)."""
    page = report_page or ReportPage.objects.live().child_of(center).first()
    if page is None or not page.live:
        return ""
    texts = [c.text for c in page.conclusions.all() if c.academic_year == year]
    return texts[-1] if texts else ""


def report_document(center, year, report_page=None):
    numbers = center_numbers(center, year)
    return ReportDocument(
        center=center,
        numbers=numbers,
        figures=figure_lines(numbers),
        plan=plan_lines(plan_rows(center, year)),
        projects=[(project.title, project.technology, stage_text(project)) for project in numbers.projects],
        conclusion=published_conclusion(center, year, report_page),
    )
