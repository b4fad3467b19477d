"""A NUL byte in an address or a query string is never a real visitor's: PostgreSQL refuses it in any query, so one
that reaches a view's lookup would answer 500. This middleware refuses it first, in one place, with a 400 in the site's
language (the API's as JSON with a `message`, every other address with the host's 400.html).

A host site adds it to MIDDLEWARE (docs/installing.md); the add-on's views also refuse NUL themselves."""

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

NUL = "\x00"


def carries_nul(request):
    if NUL in request.path:
        return True
    return any(NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists())


def is_api_view(path):
    """Whether the address belongs to a REST framework view (Wagtail's API v2): it answers JSON."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return hasattr(match.func, "cls")


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            message = _("The address contains a NUL character; check the address.")
            if is_api_view(request.path_info.replace(NUL, "")):
                return JsonResponse({"message": message}, status=400)
            raise BadRequest(message)
        return self.get_response(request)
