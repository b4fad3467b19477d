"""Content-Security-Policy per area: the strict site policy everywhere, relaxed only where the Wagtail admin needs it."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from django.conf import settings

# The admin (and the previews it frames) runs inline scripts and styles, shows uploaded images as blob: URLs
# before saving, and frames its own previews.
ADMIN_POLICY_ADDITIONS = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
ADMIN_POLICY_REPLACEMENTS = {"frame-ancestors": ["'self'"]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with the admin's relaxation applied by URL prefix (settings.CSP_RELAXED_URL_PREFIXES)."""

    def process_response(self, request, response):
        """A page from the cache already carries its policy, and django-csp never replaces one: skip building it."""
        if HEADER in response and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefixes = tuple(getattr(settings, "CSP_RELAXED_URL_PREFIXES", ()))
        if prefixes and request.path_info.startswith(prefixes):
            parts.update = {**ADMIN_POLICY_ADDITIONS, **(parts.update or {})}
            parts.replace = {**ADMIN_POLICY_REPLACEMENTS, **(parts.replace or {})}
        return parts
