"""Applications to open a center: the yearly window, submission with its consent, and logged status changes.

Views call these functions; they hold no HTTP. Every state change goes through `transition`, which logs it.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.lifecycle.letters import send_receipt
from centers.lifecycle.models import Application, ApplicationTransition
from centers.privacy.consent import current_version, record_consents
from centers.privacy.models import ConsentRecord

Status = Application.Status

# (month, day): the window opens at 00:00 of OPENS and closes at 23:59:59 of DEADLINE, local time, every year.
DEFAULT_OPENS = (1, 15)
DEFAULT_DEADLINE = (5, 15)

ALLOWED_TRANSITIONS = {
    "": {Status.SUBMITTED},
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.REJECTED, Status.WITHDRAWN, Status.RETURNED},
    Status.UNDER_REVIEW: {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN, Status.RETURNED},
    Status.RETURNED: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.APPROVED: set(),
    Status.REJECTED: set(),
    Status.WITHDRAWN: set(),
}


class LifecycleError(Exception):
    """A step the rules do not allow; the message is for the person who tried it."""


def local_zone():
    """The zone the window's dates are read in: CENTERS_APPLICATION_TIME_ZONE, by default the site's TIME_ZONE."""
    return zoneinfo.ZoneInfo(getattr(settings, "CENTERS_APPLICATION_TIME_ZONE", None) or settings.TIME_ZONE)


@dataclass(frozen=True)
class ApplicationWindow:
    opens: datetime.datetime
    closes: datetime.datetime

    def contains(self, moment):
        return self.opens <= moment <= self.closes


def application_window(year):
    """The window of `year` as aware datetimes in the department's time zone."""
    zone = local_zone()
    open_month, open_day = getattr(settings, "CENTERS_APPLICATION_OPENS", DEFAULT_OPENS)
    close_month, close_day = getattr(settings, "CENTERS_APPLICATION_DEADLINE", DEFAULT_DEADLINE)
    return ApplicationWindow(
        opens=datetime.datetime(year, open_month, open_day, tzinfo=zone),
        closes=datetime.datetime(year, close_month, close_day, 23, 59, 59, 999999, tzinfo=zone),
    )


def window_status(now=None):
    """(is_open, window of the current or next cycle, message for the applicant when closed)."""
    now = now or timezone.now()
    year = now.astimezone(local_zone()).year
    window = application_window(year)
    if window.contains(now):
        return True, window, ""
    if now < window.opens:
        message = _("Applications for %(year)s are accepted from %(opens)s to %(closes)s (local time).")
    else:
        window = application_window(year + 1)
        message = _(
            "Applications for this year closed on %(deadline)s at 23:59 local time. "
            "The next round is open from %(opens)s to %(closes)s."
        )
    return (
        False,
        window,
        message
        % {
            "year": window.opens.year,
            "deadline": application_window(year).closes.strftime("%d.%m.%Y"),
            "opens": window.opens.strftime("%d.%m.%Y"),
            "closes": window.closes.strftime("%d.%m.%Y 23:59"),
        },
    )


def record_transition(application, to_status, user=None, comment="", now=None):
    ApplicationTransition.objects.create(
        application=application,
        from_status="",
        to_status=to_status,
        user=user,
        at=now or timezone.now(),
        comment=comment,
    )


@transaction.atomic
def transition(application, to_status, user=None, comment=""):
    """Move `application` to `to_status` if the rules allow it, and log who did it and when."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to_status not in ALLOWED_TRANSITIONS[application.status]:
        raise LifecycleError(
            _("An application that is “%(current)s” cannot become “%(target)s”.")
            % {"current": application.get_status_display(), "target": Status(to_status).label}
        )
    ApplicationTransition.objects.create(
        application=application,
        from_status=application.status,
        to_status=to_status,
        user=user,
        at=timezone.now(),
        comment=comment,
    )
    application.status = to_status
    application.save(update_fields=["status"])
    return application


APPLICATION_CONSENT = ConsentRecord.Kind.APPLICATION


def submit_application(fields, signed_scan, *, consent_ip, now=None, within_window=True):
    """Store a new application inside the window, numbered within its year; raises LifecycleError outside it.

    The contact person's consent (text and version from centers/consent.py) is stored on the row and as a
    ConsentRecord in the same transaction: a refused or failed submission leaves no consent behind. Renewals
    pass within_window=False: a term ends when it ends, not in spring."""
    now = now or timezone.now()
    is_open, _window, message = window_status(now)
    if within_window and not is_open:
        raise LifecycleError(message)
    year = now.astimezone(local_zone()).year
    application = None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                last = Application.objects.filter(year=year).aggregate(last=models.Max("number"))["last"]
                application = Application(
                    **fields,
                    year=year,
                    number=(last or 0) + 1,
                    status=Status.SUBMITTED,
                    consent_given_at=now,
                    consent_ip=consent_ip,
                    consent_version=current_version(APPLICATION_CONSENT),
                    submitted_at=now,
                )
                application.signed_scan = signed_scan
                application.save()
                record_transition(application, Status.SUBMITTED, now=now)
                record_consents(
                    [APPLICATION_CONSENT],
                    email=application.contact_email,
                    name=application.contact_name,
                    subject=application,
                    ip_address=consent_ip,
                    given_at=now,
                )
                send_receipt(application)
            break
        except IntegrityError:  # two submissions took the same number at once; take the next one
            discard_stored_scan(application)
            continue
        except BaseException:
            discard_stored_scan(application)
            raise
    else:
        raise LifecycleError(_("The application could not be registered; please try again."))
    return application


def discard_stored_scan(application):
    """The rolled-back row's scan was already written to storage: remove it, so nothing is half-stored."""
    scan = application.signed_scan if application is not None else None
    if scan and scan.name and getattr(scan, "_committed", False):
        scan.storage.delete(scan.name)
