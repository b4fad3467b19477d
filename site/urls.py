from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import accessibility, error_pages

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "favicon.ico", error_pages.favicon, name="favicon"
    ),  # asked for by every browser, whatever the page links
    path("accessibility/", accessibility.settings_page, name="accessibility"),
    path("accessibility/change/", accessibility.change, name="accessibility-change"),
    path("accessibility/style.css", accessibility.stylesheet, name="accessibility-style"),
    # The add-on's views, its API (api/v2/) and the sitemap (sitemap.xml): the one include a host site adds.
    path("", include("centers.host_urls")),
]

if settings.DEBUG:
    # The development server serves uploaded media, never the documents folder (portal.media_files).
    import re

    from django.urls import re_path

    from portal.media_files import serve_public_media

    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_public_media)
    ]

urlpatterns += [path("", include(wagtail_urls))]
