"""The lifecycle's dashboard panel: what the expert council and the department have to act on."""

from wagtail.admin.ui.components import Component

from centers.lifecycle.closing import read_only_centers
from centers.lifecycle.models import Application
from centers.lifecycle.renewals import RENEWAL_DAYS, open_renewal, renewal_refusal
from centers.lifecycle.reviews import is_decider, is_expert
from centers.roles.provisioning import coordinator_centers

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


class CenterTermPanel(Component):
    """Coordinators: the renewal button in their term's last 60 days; a closed center's history, read only."""

    name = "centers_center_term"
    template_name = "centers/lifecycle/center_term_panel.html"
    order = 120

    def __init__(self, user):
        self.user = user

    def renewable(self):
        rows = []
        for center in coordinator_centers(self.user).filter(
            closed_early_on__isnull=True, term_end__isnull=False
        ):
            if not renewal_refusal(center):
                rows.append((center, None))
            elif (application := open_renewal(center)) is not None:
                rows.append((center, application))
        return rows

    def get_context_data(self, parent_context):
        return {"renewable": self.renewable(), "closed": read_only_centers(self.user), "days": RENEWAL_DAYS}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not (context["renewable"] or context["closed"]):
            return ""
        return super().render_html(parent_context)
