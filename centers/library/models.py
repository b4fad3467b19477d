"""The library page: one search over the page types registered with the library (see CentersConfig.ready)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from centers.common.references import ChoosableReferencesPageForm
from centers.directory.models.center import SECTION_PARENT_PAGE_TYPES
from centers.library.page_context import CRITERIA_PARAMETERS, library_context
from centers.library.registry import searchable_types


class LibraryPage(Page):
    base_form_class = ChoosableReferencesPageForm
    template = "centers/library/library_page.html"
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = SECTION_PARENT_PAGE_TYPES
    subpage_types = []
    max_count = 1
    # What a page cache keys it on (docs/caching.md): the words and the criteria (centers.library.page_context).
    cache_query_parameters = frozenset({"q", *CRITERIA_PARAMETERS})

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")

    @classmethod
    def shows_pages_of(cls):
        """It lists every page type it searches (centers.library.registry), wherever such a page is published: a
        page cache purges it with them (docs/caching.md)."""
        return tuple(searchable.model for searchable in searchable_types())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(library_context(request.GET))
        return context
