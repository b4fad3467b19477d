"""The municipal front page."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from centers.models import CenterPage, MaterialPage
from centers.models.center import active_on
from centers.models.materials import listed_materials

HOME_CENTERS_LIMIT = 12
HOME_MATERIALS_LIMIT = 6


class HomePage(Page):
    lead = models.CharField(_("lead"), max_length=300, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def active_centers(self):
        return (
            CenterPage.objects.live()
            .descendant_of(self)
            .filter(active_on(timezone.localdate()))
            .select_related("organization", "direction", "logo")
            .prefetch_related("logo__renditions")
            .order_by("-first_published_at")[:HOME_CENTERS_LIMIT]
        )

    def latest_materials(self):
        """The newest materials of all centers of this site."""
        return listed_materials(MaterialPage.objects.live().public().descendant_of(self))[
            :HOME_MATERIALS_LIMIT
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["active_centers"] = self.active_centers()
        context["latest_materials"] = self.latest_materials()
        return context
