"""The lifecycle in Wagtail's admin: its URLs, menu items, the orders button of a center, the panel, log actions."""

from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from centers.common.admin_display import YesNoColumn
from centers.directory.models import CenterPage
from centers.lifecycle import admin_urls
from centers.lifecycle.models import ReviewCriterion
from centers.lifecycle.panels import ApplicationsPanel, CenterTermPanel
from centers.lifecycle.reviews import is_decider, is_expert


@hooks.register("register_log_actions")
def register_lifecycle_actions(actions):
    actions.register_action("centers.register_order", _("Register order"), _("Approval order registered"))
    actions.register_action("centers.term_ended", _("Term ended"), _("The center's term has ended"))
    actions.register_action(
        "centers.close_early", _("Close early"), _("The center was closed early by order")
    )


class ReviewCriterionViewSet(SnippetViewSet):
    model = ReviewCriterion
    icon = "tasks"
    menu_label = _("Review criteria")
    list_display = ["name", "max_score", "sort_order", YesNoColumn("active", label=capfirst(_("in use")))]
    add_to_admin_menu = True
    menu_order = 270


register_snippet(ReviewCriterionViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("", include(admin_urls, namespace="centers_lifecycle"))]


class LifecycleMenuItem(MenuItem):
    def __init__(self, *args, shown_to, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)


@hooks.register("register_admin_menu_item")
def applications_menu_item():
    return LifecycleMenuItem(
        _("Applications"),
        reverse("centers_lifecycle:application_list"),
        icon_name="form",
        order=250,
        shown_to=lambda user: is_expert(user) or is_decider(user),
    )


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return LifecycleMenuItem(
        _("Department report"),
        reverse("centers_lifecycle:department_report"),
        icon_name="table",
        order=260,
        shown_to=is_decider,
    )


class CenterOrdersButton(PageMenuItem):
    label = _("Orders and term")
    icon_name = "doc-full"

    def is_shown(self, user):
        return is_decider(user)


@hooks.register("register_page_header_buttons")
def center_orders_button(page, user, view_name, next_url=None):
    """On a center's admin pages: the department's way to its orders and to register a new one."""
    if page.specific_class is CenterPage:
        yield CenterOrdersButton(
            url=reverse("centers_lifecycle:center_order", args=[page.pk]), page=page, priority=68
        )


@hooks.register("construct_homepage_panels")
def add_applications_panel(request, panels):
    if is_expert(request.user) or is_decider(request.user):
        panels.append(ApplicationsPanel(request.user))


@hooks.register("construct_homepage_panels")
def add_center_term_panel(request, panels):
    panels.append(CenterTermPanel(request))
