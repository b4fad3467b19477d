"""Admin and page-serving hooks of the municipal site."""

from wagtail import hooks

from .page_cache import request_may_use_cache, response_may_be_cached, serve_with_declared_parameters

hooks.register("is_request_cacheable", request_may_use_cache)
hooks.register("is_response_cacheable", response_may_be_cached)
hooks.register("before_serve_page", serve_with_declared_parameters)
