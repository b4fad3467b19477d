"""The consultations' forms: the public request to a center, and the coordinator's answer in the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from centers.common.email_addresses import NormalisedEmailField
from centers.consultations.models import ConsultationRequest
from centers.privacy.consent import consent_field
from centers.privacy.models import ConsentRecord


class ConsultationRequestForm(forms.ModelForm):
    consent_personal_data = consent_field(
        ConsentRecord.Kind.PERSONAL_DATA,
        _("Without consent to the processing of personal data we cannot accept the request."),
    )
    # Left empty by people (it is off screen and its label asks to leave it); bots fill every field they see.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ConsultationRequest
        fields = ["topic", "question", "organization", "name", "email", "phone"]
        labels = {"email": _("Your e-mail"), "phone": _("Phone (optional)")}
        field_classes = {"email": NormalisedEmailField}

    def __init__(self, *args, center=None, **kwargs):
        kwargs.setdefault("auto_id", "consultation-%s")
        super().__init__(*args, **kwargs)
        self.center = center

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(
                _("The form was not sent: a field meant to stay empty was filled in."), code="honeypot"
            )
        return ""


class ConsultationAnswerForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ConsultationRequest.Status.ANSWERED
            and not (cleaned.get("answer") or "").strip()
        ):
            raise ValidationError({"answer": _("Write the answer before marking the request as answered.")})
        return cleaned
