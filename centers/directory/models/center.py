"""The directory of resource centers and the center's own page."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q
from django.urls import path as url_path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from blocks.stream import body_blocks
from centers.common.api_fields import NameField
from centers.common.kept import kept
from centers.common.references import ChoosableReferencesPageForm
from centers.directory.department_fields import CenterPageForm, DepartmentFieldPanel
from centers.directory.models.reference import Direction

CENTERS_PER_PAGE = 30

# Where the add-on's top-level sections (directory, library, calendar...) may be created; the host site decides.
SECTION_PARENT_PAGE_TYPES = getattr(settings, "CENTERS_SECTION_PARENT_PAGE_TYPES", None)


def active_on(day):
    """Centers whose approval term covers `day` (an open-ended term counts as active)."""
    return Q(term_end__isnull=True) | Q(term_end__gte=day)


class CenterIndexPage(Page):
    base_form_class = ChoosableReferencesPageForm
    template = "centers/directory/center_index_page.html"
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = SECTION_PARENT_PAGE_TYPES
    subpage_types = ["centers.CenterPage"]
    max_count_per_parent = 1
    cache_query_parameters = frozenset({"direction", "status", "page"})  # what get_context reads

    class Meta:
        verbose_name = _("directory of centers")
        verbose_name_plural = _("directories of centers")

    def centers(self):
        return (
            CenterPage.objects.child_of(self)
            .live()
            .select_related("organization", "direction", "logo")
            .prefetch_related("logo__renditions")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        centers = self.centers()
        directions = kept(request, "directions", lambda: list(Direction.objects.all()))
        direction = next((d for d in directions if d.slug == request.GET.get("direction")), None)
        # The counts read the centers table (one row per center) and test "child of this directory" inside the
        # COUNT: filtering child_of() in WHERE made PostgreSQL walk the directory's whole page subtree (every
        # material and news page below the centers, ~96 ms at 100,000 materials) for 100 centers.
        counted = CenterPage.objects.filter(live=True)
        if direction:
            centers = centers.filter(direction=direction)
            counted = counted.filter(direction=direction)
        here = Q(path__startswith=self.path, depth=self.depth + 1)
        # Kept for the day until a page changes (centers.common.kept): being active depends on the date.
        counts = kept(
            request,
            f"directory-counts:{self.pk}:{direction.slug if direction else ''}:{today.isoformat()}",
            lambda: counted.aggregate(
                active=Count("pk", filter=here & active_on(today)),
                ended=Count("pk", filter=here & ~active_on(today)),
            ),
        )
        status = "ended" if request.GET.get("status") == "ended" else "active"
        listed = centers.exclude(active_on(today)) if status == "ended" else centers.filter(active_on(today))
        paginator = Paginator(listed.order_by("title"), CENTERS_PER_PAGE)
        paginator.count = counts[status]  # known already: spares the paginator its own COUNT over all centers
        context.update(
            directions=directions,
            selected_direction=direction,
            status=status,
            active_count=counts["active"],
            ended_count=counts["ended"],
            centers_page=paginator.get_page(request.GET.get("page")),
        )
        return context


class CenterPage(RoutablePageMixin, Page):
    base_form_class = CenterPageForm
    template = "centers/directory/center_page.html"
    serve_select_related = ("organization", "direction", "logo")  # portal.routing: read with the page
    organization = models.ForeignKey(
        "centers.Organization",
        verbose_name=_("host organization"),
        on_delete=models.PROTECT,
        related_name="centers",
    )
    direction = models.ForeignKey(
        "centers.Direction", verbose_name=_("direction"), on_delete=models.PROTECT, related_name="centers"
    )
    short_description = models.TextField(_("short description"), max_length=600)
    goals = StreamField(body_blocks(), verbose_name=_("goals and tasks"), blank=True)
    order_number = models.CharField(_("approval order number"), max_length=50, blank=True)
    order_date = models.DateField(_("approval order date"), null=True, blank=True)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    # Set by the department's early-closing order (centers.lifecycle.closing), never in the editor.
    closed_early_on = models.DateField(_("closed early on"), null=True, blank=True, editable=False)
    closing_order_number = models.CharField(
        _("closing order number"), max_length=50, blank=True, editable=False
    )
    closing_order_date = models.DateField(_("closing order date"), null=True, blank=True, editable=False)
    closing_reason = models.TextField(_("reason for closing"), blank=True, editable=False)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The center's own documents and images; its coordinators may upload and choose only here (centers.roles).
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection of documents and images"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("organization"), FieldPanel("direction")]),
        FieldPanel("short_description"),
        FieldPanel("logo"),
        FieldPanel("goals"),
        InlinePanel("contacts", label=_("Coordinators' contacts"), min_num=0),
        MultiFieldPanel(
            [
                # The department's to change (centers.directory.department_fields): read-only for coordinators.
                FieldRowPanel([DepartmentFieldPanel("order_number"), DepartmentFieldPanel("order_date")]),
                FieldRowPanel([DepartmentFieldPanel("term_start"), DepartmentFieldPanel("term_end")]),
            ],
            heading=_("Approval order and term"),
        ),
    ]

    api_fields = [
        APIField("short_description"),
        APIField("direction", serializer=NameField()),
        APIField("organization", serializer=NameField("full_name")),
        APIField("term_start"),
        APIField("term_end"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("short_description"),
        index.SearchField("goals"),
        index.RelatedFields(
            "organization", [index.SearchField("full_name"), index.SearchField("short_name")]
        ),
        index.RelatedFields("direction", [index.SearchField("name")]),
        index.FilterField("direction"),
        index.FilterField("organization"),
        index.FilterField("term_end"),
    ]

    parent_page_types = ["centers.CenterIndexPage"]
    subpage_types = [
        "centers.MaterialIndexPage",
        "centers.EventIndexPage",
        "centers.PracticeIndexPage",
        "centers.NewsIndexPage",
        "centers.ProjectPage",
        "centers.ContentPage",
        "centers.ReportPage",
        "centers.PlanPage",
        "centers.QuestionIndexPage",
    ]
    # For a page cache (docs/caching.md): its sections are linked from every page below it.
    links_children_below = True

    class Meta:
        verbose_name = _("resource center")
        verbose_name_plural = _("resource centers")

    @property
    def term_has_ended(self):
        return self.term_end is not None and self.term_end < timezone.localdate()

    @property
    def is_closed_early(self):
        return self.closed_early_on is not None and self.closed_early_on <= timezone.localdate()

    @property
    def term_not_started(self):
        return self.term_start is not None and self.term_start > timezone.localdate()

    # Views: the page itself is RoutablePageMixin's index route, the same for every visitor (cacheable). Capabilities
    # above the directory add their own addresses under a center (the consultation form: `consultation/`) with
    # attach_route() from CentersConfig.ready(): the directory never imports them.

    attached_routes = ()

    @classmethod
    def attach_route(cls, pattern, view, name):
        """Serve `view(request, center, **kwargs)` at <center>/<pattern>; called once per route at start-up."""

        def route(center, request, *args, **kwargs):
            return view(request, center, *args, **kwargs)

        route.__name__ = name
        cls.attached_routes = (
            *[r for r in cls.attached_routes if r.name != name],
            url_path(pattern, route, name=name),
        )
        if "_routablepage_urlresolver" in cls.__dict__:
            del cls._routablepage_urlresolver  # built before this route was attached

    @classmethod
    def get_subpage_urls(cls):
        return (*super().get_subpage_urls(), *cls.attached_routes)


class CenterContact(Orderable):
    page = ParentalKey(CenterPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("surname, name and patronymic"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("email"), FieldPanel("phone")]

    class Meta(Orderable.Meta):
        verbose_name = _("coordinator's contact")
        verbose_name_plural = _("coordinators' contacts")

    def __str__(self):
        return self.name
