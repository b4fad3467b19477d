"""Renewal: in the last RENEWAL_DAYS of its term a center's coordinator applies for an extension from the admin.

A renewal is an Application of kind "renewal" naming its center; it goes to the council like a new one, but the
spring window does not apply (a term ends when it ends). The center's report for the current academic year is
attached as a PDF; approving it registers an extension order for the same center.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.lifecycle.applications import LifecycleError, Status, submit_application
from centers.lifecycle.models import Application
from centers.lifecycle.reports import academic_year_of
from centers.reports.pdf import center_report_pdf

RENEWAL_DAYS = 60
OPEN_STATUSES = [Status.SUBMITTED, Status.UNDER_REVIEW, Status.RETURNED]


def renewal_opens(center):
    return center.term_end - datetime.timedelta(days=RENEWAL_DAYS) if center.term_end else None


def open_renewal(center):
    return Application.objects.filter(
        center=center, kind=Application.Kind.RENEWAL, status__in=OPEN_STATUSES
    ).first()


def renewal_refusal(center, today=None):
    """Why `center` may not apply for a renewal today, or "" when it may."""
    today = today or timezone.localdate()
    if center.closed_early_on is not None:
        return _("The center has been closed early; its term cannot be extended.")
    if center.term_end is None or today > center.term_end:
        return _("Only a center in its term can apply for an extension.")
    if today < renewal_opens(center):
        return _("An extension can be applied for from %(date)s, 60 days before the term ends.") % {
            "date": renewal_opens(center).strftime("%d.%m.%Y")
        }
    if open_renewal(center) is not None:
        return _("The center's application for an extension is already with the department.")
    return ""


def attach_center_report(application, today=None):
    """The center's report for the current academic year, as the PDF a department files, kept privately."""
    year = academic_year_of(today or timezone.localdate())
    content = center_report_pdf(application.center, year)
    application.center_report.save(
        f"{application.reference}-otchet-{year}-{year + 1}.pdf", ContentFile(content), save=False
    )
    application.save(update_fields=["center_report"])
    return application


@transaction.atomic
def apply_for_renewal(center, user, *, justification, plan_of_work, contact_phone="", consent_ip=None):
    """Creates the renewal application with the report attached; raises LifecycleError when not allowed."""
    refusal = renewal_refusal(center)
    if refusal:
        raise LifecycleError(refusal)
    fields = {
        "kind": Application.Kind.RENEWAL,
        "center": center,
        "organization": center.organization,
        "direction": center.direction,
        "justification": justification,
        "plan_of_work": plan_of_work,
        "contact_name": user.get_full_name() or user.get_username(),
        "contact_email": user.email,
        "contact_phone": contact_phone,
    }
    application = submit_application(fields, None, consent_ip=consent_ip, within_window=False)
    return attach_center_report(application)
