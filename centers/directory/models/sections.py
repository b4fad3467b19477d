"""The base of a center's section indexes (materials, news, events, practices, questions and answers)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from centers.common.references import ChoosableReferencesPageForm


class CenterSectionPage(Page):
    """One per center, directly under it, with an introduction; provisioning creates it (centers.roles)."""

    base_form_class = ChoosableReferencesPageForm
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["centers.CenterPage"]
    max_count_per_parent = 1
    # The slug and title a provisioned center's section gets; the title is translated into the site's language.
    section_slug = None
    section_title = None

    class Meta:
        abstract = True
