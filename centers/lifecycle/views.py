"""The public application page: an organization applies to open a resource center within the yearly window."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from centers.common.rate_limit import client_ip, submission_limit_reached, take_submission_slot
from centers.lifecycle.applications import (
    APPLICATION_CONSENT,
    LifecycleError,
    submit_application,
    window_status,
)
from centers.lifecycle.forms import FIELDS, ApplicationForm
from centers.privacy.consent import consent_context

RECEIVED_SESSION_KEY = "centers_application_received"
RATE_LIMIT_SCOPE = "application"


def serve_application_page(page, request):
    is_open, window, closed_message = window_status()
    context = {
        "page": page,
        "self": page,
        "window": window,
        "is_open": is_open,
        "closed_message": closed_message,
        **consent_context(APPLICATION_CONSENT),
    }
    template = "centers/lifecycle/application_page.html"
    if request.GET.get("received") and request.session.get(RECEIVED_SESSION_KEY):
        context["received"] = request.session[RECEIVED_SESSION_KEY]
        return TemplateResponse(request, template, context)
    if request.method != "POST":
        context["form"] = ApplicationForm() if is_open else None
        return TemplateResponse(request, template, context)
    if not is_open:  # checked before anything of the request is read or stored
        return TemplateResponse(request, template, context, status=403)
    if submission_limit_reached(RATE_LIMIT_SCOPE, request, request.POST.get("contact_email")):
        return too_many_submissions(request, page)
    form = ApplicationForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=400)
    if not take_submission_slot(RATE_LIMIT_SCOPE, request, form.cleaned_data["contact_email"]):
        return too_many_submissions(request, page)
    fields = {name: form.cleaned_data[name] for name in FIELDS if name != "signed_scan"}
    try:
        application = submit_application(
            fields,
            form.cleaned_data["signed_scan"],
            consent_ip=client_ip(request),
        )
    except LifecycleError as error:  # the window closed between the page load and now
        context.update(is_open=False, closed_message=str(error), form=None)
        return TemplateResponse(request, template, context, status=403)
    request.session[RECEIVED_SESSION_KEY] = {
        "reference": application.reference,
        "email": application.contact_email,
    }
    return HttpResponseRedirect(f"{page.url}?received=1")


def too_many_submissions(request, page):
    return TemplateResponse(request, "centers/common/submission_refused.html", {"page": page}, status=429)
