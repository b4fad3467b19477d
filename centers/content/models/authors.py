"""The authors a page lists (of a material, of a practice): one set of fields, so the two lists cannot drift apart."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class PageAuthor(Orderable):
    """One author in a page's ordered list; a concrete model adds the `page` it belongs to."""

    name = models.CharField(_("surname, name and patronymic"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organization = models.CharField(_("organization"), max_length=500, blank=True)

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("organization")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name
