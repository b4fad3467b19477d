"""Subscriptions in Wagtail's admin: the department's list of subscribers."""

from wagtail import hooks

from centers.subscriptions.admin_views import SubscriptionViewSet


@hooks.register("register_admin_viewset")
def register_subscribers():
    return SubscriptionViewSet("subscribers")
