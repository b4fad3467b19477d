"""Views of the add-on that are not pages (feeds, exports, token links); the host site includes these."""

from django.urls import path

from .registration import cancel_registration_view

urlpatterns = [
    path("registration/cancel/<str:token>/", cancel_registration_view, name="centers_cancel_registration"),
]
