"""The pages of the public forms under a page (a registration, a consultation request): one context, never cached."""

from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers


def never_cached(response):
    """The form carries the visitor's CSRF token, the result their e-mail: neither is stored, here or in a browser."""
    add_never_cache_headers(response)
    return response


def form_page_context(page, subpage_title, **extra):
    """The page the form belongs to (for the breadcrumbs and the layout) and the form page's own title."""
    return {"page": page, "self": page, "subpage_title": subpage_title, **extra}


def form_page_response(request, page, template, subpage_title, *, status=200, **extra):
    """A form page or its result, for one visitor only: never kept by the page cache or the browser."""
    context = form_page_context(page, subpage_title, **extra)
    return never_cached(TemplateResponse(request, template, context, status=status))
