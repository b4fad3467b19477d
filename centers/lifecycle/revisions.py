"""Applications returned for revision: what to fix, a deadline, a link by e-mail, resubmission under the same
reference number.

The link carries an opaque token (centers.privacy.person_links), neither the application's number nor the e-mail,
and works until the resubmission deadline's day ends (at most REVISION_LINK_MAX_AGE); after that, or once the
application has left "returned for revision", it answers a Russian 410 page and stores nothing. A link signed before
tokens still opens the form under the same rules: none lives past its 120 days, so they end by themselves.
"""

import datetime

from django import forms
from django.core import signing
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.common.rate_limit import client_ip
from centers.lifecycle.applications import APPLICATION_CONSENT as CONSENT
from centers.lifecycle.applications import LifecycleError, Status, local_zone, transition
from centers.lifecycle.forms import FIELDS, ApplicationForm
from centers.lifecycle.letters import send_receipt, send_returned
from centers.lifecycle.models import Application
from centers.privacy import person_links
from centers.privacy.consent import consent_context, current_version, record_consents
from centers.privacy.person_links import PersonLink, issue_link, open_link

REVISION_SALT = "centers.lifecycle.revision"  # links signed before tokens
REVISION_LINK_MAX_AGE = datetime.timedelta(days=120)


class LinkRefused(LifecycleError):
    """The link cannot be used; `status` is what the page answers (400 malformed, 410 expired or closed)."""

    def __init__(self, message, status=410):
        super().__init__(message)
        self.status = status


def revision_link_end(application):
    """The end of the resubmission deadline's day (the site's zone), at most REVISION_LINK_MAX_AGE from now."""
    latest = timezone.now() + REVISION_LINK_MAX_AGE
    if application.resubmission_deadline is None:
        return latest
    day_after = application.resubmission_deadline + datetime.timedelta(days=1)
    return min(datetime.datetime.combine(day_after, datetime.time.min, tzinfo=local_zone()), latest)


def revision_token(application):
    return issue_link(
        PersonLink.Purpose.APPLICATION_REVISION, revision_link_end(application), object_id=application.pk
    )


def revision_link(application, base_url=""):
    return base_url + reverse("centers_application_revision", args=[revision_token(application)])


@transaction.atomic
def return_for_revision(application, *, request_text, deadline, user=None, base_url=""):
    """The department returns the application with what to fix and until when; the applicant gets the link."""
    if not request_text.strip():
        raise LifecycleError(_("Say what the applicant has to fix."))
    if deadline < timezone.localdate():
        raise LifecycleError(_("The resubmission deadline cannot be in the past."))
    application = transition(application, Status.RETURNED, user, comment=request_text)
    application.revision_request = request_text.strip()
    application.resubmission_deadline = deadline
    application.save(update_fields=["revision_request", "resubmission_deadline"])
    send_returned(application, revision_link(application, base_url))
    return application


def deadline_passed(application, now=None):
    now = (now or timezone.now()).astimezone(local_zone())
    return application.resubmission_deadline is None or now.date() > application.resubmission_deadline


def application_from_token(token):
    """The returned application the link is for, or a LifecycleError whose message the applicant reads."""
    expired = _("This link has expired. Contact the department of education.")
    damaged = _("This link is not valid. Check that it was copied in full.")
    if ":" in token:  # django.core.signing's separator: a link of the earlier kind
        try:
            data = signing.loads(token, salt=REVISION_SALT, max_age=REVISION_LINK_MAX_AGE)
        except signing.SignatureExpired as error:
            raise LinkRefused(expired) from error
        except signing.BadSignature as error:
            raise LinkRefused(damaged, 400) from error
        application_id = data.get("application") if isinstance(data, dict) else None
    else:
        try:
            application_id = open_link(token, PersonLink.Purpose.APPLICATION_REVISION).object_id
        except person_links.LinkRefused as refusal:
            raise (
                LinkRefused(expired) if refusal.reason == "expired" else LinkRefused(damaged, 400)
            ) from refusal
    application = Application.objects.filter(pk=application_id).first() if application_id else None
    if application is None or application.status != Status.RETURNED:
        raise LinkRefused(_("This application is no longer awaiting revision; the link is closed."))
    if deadline_passed(application):
        raise LinkRefused(
            _("The deadline for resubmitting the application was %(deadline)s; the link has expired.")
            % {"deadline": application.resubmission_deadline.strftime("%d.%m.%Y")}
        )
    return application


@transaction.atomic
def resubmit(application, form, consent_ip):
    """Stores the corrected answers on the same application (same number) and sends it back to the department."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    for name in FIELDS:
        if name == "signed_scan":
            continue
        setattr(application, name, form.cleaned_data[name])
    if form.files.get("signed_scan"):
        application.signed_scan = form.cleaned_data["signed_scan"]
    now = timezone.now()
    application.consent_given_at, application.consent_ip = now, consent_ip
    application.consent_version = current_version(CONSENT)
    application.save()
    record_consents(
        [CONSENT],
        email=application.contact_email,
        name=application.contact_name,
        subject=application,
        ip_address=consent_ip,
        given_at=now,
    )
    application = transition(application, Status.SUBMITTED, comment=_("Resubmitted after revision"))
    send_receipt(application)
    return application


def refused(request, message, status):
    return TemplateResponse(
        request, "centers/lifecycle/revision_link_refused.html", {"message": message}, status=status
    )


def resubmission_view(request, token):
    """The applicant's form, prefilled with what they sent; a bad link is 400, an expired or closed one 410."""
    try:
        application = application_from_token(token)
    except LinkRefused as error:
        return refused(request, str(error), error.status)
    context = {
        "application": application,
        "resubmission": True,
        **consent_context(CONSENT),
    }
    template = "centers/lifecycle/resubmission.html"
    if request.method != "POST":
        context["form"] = revision_form(application)
        return TemplateResponse(request, template, context)
    form = revision_form(application, request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=400)
    resubmit(application, form, client_ip(request))
    context.update(resubmitted=True, form=None)
    return TemplateResponse(request, template, context)


def revision_form(application, *args):
    """The applicant's own answers; the stored scan stays unless a new one is attached (it has no public URL)."""
    form = ApplicationForm(*args, instance=application)
    form.fields["signed_scan"].required = False
    form.fields["signed_scan"].widget = forms.FileInput(attrs={"accept": "application/pdf"})
    return form
