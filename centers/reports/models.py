"""The center's yearly report page with the coordinator's conclusions, and the department's name-to-organization map."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from centers.common.references import ChoosableReferencesPageForm


class ReportPage(RoutablePageMixin, Page):
    """`<center>/report/`: the year's figures assembled from the site; only the conclusions are written by hand."""

    base_form_class = ChoosableReferencesPageForm
    template = "centers/reports/report_page.html"

    content_panels = [
        *Page.content_panels,
        InlinePanel("conclusions", label=_("Coordinator's conclusions"), min_num=0),
    ]

    parent_page_types = ["centers.CenterPage"]
    subpage_types = []
    max_count_per_parent = 1
    # The section a provisioned center gets; its title is translated into the site's language.
    section_slug = "report"
    section_title = _("Activity report")
    # For a page cache (docs/caching.md): whatever is published under its center counts in it; `?year=` picks the
    # academic year.
    shows_pages_below_parent = (Page,)
    cache_query_parameters = frozenset({"year"})

    class Meta:
        verbose_name = _("center's report")
        verbose_name_plural = _("centers' reports")

    def get_cached_paths(self):
        """Wagtail's frontend-cache convention: the page and its two downloads."""
        return ["/", "/pdf/", "/xlsx/"]

    @path("")
    def report(self, request):
        from centers.reports.views import report_view  # the views import these models

        return report_view(request, self)

    @path("pdf/", name="pdf")
    def pdf(self, request):
        from centers.reports.views import report_pdf_view  # the views import these models

        return report_pdf_view(request, self)

    @path("xlsx/", name="xlsx")
    def xlsx(self, request):
        from centers.reports.views import report_xlsx_view  # the views import these models

        return report_xlsx_view(request, self)


class ReportConclusion(Orderable):
    """The coordinator's short conclusion on one academic year; published with the page, so it is moderated."""

    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="conclusions")
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), help_text=_("The year it starts: 2025 means 2025/2026.")
    )
    text = models.TextField(_("conclusion"), max_length=4000)

    panels = [FieldPanel("academic_year"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self):
        return f"{self.academic_year}/{self.academic_year + 1}"


class OrganizationNameMapping(models.Model):
    """A name teachers typed that matches no registry entry, mapped by the department to the organization it means."""

    forgets_site_structure = True  # saved, the kept report figures are counted again

    name_key = models.CharField(_("normalised name"), max_length=500, unique=True)
    name = models.CharField(_("name as typed"), max_length=500)
    organization = models.ForeignKey(
        "centers.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="name_mappings",
    )
    mapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mapped_at = models.DateTimeField(_("mapped at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization name mapping")
        verbose_name_plural = _("organization name mappings")

    def __str__(self):
        return f"{self.name} → {self.organization}"
