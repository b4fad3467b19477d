"""The outbox's admin URLs, included as admin/outbox/… under the namespace centers_outbox."""

from django.urls import path

from centers.common.admin_access import admin_urlpatterns
from centers.outbox import admin_views

app_name = "centers_outbox"

urlpatterns = admin_urlpatterns(
    [
        path("failed/", admin_views.failed_letters_view, name="failed_letters"),
        path("failed/<int:letter_id>/resend/", admin_views.resend_view, name="resend"),
    ]
)
