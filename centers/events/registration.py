"""Registration for events: seats held under a row lock, the waiting list, cancel links, e-mails.

Every letter is written to the outbox (centers.outbox) in the transaction that stores what it tells about, so a
stored registration always gets its letter, even when the mail server or the worker fails right after the commit.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from centers.common.page_cache import path_pattern, purge_cached_urls
from centers.events.ical import ICS_CANCEL, ICS_PUBLISH, calendar_for, cancellation_calendar, ics_filename
from centers.events.models.occurrences import EventOccurrence
from centers.events.models.registrations import Registration
from centers.outbox.delivery import deliver_after_commit, enqueue
from centers.outbox.letters import compose_letter, compose_text_letter
from centers.privacy.consent import current_version, record_consents
from centers.privacy.models import ConsentRecord
from centers.privacy.person_links import LinkRefused, PersonLink, issue_link, open_link

# The consent a registration asks for: its text and version are the department's (centers/privacy).
CONSENT_KIND = ConsentRecord.Kind.EVENT_REGISTRATION
CONFIRM_LINK_LIFETIME = datetime.timedelta(days=2)
# Cancel links before tokens were signed with this salt: recognised only to say they are outdated.
LEGACY_CANCEL_SALT = "centers.registration.cancel"

CLOSED_MESSAGES = {
    "disabled": gettext_lazy("Registration for this event is not open."),
    "cancelled": gettext_lazy("This meeting has been cancelled."),
    "started": gettext_lazy("Registration is closed: the event has already started."),
    "deadline": gettext_lazy("Registration is closed: the registration deadline has passed."),
}


class RegistrationClosed(Exception):
    def __init__(self, state):
        super().__init__(state)
        self.message = CLOSED_MESSAGES[state]


class AlreadyRegistered(Exception):
    message = gettext_lazy(
        "This e-mail is already registered for this event. If you did not get the letter, check the spam folder."
    )


class AlreadyCancelled(Exception):
    pass


logger = logging.getLogger(__name__)


# Services ------------------------------------------------------------------------------------------------------


def locked_occurrence(occurrence_id):
    """The meeting's row, locked until the transaction ends: every seat decision for it queues here."""
    return (
        EventOccurrence.objects.select_for_update(of=("self",)).select_related("event").get(pk=occurrence_id)
    )


def purge_cached_event_page(path):
    """Take the event page (and its sub-pages) out of the anonymous page cache, so the seats left show at once.

    Only that page's entries go (wagtail-cache's keyring). Runs after the commit: a cache failure must not undo a
    seat, so it is logged, and the entry then lives at most the cache's timeout.
    """
    purge_cached_urls([path_pattern(path, subtree=True)])


def purge_on_commit(occurrence):
    """Seats changed: purge the event page once the transaction commits (its URL is read while the database is up)."""
    path = occurrence.event.url
    if path:
        transaction.on_commit(lambda: purge_cached_event_page(path))


def register_participant(
    occurrence_id,
    *,
    full_name,
    position,
    organization,
    email,
    phone="",
    consent_ip=None,
    base_url=None,
):
    """Confirm a seat if one is free, else put the registrant at the end of the waiting list.

    The consent is stored with the registration, on the row and as a ConsentRecord, and its letter in the outbox
    (registration.letter), all in the same transaction: a refused registration leaves none of them behind."""
    with transaction.atomic():
        occurrence = locked_occurrence(occurrence_id)
        state = occurrence.registration_state()
        if state != "open":
            raise RegistrationClosed(state)
        active = Registration.objects.filter(occurrence=occurrence, anonymized_at__isnull=True).exclude(
            status=Registration.Status.CANCELLED
        )
        if active.filter(email__iexact=email).exists():
            raise AlreadyRegistered
        now = timezone.now()
        registration = Registration(
            occurrence=occurrence,
            full_name=full_name,
            position=position,
            organization=organization,
            email=email,
            phone=phone,
            consent_given_at=now,
            consent_ip=consent_ip,
            consent_version=current_version(CONSENT_KIND),
        )
        if beyond_address_share(occurrence, consent_ip):
            registration.status = Registration.Status.PENDING
        else:
            take_seat_or_waiting_ticket(registration, now)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            # The unique (meeting, lower(e-mail)) index: a backstop to the check above.
            raise AlreadyRegistered from error
        record_consents(
            [CONSENT_KIND],
            email=email,
            subject=registration,
            ip_address=consent_ip,
            name=full_name,
            given_at=now,
        )
        registration.letter = enqueue(registration_message(registration, base_url))
        purge_on_commit(occurrence)
    return registration


def unconfirmed_seats_per_address():
    """How many registrations for one meeting one address may make before the next wait for their e-mail.

    Schools reach the internet through one address (a regional filtering network, through one for many): forty
    teachers of a school all get a seat or a place in line at once. Beyond that, a registration from the same
    address is kept awaiting its e-mail's confirmation, so invented e-mails cannot take more seats than this."""
    return getattr(settings, "CENTERS_UNCONFIRMED_SEATS_PER_ADDRESS", 40)


