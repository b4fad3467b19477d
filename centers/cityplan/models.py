"""The city's plan (one page for every center's year) and co-organizing an event by invitation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from centers.common.references import ChoosableReferencesPageForm
from centers.directory.models.center import SECTION_PARENT_PAGE_TYPES
from centers.events.models import EventPage
from centers.plans.models import PlanPage


class CityPlanPage(Page):
    """Every center's plan items and meetings of an academic year by month, with clashes and gaps."""

    base_form_class = ChoosableReferencesPageForm
    template = "centers/cityplan/city_plan_page.html"
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = SECTION_PARENT_PAGE_TYPES
    subpage_types = []
    max_count = 1
    # What it shows, for a page cache that purges by what pages declare (see docs/caching.md): a publish of a page
    # of these types changes it. It reads these query parameters (centers.cityplan.views).
    shows_pages_of = (EventPage, PlanPage)
    cache_query_parameters = frozenset({"year", "month", "center", "level", "subject", "audience"})

    class Meta:
        verbose_name = _("city plan")
        verbose_name_plural = _("city plans")

    def serve(self, request, *args, **kwargs):
        from centers.cityplan.views import city_plan_view  # the view imports this model

        return city_plan_view(self, request)


class CoOrganizingInvitation(models.Model):
    """One center invited to co-organize another center's event; it shows as co-organizer once it accepts.

    `EventPage.co_organizers` holds the accepted centers only (centers.cityplan.invitations keeps it so): the event
    page, the calendar's filter and the reports read it as before.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    event = models.ForeignKey(
        "centers.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    center = models.ForeignKey(
        "centers.CenterPage",
        verbose_name=_("invited center"),
        on_delete=models.CASCADE,
        related_name="co_organizing_invitations",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(_("message to the center"), blank=True, max_length=2000)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Answered, the event's co-organizers change: kept fragments that name them are rendered again.
    forgets_site_structure = True

    class Meta:
        ordering = ["-invited_at", "-pk"]
        verbose_name = _("invitation to co-organize")
        verbose_name_plural = _("invitations to co-organize")
        constraints = [
            models.UniqueConstraint(fields=["event", "center"], name="centers_invitation_one_per_center")
        ]

    def __str__(self):
        return f"{self.center} → {self.event}"
