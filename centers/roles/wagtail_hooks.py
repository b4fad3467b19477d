"""Roles in Wagtail's admin: the provisioning log action, pages created by hand equipped, dashboard panels per role."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from centers.common.references import choosable_pages
from centers.directory.department_fields import DEPARTMENT_PERMISSION
from centers.directory.models import CenterIndexPage, CenterPage
from centers.roles.panels import CenterWorkPanel, EndingTermsPanel
from centers.roles.provisioning import (
    MODERATORS_GROUP,
    assign_moderation,
    ensure_department_roles,
    equip_center,
    names_of,
    request_coordinator_centers,
)


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


def is_moderator(user):
    return user.is_superuser or user.groups.filter(name__in=names_of(MODERATORS_GROUP)).exists()


@hooks.register("construct_homepage_panels")
def add_role_panels(request, panels):
    if request.user.has_perm(DEPARTMENT_PERMISSION):  # the department's moderators: no query of its own
        panels.append(EndingTermsPanel())
    for center in request_coordinator_centers(request):
        panels.append(CenterWorkPanel(center))


@hooks.register("construct_page_chooser_queryset")
def offer_only_choosable_pages(pages, request):
    """The page chooser offers what the page forms accept: published public pages and the user's own."""
    if request.user.is_superuser:
        return pages
    return pages.filter(pk__in=choosable_pages(request.user).values("pk"))
