"""Public views of event registration: the event page (cacheable), its form at register/, the result, the cancel link.

The event page carries no form and no CSRF token, so the anonymous page cache can serve it on registration day; a
registration purges it (centers.registration.purge_on_commit), so the seats left shown there stay exact. The form
page is per visitor and never cached; a success redirects (POST/redirect/GET) to a signed, short-lived result page.
"""

from urllib.parse import urlencode

from django import forms
from django.core import signing
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from centers.common.email_addresses import NormalisedEmailField
from centers.common.form_pages import form_page_response
from centers.common.rate_limit import client_ip, submission_limit_reached, take_submission_slot
from centers.events.ical import ICS_PUBLISH, calendar_for, ics_filename
from centers.events.models.registrations import Registration
from centers.events.registration import (
    CLOSED_MESSAGES,
    CONSENT_KIND,
    AlreadyCancelled,
    AlreadyRegistered,
    RegistrationClosed,
    active_registration,
    cancel_registration,
    confirm_pending_registration,
    pending_registration_from_token,
    register_participant,
    registration_from_token,
    resend_registration_letter,
    site_root_url,
)
from centers.outbox.delivery import deliver_after_answer
from centers.privacy.consent import consent_context
from centers.privacy.person_links import LinkRefused

DONE_SALT = "centers.registration.done"
# How long the result page's address shows the registration: long enough to reload it, short enough that an address
# left in a shared computer's history soon shows nothing; the letter has everything for later.
DONE_PAGE_SECONDS = 3600
RATE_LIMIT_SCOPE = "registration"
RESEND_SCOPE = "registration_resend"


class RegistrationForm(forms.Form):
    occurrence = forms.IntegerField(widget=forms.HiddenInput, required=False)
    full_name = forms.CharField(label=gettext_lazy("Surname, name and patronymic"), max_length=200)
    position = forms.CharField(label=gettext_lazy("Position"), max_length=200)
    organization = forms.CharField(label=gettext_lazy("Organization"), max_length=300)
    email = NormalisedEmailField(label=gettext_lazy("E-mail"))
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


def registration_url(page):
    return page.url + page.reverse_subpage("register")


def done_url(page, registration):
    """The result page names the registration by a signed token, in the query: Wagtail's page paths allow no ':'."""
    token = signing.dumps(registration.pk, salt=DONE_SALT)
    return page.url + page.reverse_subpage("registration_done") + "?" + urlencode({"r": token})


def registration_state(page):
    """What the event page and the form page show about seats and whether registration is open."""
    now = timezone.now()
    upcoming = list(page.occurrences.filter(end__gte=now, is_cancelled=False)[:12])
    first_open = page.open_occurrences().first() if page.registration_enabled else None
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
    # Nothing ahead but cancelled meetings (their center closed, their dates dropped): cancelled, not "took place".
    all_cancelled = not upcoming and page.occurrences.filter(end__gte=now, is_cancelled=True).exists()
    if all_cancelled:
        closed_reason = CLOSED_MESSAGES["cancelled"]
    return {
        "upcoming": upcoming,
        "next_occurrence": next_occurrence,
        "has_ended": not upcoming and not all_cancelled,
        "registration_open": first_open is not None,
        # A one-time event with every seat taken: what registering now leads to is the waiting list.
        "only_waiting_list": (
            first_open is not None
            and not page.is_recurring
            and next_occurrence is not None
            and next_occurrence.seats_left == 0
        ),
        "closed_reason": closed_reason,
        "registration_url": registration_url(page),
    }


def event_view(page, request):
    """The event page: the same for every visitor (no form, no token), so the page cache may keep it."""
    if request.method == "POST":
        # A form rendered on this page before registration moved to its own address: 307 re-sends it there.
        response = HttpResponseRedirect(registration_url(page))
        response.status_code = 307
        return response
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    context = page.get_context(request)
    context.update(registration_state(page))
    return TemplateResponse(request, page.get_template(request), context)


def registration_form_view(page, request):
    """register/: GET shows the form, POST registers and redirects to the result, or shows the form again (400)."""
    if not page.registration_enabled:
        raise Http404
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    status = 200
    form = None
    if request.method == "POST":
        if submission_limit_reached(RATE_LIMIT_SCOPE, request, request.POST.get("email")):
            return too_many_submissions(request, page)
        form = RegistrationForm(request.POST, event=page)
        if form.is_valid():
            response = register_from_form(request, page, form)
            if response is not None:
                return response
        status = 400
    state = registration_state(page)
    if form is None and state["registration_open"]:
        form = RegistrationForm(event=page)
    return form_page_response(
        request,
        page,
        "centers/events/registration_form.html",
        _("Registration"),
        status=status,
        form=form,
        **consent_context(CONSENT_KIND),
        **state,
    )


def too_many_submissions(request, page):
    return TemplateResponse(request, "centers/common/submission_refused.html", {"page": page}, status=429)


