"""Views of the add-on that are not pages (feeds, exports, token links); the host site includes these."""

from django.urls import path

from .consultations import consultation_request_view, consultation_sent_view
from .registration import cancel_registration_view

urlpatterns = [
    path("forms/consultation/<int:center_id>/", consultation_request_view, name="centers_consultation"),
    path("forms/consultation/<int:center_id>/sent/", consultation_sent_view, name="centers_consultation_sent"),
    path("registration/cancel/<str:token>/", cancel_registration_view, name="centers_cancel_registration"),
]
