"""The lifecycle's forms: the public application, and the expert's review and the department's decisions in the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from centers.common.email_addresses import NormalisedEmailField
from centers.common.uploads import PDF, UploadValidator
from centers.common.widgets import NativeDateInput
from centers.directory.models import Direction, Organization
from centers.lifecycle.models import SCAN_MAX_BYTES, Application, ExpertReview

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


# The long answers of an application: ten thousand characters each (about four pages) is ample for a real one.
LONG_TEXT_FIELDS = [
    "justification",
    "staff_resources",
    "methodological_resources",
    "material_resources",
    "information_resources",
    "plan_of_work",
]
LONG_TEXT_MAX_LENGTH = 10000


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
        field_classes = {"contact_email": NormalisedEmailField}
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in LONG_TEXT_FIELDS}
        help_texts = {
            "organization": _("Choose your organization, or leave empty and give its names below."),
            "signed_scan": _("A scan of the application signed by the director, PDF up to 15 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.order_by("short_name")
        self.fields["organization"].required = False
        self.fields["direction"].queryset = Direction.objects.order_by("name")
        for name in LONG_TEXT_FIELDS:
            self.fields[name].max_length = LONG_TEXT_MAX_LENGTH
            self.fields[name].validators.append(MaxLengthValidator(LONG_TEXT_MAX_LENGTH))
            self.fields[name].widget.attrs["maxlength"] = str(LONG_TEXT_MAX_LENGTH)
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


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=ExpertReview.Recommendation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                help_text=criterion.description,
                min_value=0,
                max_value=criterion.max_score,
            )

    def scores(self):
        return {criterion: self.cleaned_data[f"score_{criterion.pk}"] for criterion in self.criteria}


class OrderForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=50)
    date = forms.DateField(label=_("Order date"), widget=NativeDateInput())
    term_start = forms.DateField(label=_("Term start"), widget=NativeDateInput())
    term_end = forms.DateField(label=_("Term end"), widget=NativeDateInput())
    document = forms.FileField(
        label=_("Signed order (PDF)"),
        required=False,
        validators=[UploadValidator([PDF], max_bytes=SCAN_MAX_BYTES)],
        help_text=_("Without a scan the site generates a draft of the order; upload the signed scan later."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("term_start")
            and cleaned.get("term_end")
            and cleaned["term_end"] < cleaned["term_start"]
        ):
            raise forms.ValidationError(_("The term cannot end before it starts."))
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    request_text = forms.CharField(label=_("What to fix"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Resubmission deadline"), widget=NativeDateInput())


class ClosingForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=50)
    date = forms.DateField(label=_("Order date"), widget=NativeDateInput())
    closing_date = forms.DateField(
        label=_("Closing date"),
        widget=NativeDateInput(),
        help_text=_("From this day the center no longer works; its term ends the day before."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(
        label=_("Signed order (PDF)"),
        required=False,
        validators=[UploadValidator([PDF], max_bytes=SCAN_MAX_BYTES)],
    )


class RenewalForm(forms.Form):
    justification = forms.CharField(
        label=_("Why the center should continue"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    plan_of_work = forms.CharField(
        label=_("Plan of work for the next term"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    contact_phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
