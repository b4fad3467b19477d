"""Admin side of the roles: the audit log's provisioning action, dashboard panels per role, workflow on directories."""

import datetime

from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState, get_default_page_content_type

from centers.directory.models import CenterIndexPage, CenterPage
from centers.roles.provisioning import (
    MODERATORS_GROUP,
    assign_moderation,
    coordinator_centers,
    ensure_department_roles,
    equip_center,
)

__all__ = []

PANEL_ROWS = 10
TERM_WARNING_DAYS = 60


@hooks.register("register_log_actions")
def register_provisioning_action(actions):
    actions.register_action("centers.provision_center", _("Provision center"), _("Center provisioned"))


@hooks.register("after_create_page")
def provision_pages_created_by_hand(request, page):
    """A directory or a center created in the admin gets the same moderation, group and collection as provisioning."""
    page = page.specific
    if isinstance(page, CenterIndexPage):
        assign_moderation(page)
    elif isinstance(page, CenterPage):
        ensure_department_roles()
        equip_center(page, request.user)


def workflow_states_under(page):
    """Active workflow states of the pages in `page`'s subtree (object_id is text: cast, as Wagtail does)."""
    return (
        WorkflowState.objects.active()
        .filter(base_content_type_id=get_default_page_content_type().id)
        .filter(
            Exists(
                Page.objects.descendant_of(page, inclusive=True).filter(
                    id=Cast(OuterRef("object_id"), output_field=IntegerField())
                )
            )
        )
        .select_related("current_task_state", "requested_by")
        .order_by("-created_at")
    )


class CenterWorkPanel(Component):
    """A coordinator's view of one center: drafts, pages awaiting moderation, pages sent back with comments."""

    template_name = "centers/roles/center_work_panel.html"
    order = 150

    def __init__(self, center):
        self.center = center
        self.name = f"center_work_{center.pk}"

    def get_context_data(self, parent_context):
        states = list(workflow_states_under(self.center)[: PANEL_ROWS * 2])
        pages = Page.objects.in_bulk([int(state.object_id) for state in states])
        in_workflow = set(pages)
        pending, sent_back = [], []
        for state in states:
            page = pages.get(int(state.object_id))
            if page is None:
                continue
            if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                sent_back.append((page, state.current_task_state.comment))
            else:
                pending.append(page)
        drafts = (
            Page.objects.descendant_of(self.center, inclusive=True)
            .filter(has_unpublished_changes=True)
            .exclude(pk__in=in_workflow)
            .order_by("-latest_revision_created_at")[:PANEL_ROWS]
        )
        return {
            "panel_id": self.name.replace("_", "-"),
            "center": self.center,
            "drafts": drafts,
            "pending": pending[:PANEL_ROWS],
            "sent_back": sent_back[:PANEL_ROWS],
        }


class EndingTermsPanel(Component):
    """For the department: centers whose approval term ends soon, so a new order can be prepared in time."""

    name = "centers_ending_terms"
    template_name = "centers/roles/ending_terms_panel.html"
    order = 160

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        centers = (
            CenterPage.objects.filter(
                term_end__gte=today, term_end__lte=today + datetime.timedelta(days=TERM_WARNING_DAYS)
            )
            .select_related("organization")
            .order_by("term_end")
        )
        return {"centers": centers, "days": TERM_WARNING_DAYS}


def is_moderator(user):
    return user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()


@hooks.register("construct_homepage_panels")
def add_role_panels(request, panels):
    user = request.user
    if is_moderator(user):
        panels.append(EndingTermsPanel())
    for center in coordinator_centers(user).order_by("title"):
        panels.append(CenterWorkPanel(center))
