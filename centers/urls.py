"""Views of the add-on that are not pages (feeds, exports, token links); the host site includes these."""

from django.urls import include, path
from wagtail.api.v2.router import WagtailAPIRouter

from centers.certificates.views import verify_certificate_view
from centers.consultations.views import moved_consultation_form
from centers.content.feeds import MaterialsFeed, NewsFeed
from centers.events.api import EventMeetingsAPIViewSet
from centers.events.feedback_views import feedback_view
from centers.events.views import cancel_registration_view, confirm_registration_view
from centers.library.api import LibraryPagesAPIViewSet
from centers.library.views import search_autocomplete
from centers.lifecycle.order_documents import order_document_view
from centers.lifecycle.revisions import resubmission_view
from centers.records import views as records

urlpatterns = [
    # The consultation form now lives at <center>/consultation/ (a route of CenterPage); these addresses redirect.
    path("forms/consultation/<int:center_id>/", moved_consultation_form),
    path("forms/consultation/<int:center_id>/sent/", moved_consultation_form, {"sent": True}),
    path("registration/cancel/<str:token>/", cancel_registration_view, name="centers_cancel_registration"),
    path("registration/confirm/<str:token>/", confirm_registration_view, name="centers_confirm_registration"),
    path("certificates/<str:number>/", verify_certificate_view, name="centers_certificate"),
    path("feedback/<str:token>/", feedback_view, name="centers_feedback"),
    # A teacher's own record (centers.records): asked for by e-mail, opened by a signed link.
    path("my/", records.record_request_view, name="centers_record_request"),
    path("my/sent/", records.record_sent_view, name="centers_record_sent"),
    path("my/erased/", records.record_erased_view, name="centers_record_erased"),
    path("my/<str:token>/", records.record_view, name="centers_record"),
    path(
        "my/<str:token>/cancel/<int:registration_id>/",
        records.record_cancel_view,
        name="centers_record_cancel",
    ),
    path(
        "my/<str:token>/certificates/<str:number>/",
        records.record_certificate_view,
        name="centers_record_certificate",
    ),
    path("my/<str:token>/erase/", records.record_erase_view, name="centers_record_erase"),
    path("feeds/news/", NewsFeed(), name="centers_news_feed"),
    path("feeds/materials/", MaterialsFeed(), name="centers_materials_feed"),
    path("feeds/<str:center_slug>/news/", NewsFeed(), name="centers_center_news_feed"),
    path("feeds/<str:center_slug>/materials/", MaterialsFeed(), name="centers_center_materials_feed"),
    path("orders/<int:pk>/document/", order_document_view, name="centers_order_document"),
    path("applications/revise/<str:token>/", resubmission_view, name="centers_application_revision"),
    path("search/autocomplete/", search_autocomplete, name="centers_search_autocomplete"),
    path("", include("centers.subscriptions.urls")),
]

# Wagtail's read-only API v2 (pages of the library's types, meetings), mounted by the site at api/v2/.
api_router = WagtailAPIRouter("centers_api")
api_router.register_endpoint("pages", LibraryPagesAPIViewSet)
api_router.register_endpoint("events", EventMeetingsAPIViewSet)
