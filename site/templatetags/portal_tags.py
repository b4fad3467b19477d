from django import template
from wagtail.models import Site

from centers.common.kept import kept

register = template.Library()


def menu_items(site, request):
    """The live sections under the site's root that are in menus, as what the menu shows of them."""
    pages = site.root_page.get_children().live().in_menu()
    return [{"title": page.title, "url": page.get_url(request), "path": page.path} for page in pages]


@register.inclusion_tag("portal/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The main menu, read once per generation of the site's structure (portal.site_structure)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = kept(request, f"menu:{site.pk}", lambda: menu_items(site, request)) if site else []
    current = context.get("page")
    path = current.path if current else ""
    return {"items": [{**item, "current": current_of(item["path"], path)} for item in items]}


def current_of(item_path, page_path):
    """aria-current of a menu item: "page" on its own page, "true" anywhere in its section, else None."""
    if page_path == item_path:
        return "page"
    return "true" if page_path.startswith(item_path) else None


def trail(page, inclusive, request):
    """The live ancestors below the site's root (and with `inclusive` the page itself), as the trail shows them."""
    ancestors = page.get_ancestors(inclusive=inclusive).filter(depth__gte=2).live()
    return [
        {"title": ancestor.title, "url": ancestor.get_url(request), "is_home": ancestor.depth == 2}
        for ancestor in ancestors
    ]


@register.inclusion_tag("portal/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail to the page; on a page's own sub-page (a form, `subpage_title`) the page itself is a step too.
    Read once per page and generation of the site's structure."""
    page = context.get("page")
    subpage_title = context.get("subpage_title")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "page": page}
    request = context.get("request")
    inclusive = bool(subpage_title)
    ancestors = kept(request, f"trail:{page.pk}:{inclusive}", lambda: trail(page, inclusive, request))
    return {"ancestors": ancestors, "current": subpage_title or page.title}
