"""The director's decisions: approval or rejection, the orders that give a center its term, the letters."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from centers.common.mail import send_logging_failures
from centers.directory.models import Organization
from centers.lifecycle.applications import LifecycleError, Status, transition
from centers.lifecycle.models import ApprovalOrder
from centers.roles.provisioning import provision_center


def organization_for(application):
    """The applicant's organization; a new one named in the form becomes a reference record on approval."""
    if application.organization_id:
        return application.organization
    organization, _created = Organization.objects.get_or_create(
        short_name=application.organization_short_name,
        defaults={"full_name": application.organization_full_name or application.organization_short_name},
    )
    return organization


def register_order(center_or_none, *, number, date, term_start, term_end, user=None, application=None):
    """Record the director's order and bring the center to it (provisioning it when it does not exist yet)."""
    if term_end < term_start:
        raise LifecycleError(_("The term cannot end before it starts."))
    if center_or_none is None:
        organization, direction = organization_for(application), application.direction
    else:
        organization, direction = center_or_none.organization, center_or_none.direction
    center = provision_center(
        organization,
        direction,
        order_number=number,
        order_date=date,
        term_start=term_start,
        term_end=term_end,
        user=user,
    )
    order = ApprovalOrder.objects.create(
        number=number,
        date=date,
        term_start=term_start,
        term_end=term_end,
        center=center,
        application=application,
        registered_by=user,
        registered_at=timezone.now(),
    )
    log(
        instance=center,
        action="centers.register_order",
        user=user,
        data={"order": number, "date": date.isoformat(), "term_end": term_end.isoformat()},
    )
    return order


@transaction.atomic
def approve(application, *, number, date, term_start, term_end, user=None):
    """The positive decision: register the order, provision the center, link them, tell the applicant."""
    application = transition(application, Status.APPROVED, user)
    order = register_order(
        None,
        number=number,
        date=date,
        term_start=term_start,
        term_end=term_end,
        user=user,
        application=application,
    )
    application.center = order.center
    application.save(update_fields=["center"])
    send_logging_failures(send_decision, application, order=order)
    return order


@transaction.atomic
def reject(application, reason, user=None):
    if not reason.strip():
        raise LifecycleError(_("Give the reason for the rejection; the applicant receives it."))
    application = transition(application, Status.REJECTED, user, comment=reason)
    application.decision_reason = reason
    application.save(update_fields=["decision_reason"])
    send_logging_failures(send_decision, application)
    return application


@transaction.atomic
def extend_term(center, *, number, date, term_start, term_end, user=None):
    """A new order for an existing center: its term and order fields follow the latest order."""
    return register_order(
        center, number=number, date=date, term_start=term_start, term_end=term_end, user=user
    )


def send_decision(application, order=None):
    if order is not None:
        subject = _("Application %(reference)s approved") % {"reference": application.reference}
        body = _(
            "Hello, %(name)s!\n\n"
            "The application %(reference)s has been approved. By order No. %(number)s of %(date)s "
            "%(organization)s has the status of a resource center for the direction “%(direction)s” "
            "from %(start)s to %(end)s.\n"
            "The department will send the coordinators' accounts separately."
        ) % {
            "name": application.contact_name,
            "reference": application.reference,
            "number": order.number,
            "date": order.date.strftime("%d.%m.%Y"),
            "organization": application.organization_name,
            "direction": application.direction.name,
            "start": order.term_start.strftime("%d.%m.%Y"),
            "end": order.term_end.strftime("%d.%m.%Y"),
        }
    else:
        subject = _("Application %(reference)s rejected") % {"reference": application.reference}
        body = _(
            "Hello, %(name)s!\n\nThe application %(reference)s has been rejected.\nReason: %(reason)s"
        ) % {
            "name": application.contact_name,
            "reference": application.reference,
            "reason": application.decision_reason,
        }
    send_mail(subject, body, None, [application.contact_email])
