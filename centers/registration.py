"""Registration for events: seats held under a row lock, the waiting list, signed cancel links, e-mails."""

import logging
import re
from urllib.parse import unquote

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.models import Site
from wagtailcache.cache import clear_cache

from .consent import CURRENT_VERSION, consent_text, record_consents
from .coordinator_mail import send_logging_failures
from .models.consent import ConsentRecord
from .models.events import EventOccurrence
from .models.registrations import Registration

# The consent a registration asks for: its text and version live in centers/consent.py.
CONSENT_KIND = ConsentRecord.Kind.EVENT_REGISTRATION
CONSENT_VERSION = CURRENT_VERSION[CONSENT_KIND]
CANCEL_SALT = "centers.registration.cancel"

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

    Only that page's entries go (wagtail-cache's keyring, WAGTAIL_CACHE_KEYRING); without a keyring wagtail-cache
    empties the whole page cache, which is still correct. Runs after the commit: a cache failure must not undo a
    seat, so it is logged, and the entry then lives at most the cache's timeout.
    """
    try:
        clear_cache(urls=[rf"^https?://[^/]+{re.escape(unquote(path))}"])
    except Exception:
        logger.exception("Could not purge the page cache for %s", path)


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
):
    """Confirm a seat if one is free, else put the registrant at the end of the waiting list.

    The consent is stored with the registration, on the row and as a ConsentRecord, in the same transaction:
    a refused registration leaves neither behind."""
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
        counts = Registration.objects.filter(occurrence=occurrence).aggregate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            last_ticket=Max("waitlist_position"),
        )
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
            consent_version=CONSENT_VERSION,
        )
        capacity = occurrence.event.capacity
        if capacity is None or counts["confirmed"] < capacity:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = now
        else:
            registration.status = Registration.Status.WAITLISTED
            registration.waitlist_position = (counts["last_ticket"] or 0) + 1
        try:
            with transaction.atomic():
                registration.save()
        except (
            IntegrityError
        ) as error:  # the unique (meeting, lower(e-mail)) index: a backstop to the check above
            raise AlreadyRegistered from error
        record_consents(
            [CONSENT_KIND],
            email=email,
            subject=registration,
            ip_address=consent_ip,
            name=full_name,
            given_at=now,
        )
        purge_on_commit(occurrence)
    return registration


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
            transaction.on_commit(
                lambda r=registration: send_logging_failures(
                    send_registration_email, r, base_url, promoted=True
                )
            )
        if promoted:
            purge_on_commit(occurrence)
    return promoted


def cancel_registration(registration_id, base_url=None):
    """Cancel once; a freed seat goes to the first in line."""
    with transaction.atomic():
        occurrence_id = Registration.objects.values_list("occurrence_id", flat=True).get(pk=registration_id)
        occurrence = locked_occurrence(occurrence_id)
        registration = Registration.objects.get(pk=registration_id)
        if registration.status == Registration.Status.CANCELLED:
            raise AlreadyCancelled
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.waitlist_position = None
        registration.save(update_fields=["status", "cancelled_at", "waitlist_position"])
        purge_on_commit(occurrence)
        promoted = promote_waitlisted(occurrence, base_url) if not occurrence.has_started else []
    return registration, promoted


def cancel_token(registration):
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def registration_from_token(token):
    """The registration a cancel link names, or None when the link was not made by this site."""
    try:
        registration_id = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("occurrence__event").filter(pk=registration_id).first()


def site_root_url(request=None):
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def send_registration_email(registration, base_url=None, promoted=False):
    """The confirmation (or waiting-list notice) with the cancel link; confirmed seats get an .ics file."""
    from .ical import calendar_for, ics_filename

    base_url = base_url or site_root_url()
    occurrence = registration.occurrence
    event = occurrence.event
    context = {
        "registration": registration,
        "occurrence": occurrence,
        "event": event,
        "event_url": base_url + event.get_url(),
        "cancel_url": base_url + reverse("centers_cancel_registration", args=[cancel_token(registration)]),
        "promoted": promoted,
        "place": registration.waitlist_place(),
    }
    if registration.status == Registration.Status.CONFIRMED:
        subject = (
            _("A seat has become free: you are registered for «%(title)s»")
            if promoted
            else _("You are registered for «%(title)s»")
        )
    else:
        subject = _("You are on the waiting list for «%(title)s»")
    message = EmailMessage(
        subject=subject % {"title": event.title},
        body=render_to_string("centers/emails/registration.txt", context),
        to=[registration.email],
    )
    if registration.status == Registration.Status.CONFIRMED:
        ics = calendar_for([occurrence], base_url=base_url).to_ical()
        message.attach(ics_filename(occurrence), ics, "text/calendar")
    message.send()


# Forms and views -----------------------------------------------------------------------------------------------


class RegistrationForm(forms.Form):
    occurrence = forms.IntegerField(widget=forms.HiddenInput, required=False)
    full_name = forms.CharField(label=gettext_lazy("Surname, name and patronymic"), max_length=200)
    position = forms.CharField(label=gettext_lazy("Position"), max_length=200)
    organization = forms.CharField(label=gettext_lazy("Organization"), max_length=300)
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=50, required=False)
    consent = forms.BooleanField(
        label=gettext_lazy("I consent to the processing of my personal data"),
        error_messages={
            "required": gettext_lazy("Registration needs your consent to the processing of personal data.")
        },
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.open_occurrences = list(event.open_occurrences()[:24])
        if event.is_recurring:
            self.fields["occurrence"] = forms.TypedChoiceField(
                label=gettext_lazy("Meeting"),
                coerce=int,
                choices=[
                    (o.pk, f"{timezone.localtime(o.start):%d.%m.%Y %H:%M}") for o in self.open_occurrences
                ],
            )
        elif self.open_occurrences:
            self.initial.setdefault("occurrence", self.open_occurrences[0].pk)
        for name in ("full_name", "position", "organization", "email", "phone"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "full_name": "name",
                "position": "organization-title",
                "organization": "organization",
                "email": "email",
                "phone": "tel",
            }[name]

    def clean_occurrence(self):
        chosen = self.cleaned_data.get("occurrence")
        if chosen is None and not self.event.is_recurring:
            occurrence = self.event.occurrences.filter(is_cancelled=False).first()
        else:
            occurrence = self.event.occurrences.filter(pk=chosen).first()
        if occurrence is None:
            raise forms.ValidationError(_("Choose a meeting of this event."))
        state = occurrence.registration_state()
        if state != "open":
            raise forms.ValidationError(CLOSED_MESSAGES[state])
        return occurrence

    def clean_email(self):
        return self.cleaned_data["email"].strip()


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


def seat_counts(occurrences):
    """Confirmed and waiting counts per meeting, in one query."""
    rows = (
        Registration.objects.filter(occurrence__in=occurrences)
        .values("occurrence_id")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
    )
    return {row["occurrence_id"]: row for row in rows}


def registration_view(page, request):
    """The event page itself: GET shows it with the form, POST registers."""
    status = 200
    registration = None
    form = None
    if request.method == "POST":
        form = RegistrationForm(request.POST, event=page)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = register_participant(
                    data["occurrence"].pk,
                    full_name=data["full_name"],
                    position=data["position"],
                    organization=data["organization"],
                    email=data["email"],
                    phone=data["phone"],
                    consent_ip=client_ip(request),
                )
            except AlreadyRegistered as refusal:
                form.add_error("email", str(refusal.message))
            except RegistrationClosed as refusal:
                form.add_error(None, str(refusal.message))
        if registration is None:
            status = 400
        else:
            send_logging_failures(send_registration_email, registration, site_root_url(request))
            return TemplateResponse(
                request,
                "centers/registration_done.html",
                {"page": page, "registration": registration, "place": registration.waitlist_place()},
            )
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    context = page.get_context(request)
    context.update(event_context(page, form))
    return TemplateResponse(request, page.get_template(request), context, status=status)


def event_context(page, form=None):
    now = timezone.now()
    upcoming = list(page.occurrences.filter(end__gte=now, is_cancelled=False)[:12])
    first_open = page.open_occurrences().first() if page.registration_enabled else None
    if form is None and first_open is not None:
        form = RegistrationForm(event=page)
    counts = seat_counts(upcoming)
    for occurrence in upcoming:
        row = counts.get(occurrence.pk, {"confirmed": 0, "waiting": 0})
        occurrence.confirmed_count = row["confirmed"]
        occurrence.waiting_count = row["waiting"]
        occurrence.seats_left = (
            max(page.capacity - row["confirmed"], 0) if page.capacity is not None else None
        )
    next_occurrence = upcoming[0] if upcoming else None
    closed_reason = None
    if first_open is None and page.registration_enabled and next_occurrence is not None:
        closed_reason = CLOSED_MESSAGES.get(next_occurrence.registration_state())
    return {
        "form": form,
        "upcoming": upcoming,
        "next_occurrence": next_occurrence,
        "has_ended": not upcoming,
        "closed_reason": closed_reason,
        "consent_version": CONSENT_VERSION,
        "consent_text": consent_text(CONSENT_KIND),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_registration_view(request, token):
    """The link from the letter: GET asks to confirm (mail scanners follow links), POST cancels, once."""
    registration = registration_from_token(token)
    if registration is None:
        return TemplateResponse(request, "centers/cancel_refused.html", {"reason": "forged"}, status=400)
    if registration.status == Registration.Status.CANCELLED:
        return TemplateResponse(request, "centers/cancel_refused.html", {"reason": "used"}, status=410)
    if registration.occurrence.has_started:
        return TemplateResponse(request, "centers/cancel_refused.html", {"reason": "started"}, status=409)
    if request.method == "POST":
        try:
            cancel_registration(registration.pk, site_root_url(request))
        except AlreadyCancelled:
            return TemplateResponse(request, "centers/cancel_refused.html", {"reason": "used"}, status=410)
        return TemplateResponse(request, "centers/cancel_done.html", {"registration": registration})
    return TemplateResponse(request, "centers/cancel_confirm.html", {"registration": registration})
