"""Django answers a refused method (405) with an empty page: visitors get the site's Russian one instead."""

from django.template.loader import render_to_string


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
