"""The council's admin URLs, namespaced centers_council, every view behind forbidden_is_403."""

from django.urls import path

from centers.common.admin_access import admin_urlpatterns
from centers.council import admin_views

app_name = "centers_council"

urlpatterns = admin_urlpatterns(
    [
        path("council/", admin_views.meeting_list, name="meeting_list"),
        path("council/<int:pk>/", admin_views.meeting_detail, name="meeting_detail"),
        path("council/<int:pk>/agenda/", admin_views.meeting_agenda, name="meeting_agenda"),
        path(
            "council/<int:pk>/decisions/<int:item_pk>/", admin_views.meeting_decision, name="meeting_decision"
        ),
        path("council/<int:pk>/protocol/", admin_views.meeting_protocol, name="meeting_protocol"),
    ]
)
