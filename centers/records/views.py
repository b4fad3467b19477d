"""/my/: a teacher asks for a link by e-mail and opens their own record with it; no account, no session.

Every page here is private to one person: never cached (no-store), never indexed, and sends a Referer only to this
site (same-origin), so the link in the address bar does not leak to other sites. (no-referrer would make browsers
send `Origin: null` with the page's forms, which Django's CSRF check refuses.)
"""

import functools

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from centers.certificates.fonts import CertificateFontsMissing
from centers.certificates.pdf import certificate_pdf
from centers.common.email_addresses import NormalisedEmailField
from centers.common.rate_limit import take_submission_slot
from centers.events.registration import AlreadyCancelled, cancel_registration, site_root_url
from centers.privacy.person_links import forget_links
from centers.records.access import LinkRefused, email_from_token, link_seconds, send_record_link
from centers.records.erasure import erase_person
from centers.records.record import holds_anything, own_certificate, own_registration, record_of

RATE_LIMIT_SCOPE = "record_link"


class RecordRequestForm(forms.Form):
    email = NormalisedEmailField(
        label=gettext_lazy("E-mail"),
        help_text=gettext_lazy(
            "The address you gave when registering, sending a practice or asking a question."
        ),
        error_messages={
            "required": gettext_lazy("Enter your e-mail."),
            "invalid": gettext_lazy("Enter a valid e-mail."),
        },
    )


def private(view):
    """No cache anywhere (no-store), no search engine, no Referer carrying the link to another site."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def with_email(view):
    """Opens the link: the e-mail it was made for, or a Russian page saying why not (400 damaged, 410 expired)."""

    @functools.wraps(view)
    def wrapped(request, token, *args, **kwargs):
        try:
            email = email_from_token(token)
        except LinkRefused as refusal:
            status = 400 if refusal.reason == "unknown" else 410
            # An expired or outdated link (links carried the e-mail before tokens) offers the form at once.
            form = RecordRequestForm() if status == 410 else None
            return TemplateResponse(
                request,
                "centers/records/link_refused.html",
                {"reason": refusal.reason, "form": form},
                status=status,
            )
        return view(request, token, email, *args, **kwargs)

    return wrapped


@private
@require_http_methods(["GET", "HEAD", "POST"])
def record_request_view(request):
    """The form; a valid address goes the same way whether it is known or not: counted, then the same page."""
    form = RecordRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            email = form.cleaned_data["email"]
            if not take_submission_slot(RATE_LIMIT_SCOPE, request, email):
                return TemplateResponse(request, "centers/common/submission_refused.html", {}, status=429)
            send_record_link(email, site_root_url(request))
            return redirect("centers_record_sent")
        return TemplateResponse(request, "centers/records/request.html", {"form": form}, status=400)
    return TemplateResponse(request, "centers/records/request.html", {"form": form})


@private
@require_safe
def record_sent_view(request):
    return TemplateResponse(request, "centers/records/sent.html", {"minutes": link_seconds() // 60})


@private
@require_safe
@with_email
def record_view(request, token, email):
    record = record_of(email)
    return TemplateResponse(
        request,
        "centers/records/record.html",
        {
            "token": token,
            "email": email,
            "holds_anything": holds_anything(record),
            "cancelled": request.GET.get("done") == "cancelled",
            **record,
        },
    )


@private
@require_POST
@with_email
def record_cancel_view(request, token, email, registration_id):
    """The record's cancel button: the same cancellation as the letter's link, for this e-mail's registrations only."""
    registration = own_registration(email, registration_id)
    if registration is None:
        raise Http404
    if registration.occurrence.has_started:
        return TemplateResponse(
            request, "centers/events/cancel_refused.html", {"reason": "started"}, status=409
        )
    try:
        cancel_registration(registration.pk, site_root_url(request), notify=True)
    except AlreadyCancelled:
        pass  # a second click: the record shows it cancelled either way
    return redirect(reverse("centers_record", args=[token]) + "?done=cancelled")


@private
@require_safe
@with_email
def record_certificate_view(request, token, email, number):
    certificate = own_certificate(email, number)
    if certificate is None:
        raise Http404
    try:
        body = certificate_pdf(certificate, site_root_url(request))
    except CertificateFontsMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


@private
@require_http_methods(["GET", "HEAD", "POST"])
@with_email
def record_erase_view(request, token, email):
    """GET explains what goes and what stays; only the POST of that page (CSRF-checked) erases."""
    if request.method == "POST":
        erase_person(email, site_root_url(request))
        forget_links(email=email)  # the record links held the e-mail
        return redirect("centers_record_erased")
    record = record_of(email)
    return TemplateResponse(
        request,
        "centers/records/erase_confirm.html",
        {
            "token": token,
            "email": email,
            "valid_certificates": [c for c in record["certificates"] if not c.is_revoked],
            "seats_to_free": [r for r in record["upcoming"] if r.can_cancel],
            **record,
        },
    )


@private
@require_safe
def record_erased_view(request):
    return TemplateResponse(request, "centers/records/erased.html", {})
