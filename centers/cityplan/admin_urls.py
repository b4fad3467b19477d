"""The coordinators' admin URLs of co-organizing and clashes, included as admin/city-plan/… (centers_cityplan)."""

from django.urls import path

from centers.cityplan import admin_views
from centers.common.admin_access import admin_urlpatterns

app_name = "centers_cityplan"

urlpatterns = admin_urlpatterns(
    [
        path("invitations/", admin_views.invitations_view, name="invitations"),
        path("invitations/<int:pk>/answer/", admin_views.answer_view, name="answer"),
        path("invitations/<int:pk>/withdraw/", admin_views.withdraw_view, name="withdraw"),
        path("events/<int:page_id>/invite/", admin_views.invite_view, name="invite"),
        path("clashes/", admin_views.clash_check_view, name="clash_check"),
    ]
)
