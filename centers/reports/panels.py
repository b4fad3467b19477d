"""The coordinator's dashboard panel: their own center's figures for the current academic year, kept with what the
site shows (a publish renews them) and for five minutes at most (registrations and answers renew nothing)."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from centers.common.kept import kept
from centers.reports.lines import figure_lines
from centers.reports.numbers import academic_year_of, center_numbers

FIGURES_KEPT_SECONDS = 300


class CenterNumbersPanel(Component):
    template_name = "centers/reports/admin/center_numbers_panel.html"
    order = 155

    def __init__(self, center):
        self.center = center
        self.name = f"center_numbers_{center.pk}"

    def get_context_data(self, parent_context):
        year = academic_year_of(timezone.localdate())
        numbers, counted_at = kept(
            None,
            f"center-numbers:{self.center.pk}:{year}",
            lambda: (center_numbers(self.center, year), timezone.now()),
            seconds=FIGURES_KEPT_SECONDS,
        )
        return {
            "counted_at": counted_at,
            "panel_id": self.name.replace("_", "-"),
            "center": self.center,
            "numbers": numbers,
            "figure_lines": figure_lines(numbers),
        }
