"""Coordinators' admin views: invitations to co-organize (send, answer, take back) and the editor's clash check."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centers.cityplan import invitations
from centers.cityplan.clashes import clashes_of_event
from centers.cityplan.forms import InviteForm
from centers.common.admin_access import AccessDenied
from centers.events.models import EventPage
from centers.roles.provisioning import coordinator_centers


def invitations_view(request):
    """Invitations to the user's centers (to answer) and from them (to follow); nothing of other centers."""
    centers = coordinator_centers(request.user)
    visible = invitations.visible_invitations(request.user)
    return TemplateResponse(
        request,
        "centers/cityplan/invitations.html",
        {
            "incoming": visible.filter(center__in=centers),
            "outgoing": visible.filter(event__host_center__in=centers),
        },
    )


def invite_view(request, page_id):
    event = get_object_or_404(EventPage, pk=page_id)
    if not invitations.can_invite(request.user, event):
        raise AccessDenied(_("Only those who may edit the event can invite co-organizers."))
    form = InviteForm(event, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite(
                event, form.cleaned_data["center"], request.user, form.cleaned_data["message"], request
            )
        except ValidationError as error:
            form.add_error("center", error)
        else:
            messages.success(
                request,
                _("%(center)s is invited; it shows as co-organizer once its coordinators accept.")
                % {"center": form.cleaned_data["center"].title},
            )
            return redirect("wagtailadmin_pages:edit", event.pk)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "centers/cityplan/invite.html", {"event": event, "form": form}, status=status
    )


def visible_invitation(request, pk):
    """404 for an invitation the user may not see (a third center's coordinator learns nothing of it)."""
    invitation = invitations.visible_invitations(request.user).filter(pk=pk).first()
    if invitation is None:
        raise Http404(_("No such invitation."))
    return invitation


@require_POST
def answer_view(request, pk):
    invitation = visible_invitation(request, pk)
    if not invitations.can_answer(request.user, invitation):
        raise AccessDenied(_("Only the invited center's coordinators can answer an invitation."))
    accept = request.POST.get("answer") == "accept"
    if request.POST.get("answer") not in ("accept", "decline"):
        return JsonResponse({"error": _("Choose to accept or to decline.")}, status=400)
    invitations.answer(invitation, request.user, accept, request)
    messages.success(
        request,
        (_("You co-organize «%(event)s».") if accept else _("You declined to co-organize «%(event)s»."))
        % {"event": invitation.event.title},
    )
    return redirect("centers_cityplan:invitations")


@require_POST
def withdraw_view(request, pk):
    invitation = visible_invitation(request, pk)
    if not invitations.can_invite(request.user, invitation.event):
        raise AccessDenied(_("Only those who may edit the event can take an invitation back."))
    invitations.withdraw(invitation)
    messages.success(request, _("The invitation is taken back."))
    return redirect(request.POST.get("next") or "centers_cityplan:invitations")


def parse_moment(value):
    """A local date and time as the admin's widget writes it (2026-12-07 18:00), or None."""
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M"):
        try:
            return timezone.make_aware(datetime.datetime.strptime(value.strip(), pattern))
        except (ValueError, AttributeError):
            continue
    return None


def ids(values):
    return [int(value) for value in values if value.isascii() and value.isdigit()]


def clash_check_view(request):
    """What the editor warns about while dates are typed (before saving): JSON lines, never a refusal."""
    event = EventPage(
        start=parse_moment(request.GET.get("start", "")), end=parse_moment(request.GET.get("end", ""))
    )
    page_id = ids([request.GET.get("page", "")])
    if page_id:
        existing = EventPage.objects.filter(pk=page_id[0]).first()
        if existing is None or not existing.permissions_for_user(request.user).can_edit():
            raise AccessDenied(_("You may not edit this event."))
        event.pk, event.host_center_id = existing.pk, existing.host_center_id
    parent = ids([request.GET.get("parent", "")])
    if not page_id and parent:
        from centers.directory.models import CenterPage

        center = CenterPage.objects.ancestor_of(
            get_object_or_404(EventPage._meta.get_field("page_ptr").related_model, pk=parent[0]),
            inclusive=True,
        ).first()
        event.host_center_id = center.pk if center else None
    if event.start is None or event.end is None:
        return JsonResponse({"clashes": []})
    set_repetition(event, request.GET)
    found = clashes_of_event(event, ids(request.GET.getlist("levels")), ids(request.GET.getlist("subjects")))
    return JsonResponse({"clashes": [clash_line(other) for _planned, other in found]})


def set_repetition(event, data):
    """The editor's repetition as typed (anything unreadable: a single meeting)."""
    if data.get("repeat") not in EventPage.Repeat.values or not data.get("repeat"):
        return
    event.repeat = data["repeat"]
    interval, count = ids([data.get("repeat_interval", "")]), ids([data.get("repeat_count", "")])
    event.repeat_interval = min(interval[0], 52) if interval and interval[0] > 0 else 1
    event.repeat_count = min(count[0], 400) if count and count[0] > 0 else None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            event.repeat_until = datetime.datetime.strptime(
                data.get("repeat_until", "").strip(), pattern
            ).date()
            break
        except ValueError:
            continue


def clash_line(other):
    start = timezone.localtime(other.start)
    return _("Overlaps with «%(event)s» of %(center)s, %(when)s") % {
        "event": other.event.title,
        "center": other.center.title if other.center else "",
        "when": f"{start:%d.%m.%Y %H:%M}–{timezone.localtime(other.end):%H:%M}",
    }
