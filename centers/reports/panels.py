"""The coordinator's dashboard panel: their own center's figures for the current academic year."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from centers.reports.lines import figure_lines
from centers.reports.numbers import academic_year_of, center_numbers


class CenterNumbersPanel(Component):
    template_name = "centers/reports/admin/center_numbers_panel.html"
    order = 155

    def __init__(self, center):
        self.center = center
        self.name = f"center_numbers_{center.pk}"

    def get_context_data(self, parent_context):
        numbers = center_numbers(self.center, academic_year_of(timezone.localdate()))
        return {
            "panel_id": self.name.replace("_", "-"),
            "center": self.center,
            "numbers": numbers,
            "figure_lines": figure_lines(numbers),
        }
