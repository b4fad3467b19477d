"""Reference data the department curates: host organizations and directions of activity."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Organization(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        KINDERGARTEN = "kindergarten", _("Kindergarten")
        ADDITIONAL = "additional", _("Additional education")

    full_name = models.CharField(_("full name"), max_length=500, unique=True)
    short_name = models.CharField(_("short name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SCHOOL)
    address = models.CharField(_("address"), max_length=300, blank=True)
    director = models.CharField(_("director"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    forgets_site_structure = True  # changed, the pages' kept fragments that name it are rendered again

    panels = [
        FieldPanel("full_name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("address"),
        FieldPanel("director"),
        FieldPanel("website"),
        FieldPanel("email"),
        FieldPanel("phone"),
    ]

    search_fields = [
        index.SearchField("full_name"),
        index.SearchField("short_name"),
        index.AutocompleteField("short_name"),
    ]

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.short_name


class Direction(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    forgets_site_structure = True  # changed, the pages' kept fragments that name it are rendered again

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("direction")
        verbose_name_plural = _("directions")

    def __str__(self):
        return self.name


class NamedReference(index.Indexed, models.Model):
    """A curated list entry with a stable slug for filters and an order the department sets."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    forgets_site_structure = True  # changed, the pages' kept fragments that name it are rendered again

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class EducationLevel(NamedReference):
    abbreviation = models.CharField(_("abbreviation"), max_length=10, blank=True)

    panels = [*NamedReference.panels, FieldPanel("abbreviation")]

    class Meta(NamedReference.Meta):
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")


class Subject(NamedReference):
    class Meta(NamedReference.Meta):
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")


class MaterialType(NamedReference):
    class Meta(NamedReference.Meta):
        verbose_name = _("material type")
        verbose_name_plural = _("material types")


class EventFormat(NamedReference):
    class Meta(NamedReference.Meta):
        verbose_name = _("event format")
        verbose_name_plural = _("event formats")