def register_from_form(request, page, form):
    """Registers a valid form and redirects to the result; None with the refusal added to the form."""
    data = form.cleaned_data
    if not take_submission_slot(RATE_LIMIT_SCOPE, request, data["email"]):
        return too_many_submissions(request, page)
    base_url = site_root_url(request)
    try:
        registration = register_participant(
            data["occurrence"].pk,
            full_name=data["full_name"],
            position=data["position"],
            organization=data["organization"],
            email=data["email"],
            phone=data["phone"],
            consent_ip=client_ip(request),
            base_url=base_url,
        )
    except AlreadyRegistered as refusal:
        registration = active_registration(data["occurrence"].pk, data["email"])
        if registration is None:  # cancelled meanwhile: let the visitor try again
            form.add_error("email", str(refusal.message))
            return None
        resend_letter(request, registration, base_url)
        return redirect(done_url(page, registration))
    except RegistrationClosed as refusal:
        form.add_error(None, str(refusal.message))
    else:
        deliver_after_answer(registration.letter.pk)
        return redirect(done_url(page, registration))
    return None


def resend_letter(request, registration, base_url):
    """An address registered again gets the same answer as a new one (whoever typed it learns nothing) and its
    letter once more, a few times an hour: a lost letter is what a second registration usually means."""
    if take_submission_slot(RESEND_SCOPE, request, registration.email):
        deliver_after_answer(resend_registration_letter(registration, base_url).pk)


def registration_done_view(page, request):
    """register/done/?r=<token>: what the registration got (a seat or a place in line), for an hour after it."""
    try:
        registration_id = signing.loads(request.GET.get("r", ""), salt=DONE_SALT, max_age=DONE_PAGE_SECONDS)
    except signing.SignatureExpired:
        registration = None
    except signing.BadSignature as error:
        raise Http404 from error
    else:
        registration = (
            Registration.objects.select_related("occurrence")
            .filter(pk=registration_id, occurrence__event=page)
            .first()
        )
        if registration is None:
            raise Http404
    return form_page_response(
        request,
        page,
        "centers/events/registration_done.html",
        _("Registration"),
        status=200 if registration else 410,
        registration=registration,
        place=registration.waitlist_place() if registration else None,
    )


def occurrence_ics_view(page, request, occurrence_id):
    """ics/<id>/: one meeting as an iCalendar file, to add to a calendar by hand."""
    occurrence = page.occurrences.filter(pk=occurrence_id, is_cancelled=False).first()
    if occurrence is None:
        raise Http404
    response = HttpResponse(calendar_for([occurrence], request).to_ical(), content_type=ICS_PUBLISH)
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(occurrence)}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_registration_view(request, token):
    """The link from the letter: GET asks to confirm (mail scanners follow links), POST cancels, once. A link of the
    earlier, signed kind answers 410 and points to the teacher's record (/my/), which cancels as well."""
    try:
        registration = registration_from_token(token)
    except LinkRefused as refusal:
        return TemplateResponse(
            request,
            "centers/events/cancel_refused.html",
            {"reason": {"unknown": "forged", "expired": "started"}.get(refusal.reason, refusal.reason)},
            status=400 if refusal.reason == "unknown" else 410,
        )
    if registration.status == Registration.Status.CANCELLED:
        return TemplateResponse(request, "centers/events/cancel_refused.html", {"reason": "used"}, status=410)
    if registration.occurrence.has_started:
        return TemplateResponse(
            request, "centers/events/cancel_refused.html", {"reason": "started"}, status=409
        )
    if request.method == "POST":
        try:
            cancel_registration(registration.pk, site_root_url(request), notify=True)
        except AlreadyCancelled:
            return TemplateResponse(
                request, "centers/events/cancel_refused.html", {"reason": "used"}, status=410
            )
        return TemplateResponse(request, "centers/events/cancel_done.html", {"registration": registration})
    return TemplateResponse(request, "centers/events/cancel_confirm.html", {"registration": registration})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_registration_view(request, token):
    """The link of a registration awaiting its e-mail: GET shows one button (mail scanners follow links), its POST
    takes a seat or a place in line."""
    try:
        registration = pending_registration_from_token(token)
    except LinkRefused as refusal:
        return TemplateResponse(
            request,
            "centers/events/cancel_refused.html",
            {"reason": "forged" if refusal.reason == "unknown" else "expired"},
            status=400 if refusal.reason == "unknown" else 410,
        )
    if request.method == "POST":
        try:
            registration = confirm_pending_registration(registration.pk, site_root_url(request))
        except RegistrationClosed as refusal:
            return TemplateResponse(
                request, "centers/events/cancel_refused.html", {"message": refusal.message}, status=409
            )
    return TemplateResponse(
        request, "centers/events/confirm_registration.html", {"registration": registration}
    )
