"""A sendfile backend for Wagtail's document view: Django checks access, nginx sends the file (X-Accel-Redirect).

Enabled in production by DOCUMENTS_VIA_NGINX=1; docs/nginx.conf has the matching internal location.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse


def sendfile(request, filename, **kwargs):
    relative = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    response = HttpResponse()
    response["X-Accel-Redirect"] = settings.SENDFILE_NGINX_LOCATION + quote(relative.as_posix())
    return response
