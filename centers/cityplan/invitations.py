"""Co-organizing by invitation: the host's coordinator invites a center, its coordinators accept or decline.

`EventPage.co_organizers` holds exactly the accepted centers: the event page, the calendar's center filter, the
centers' event lists and the reports («совместные мероприятия») read it, so only an accepted invitation shows.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.cityplan.models import CoOrganizingInvitation
from centers.outbox.letters import notify_coordinators
from centers.roles.provisioning import coordinator_centers

Status = CoOrganizingInvitation.Status


def can_invite(user, event):
    """Whoever may edit the event may invite for it (its center's coordinators, the moderators)."""
    return event.permissions_for_user(user).can_edit()


def can_answer(user, invitation):
    """Only the invited center's coordinators: not the host, not a third center, not the department."""
    return coordinator_centers(user).filter(pk=invitation.center_id).exists()


def visible_invitations(user):
    """Invitations a user may see: to the centers they coordinate, or for the events of those centers."""
    centers = coordinator_centers(user)
    return CoOrganizingInvitation.objects.filter(
        Q(center__in=centers) | Q(event__host_center__in=centers)
    ).select_related("event", "center", "event__host_center")


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


@transaction.atomic
def invite(event, center, user, message="", request=None):
    """A pending invitation (a declined one is asked again) and a letter to the center's coordinators."""
    if center.pk == event.host_center_id:
        raise ValidationError(_("The event's own center cannot be invited to co-organize it."))
    invitation = CoOrganizingInvitation.objects.filter(event=event, center=center).first()
    if invitation is not None and invitation.status != Status.DECLINED:
        raise ValidationError(
            _("%(center)s is already invited: %(status)s.")
            % {"center": center.title, "status": invitation.get_status_display().lower()}
        )
    if invitation is None:
        invitation = CoOrganizingInvitation(event=event, center=center)
    invitation.status, invitation.message, invitation.invited_by = Status.PENDING, message, user
    invitation.answered_by = invitation.answered_at = None
    invitation.save()
    host = event.host_center.title if event.host_center else ""
    body = _(
        "%(host)s invites %(center)s to co-organize the event «%(event)s» (%(start)s).\n\n%(message)s"
        "Accept or decline in the admin: %(url)s"
    ) % {
        "host": host,
        "center": center.title,
        "event": event.title,
        "start": timezone.localtime(event.start).strftime("%d.%m.%Y %H:%M"),
        "message": f"«{message}»\n\n" if message else "",
        "url": absolute(request, reverse("centers_cityplan:invitations")),
    }
    notify_coordinators(center, _("Invitation to co-organize «%(event)s»") % {"event": event.title}, body)
    return invitation


@transaction.atomic
def answer(invitation, user, accept, request=None):
    """Accepted, the center becomes a co-organizer; declined, it is not (or no longer) one. Tells the host."""
    invitation.status = Status.ACCEPTED if accept else Status.DECLINED
    invitation.answered_by, invitation.answered_at = user, timezone.now()
    through = type(invitation.event).co_organizers.through
    if accept:
        through.objects.get_or_create(eventpage_id=invitation.event_id, centerpage_id=invitation.center_id)
    else:
        through.objects.filter(eventpage_id=invitation.event_id, centerpage_id=invitation.center_id).delete()
    invitation.save()  # after the co-organizers: receivers of its save (cache purges) read them as they are now
    event = invitation.event
    if event.host_center is not None:
        subject = (
            _("%(center)s accepted to co-organize «%(event)s»")
            if accept
            else _("%(center)s declined to co-organize «%(event)s»")
        ) % {"center": invitation.center.title, "event": event.title}
        notify_coordinators(
            event.host_center,
            subject,
            subject + "\n\n" + absolute(request, reverse("centers_cityplan:invitations")),
        )
    return invitation


@transaction.atomic
def withdraw(invitation):
    """The host takes an invitation back: the center is no longer a co-organizer."""
    through = type(invitation.event).co_organizers.through
    through.objects.filter(eventpage_id=invitation.event_id, centerpage_id=invitation.center_id).delete()
    invitation.delete()
