"""The organizers' certificate URLs, included as admin/certificates/… under the namespace centers_certificates."""

from django.urls import path

from centers.certificates import admin_views
from centers.common.admin_access import admin_urlpatterns

app_name = "centers_certificates"

urlpatterns = admin_urlpatterns(
    [
        path("meeting/<int:occurrence_id>.zip", admin_views.meeting_zip_view, name="meeting_zip"),
        path("<int:certificate_id>.pdf", admin_views.certificate_pdf_view, name="pdf"),
        path("<int:certificate_id>/reissue/", admin_views.reissue_view, name="reissue"),
    ]
)
