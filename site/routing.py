"""Routing a request below the site's root in two queries, whatever the page's depth.

Wagtail's `Page.route` reads each page of the path, then its specific page, level by level (a material six levels deep
costs ten queries before it renders). Here every page whose `url_path` is a prefix of the requested path comes in one
query; the walk down then follows Wagtail's own rules: a routable page whose sub-routes match the rest of the path
serves it (as `RoutablePageMixin.route` does before looking at children), a page type with a `route` of its own
routes the rest itself, and the deepest page is read as its specific page (with the relations its type lists in
`serve_select_related`, which every render of it reads) and routed like Wagtail would.
"""

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

ROUTABLE_ROUTE = RoutablePageMixin.route
PLAIN_ROUTE = Page.route


def routes_itself(page, remaining):
    """Whether `page` (a plain Page row) must route `remaining` itself instead of handing it to a child."""
    route = getattr(page.specific_class, "route", PLAIN_ROUTE)
    if route is PLAIN_ROUTE:
        return False
    if route is ROUTABLE_ROUTE:
        if not page.live:
            return False
        try:
            page.specific_class.resolve_subpage(page, "/" + "/".join(remaining) + "/")
        except Exception:
            return False
        return True
    return True


def route_below(root, request, components):
    """Wagtail's `root.route(request, components)` for a root whose own type routes like `Page`."""
    prefixes = [root.url_path + "/".join(components[:depth]) + "/" for depth in range(1, len(components) + 1)]
    found = {
        page.url_path: page for page in Page.objects.filter(url_path__in=prefixes, path__startswith=root.path)
    }
    parent = root
    for depth, prefix in enumerate(prefixes):
        page = found.get(prefix)
        remaining = components[depth:]
        if page is None or page.depth != parent.depth + 1 or not page.path.startswith(parent.path):
            return hand_over(parent, request, remaining, root)
        if parent is not root and routes_itself(parent, remaining):
            return hand_over(parent, request, remaining, root)
        page._cached_parent_obj = parent
        parent = page
    return hand_over(parent, request, [], root)


def hand_over(page, request, remaining, root):
    """The rest of the route is the page's own: its specific page routes it (a child lookup, a sub-route, or itself)."""
    if page is root:
        return PLAIN_ROUTE(root, request, remaining)
    specific = specific_for_serving(page)
    if hasattr(page, "_cached_parent_obj"):
        specific._cached_parent_obj = page._cached_parent_obj
    return specific.route(request, remaining)


def specific_for_serving(page):
    """The specific page, with the relations its type names in `serve_select_related` read in the same query."""
    model = page.specific_class
    related = getattr(model, "serve_select_related", ())
    if model is None or not related:
        return page.specific
    return model._default_manager.select_related(*related).get(pk=page.pk)
