"""News and reports on a center's activity."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blocks.stream import body_blocks
from centers.common.api_fields import NameField
from centers.common.kept import kept_public_q
from centers.common.same_center import SameCenterChoicePanel, link_to_plan_item
from centers.content.listing import NEWS_FILTERS, listing_context, listing_query_parameters
from centers.content.models.center_content import CenterContentPage
from centers.directory.models.sections import CenterSectionPage


class NewsIndexPage(CenterSectionPage):
    template = "centers/content/news_index_page.html"
    subpage_types = ["centers.NewsPage"]
    section_slug = "news"
    section_title = _("News")
    cache_query_parameters = listing_query_parameters(NEWS_FILTERS)

    class Meta:
        verbose_name = _("news section")
        verbose_name_plural = _("news sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).live().filter(kept_public_q())
        # The years offered and the totals are kept until a page changes, not read on every request.
        context.update(listing_context(request, listed_news(news), NEWS_FILTERS, count_key=f"news:{self.pk}"))
        return context


def listed_news(queryset):
    """News with their center and illustration, in a constant number of queries, newest first."""
    return (
        queryset.select_related("center", "image")
        .prefetch_related("image__renditions")
        .order_by("-date", "-first_published_at", "-pk")
    )


class NewsPage(CenterContentPage):
    template = "centers/content/news_page.html"
    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(
        _("lead"), max_length=600, help_text=_("One or two sentences shown in lists and feeds.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("illustration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(body_blocks(), verbose_name=_("text"), blank=True)
    plan_item = link_to_plan_item("linked_news")

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
        SameCenterChoicePanel("plan_item"),
    ]

    api_fields = [APIField("date"), APIField("lead"), APIField("center", serializer=NameField("title"))]

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("center"),
        index.FilterField("date"),
    ]

    parent_page_types = ["centers.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        # Newest first (feeds, news lists): read in date order instead of sorting every news item of the site.
        indexes = [models.Index(fields=["date"], name="centers_news_date")]
