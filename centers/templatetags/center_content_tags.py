"""A center's latest materials and news on its page, and the RSS links of pages inside a center."""

from django import template
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from centers.common.kept import kept, kept_public_q
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

register = template.Library()

CENTER_MATERIALS_LIMIT = 5
CENTER_NEWS_LIMIT = 3


def section_links(center, request):
    """The center's materials and news sections and its other pages (projects, documents), as links."""
    children = Page.objects.child_of(center).live().filter(kept_public_q()).order_by("path")
    links = {"materials": None, "news": None, "other": []}
    for child in children:
        model = child.specific_class
        link = {"title": child.title, "url": child.get_url(request)}
        if model is not None and issubclass(model, MaterialIndexPage) and links["materials"] is None:
            links["materials"] = link
        elif model is not None and issubclass(model, NewsIndexPage) and links["news"] is None:
            links["news"] = link
        elif model is not None and issubclass(model, ProjectPage | ContentPage):
            links["other"].append(link)
    return links


def kept_section_links(context, center):
    """Read once per center until a page changes (centers.common.kept)."""
    request = context.get("request")
    return kept(request, f"center-sections:{center.pk}", lambda: section_links(center, request))


@register.inclusion_tag("centers/content/includes/center_latest_materials.html", takes_context=True)
def center_latest_materials(context, center):
    materials = newest_materials(MaterialPage.objects.live().filter(kept_public_q()).filter(center=center))
    return {
        "request": context.get("request"),
        "materials": materials[:CENTER_MATERIALS_LIMIT],
        "index": kept_section_links(context, center)["materials"],
    }


@register.inclusion_tag("centers/content/includes/center_latest_news.html", takes_context=True)
def center_latest_news(context, center):
    news = listed_news(NewsPage.objects.live().filter(kept_public_q()).filter(center=center))
    return {
        "request": context.get("request"),
        "news": news[:CENTER_NEWS_LIMIT],
        "index": kept_section_links(context, center)["news"],
    }


@register.inclusion_tag("centers/content/includes/center_other_pages.html", takes_context=True)
def center_other_pages(context, center):
    return {"request": context.get("request"), "pages": kept_section_links(context, center)["other"]}


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
