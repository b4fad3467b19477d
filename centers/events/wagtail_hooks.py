"""Events in Wagtail's admin: the organizers' participant pages and the buttons that lead to them."""

from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton

from centers.events import admin_urls
from centers.events.admin_views import can_manage_participants
from centers.events.models.events import EventPage


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("events/", include(admin_urls, namespace="centers_events"))]


def participants_button(page, user, priority):
    if page.specific_class is None or not issubclass(page.specific_class, EventPage):
        return None
    if can_manage_participants(user, page.specific_deferred):
        return ListingButton(
            _("Participants"),
            reverse("centers_events:participants", args=[page.pk]),
            icon_name="group",
            priority=priority,
        )
    return None


@hooks.register("register_page_listing_more_buttons")
def participants_listing_button(page, user, next_url=None):
    button = participants_button(page, user, 15)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def participants_header_button(page, user, view_name, next_url=None):
    button = participants_button(page, user, 25)
    if button:
        yield button
