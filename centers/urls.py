"""Views of the add-on that are not pages (feeds, exports, token links); the host site includes these."""

from django.urls import path

from .consultations import consultation_request_view, consultation_sent_view

urlpatterns = [
    path("forms/consultation/<int:center_id>/", consultation_request_view, name="centers_consultation"),
    path(
        "forms/consultation/<int:center_id>/sent/", consultation_sent_view, name="centers_consultation_sent"
    ),
]
