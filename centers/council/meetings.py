"""Council meetings: the quorum, the agenda, recording a decision with its votes.

The quorum is CENTERS_COUNCIL_QUORUM members present (default 3): an absolute number, as the department's
regulation names the council's size rather than a share of it. Without quorum no decision is recorded.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from centers.council.models import CouncilDecision
from centers.lifecycle.applications import LifecycleError, Status
from centers.lifecycle.models import Application

DEFAULT_QUORUM = 3
AGENDA_STATUSES = [Status.SUBMITTED, Status.UNDER_REVIEW]


def quorum():
    return int(getattr(settings, "CENTERS_COUNCIL_QUORUM", DEFAULT_QUORUM))


def has_quorum(meeting):
    return meeting.members_present.count() >= quorum()


def agenda_candidates(meeting):
    """Applications the council may take up at this meeting: sent to review and not yet on its agenda."""
    return (
        Application.objects.filter(status__in=AGENDA_STATUSES)
        .exclude(council_decisions__meeting=meeting)
        .select_related("organization")
        .order_by("year", "number")
    )


def put_on_agenda(meeting, application):
    if application.status not in AGENDA_STATUSES:
        raise LifecycleError(_("Only applications submitted or under review can be put on the agenda."))
    return CouncilDecision.objects.get_or_create(meeting=meeting, application=application)[0]


@transaction.atomic
def record_decision(item, *, outcome, votes_for, votes_against, votes_abstained, user=None):
    """Records the council's vote on one agenda item; refused without quorum or with more votes than members."""
    meeting = item.meeting
    present = meeting.members_present.count()
    if present < quorum():
        raise LifecycleError(
            _(
                "No quorum: %(present)s members present, at least %(quorum)s needed. The decision was not recorded."
            )
            % {"present": present, "quorum": quorum()}
        )
    if outcome not in {choice for choice in CouncilDecision.Outcome.values if choice}:
        raise LifecycleError(_("Choose the council's decision."))
    if votes_for + votes_against + votes_abstained > present:
        raise LifecycleError(
            _("More votes (%(votes)s) than members present (%(present)s).")
            % {"votes": votes_for + votes_against + votes_abstained, "present": present}
        )
    item.outcome = outcome
    item.votes_for, item.votes_against, item.votes_abstained = votes_for, votes_against, votes_abstained
    item.decided_at = timezone.now()
    item.save()
    log(
        instance=item.application,
        action="centers.council_decision",
        user=user,
        data={
            "meeting": meeting.number,
            "outcome": outcome,
            "votes": [votes_for, votes_against, votes_abstained],
        },
    )
    return item
