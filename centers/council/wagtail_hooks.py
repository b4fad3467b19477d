"""The council in Wagtail's admin: its URLs, the menu item for the department, its log actions."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from centers.council import admin_urls
from centers.council.recommendations import RecommendationViewSet
from centers.lifecycle.reviews import is_decider
from centers.lifecycle.wagtail_hooks import LifecycleMenuItem


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("", include(admin_urls, namespace="centers_council"))]


@hooks.register("register_admin_menu_item")
def council_menu_item():
    return LifecycleMenuItem(
        _("Council meetings"),
        reverse("centers_council:meeting_list"),
        icon_name="group",
        order=255,
        shown_to=is_decider,
    )


@hooks.register("register_log_actions")
def register_council_actions(actions):
    actions.register_action(
        "centers.council_decision", _("Council decision"), _("The expert council decided")
    )


@hooks.register("register_admin_viewset")
def register_recommendations():
    return RecommendationViewSet("implementation_recommendations")
