"""Publishing an event keeps the answers to its invitations: a revision saved before an answer does not bring back a
declined center nor drop an accepted one. Centers without an invitation (set by code) are left as they are."""

from wagtail.signals import page_published

from centers.cityplan.models import CoOrganizingInvitation
from centers.events.models import EventPage


def keep_answered_invitations(sender, instance, **kwargs):
    answers = dict(CoOrganizingInvitation.objects.filter(event=instance).values_list("center_id", "status"))
    if not answers:
        return
    through = EventPage.co_organizers.through
    accepted = {
        center for center, status in answers.items() if status == CoOrganizingInvitation.Status.ACCEPTED
    }
    present = set(through.objects.filter(eventpage=instance).values_list("centerpage_id", flat=True))
    through.objects.filter(
        eventpage=instance, centerpage_id__in=[center for center in answers if center not in accepted]
    ).delete()
    through.objects.bulk_create(
        [through(eventpage_id=instance.pk, centerpage_id=center) for center in accepted - present]
    )


def register_signal_handlers():
    page_published.connect(
        keep_answered_invitations, sender=EventPage, dispatch_uid="centers.cityplan.invitations"
    )
