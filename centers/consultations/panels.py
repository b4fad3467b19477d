"""The consultations' dashboard panel: the newest unanswered requests of the centers the user handles."""

from wagtail.admin.ui.components import Component

PANEL_ROWS = 5


class NewConsultationRequestsPanel(Component):
    """On the dashboard of whoever handles requests: the newest unanswered ones of their centers."""

    name = "new_consultation_requests"
    template_name = "centers/consultations/consultation_requests_panel.html"
    order = 155

    def __init__(self, requests):
        self.requests = requests

    def get_context_data(self, parent_context):
        return {
            "requests": list(self.requests.select_related("center")[:PANEL_ROWS]),
            "total": self.requests.count(),
        }
