"""Everything a host site mounts for the add-on, in one include before Wagtail's catch-all.

    path("", include("centers.host_urls")),

gives the add-on's own views (centers.urls: feeds, token links, the teacher's record, autocomplete...), Wagtail's
read-only API v2 of the library's pages and of meetings at api/v2/, and the sitemap of the site's pages at
sitemap.xml. It needs "wagtail.api.v2", "rest_framework", "wagtail.contrib.sitemaps" and "django.contrib.sitemaps"
in INSTALLED_APPS (docs/installing.md).
"""

from django.urls import include, path
from wagtail.contrib.sitemaps.views import sitemap

from centers.urls import api_router

urlpatterns = [
    path("sitemap.xml", sitemap, name="centers_sitemap"),
    path("api/v2/", api_router.urls),
    path("", include("centers.urls")),
]
