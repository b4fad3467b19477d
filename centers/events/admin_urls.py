"""The organizers' admin URLs of an event, included as admin/events/… under the namespace centers_events."""

from django.urls import path

from centers.common.admin_access import admin_urlpatterns
from centers.events import admin_views

app_name = "centers_events"

urlpatterns = admin_urlpatterns(
    [
        path("<int:page_id>/participants/", admin_views.participants_view, name="participants"),
        path("<int:page_id>/participants.csv", admin_views.export_csv_view, name="participants_csv"),
        path("<int:page_id>/participants.xlsx", admin_views.export_xlsx_view, name="participants_xlsx"),
    ]
)