def beyond_address_share(occurrence, ip_address):
    """Whether this address already holds its share of the meeting's seats and places in line (counted under the
    meeting's lock, so two requests at once never both slip under it)."""
    if not ip_address:
        return False
    held = Registration.objects.filter(
        occurrence=occurrence,
        consent_ip=ip_address,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
    ).count()
    return held >= unconfirmed_seats_per_address()


def registration_confirm_token(registration):
    """The link of a pending registration's letter: opaque, until the meeting starts (at most two days)."""
    lifetime = min(registration.occurrence.start - timezone.now(), CONFIRM_LINK_LIFETIME)
    return issue_link(
        PersonLink.Purpose.CONFIRM_REGISTRATION,
        max(lifetime, datetime.timedelta(0)),
        object_id=registration.pk,
    )


def pending_registration_from_token(token):
    """The registration a confirm link names; LinkRefused when the link does not open."""
    link = open_link(token, PersonLink.Purpose.CONFIRM_REGISTRATION)
    registration = Registration.objects.select_related("occurrence__event").filter(pk=link.object_id).first()
    if registration is None:
        raise LinkRefused("unknown")
    return registration


def confirm_pending_registration(registration_id, base_url=None):
    """The e-mail is confirmed: a free seat or the next place in line, now, with the usual letter. Returns the
    registration; a second press changes nothing; RegistrationClosed when the meeting no longer takes anyone."""
    with transaction.atomic():
        occurrence_id = Registration.objects.values_list("occurrence_id", flat=True).get(pk=registration_id)
        occurrence = locked_occurrence(occurrence_id)
        registration = Registration.objects.select_related("occurrence__event").get(pk=registration_id)
        if registration.status != Registration.Status.PENDING:
            return registration
        state = occurrence.registration_state()
        if state != "open":
            raise RegistrationClosed(state)
        take_seat_or_waiting_ticket(registration, timezone.now())
        registration.save(update_fields=["status", "confirmed_at", "waitlist_position"])
        deliver_after_commit(enqueue(registration_message(registration, base_url)))
        purge_on_commit(occurrence)
    return registration


def active_registration(occurrence_id, email):
    """The meeting's registration of this address that is neither cancelled nor erased, or None."""
    return (
        Registration.objects.select_related("occurrence__event")
        .filter(occurrence_id=occurrence_id, email__iexact=email, anonymized_at__isnull=True)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def resend_registration_letter(registration, base_url=None):
    """The letter of an active registration once more (a visitor who lost it registers again)."""
    with transaction.atomic():
        return enqueue(registration_message(registration, base_url))


def take_seat_or_waiting_ticket(registration, now):
    """A free seat confirms the registration; with none left it takes the next number on the waiting list."""
    occurrence = registration.occurrence
    counts = Registration.objects.filter(occurrence=occurrence).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        last_ticket=Max("waitlist_position"),
    )
    capacity = occurrence.event.capacity
    if capacity is None or counts["confirmed"] < capacity:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlist_position = (counts["last_ticket"] or 0) + 1


def promote_waitlisted(occurrence, base_url=None):
    """Fill free seats from the head of the waiting list and write to those promoted."""
    with transaction.atomic():
        occurrence = locked_occurrence(occurrence.pk)
        capacity = occurrence.event.capacity
        waiting = Registration.objects.filter(
            occurrence=occurrence, status=Registration.Status.WAITLISTED
        ).order_by("waitlist_position", "pk")
        if capacity is not None:
            confirmed = Registration.objects.filter(
                occurrence=occurrence, status=Registration.Status.CONFIRMED
            ).count()
            waiting = waiting[: max(capacity - confirmed, 0)]
        promoted = list(waiting)
        now = timezone.now()
        for registration in promoted:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = now
            registration.waitlist_position = None
            registration.save(update_fields=["status", "confirmed_at", "waitlist_position"])
            deliver_after_commit(enqueue(registration_message(registration, base_url, promoted=True)))
        if promoted:
            purge_on_commit(occurrence)
    return promoted


def cancel_registration(registration_id, base_url=None, notify=False):
    """Cancel once; a freed seat goes to the first in line. With `notify`, a confirmed registrant gets a letter whose
    calendar file removes the meeting from the calendar the confirmation's file put it in."""
    with transaction.atomic():
        occurrence_id = Registration.objects.values_list("occurrence_id", flat=True).get(pk=registration_id)
        occurrence = locked_occurrence(occurrence_id)
        registration = Registration.objects.get(pk=registration_id)
        if registration.status == Registration.Status.CANCELLED:
            raise AlreadyCancelled
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.waitlist_position = None
        registration.save(update_fields=["status", "cancelled_at", "waitlist_position"])
        purge_on_commit(occurrence)
        promoted = promote_waitlisted(occurrence, base_url) if not occurrence.has_started else []
        if notify and was_confirmed:
            deliver_after_commit(enqueue(cancellation_message(registration)))
    return registration, promoted


