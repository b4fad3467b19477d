"""The lifecycle's dashboard panel: what the expert council and the department have to act on."""

from django.db.models import Count, Q
from django.template.loader import get_template
from wagtail.admin.ui.components import Component

from centers.lifecycle.closing import read_only_centers
from centers.lifecycle.models import Application
from centers.lifecycle.renewals import RENEWAL_DAYS, open_renewal, renewal_refusal
from centers.lifecycle.reviews import is_decider, is_expert
from centers.roles.provisioning import center_ids_granted, request_coordinator_centers

Status = Application.Status


class ApplicationsPanel(Component):
    """Experts: applications awaiting their review; moderators: applications by state."""

    name = "centers_applications"
    template_name = "centers/lifecycle/applications_panel.html"
    order = 140

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = {"awaiting": [], "submitted": None, "under_review": None}
        if is_decider(self.user):  # both counts in one query
            context.update(
                Application.objects.aggregate(
                    submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
                    under_review=Count("pk", filter=Q(status=Status.UNDER_REVIEW)),
                )
            )
        if is_expert(self.user):
            context["awaiting"] = list(
                Application.objects.filter(status=Status.UNDER_REVIEW)
                .exclude(reviews__expert=self.user)
                .select_related("organization")[:10]
            )
        return context


class CenterTermPanel(Component):
    """Coordinators: the renewal button in their term's last 60 days; a closed center's history, read only."""

    name = "centers_center_term"
    template_name = "centers/lifecycle/center_term_panel.html"
    order = 120

    def __init__(self, request):
        self.request = request
        self.user = request.user

    def renewable(self):
        rows = []
        for center in request_coordinator_centers(self.request):
            if center.closed_early_on is not None or center.term_end is None:
                continue
            if not renewal_refusal(center):
                rows.append((center, None))
            elif (application := open_renewal(center)) is not None:
                rows.append((center, application))
        return rows

    def closed(self):
        """A closed center's group keeps only "view" on its page: without one, no query."""
        if self.user.is_superuser or center_ids_granted(self.user, "view_page"):
            return list(read_only_centers(self.user))
        return []

    def get_context_data(self, parent_context):
        return {"renewable": self.renewable(), "closed": self.closed(), "days": RENEWAL_DAYS}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)  # once: Component.render_html would read it again
        if not (context["renewable"] or context["closed"]):
            return ""
        return get_template(self.template_name).render(context)
