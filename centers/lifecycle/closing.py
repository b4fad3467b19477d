"""Early closing: the department's order ends a center's term before time, with its reason and closing date.

The center leaves the active directory (its term ends the day before the closing date), its pages say why, and
its coordinators keep only read access: their group's edit rights on its pages and collection become view rights.
"""

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import GroupCollectionPermission, GroupPagePermission, PageLogEntry

from centers.directory.models import CenterPage
from centers.events.cancelling import cancel_meetings_of_closed_center
from centers.lifecycle.applications import LifecycleError
from centers.lifecycle.models import ApprovalOrder
from centers.lifecycle.order_documents import attach_order_document
from centers.roles.provisioning import (
    coordinators_group,
    department_group_names,
    grant_page_permissions,
    update_center,
)

CLOSE_EARLY_ACTION = "centers.close_early"
READ_ONLY_PAGE_PERMISSIONS = ["view_page"]
CLOSED_FIELDS = [
    "closed_early_on",
    "closing_order_number",
    "closing_order_date",
    "closing_reason",
    "term_end",
]


def closed_center_fields(order, closing_date):
    return {
        "closed_early_on": closing_date,
        "closing_order_number": order.number,
        "closing_order_date": order.date,
        "closing_reason": order.closing_reason,
        "term_end": closing_date - datetime.timedelta(days=1),
    }


def make_coordinators_read_only(center):
    """The coordinators' group keeps view rights on its center and nothing it could change or publish."""
    group = coordinators_group(center)
    if group is None:
        return None
    GroupPagePermission.objects.filter(group=group, page=center).exclude(
        permission__codename__in=READ_ONLY_PAGE_PERMISSIONS
    ).delete()
    grant_page_permissions(group, center, READ_ONLY_PAGE_PERMISSIONS)
    if center.collection_id:
        GroupCollectionPermission.objects.filter(group=group, collection=center.collection).exclude(
            permission__codename__startswith="choose_"
        ).delete()
    return group


@transaction.atomic
def close_early(center, *, number, date, closing_date, reason, user=None, document=None):
    """Registers the closing order and applies it; refuses a closing without reason or outside the term."""
    if not reason.strip():
        raise LifecycleError(_("Give the reason for closing the center; it is shown on its pages."))
    center = CenterPage.objects.select_for_update().get(pk=center.pk)
    if center.closed_early_on is not None:
        raise LifecycleError(_("This center has already been closed early."))
    if center.term_start and closing_date <= center.term_start:
        raise LifecycleError(_("The closing date must fall after the start of the center's term."))
    order = ApprovalOrder.objects.create(
        kind=ApprovalOrder.Kind.EARLY_CLOSING,
        number=number,
        date=date,
        term_start=center.term_start or closing_date,
        term_end=closing_date - datetime.timedelta(days=1),
        center=center,
        closing_reason=reason.strip(),
        registered_by=user,
        registered_at=timezone.now(),
    )
    attach_order_document(order, document)
    # Published as a new revision (a coordinator's pending draft gets the fields too), so the page cache is purged.
    update_center(center, closed_center_fields(order, closing_date), user)
    make_coordinators_read_only(center)
    reason_text = _("the resource center «%(center)s» closes early by order No. %(number)s of %(date)s.") % {
        "center": center.title,
        "number": number,
        "date": date.strftime("%d.%m.%Y"),
    }
    cancel_meetings_of_closed_center(CenterPage.objects.get(pk=center.pk), reason_text)
    log(
        instance=center,
        action=CLOSE_EARLY_ACTION,
        user=user,
        data={
            "order": number,
            "date": date.isoformat(),
            "closing_date": closing_date.isoformat(),
            "reason": reason,
        },
    )
    return order


def read_only_centers(user):
    """Closed centers whose coordinators' group `user` belongs to: they may read its history."""
    groups = Group.objects.filter(user=user).exclude(name__in=department_group_names())
    pages = GroupPagePermission.objects.filter(group__in=groups, permission__codename="view_page").values(
        "page"
    )
    return CenterPage.objects.filter(pk__in=pages, closed_early_on__isnull=False)


def center_history(center):
    """What was done on the center's pages, newest first: the log a closed center's coordinators may still read."""
    pages = center.get_descendants(inclusive=True).values("pk")
    return (
        PageLogEntry.objects.filter(page__in=pages)
        .select_related("user", "page")
        .order_by("-timestamp")[:200]
    )
