"""Consultation requests in Wagtail's admin: their viewset and the dashboard panel of whoever handles them."""

from wagtail import hooks

from centers.consultations.admin_views import ConsultationRequestViewSet
from centers.consultations.models import ConsultationRequest
from centers.consultations.panels import NewConsultationRequestsPanel
from centers.consultations.permissions import HANDLING_ACTIONS, permission_policy


@hooks.register("register_admin_viewset")
def register_consultation_requests():
    return ConsultationRequestViewSet("consultation_requests")


@hooks.register("construct_homepage_panels")
def add_new_requests_panel(request, panels):
    if permission_policy.user_has_permission(request.user, "change"):
        new = permission_policy.instances_user_has_any_permission_for(request.user, HANDLING_ACTIONS).filter(
            status=ConsultationRequest.Status.NEW
        )
        panels.append(NewConsultationRequestsPanel(new))
