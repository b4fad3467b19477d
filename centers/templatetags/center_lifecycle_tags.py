"""On public pages: the notice of a center closed early (the center and every page below it), and the center
page's links to every section it has, its supported communities and its orders, in a fixed number of queries."""

from django import template
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from centers.common.kept import kept, kept_public_q
from centers.communities.models import CommunityPage
from centers.directory.models import CenterPage
from centers.lifecycle.models import ApprovalOrder
from centers.practices.models import PracticeIndexPage

register = template.Library()

# Child pages other capabilities add at these addresses (the plan, the report of the year, the FAQ).
SECTION_SLUGS = [("plan", _("Plan of work")), ("report", _("Report")), ("faq", _("Questions and answers"))]


def closed_centers():
    """{path: the notice's facts} of every center closed early: a handful, kept until a page changes."""
    closed = CenterPage.objects.filter(closed_early_on__isnull=False)
    return {
        center.path: {
            "closing_order_number": center.closing_order_number,
            "closing_order_date": center.closing_order_date,
            "closing_reason": center.closing_reason,
        }
        for center in closed.only("path", "closing_order_number", "closing_order_date", "closing_reason")
    }


def closed_center_above(page, request=None):
    """The notice's facts of the closed center `page` is or lies under, without a query once kept."""
    if isinstance(page, CenterPage):
        return page if page.closed_early_on else None
    closed = kept(request, "closed-centers", closed_centers)
    steplen = page.steplen
    for length in range(steplen, len(page.path), steplen):
        if page.path[:length] in closed:
            return closed[page.path[:length]]
    return None


@register.inclusion_tag("centers/lifecycle/includes/closing_notice.html", takes_context=True)
def center_closing_notice(context, page, below_center=False):
    """`below_center`: only on pages under a center (the center page shows the notice in its own place)."""
    if not isinstance(page, Page) or (below_center and isinstance(page, CenterPage)):
        return {"center": None}
    center = closed_center_above(page, context.get("request"))
    return {"center": center}


def section_links(center, request):
    """Plain links (kept between requests): practices, plan and report, supported communities, registered orders."""
    children = list(Page.objects.child_of(center).live().filter(kept_public_q(request)).order_by("path"))
    by_slug = {child.slug: child for child in children}
    links = [
        {"title": child.title, "url": child.get_url(request)}
        for child in children
        if child.specific_class is PracticeIndexPage
    ]
    links += [
        {"title": str(title), "url": by_slug[slug].get_url(request)}
        for slug, title in SECTION_SLUGS
        if slug in by_slug
    ]
    communities = CommunityPage.objects.live().filter(kept_public_q(request)).filter(centers=center)
    orders = ApprovalOrder.objects.filter(center=center).exclude(document="").order_by("date", "pk")
    return {
        "links": links,
        "communities": [
            {"title": community.title, "url": community.get_url(request)}
            for community in communities.order_by("title")
        ],
        "orders": [
            {
                "pk": order.pk,
                "number": order.number,
                "date": order.date,
                "kind": str(order.get_kind_display()),
            }
            for order in orders
        ],
    }


@register.inclusion_tag("centers/lifecycle/includes/center_section_links.html", takes_context=True)
def center_section_links(context, center):
    """Read once per center until a page or an order changes (centers.common.kept)."""
    request = context.get("request")
    links = kept(request, f"center-more-sections:{center.pk}", lambda: section_links(center, request))
    return {"request": request, **links}
