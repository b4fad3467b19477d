"""While the database is down (a restart, a failover), visitors get a clear 503 asking them to retry, not a 500.

Django closes the broken connection at the end of the request; with CONN_HEALTH_CHECKS the next request opens a new
one, so the site recovers by itself as soon as the database answers again.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable during %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(render_to_string("503.html", request=None), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
