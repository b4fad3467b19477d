"""The reports' admin URLs, included under the namespace centers_reports."""

from django.urls import path

from centers.common.admin_access import admin_urlpatterns
from centers.reports import admin_views

app_name = "centers_reports"

urlpatterns = admin_urlpatterns(
    [
        path("reports/centers/<int:page_pk>/", admin_views.center_report, name="center_report"),
        path("reports/coverage/", admin_views.coverage_view, name="coverage"),
        path("reports/organization-names/", admin_views.unmatched_names_view, name="unmatched_names"),
    ]
)
