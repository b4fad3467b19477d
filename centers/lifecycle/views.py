"""The public application form: an organization applies to open a resource center within the yearly window."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from centers.common.rate_limit import client_ip
from centers.directory.models import Direction, Organization
from centers.lifecycle.applications import (
    APPLICATION_CONSENT,
    LifecycleError,
    submit_application,
    window_status,
)
from centers.lifecycle.models import Application
from centers.privacy.consent import CURRENT_VERSION, consent_text

RECEIVED_SESSION_KEY = "centers_application_received"
FIELDS = [
    "organization",
    "organization_full_name",
    "organization_short_name",
    "direction",
    "justification",
    "staff_resources",
    "methodological_resources",
    "material_resources",
    "information_resources",
    "plan_of_work",
    "contact_name",
    "contact_position",
    "contact_email",
    "contact_phone",
    "signed_scan",
]


class ApplicationForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I consent to the processing of my personal data"),
        required=True,
        error_messages={
            "required": _("Without consent to personal data processing we cannot accept the form.")
        },
    )

    class Meta:
        model = Application
        fields = FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in [
                "justification",
                "staff_resources",
                "methodological_resources",
                "material_resources",
                "information_resources",
                "plan_of_work",
            ]
        }
        help_texts = {
            "organization": _("Choose your organization, or leave empty and give its names below."),
            "signed_scan": _("A scan of the application signed by the director, PDF up to 15 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.order_by("short_name")
        self.fields["organization"].required = False
        self.fields["direction"].queryset = Direction.objects.order_by("name")
        self.fields["signed_scan"].error_messages["required"] = _(
            "Attach the scan of the application signed by the director (PDF)."
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organization") and not (
            cleaned.get("organization_full_name") and cleaned.get("organization_short_name")
        ):
            raise ValidationError(_("Choose your organization or give its full and short names."))
        return cleaned


def serve_application_page(page, request):
    is_open, window, closed_message = window_status()
    context = {
        "page": page,
        "self": page,
        "window": window,
        "is_open": is_open,
        "closed_message": closed_message,
        "consent_text": consent_text(APPLICATION_CONSENT),
        "consent_version": CURRENT_VERSION[APPLICATION_CONSENT],
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
    form = ApplicationForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=400)
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
