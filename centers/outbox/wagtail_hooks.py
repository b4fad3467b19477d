"""The outbox in Wagtail's admin: the department's list of failed letters, in the menu for the department only."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from centers.outbox import admin_urls
from centers.outbox.admin_views import is_department


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("outbox/", include(admin_urls, namespace="centers_outbox"))]


class DepartmentMenuItem(MenuItem):
    def is_shown(self, request):
        return is_department(request.user)


@hooks.register("register_admin_menu_item")
def failed_letters_menu_item():
    return DepartmentMenuItem(
        _("Failed letters"), reverse("centers_outbox:failed_letters"), icon_name="mail", order=263
    )
