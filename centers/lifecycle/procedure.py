"""The rules of the center lifecycle: the application window, state transitions, reviews, decisions and orders.

Views call these functions; they hold no HTTP. Every state change goes through `transition`, which logs it.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from centers.common.mail import send_logging_failures
from centers.directory.models import Organization
from centers.lifecycle.models import (
    Application,
    ApplicationTransition,
    ApprovalOrder,
    ExpertReview,
    ReviewScore,
)
from centers.privacy.consent import CURRENT_VERSION, record_consents
from centers.privacy.models import ConsentRecord
from centers.roles.provisioning import provision_center

Status = Application.Status

# (month, day): the window opens at 00:00 of OPENS and closes at 23:59:59 of DEADLINE, local time, every year.
DEFAULT_OPENS = (1, 15)
DEFAULT_DEADLINE = (5, 15)
DEFAULT_TIME_ZONE = "Asia/Yekaterinburg"

ALLOWED_TRANSITIONS = {
    "": {Status.SUBMITTED},
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.REJECTED, Status.WITHDRAWN},
    Status.UNDER_REVIEW: {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN},
    Status.APPROVED: set(),
    Status.REJECTED: set(),
    Status.WITHDRAWN: set(),
}


class LifecycleError(Exception):
    """A step the rules do not allow; the message is for the person who tried it."""


def local_zone():
    return zoneinfo.ZoneInfo(getattr(settings, "CENTERS_APPLICATION_TIME_ZONE", DEFAULT_TIME_ZONE))


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


def submit_application(fields, signed_scan, *, consent_ip, now=None):
    """Store a new application inside the window, numbered within its year; raises LifecycleError outside it.

    The contact person's consent (text and version from centers/consent.py) is stored on the row and as a
    ConsentRecord in the same transaction: a refused or failed submission leaves no consent behind."""
    now = now or timezone.now()
    is_open, _window, message = window_status(now)
    if not is_open:
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
                    consent_version=CURRENT_VERSION[APPLICATION_CONSENT],
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
            break
        except IntegrityError:  # two submissions took the same number at once; take the next one
            discard_stored_scan(application)
            continue
        except BaseException:
            discard_stored_scan(application)
            raise
    else:
        raise LifecycleError(_("The application could not be registered; please try again."))
    send_logging_failures(send_receipt, application)
    return application


def discard_stored_scan(application):
    """The rolled-back row's scan was already written to storage: remove it, so nothing is half-stored."""
    scan = application.signed_scan if application is not None else None
    if scan and scan.name and getattr(scan, "_committed", False):
        scan.storage.delete(scan.name)


def send_receipt(application):
    send_mail(
        _("Application %(reference)s received") % {"reference": application.reference},
        _(
            "Hello, %(name)s!\n\n"
            "The department of education has received the application of %(organization)s to open a resource "
            "center for the direction “%(direction)s”.\n"
            "Reference number: %(reference)s. Please quote it in any correspondence.\n\n"
            "The expert council will review the application; we will inform you of the decision by e-mail."
        )
        % {
            "name": application.contact_name,
            "organization": application.organization_name,
            "direction": application.direction.name,
            "reference": application.reference,
        },
        None,
        [application.contact_email],
    )


def is_expert(user):
    return user.has_perm("centers.review_application")


def is_decider(user):
    return user.has_perm("centers.decide_application")


def visible_applications(user):
    """Moderators see every application; experts only those under review; anyone else none."""
    if is_decider(user):
        return Application.objects.all()
    if is_expert(user):
        return Application.objects.filter(status=Status.UNDER_REVIEW)
    return Application.objects.none()


def own_review(application, user):
    return application.reviews.filter(expert=user).first()


def visible_reviews(application, user):
    """Moderators see every review; an expert sees the others' only after filing their own."""
    reviews = application.reviews.select_related("expert").prefetch_related("scores__criterion")
    if is_decider(user):
        return reviews
    if not is_expert(user):
        return reviews.none()
    if own_review(application, user) is None:
        return reviews.none()
    return reviews


@transaction.atomic
def file_review(application, expert, scores, recommendation, comment=""):
    """Create or, until the decision, update `expert`'s review; `scores` maps each criterion to its points."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.UNDER_REVIEW:
        raise LifecycleError(_("Reviews can be filed or changed only while the application is under review."))
    review, _created = ExpertReview.objects.update_or_create(
        application=application,
        expert=expert,
        defaults={"recommendation": recommendation, "comment": comment, "filed_at": timezone.now()},
    )
    for criterion, points in scores.items():
        if not 0 <= points <= criterion.max_score:
            raise LifecycleError(
                _("The score for “%(criterion)s” must be between 0 and %(max)s.")
                % {"criterion": criterion.name, "max": criterion.max_score}
            )
        ReviewScore.objects.update_or_create(review=review, criterion=criterion, defaults={"score": points})
    return review


def score_summary(application):
    """Per review totals, the sum and the average total, for the moderator's decision."""
    reviews = list(application.reviews.prefetch_related("scores").select_related("expert"))
    totals = [review.total for review in reviews]
    return {
        "reviews": len(reviews),
        "sum": sum(totals),
        "average": round(sum(totals) / len(totals), 2) if totals else None,
        "recommendations": {
            label: sum(1 for review in reviews if review.recommendation == value)
            for value, label in ExpertReview.Recommendation.choices
        },
    }


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
