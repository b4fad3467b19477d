"""The municipal front page and the site's identity settings."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from centers.common.kept import kept, kept_public_q
from centers.common.references import ChoosableReferencesPageForm
from centers.content.models.materials import newest_materials
from centers.directory.models.center import active_on
from centers.events.cards import upcoming_occurrences
from centers.library.saved_queries import SavedQueryBlock
from centers.models import CenterPage, MaterialPage

from .routing import route_below

HOME_CENTERS_LIMIT = 12
HOME_EVENTS_LIMIT = 5
HOME_MATERIALS_LIMIT = 6
MIN_CONTRAST_WITH_WHITE = 4.5


def contrast_with_white(hex_colour):
    """WCAG 2.1 contrast ratio of white text on the colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def validate_brand_colour(value):
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value or ""):
        raise ValidationError(_("Enter a colour as #RRGGBB, for example #0b4f8a."))
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST_WITH_WHITE:
        raise ValidationError(
            _("White text on this colour has a contrast of %(ratio).1f:1; at least 4.5:1 is needed."),
            params={"ratio": ratio},
        )


class HomePage(Page):
    base_form_class = ChoosableReferencesPageForm
    lead = models.CharField(_("lead"), max_length=300, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    collections = StreamField(
        [("saved_query", SavedQueryBlock())],
        verbose_name=_("collections"),
        blank=True,
        help_text=_("Lists of published pages chosen by criteria, shown under the introduction."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("intro"),
        FieldPanel("collections"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        """Every page of the site in two queries, whatever its depth (portal.routing)."""
        if not path_components:
            return super().route(request, path_components)
        return route_below(self, request, path_components)

    def active_centers(self):
        return (
            CenterPage.objects.live()
            .descendant_of(self)
            .filter(active_on(timezone.localdate()))
            .select_related("organization", "direction", "logo")
            .prefetch_related("logo__renditions")
            # PostgreSQL sorts NULLs first in descending order; pages never published via a revision go last.
            .order_by(F("first_published_at").desc(nulls_last=True))[:HOME_CENTERS_LIMIT]
        )

    def latest_materials(self):
        """The newest materials of all centers of this site."""
        return newest_materials(MaterialPage.objects.live().filter(kept_public_q()).descendant_of(self))[
            :HOME_MATERIALS_LIMIT
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["active_centers"] = self.active_centers()
        context["upcoming_meetings"] = upcoming_occurrences()[:HOME_EVENTS_LIMIT]
        context["latest_materials"] = self.latest_materials()
        return context


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """The municipality's name, logo and colour, editable by the department without a deploy."""

    forgets_site_structure = True  # saved, it renews what every page kept (portal.site_structure)

    owner_name = models.CharField(
        _("owner"),
        max_length=200,
        default="Департамент образования и молодёжной политики администрации г. Нефтеюганска",
    )
    site_name = models.CharField(_("site name"), max_length=100, default="Ресурсные центры")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#0b4f8a",
        validators=[validate_brand_colour],
        help_text=_("Header background; white text on it must have a contrast of at least 4.5:1."),
    )
    footer_contacts = models.TextField(_("footer contacts"), blank=True)

    panels = [
        FieldPanel("owner_name"),
        FieldPanel("site_name"),
        FieldPanel("logo"),
        FieldPanel("brand_colour"),
        FieldPanel("footer_contacts"),
    ]

    class Meta:
        verbose_name = _("site identity")

    @classmethod
    def for_request(cls, request):
        """Read once per generation of the site's structure, with the logo and its renditions, for every page."""
        attribute = cls.get_cache_attr_name()
        if not hasattr(request, attribute):
            site = Site.find_for_request(request)
            identity = kept(request, f"identity:{site.pk if site else None}", lambda: cls.for_site(site))
            identity._request = request
            setattr(request, attribute, identity)
        return getattr(request, attribute)

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().select_related("logo").prefetch_related("logo__renditions")
