"""A center's latest materials and news on its page, and the RSS links of pages inside a center."""

from django import template
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from centers.content.models import (
    ContentPage,
    MaterialIndexPage,
    MaterialPage,
    NewsIndexPage,
    NewsPage,
    ProjectPage,
)
from centers.content.models.materials import newest_materials
from centers.content.models.news import listed_news
from centers.directory.models import CenterPage
from centers.plans.models import PlanPage

register = template.Library()

CENTER_MATERIALS_LIMIT = 5
CENTER_NEWS_LIMIT = 3


@register.inclusion_tag("centers/content/includes/center_latest_materials.html", takes_context=True)
def center_latest_materials(context, center):
    materials = newest_materials(MaterialPage.objects.live().public().filter(center=center))
    return {
        "request": context.get("request"),
        "materials": materials[:CENTER_MATERIALS_LIMIT],
        "index": MaterialIndexPage.objects.child_of(center).live().first(),
    }


@register.inclusion_tag("centers/content/includes/center_latest_news.html", takes_context=True)
def center_latest_news(context, center):
    news = listed_news(NewsPage.objects.live().public().filter(center=center))
    return {
        "request": context.get("request"),
        "news": news[:CENTER_NEWS_LIMIT],
        "index": NewsIndexPage.objects.child_of(center).live().first(),
    }


@register.inclusion_tag("centers/content/includes/center_other_pages.html", takes_context=True)
def center_other_pages(context, center):
    pages = (
        Page.objects.child_of(center)
        .live()
        .public()
        .type(ProjectPage, ContentPage, PlanPage)
        .order_by("path")
    )
    return {"request": context.get("request"), "pages": pages}


@register.simple_tag
def center_feed_links(page):
    """<link rel="alternate"> to the RSS feeds of the center a page belongs to (the page itself if a center)."""
    center = page if isinstance(page, CenterPage) else getattr(page, "center", None)
    if center is None:
        parent = page.get_parent()
        center = parent.specific if parent and parent.specific_class is CenterPage else None
    if center is None:
        return ""
    links = [
        (_("News: %(center)s") % {"center": center.title}, "centers_center_news_feed"),
        (_("Materials: %(center)s") % {"center": center.title}, "centers_center_materials_feed"),
    ]
    return loader.render_to_string(
        "centers/content/includes/feed_links.html",
        {"links": [(title, reverse(name, args=[center.slug])) for title, name in links]},
    )
