from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("portal/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = (
        site.root_page.get_children().live().in_menu().specific(defer=True) if site else Page.objects.none()
    )
    current = context.get("page")
    return {"items": items, "current_path": current.path if current else ""}


@register.inclusion_tag("portal/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail to the page; on a page's own sub-page (a form, `subpage_title`) the page itself is a step too."""
    page = context.get("page")
    subpage_title = context.get("subpage_title")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "page": page}
    ancestors = page.get_ancestors(inclusive=bool(subpage_title)).filter(depth__gte=2).live()
    return {"ancestors": ancestors, "current": subpage_title or page.title}
