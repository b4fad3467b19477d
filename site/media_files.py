"""Under DEBUG the development server serves MEDIA_ROOT as nginx does in production, except what is never public:
documents go through /documents/<id>/<name>, which checks who may read them (a private collection, a restricted
page), as docs/nginx.conf's `location /media/documents/` does."""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# Wagtail's documents folder, and the add-on's former default for private files (centers.common.private_files).
NEVER_SERVED = ("documents", "private")


def serve_public_media(request, path):
    normalized = posixpath.normpath(path).lstrip("/")  # as django.views.static.serve reads it
    if normalized.split("/", 1)[0].lower() in NEVER_SERVED:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
