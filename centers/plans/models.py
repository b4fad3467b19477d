"""The center's work plan: one page per center, its items per academic year, moderated like every page."""

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from centers.common.page_cache import path_pattern, purge_cached_urls
from centers.content.models.center_content import CenterContentPage
from centers.plans import academic_year, upgrade
from centers.plans.widgets import AcademicYearSelect

PLAN_SLUG = upgrade.PLAN_SLUG


class PlanPage(CenterContentPage):
    """The center's plan of work: always at `<center url>plan/`, so the address never changes with the year."""

    template = "centers/plans/plan_page.html"
    serve_select_related = ("center",)  # portal.routing: read with the page (the heading names the center)
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("items", heading=_("Plan items"), label=_("Plan item")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.RelatedFields(
            "items",
            [
                index.SearchField("title"),
                index.SearchField("description"),
                index.SearchField("expected_result"),
            ],
        ),
        index.FilterField("center"),
    ]

    parent_page_types = ["centers.CenterPage"]
    subpage_types = []
    max_count_per_parent = 1
    # Provisioning gives every center its plan (published, empty until the coordinator's items are approved).
    section_slug = PLAN_SLUG
    section_title = upgrade.PLAN_TITLE
    cache_query_parameters = frozenset({"year"})  # the academic year shown (centers.plans.views)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    @classmethod
    def shows_pages_below_parent(cls):
        """For a page cache (docs/caching.md): the center's pages linked to a plan item show as its fulfilment."""
        from centers.plans.fulfilment import LINKED_PAGES  # it imports this module

        return tuple(model for model, _date_of in LINKED_PAGES)

    @classmethod
    def make_way_for_section(cls, center):
        """A center made before plans existed: its free page at `plan/` moves to `plan-archive/` with a redirect
        from `plan/` (see `upgrade`); returns the page moved. The plan then starts as a draft."""
        moved = upgrade.move_old_plan_page(django_apps, center)
        if moved is not None:
            center_paths = [
                path.rstrip("/") + "/" for _site, path in upgrade.redirect_path(Site, center.url_path)
            ]
            purge_cached_urls(
                [path_pattern(path) for path in center_paths]
                + [path_pattern(f"{path}{PLAN_SLUG}/", subtree=True) for path in center_paths]
            )
        return moved

    def full_clean(self, *args, **kwargs):
        self.slug = PLAN_SLUG
        super().full_clean(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        from centers.plans.views import plan_view  # the view imports this model

        return plan_view(self, request)

    # The library: a plan's title is the same for every center, so its result names the center and the latest year.
    library_title_names_center = True

    @classmethod
    def library_year_labels(cls, pages):
        """{plan id: «2026/2027»} of each plan's latest academic year, in one query."""
        latest = (
            PlanItem.objects.filter(page__in=pages)
            .order_by()
            .values("page_id")
            .annotate(year=models.Max("academic_year"))
        )
        return {row["page_id"]: academic_year.year_label(row["year"]) for row in latest}

    def years(self):
        """The academic years the plan has items for, newest first."""
        items = self.items.all()
        if isinstance(items, models.QuerySet):  # the stored page: its years alone, in one query
            return list(items.order_by("-academic_year").values_list("academic_year", flat=True).distinct())
        return sorted({item.academic_year for item in items}, reverse=True)  # a preview's items, in memory


class PlanItem(ClusterableModel, Orderable):
    """One line of the plan: what the center will do, when, for whom, who answers for it, what it should give."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        SEMINAR = "seminar", _("Seminar")
        PRACTICUM = "practicum", _("Practicum")
        EVENT = "event", _("Other event for teachers or school leaders")
        CONSULTATIONS = "consultations", _("Methodological consultations")
        COMMUNITY = "community", _("Support of a city subject community")
        PRACTICE = "practice", _("Study and dissemination of practice")
        RECOMMENDATIONS = "recommendations", _("Methodological recommendations")
        PILOTING = "piloting", _("Piloting of an innovative technology")
        INFORMING = "informing", _("Informing about the center's activity")
        COOPERATION = "cooperation", _("Interaction with other resource centers")

    class Audience(models.TextChoices):
        TEACHERS = "teachers", _("Teachers")
        LEADERS = "leaders", _("School leaders")
        BOTH = "both", _("Teachers and school leaders")

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="items")
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"),
        default=academic_year.current_academic_year,
        validators=[MinValueValidator(academic_year.FIRST_YEAR), MaxValueValidator(academic_year.LAST_YEAR)],
        help_text=_("The year it starts: 2025 means the 2025/2026 academic year (1 September to 31 August)."),
    )
    kind = models.CharField(_("kind of activity"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("what is planned"), max_length=300)
    description = models.TextField(_("content"), blank=True)
    month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        choices=list(MONTHS.items()),
        help_text=_("Or give the dates; leave both empty for work throughout the year."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.TEACHERS
    )
    levels = ParentalManyToManyField("centers.EducationLevel", verbose_name=_("levels"), blank=True)
    subjects = ParentalManyToManyField("centers.Subject", verbose_name=_("subjects"), blank=True)
    responsible = models.CharField(_("responsible person"), max_length=200)
    expected_result = models.TextField(_("expected result"))

    panels = [
        FieldRowPanel(
            [
                FieldPanel(
                    "academic_year",
                    widget=AcademicYearSelect,
                    help_text=_("From 1 September to 31 August."),
                ),
                FieldPanel("kind"),
            ]
        ),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("month"), FieldPanel("start_date"), FieldPanel("end_date")]),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("levels"), FieldPanel("subjects")], heading=_("Audience")
        ),
        FieldPanel("responsible"),
        FieldPanel("expected_result"),
    ]

    # How the editors of linked pages list this center's items: newest year first, in the plan's order.
    choice_ordering = ("-academic_year", "page_id", "sort_order", "pk")

    class Meta(Orderable.Meta):
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.month and self.start_date:
            raise ValidationError({"month": _("Give either a month or the dates, not both.")})
        if self.end_date and not self.start_date:
            raise ValidationError({"start_date": _("Give the start date as well.")})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})
        if self.academic_year and self.start_date:
            first, last = (
                academic_year.first_day(self.academic_year),
                academic_year.last_day(self.academic_year),
            )
            for name in ("start_date", "end_date"):
                day = getattr(self, name)
                if day and not first <= day <= last:
                    raise ValidationError(
                        {
                            name: _("The dates must fall within the %(year)s academic year.")
                            % {"year": academic_year.year_label(self.academic_year)}
                        }
                    )

    @classmethod
    def choosable_for_center(cls, center):
        """The items of the center's published plan: what its other pages may say they fulfil."""
        return cls.objects.filter(page__live=True, page__center=center)

    @property
    def year_label(self):
        return academic_year.year_label(self.academic_year)

    @property
    def month_number(self):
        """The month the item falls in (of its start date when it has dates), None for the whole year."""
        return self.start_date.month if self.start_date else self.month

    @property
    def when(self):
        """When, as a reader says it: «октябрь 2025», «15.10.2025», «15.10.2025 — 20.11.2025», «в течение года»."""
        if self.start_date:
            start = self.start_date.strftime("%d.%m.%Y")
            if self.end_date and self.end_date != self.start_date:
                return f"{start} — {self.end_date.strftime('%d.%m.%Y')}"
            return start
        if self.month:
            year = academic_year.calendar_year_of_month(self.academic_year, self.month)
            return f"{str(MONTHS[self.month]).lower()} {year}"
        return str(_("throughout the year"))

    def choice_label(self):
        return f"{self.year_label} · {self.when} · {self.title}"