def calendar_host():
    """The host in the UIDs of the calendar files letters carry: the site's own, the same in every letter."""
    return site_root_url().split("://", 1)[-1].strip("/") or "localhost"


def calendar_removal(occurrence, email):
    """The (name, bytes, type) attachment that takes the meeting out of the calendar of whoever imported it."""
    ics = cancellation_calendar(occurrence, calendar_host(), attendee=email).to_ical()
    return (ics_filename(occurrence), ics, ICS_CANCEL)


def cancellation_message(registration):
    """The registrant's own cancellation, confirmed by letter with the calendar file that removes the meeting."""
    occurrence = registration.occurrence
    title = occurrence.event.title
    when = timezone.localtime(occurrence.start).strftime("%d.%m.%Y %H:%M")
    body = _(
        "Hello, %(name)s!\n\nYour registration is cancelled: %(title)s, %(when)s.\n\n"
        "If you added the meeting to your calendar, open the attached file: it removes the meeting."
    ) % {"name": registration.full_name, "title": title, "when": when}
    return compose_text_letter(
        _("Registration cancelled: %(title)s") % {"title": title},
        body,
        [registration.email],
        attachments=[calendar_removal(occurrence, registration.email)],
    )


def cancel_link_end(registration):
    """A cancel link works until the event's last meeting ends (cancelling is refused once its own meeting starts;
    a meeting moved later, within the event's dates, keeps the link working)."""
    occurrence = registration.occurrence
    last_end = EventOccurrence.objects.filter(event_id=occurrence.event_id).aggregate(last=Max("end"))["last"]
    return max(end for end in (occurrence.end, last_end) if end is not None)


def cancel_token(registration):
    """The opaque token of a letter's cancel link (centers.privacy.person_links): no registration number in it."""
    return issue_link(
        PersonLink.Purpose.CANCEL_REGISTRATION, cancel_link_end(registration), object_id=registration.pk
    )


def registration_from_token(token):
    """The registration a cancel link names; LinkRefused says why not ("outdated" for a link this site signed before
    tokens, which named the registration by its number; "unknown" for a damaged or forged one)."""
    if ":" in token:
        try:
            signing.loads(token, salt=LEGACY_CANCEL_SALT)
        except signing.BadSignature as error:
            raise LinkRefused("unknown") from error
        raise LinkRefused("outdated")
    link = open_link(token, PersonLink.Purpose.CANCEL_REGISTRATION)
    registration = Registration.objects.select_related("occurrence__event").filter(pk=link.object_id).first()
    if registration is None or registration.anonymized_at is not None:
        raise LinkRefused("unknown")
    return registration


def pending_registration_message(registration, base_url):
    """The letter of a registration awaiting its e-mail: one link, which keeps the seat only when pressed."""
    event = registration.occurrence.event
    confirm_url = base_url + reverse(
        "centers_confirm_registration", args=[registration_confirm_token(registration)]
    )
    body = _(
        "Dear %(name)s,\n\nMany registrations for this event came from the same internet address as yours, so "
        "yours takes a seat or a place on the waiting list only once you confirm this e-mail. Open the link and "
        "press the button:\n%(url)s\n\n%(title)s, %(when)s\n\nIf you did not register, ignore this letter: "
        "nothing will be kept for you."
    ) % {
        "name": registration.full_name,
        "url": confirm_url,
        "title": event.title,
        "when": date_format(timezone.localtime(registration.occurrence.start), "j E Y, H:i"),
    }
    return compose_text_letter(
        _("Confirm your registration: %(title)s") % {"title": event.title}, body, [registration.email]
    )


def site_root_url(request=None):
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def registration_message(registration, base_url=None, promoted=False):
    """The confirmation (or waiting-list notice) with the cancel link; confirmed seats get an .ics file."""
    base_url = base_url or site_root_url()
    occurrence = registration.occurrence
    event = occurrence.event
    context = {
        "registration": registration,
        "occurrence": occurrence,
        "event": event,
        "event_url": base_url + event.get_url(),
        "promoted": promoted,
        "place": registration.waitlist_place(),
    }
    if registration.status == Registration.Status.PENDING:
        return pending_registration_message(registration, base_url)
    context["cancel_url"] = base_url + reverse(
        "centers_cancel_registration", args=[cancel_token(registration)]
    )
    if registration.status == Registration.Status.CONFIRMED:
        subject = (
            _("A seat has become free, you are registered: %(title)s")
            if promoted
            else _("You are registered: %(title)s")
        )
    else:
        subject = _("You are on the waiting list: %(title)s")
    attachments = []
    if registration.status == Registration.Status.CONFIRMED:
        ics = calendar_for(
            [occurrence], base_url=base_url, with_online_link=True, uid_host=calendar_host()
        ).to_ical()
        attachments.append((ics_filename(occurrence), ics, ICS_PUBLISH))
    return compose_letter(
        subject % {"title": event.title},
        "centers/events/emails/registration",
        context,
        [registration.email],
        attachments=attachments,
    )
