"""Piloting projects (апробация): a technology tried out by a center with participating organizations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import path as url_path
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from blocks.stream import body_blocks
from centers.common.same_center import SameCenterChoicePanel, link_to_plan_item
from centers.content.models.center_content import CenterContentPage


class ProjectPage(RoutablePageMixin, CenterContentPage):
    template = "centers/content/project_page.html"
    technology = models.CharField(
        _("technology being piloted"),
        max_length=300,
        help_text=_("The innovative technology, method or programme the project tries out."),
    )
    summary = models.TextField(_("summary"), max_length=2000)
    organizations = ParentalManyToManyField(
        "centers.Organization",
        verbose_name=_("participating organizations"),
        blank=True,
        related_name="projects",
    )
    body = StreamField(body_blocks(), verbose_name=_("description"), blank=True)
    results = StreamField(body_blocks(), verbose_name=_("results"), blank=True)
    plan_item = link_to_plan_item("linked_projects")

    content_panels = [
        *Page.content_panels,
        FieldPanel("technology"),
        FieldPanel("summary"),
        FieldPanel("organizations"),
        InlinePanel("stages", label=_("Stages"), min_num=0),
        FieldPanel("body"),
        FieldPanel("results"),
        InlinePanel(
            "linked_pages",
            label=_("Materials and practices of the project"),
            help_text=_("They carry the council's mark «recommended for implementation» with the project."),
        ),
        SameCenterChoicePanel("plan_item"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("technology"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("results"),
        index.RelatedFields("organizations", [index.SearchField("short_name")]),
        index.FilterField("center"),
    ]

    parent_page_types = ["centers.CenterPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("piloting project")
        verbose_name_plural = _("piloting projects")

    # The page itself is RoutablePageMixin's index route; the piloting capability adds the pilot schools' form and
    # result links under it with attach_route() from CentersConfig.ready(): content never imports it.
    attached_routes = ()

    @classmethod
    def attach_route(cls, pattern, view, name):
        """Serve `view(request, project, **kwargs)` at <project>/<pattern>; called once per route at start-up."""

        def route(project, request, *args, **kwargs):
            return view(request, project, *args, **kwargs)

        route.__name__ = name
        cls.attached_routes = (
            *[r for r in cls.attached_routes if r.name != name],
            url_path(pattern, route, name=name),
        )
        if "_routablepage_urlresolver" in cls.__dict__:
            del cls._routablepage_urlresolver

    @classmethod
    def get_subpage_urls(cls):
        return (*super().get_subpage_urls(), *cls.attached_routes)


class ProjectStage(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="stages")
    title = models.CharField(_("stage"), max_length=300)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    description = models.TextField(_("what is done"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("project stage")
        verbose_name_plural = _("project stages")

    def __str__(self):
        return self.title

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The stage cannot end before it starts.")})
