"""The library: one search over published materials, practices, events and news of every center."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from centers.content.models.materials import MaterialPage
from centers.content.models.news import NewsPage
from centers.directory.models.center import SECTION_PARENT_PAGE_TYPES, CenterPage
from centers.events.models.events import EventPage
from centers.library.page_context import library_context
from centers.library.registry import register_searchable
from centers.practices.models import PracticePage

# The page types the library searches: each joins with one line (facet lookups on the type).
register_searchable(
    MaterialPage, "material", _("Material"), center="center", subject="subjects", level="levels", year="year"
)
register_searchable(
    PracticePage, "practice", _("Practice"), center="center", subject="subjects", level="levels"
)
register_searchable(
    EventPage,
    "event",
    _("Event"),
    center="host_center",
    subject="subjects",
    level="levels",
    date="start",
    upcoming="start",
)
register_searchable(NewsPage, "news", _("News"), center="center", date="date")
register_searchable(CenterPage, "center", _("Resource center"), center="page_ptr", direction="direction")


class LibraryPage(Page):
    template = "centers/library/library_page.html"
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = SECTION_PARENT_PAGE_TYPES
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(library_context(request.GET))
        return context
