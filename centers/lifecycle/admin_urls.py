"""The lifecycle's admin URLs, included under the namespace centers_lifecycle at the admin's root (paths unchanged)."""

from django.urls import path

from centers.common.admin_access import admin_urlpatterns
from centers.lifecycle import admin_center_views, admin_views

app_name = "centers_lifecycle"

urlpatterns = admin_urlpatterns(
    [
        path("applications/", admin_views.application_list, name="application_list"),
        path("applications/<int:pk>/", admin_views.application_detail, name="application_detail"),
        path("applications/<int:pk>/scan/", admin_views.application_scan, name="application_scan"),
        path("applications/<int:pk>/review/", admin_views.application_review, name="application_review"),
        path(
            "applications/<int:pk>/transition/",
            admin_views.application_transition,
            name="application_transition",
        ),
        path("applications/<int:pk>/approve/", admin_views.application_approve, name="application_approve"),
        path("applications/<int:pk>/reject/", admin_views.application_reject, name="application_reject"),
        path("applications/<int:pk>/report/", admin_views.application_report, name="application_report"),
        path(
            "applications/<int:pk>/return/", admin_center_views.application_return, name="application_return"
        ),
        path("centers/<int:page_pk>/order/", admin_views.center_order, name="center_order"),
        path("centers/<int:page_pk>/renewal/", admin_center_views.center_renewal, name="center_renewal"),
        path("centers/<int:page_pk>/closing/", admin_center_views.center_closing, name="center_closing"),
        path(
            "centers/<int:page_pk>/history/", admin_center_views.closed_center_history, name="center_history"
        ),
        path("department-report/", admin_views.department_report, name="department_report"),
    ]
)
