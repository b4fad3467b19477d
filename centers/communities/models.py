"""City subject communities (городские предметные сообщества) that resource centers support."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from blocks.stream import body_blocks
from centers.common.kept import kept, kept_public_q
from centers.common.references import ChoosableReferencesPageForm
from centers.content.models.materials import MaterialPage
from centers.directory.models.center import SECTION_PARENT_PAGE_TYPES, CenterPage
from centers.events.cards import CARD_COLUMNS
from centers.events.models.events import EventPage
from centers.events.models.occurrences import EventOccurrence

COMMUNITIES_PER_PAGE = 30
UPCOMING_MEETINGS_SHOWN = 12
PAST_MEETINGS_SHOWN = 5


class CommunityIndexPage(Page):
    base_form_class = ChoosableReferencesPageForm
    template = "centers/communities/community_index_page.html"
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = SECTION_PARENT_PAGE_TYPES
    subpage_types = ["centers.CommunityPage"]
    max_count_per_parent = 1
    # For a page cache (docs/caching.md): its communities list centers, materials and meetings of the whole site.
    shows_pages_of = (CenterPage, MaterialPage, EventPage)
    cache_query_parameters = frozenset({"page"})

    class Meta:
        verbose_name = _("city subject communities")
        verbose_name_plural = _("lists of city subject communities")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        communities = (
            CommunityPage.objects.child_of(self)
            .live()
            .filter(kept_public_q())
            .select_related("subject")
            .prefetch_related("levels", "centers")
            .order_by("title")
        )
        context["communities_page"] = Paginator(communities, COMMUNITIES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context


class CommunityPage(Page):
    base_form_class = ChoosableReferencesPageForm
    template = "centers/communities/community_page.html"
    subject = models.ForeignKey(
        "centers.Subject", verbose_name=_("subject"), on_delete=models.PROTECT, related_name="communities"
    )
    levels = ParentalManyToManyField(
        "centers.EducationLevel", verbose_name=_("education levels"), blank=True, related_name="communities"
    )
    description = models.TextField(_("description"), max_length=1000)
    leader_name = models.CharField(_("leader"), max_length=200)
    leader_position = models.CharField(_("leader's position"), max_length=200, blank=True)
    leader_organization = models.CharField(_("leader's organization"), max_length=300, blank=True)
    member_organizations = ParentalManyToManyField(
        "centers.Organization", verbose_name=_("member organizations"), blank=True, related_name="communities"
    )
    centers = ParentalManyToManyField(
        "centers.CenterPage",
        verbose_name=_("supporting resource centers"),
        blank=True,
        related_name="communities",
    )
    plan = StreamField(body_blocks(), verbose_name=_("plan for the year"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("subject"), FieldPanel("levels")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("leader_name"), FieldPanel("leader_position"), FieldPanel("leader_organization")],
            heading=_("Leader"),
        ),
        FieldPanel("member_organizations"),
        FieldPanel("centers"),
        FieldPanel("plan"),
        InlinePanel("materials", label=_("Materials"), min_num=0),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("plan"),
        index.SearchField("leader_name"),
        index.RelatedFields("subject", [index.SearchField("name")]),
        index.FilterField("subject"),
    ]

    parent_page_types = ["centers.CommunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("city subject community")
        verbose_name_plural = _("city subject communities")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            member_organizations=self.member_organizations.all(),
            supporting_centers=self.centers.live().filter(kept_public_q()).select_related("organization"),
            # Read only when the kept fragment that lists them is rendered again.
            community_materials=SimpleLazyObject(self.listed_materials),
        )
        now = timezone.now()
        context.update(meetings=self.meetings(now, request), past_meetings=self.past_meetings(now, request))
        return context

    def listed_materials(self):
        """The published materials the community chose, in its order."""
        chosen = self.materials.order_by("sort_order").values_list("material_id", flat=True)
        by_id = {
            material.pk: material
            for material in MaterialPage.objects.live()
            .filter(kept_public_q())
            .filter(pk__in=chosen)
            .select_related("material_type", "center")
        }
        return [by_id[pk] for pk in chosen if pk in by_id]

    def linked_event_ids(self):
        """The published public events linked to the community (EventPage.community)."""
        return list(
            EventPage.objects.live()
            .filter(kept_public_q())
            .filter(community=self)
            .values_list("pk", flat=True)
        )

    def linked_meetings(self, request=None):
        """Meetings of the published public events linked to the community, not cancelled, with what a meeting card
        shows; the events' ids are kept until a page changes (centers.common.kept), so the meetings are read by
        their events' index, not by walking every meeting in date order."""
        event_ids = kept(request, f"community-event-ids:{self.pk}", self.linked_event_ids)
        return (
            EventOccurrence.objects.filter(event_id__in=event_ids, is_cancelled=False)
            .select_related("event", "event__format", "event__host_center")
            .only(*CARD_COLUMNS)
        )

    def meetings(self, now=None, request=None):
        """The next meetings, soonest first; one under way still counts. Fixed queries however many there are."""
        now = now or timezone.now()
        return list(
            self.linked_meetings(request)
            .filter(end__gte=now)
            .order_by("start", "pk")[:UPCOMING_MEETINGS_SHOWN]
        )

    def past_meetings(self, now=None, request=None):
        """The last meetings held, latest first."""
        now = now or timezone.now()
        return list(
            self.linked_meetings(request).filter(end__lt=now).order_by("-start", "-pk")[:PAST_MEETINGS_SHOWN]
        )


class CommunityMaterial(Orderable):
    page = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(
        "centers.MaterialPage", verbose_name=_("material"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("material")]

    class Meta(Orderable.Meta):
        verbose_name = _("community material")
        verbose_name_plural = _("community materials")
