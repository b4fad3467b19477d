"""Public consultation requests to a center (regulation 3.1): the form at <center>/consultation/ and its views."""

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from centers.common.form_pages import form_page_context, form_page_response
from centers.common.rate_limit import client_ip, submission_limit_reached, take_submission_slot
from centers.consultations.forms import ConsultationRequestForm
from centers.directory.models import CenterPage
from centers.outbox.letters import (
    compose_text_letter,
    notify_coordinators,
    send_letter_now,
    send_letter_now_or_later,
)
from centers.privacy.consent import record_consents
from centers.privacy.models import ConsentRecord

RATE_LIMIT_SCOPE = "consultation"


@transaction.atomic
def receive_consultation_request(center, form, request):
    """Stores the request with its consent and the letters to the requester and coordinators (sent after commit)."""
    consultation = form.save(commit=False)
    consultation.center = center
    consultation.save()
    record_consents(
        [ConsentRecord.Kind.PERSONAL_DATA],
        email=consultation.email,
        subject=consultation,
        ip_address=client_ip(request),
        name=consultation.name,
    )
    send_request_emails(consultation)
    return consultation


def send_request_emails(consultation):
    center = consultation.center
    tell_the_requester(
        gettext("Your request for a consultation: %(topic)s") % {"topic": consultation.topic},
        gettext(
            "Hello, %(name)s!\n\nThe resource center “%(center)s” has received your request for a consultation "
            "on “%(topic)s”. The answer will come to this e-mail address.\n\n"
            "This letter was sent automatically; please do not reply to it."
        )
        % {"name": consultation.name, "center": center.title, "topic": consultation.topic},
        consultation,
    )
    notify_coordinators(
        center,
        gettext("New consultation request: %(topic)s") % {"topic": consultation.topic},
        gettext(
            "%(name)s (%(organization)s) asks the center “%(center)s” for a consultation.\n\nAnswer: %(url)s"
        )
        % {
            "name": consultation.name,
            "organization": consultation.organization,
            "center": center.title,
            "url": consultation_admin_url(consultation),
        },
    )


def consultation_admin_url(consultation):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "consultation_requests:edit", args=[consultation.pk]
    )


def tell_the_requester(subject, body, consultation, send=send_letter_now_or_later):
    send(compose_text_letter(subject, body, [consultation.email]))


def send_consultation_answer(consultation):
    """The answer is written to the outbox with the saved answer and sent at once; send_outbox retries a failure."""
    tell_the_requester(
        gettext("Answer to your request: %(topic)s") % {"topic": consultation.topic},
        gettext(
            "Hello, %(name)s!\n\nThe resource center “%(center)s” answers your question.\n\n"
            "Your question:\n%(question)s\n\nAnswer:\n%(answer)s\n"
        )
        % {
            "name": consultation.name,
            "center": consultation.center.title,
            "question": consultation.question,
            "answer": consultation.answer,
        },
        consultation,
        send=send_letter_now,
    )


def consultation_url(center, name="consultation"):
    return center.url + center.reverse_subpage(name)


def consultation_request_view(request, center):
    """<center>/consultation/: the form (never cached: it carries the CSRF token); a request sent redirects."""
    if center.term_has_ended:
        raise Http404
    status = 200
    if request.method == "POST":
        if submission_limit_reached(RATE_LIMIT_SCOPE, request, request.POST.get("email")):
            return TemplateResponse(
                request, "centers/common/submission_refused.html", {"page": center}, status=429
            )
        form = ConsultationRequestForm(request.POST, center=center)
        if form.is_valid():
            if not take_submission_slot(RATE_LIMIT_SCOPE, request, form.cleaned_data["email"]):
                return TemplateResponse(
                    request, "centers/common/submission_refused.html", {"page": center}, status=429
                )
            receive_consultation_request(center, form, request)
            return redirect(consultation_url(center, "consultation_sent"))
        status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    else:
        form = ConsultationRequestForm(center=center)
    return form_page_response(
        request,
        center,
        "centers/consultations/consultation_request.html",
        gettext("Ask for a consultation"),
        status=status,
        form=form,
    )


def consultation_sent_view(request, center):
    """consultation/sent/: the same for everyone (it names no one), so the page cache may keep it."""
    context = form_page_context(center, gettext("The request has been sent"))
    return TemplateResponse(request, "centers/consultations/consultation_sent.html", context)


def attach_to_center_pages():
    """The form lives under each center's address: <center>/consultation/ and <center>/consultation/sent/."""
    CenterPage.attach_route("consultation/", consultation_request_view, name="consultation")
    CenterPage.attach_route("consultation/sent/", consultation_sent_view, name="consultation_sent")


def moved_consultation_form(request, center_id, sent=False):
    """The form's former address, forms/consultation/<id>/: 308 keeps a POST from a page opened before the move."""
    # id, not pk: the pk of a page type is a one-to-one link, whose lookup overflows on SQLite for a huge number
    center = get_object_or_404(CenterPage.objects.live(), id=center_id)
    target = consultation_url(center, "consultation_sent" if sent else "consultation")
    response = HttpResponsePermanentRedirect(target)
    response.status_code = 301 if sent else 308
    return response
