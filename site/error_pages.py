"""Django answers a refused method (405) with an empty page, and a missing page under DEBUG with its English
debug page: visitors get the site's Russian ones instead."""

import os

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.defaults import page_not_found


class MethodNotAllowedPageMiddleware:
    """An empty 405 (Django's HttpResponseNotAllowed) gets the body of 405.html; its Allow header stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            response.content = render_to_string("405.html")
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class NotFoundPageUnderDebugMiddleware:
    """Under DEBUG (the demo, `make demo`) a page that does not exist shows the site's Russian 404, as production
    does, rather than Django's English debug page; PORTAL_DEBUG_404=1 brings the debug page back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404) or not settings.DEBUG or os.environ.get("PORTAL_DEBUG_404"):
            return None
        return page_not_found(request, exception)


def favicon(request):
    """/favicon.ico, which browsers ask for on their own: the site's SVG icon (the pages link it as well)."""
    return redirect(static("portal/favicon.svg"), permanent=True)
