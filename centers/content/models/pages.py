"""Free pages of a center: its regulation, plan of work for the academic year, annual report."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blocks.stream import body_blocks
from centers.content.models.center_content import CenterContentPage
from centers.library.models import LibraryPage
from centers.library.saved_queries import SavedQueryBlock


class ContentPage(CenterContentPage):
    template = "centers/content/content_page.html"
    lead = models.TextField(_("lead"), max_length=600, blank=True)
    # A free page may also list pages by stored criteria, e.g. a center's own materials for one level.
    body = StreamField(
        [*body_blocks(), ("saved_query", SavedQueryBlock())], verbose_name=_("text"), blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("center"),
    ]

    parent_page_types = ["centers.CenterPage", "centers.ContentPage"]
    subpage_types = ["centers.ContentPage"]

    @classmethod
    def shows_pages_of(cls):
        """For a page cache (docs/caching.md): a saved query lists what the library finds, from any center."""
        return LibraryPage.shows_pages_of()

    @classmethod
    def listing_pages(cls, pages):
        """Of its live pages, those that list others: the ones with a saved query."""
        return pages.filter(body__icontains='"saved_query"')

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
