"""The director's decisions: approval or rejection, the orders that give a center its term, the letters."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from centers.directory.models import Organization
from centers.lifecycle.applications import LifecycleError, Status, transition
from centers.lifecycle.letters import send_decision
from centers.lifecycle.models import ApprovalOrder
from centers.lifecycle.order_documents import attach_order_document
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


def register_order(
    center_or_none,
    *,
    number,
    date,
    term_start,
    term_end,
    user=None,
    application=None,
    kind=ApprovalOrder.Kind.APPROVAL,
    document=None,
):
    """Record the director's order and bring the center to it (provisioning it when it does not exist yet).

    The order's document is the uploaded signed scan, or else a generated draft, so every order has its act."""
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
        kind=kind,
    )
    attach_order_document(order, document)
    log(
        instance=center,
        action="centers.register_order",
        user=user,
        data={"order": number, "date": date.isoformat(), "term_end": term_end.isoformat()},
    )
    return order


@transaction.atomic
def approve(application, *, number, date, term_start, term_end, user=None, document=None):
    """The positive decision: register the order, provision the center, link them, tell the applicant."""
    application = transition(application, Status.APPROVED, user)
    renewal = application.kind == application.Kind.RENEWAL
    if renewal and application.center_id is None:
        raise LifecycleError(_("A renewal must name the center whose term it extends."))
    order = register_order(
        application.center if renewal else None,
        kind=ApprovalOrder.Kind.EXTENSION if renewal else ApprovalOrder.Kind.APPROVAL,
        number=number,
        date=date,
        term_start=term_start,
        term_end=term_end,
        user=user,
        application=application,
        document=document,
    )
    application.center = order.center
    application.save(update_fields=["center"])
    send_decision(application, order=order)
    return order


@transaction.atomic
def reject(application, reason, user=None):
    if not reason.strip():
        raise LifecycleError(_("Give the reason for the rejection; the applicant receives it."))
    application = transition(application, Status.REJECTED, user, comment=reason)
    application.decision_reason = reason
    application.save(update_fields=["decision_reason"])
    send_decision(application)
    return application


@transaction.atomic
def extend_term(center, *, number, date, term_start, term_end, user=None, document=None):
    """A new order for an existing center: its term and order fields follow the latest order."""
    return register_order(
        center,
        number=number,
        date=date,
        term_start=term_start,
        term_end=term_end,
        user=user,
        kind=ApprovalOrder.Kind.EXTENSION,
        document=document,
    )
