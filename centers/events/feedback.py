"""Feedback after a meeting: one letter per attendee with a link to the form, and the scores' aggregates.

The link carries an opaque token (centers.privacy.person_links). Links signed before tokens (they named the
registration by its number) still open the form until their own 30 days are over: the form cannot be reached any
other way, and none of them lives past FEEDBACK_LINK_DAYS after the change."""

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.events.models.feedback import Feedback
from centers.events.models.registrations import Registration
from centers.events.registration import site_root_url
from centers.outbox.letters import compose_letter
from centers.outbox.once import send_once_each
from centers.privacy.person_links import LinkRefused, PersonLink, issue_link, open_link

FEEDBACK_SALT = "centers.events.feedback"  # links signed before tokens
# A teacher may answer (or change the answer) for a month after the letter.
FEEDBACK_LINK_DAYS = 30
SCORES = range(1, 6)
# Only meetings that ended within this many days are asked about (settings.CENTERS_FEEDBACK_MAX_AGE_DAYS): after an
# upgrade, registrations of older meetings carry no mark and must not all be written to at once.
DEFAULT_FEEDBACK_MAX_AGE_DAYS = 14


def feedback_max_age():
    return datetime.timedelta(
        days=getattr(settings, "CENTERS_FEEDBACK_MAX_AGE_DAYS", DEFAULT_FEEDBACK_MAX_AGE_DAYS)
    )


def feedback_token(registration):
    return issue_link(
        PersonLink.Purpose.FEEDBACK, datetime.timedelta(days=FEEDBACK_LINK_DAYS), object_id=registration.pk
    )


def legacy_registration_id(token):
    """The registration a link signed before tokens names, within its 30 days (ValueError "expired" or "forged")."""
    try:
        registration_id = signing.loads(
            token, salt=FEEDBACK_SALT, max_age=datetime.timedelta(days=FEEDBACK_LINK_DAYS)
        )
    except signing.SignatureExpired as error:
        raise ValueError("expired") from error
    except signing.BadSignature as error:
        raise ValueError("forged") from error
    if not isinstance(registration_id, int):
        raise ValueError("forged")
    return registration_id


def registration_from_feedback_token(token):
    """The attendee's registration, or the reason there is none: "expired" or "forged" (raised as ValueError)."""
    if ":" in token:  # django.core.signing's separator: a link of the earlier kind
        registration_id = legacy_registration_id(token)
    else:
        try:
            registration_id = open_link(token, PersonLink.Purpose.FEEDBACK).object_id
        except LinkRefused as refusal:
            raise ValueError("forged" if refusal.reason == "unknown" else "expired") from refusal
    registration = (
        Registration.objects.select_related("occurrence__event")
        .filter(pk=registration_id, anonymized_at__isnull=True, attended=True)
        .first()
    )
    if registration is None:
        raise ValueError("gone")
    return registration


def due_feedback_requests(now=None):
    """Attendees of meetings that ended within the last CENTERS_FEEDBACK_MAX_AGE_DAYS days, attendance marked, who
    have not been asked yet. An older meeting is never asked about, marked or not."""
    now = now or timezone.now()
    return Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        attended=True,
        feedback_requested_at__isnull=True,
        anonymized_at__isnull=True,
        occurrence__is_cancelled=False,
        occurrence__end__lt=now,
        occurrence__end__gte=now - feedback_max_age(),
        occurrence__event__live=True,
    ).order_by("occurrence__end", "pk")


def feedback_message(registration, base_url):
    """The letter with the link to the form: Russian plain text and its HTML alternative."""
    event = registration.occurrence.event
    context = {
        "registration": registration,
        "occurrence": registration.occurrence,
        "event": event,
        "feedback_url": base_url + reverse("centers_feedback", args=[feedback_token(registration)]),
        "days": FEEDBACK_LINK_DAYS,
    }
    return compose_letter(
        _("How was «%(title)s»? Two minutes of your opinion") % {"title": event.title},
        "centers/events/emails/feedback_request",
        context,
        [registration.email],
    )


def send_feedback_requests(now=None, base_url=None):
    """Writes each due letter to the outbox once, marking the registration in the same transaction; returns how many.

    The row is locked while its letter is written, so overlapping runs never write it twice; the outbox sends it."""
    base_url = base_url or site_root_url()
    sent, failed = send_once_each(
        due_feedback_requests(now),
        lambda registration: feedback_message(registration, base_url),
        "feedback_requested_at",
        related=["occurrence__event"],
    )
    return sent + failed  # a refused letter waits in the outbox


def save_feedback(registration, data):
    """The first answer, or the same person's corrected one: one row per registration."""
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration,
        defaults={"occurrence_id": registration.occurrence_id, **data},
    )
    return feedback


def feedback_summary(occurrences):
    """(answers, average usefulness or None) over these meetings: the scores the center's year report uses."""
    totals = Feedback.objects.filter(occurrence__in=occurrences).aggregate(
        count=Count("pk"), average=Avg("usefulness")
    )
    return totals["count"], totals["average"]


def feedback_overview(occurrence):
    """What the participants' screen shows: count, average, how many gave each score, and the comments unsigned."""
    answers = Feedback.objects.filter(occurrence=occurrence)
    count, average = feedback_summary([occurrence])
    by_score = dict(answers.values_list("usefulness").annotate(n=Count("pk")).order_by())
    comments = [
        {"most_useful": a.most_useful, "to_improve": a.to_improve, "topics_wanted": a.topics_wanted}
        for a in answers.order_by("?")
        if a.most_useful or a.to_improve or a.topics_wanted
    ]
    return {
        "count": count,
        "average": average,
        "distribution": [
            {
                "score": score,
                "answers": by_score.get(score, 0),
                "percent": round(100 * by_score.get(score, 0) / count) if count else 0,
            }
            for score in reversed(SCORES)
        ],
        "comments": comments,
    }
