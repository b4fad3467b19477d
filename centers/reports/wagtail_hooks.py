"""The reports in Wagtail's admin: URLs, the department's menu items, the coordinators' dashboard panel."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from centers.reports import admin_urls
from centers.reports.access import is_department
from centers.reports.panels import CenterNumbersPanel
from centers.roles.provisioning import request_coordinator_centers


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("", include(admin_urls, namespace="centers_reports"))]


class DepartmentMenuItem(MenuItem):
    def is_shown(self, request):
        return is_department(request.user)


@hooks.register("register_admin_menu_item")
def coverage_menu_item():
    return DepartmentMenuItem(
        _("Coverage of schools"), reverse("centers_reports:coverage"), icon_name="site", order=261
    )


@hooks.register("register_admin_menu_item")
def unmatched_names_menu_item():
    return DepartmentMenuItem(
        _("Organization names"), reverse("centers_reports:unmatched_names"), icon_name="list-ul", order=262
    )


@hooks.register("construct_homepage_panels")
def add_center_numbers_panels(request, panels):
    """Each coordinator sees the numbers of the centers they coordinate, and no other's."""
    for center in request_coordinator_centers(request):
        panels.append(CenterNumbersPanel(center))
