"""The one access check every admin view of the add-on goes through: a refusal is a plain 403, not a redirect.

Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message; the add-on's own admin
views answer 403 instead, so that a refused expert, coordinator or moderator sees that the page exists and is
closed to them, and scripts and tests get a status they can check.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.views.defaults import permission_denied
from wagtail.utils.urlpatterns import decorate_urlpatterns


class AccessDenied(PermissionDenied):
    """A refusal that explains itself: its message is the whole body of the 403, as plain text."""


def forbidden_is_403(view):
    """Wraps one admin view so that PermissionDenied raised inside it answers 403 rather than Wagtail's redirect."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AccessDenied as error:
            return HttpResponseForbidden(str(error), content_type="text/plain; charset=utf-8")
        except PermissionDenied as error:
            return permission_denied(request, error)

    return wrapper


def admin_urlpatterns(urlpatterns):
    """A capability's admin urlpatterns with every view behind forbidden_is_403, so that none can be left out."""
    return decorate_urlpatterns(urlpatterns, forbidden_is_403)
