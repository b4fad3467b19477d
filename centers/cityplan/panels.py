"""The event editor's panels (clashes with other centers' meetings, invitations to co-organize) and the
coordinators' dashboard panel of their clashes and the invitations awaiting their answer."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import MultiFieldPanel, Panel
from wagtail.admin.ui.components import Component

from centers.cityplan.clashes import clashes_of_centers, clashes_of_event
from centers.cityplan.models import CoOrganizingInvitation
from centers.common.kept import kept

DASHBOARD_ROWS = 10
DASHBOARD_DAYS = 365  # the clashes ahead the dashboard lists
# The clashes are kept with what the site shows (a page saved or a meeting cancelled reckons them again at once) and
# for five minutes at most, so that a meeting just ended leaves the list soon after.
CLASHES_KEPT_SECONDS = 300


def event_clashes(event):
    """Clashes of the event as its editor holds it (its levels and subjects as chosen, saved or not)."""
    if event is None or not event.start or not event.end:
        return []
    levels = [level.pk for level in event.levels.all()]
    subjects = [subject.pk for subject in event.subjects.all()]
    return clashes_of_event(event, levels, subjects)


def request_parent_id(request):
    """The parent page of a page being created (admin/pages/add/<app>/<model>/<parent id>/), for the live check."""
    match = getattr(request, "resolver_match", None) if request is not None else None
    return (match.kwargs.get("parent_page_id") if match else None) or ""


class ClashesPanel(Panel):
    """Which other centers' meetings overlap this event for a shared audience: a warning, never a refusal.
    Its script asks again while the dates, levels and subjects are changed (before saving)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "centers/cityplan/clashes_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            event = self.instance
            context["clashes"] = event_clashes(event) if event is not None and event.pk else []
            context["check_url"] = reverse("centers_cityplan:clash_check")
            context["page_id"] = event.pk if event is not None and event.pk else ""
            context["parent_id"] = request_parent_id(self.request)
            return context


class InvitationsPanel(Panel):
    """The event's invitations to co-organize, their answers, and the way to invite a center."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "centers/cityplan/invitations_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            event = self.instance
            saved = event is not None and event.pk is not None
            context["invitations"] = (
                list(CoOrganizingInvitation.objects.filter(event=event).select_related("center"))
                if saved
                else []
            )
            context["invite_url"] = reverse("centers_cityplan:invite", args=[event.pk]) if saved else ""
            context["event"] = event
            return context


def attach_to_event_editor(event_model):
    """The event editor gets the clash warning under the dates and the invitations in place of typed co-organizers;
    called once from CentersConfig.ready() (events never import this capability)."""
    panels = []
    for panel in event_model.content_panels:
        if isinstance(panel, MultiFieldPanel):
            children = [
                child for child in panel.children if getattr(child, "field_name", None) != "co_organizers"
            ]
            if len(children) != len(panel.children):
                children.append(InvitationsPanel(heading=_("Co-organizing centers")))
                panel = type(panel)(**{**panel.clone_kwargs(), "children": children})
        panels.append(panel)
        if getattr(panel, "children", None) and any(
            getattr(child, "field_name", None) == "start" for child in panel.children
        ):
            panels.append(ClashesPanel(heading=_("Other centers' meetings at the same time")))
    event_model.content_panels = panels


class CoordinatorClashesPanel(Component):
    """On a coordinator's dashboard: their centers' meetings ahead that clash with other centers', and the
    invitations to co-organize awaiting their answer."""

    name = "centers_city_plan_clashes"
    template_name = "centers/cityplan/dashboard_panel.html"
    order = 152

    def __init__(self, centers):
        self.centers = list(centers)

    def get_context_data(self, parent_context):
        request = parent_context.get("request") if parent_context else None
        center_ids = sorted(center.pk for center in self.centers)
        clash_rows, clash_total = kept(
            request,
            "center-clashes:" + ",".join(map(str, center_ids)),
            lambda: dashboard_clashes(center_ids),
            seconds=CLASHES_KEPT_SECONDS,
        )
        pending = CoOrganizingInvitation.objects.filter(
            center__in=self.centers, status=CoOrganizingInvitation.Status.PENDING
        ).select_related("event", "event__host_center")
        return {
            "clashes": clash_rows,
            "clash_total": clash_total,
            "pending": list(pending[:DASHBOARD_ROWS]),
            "invitations_url": reverse("centers_cityplan:invitations"),
        }


def dashboard_clashes(center_ids):
    """(the first rows, how many in all) of the centers' clashes in the year ahead, as plain values to keep."""
    now = timezone.now()
    found = clashes_of_centers(set(center_ids), now, now + datetime.timedelta(days=DASHBOARD_DAYS))
    rows = [
        {
            "event_id": own.event.pk,
            "title": own.event.title,
            "start": own.start,
            "other_title": other.event.title,
            "other_center": other.center.title if other.center else "",
            "other_start": other.start,
        }
        for own, other in found[:DASHBOARD_ROWS]
    ]
    return rows, len(found)
