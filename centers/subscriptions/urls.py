"""The public addresses of subscriptions, included by centers/urls.py."""

from django.urls import path

from centers.subscriptions.views import (
    confirm_subscription_view,
    subscribe_view,
    subscription_sent_view,
    unsubscribe_view,
)

urlpatterns = [
    path("subscribe/", subscribe_view, name="centers_subscribe"),
    path("subscribe/sent/", subscription_sent_view, name="centers_subscription_sent"),
    path("subscribe/confirm/<str:token>/", confirm_subscription_view, name="centers_confirm_subscription"),
    path("subscribe/unsubscribe/<str:token>/", unsubscribe_view, name="centers_unsubscribe"),
]
