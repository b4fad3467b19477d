"""The lifecycle's dashboard panel: what the expert council and the department have to act on."""

from wagtail.admin.ui.components import Component

from centers.lifecycle.models import Application
from centers.lifecycle.reviews import is_decider, is_expert

Status = Application.Status


class ApplicationsPanel(Component):
    """Experts: applications awaiting their review; moderators: applications by state."""

    name = "centers_applications"
    template_name = "centers/lifecycle/applications_panel.html"
    order = 140

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        under_review = Application.objects.filter(status=Status.UNDER_REVIEW).select_related("organization")
        return {
            "awaiting": under_review.exclude(reviews__expert=self.user)[:10] if is_expert(self.user) else [],
            "submitted": Application.objects.filter(status=Status.SUBMITTED).count()
            if is_decider(self.user)
            else None,
            "under_review": under_review.count(),
        }
