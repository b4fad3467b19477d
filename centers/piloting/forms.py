"""The pilot schools' public forms: a request to pilot a project, and a stage result sent through the school's link."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from centers.directory.models import Organization
from centers.piloting.models import PilotSchool, StageResult
from centers.privacy.consent import consent_field
from centers.privacy.models import ConsentRecord


class HoneypotMixin(forms.Form):
    # Left empty by people (it is off screen and its label asks to leave it); bots fill every field they see.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(
                _("The form was not sent: a field meant to stay empty was filled in."), code="honeypot"
            )
        return ""


class PilotRequestForm(HoneypotMixin, forms.ModelForm):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.all(),
        label=_("Organization"),
        empty_label=_("Choose your organization"),
        error_messages={"invalid_choice": _("Choose your organization from the list.")},
    )
    consent_personal_data = consent_field(
        ConsentRecord.Kind.PERSONAL_DATA,
        _("Without consent to the processing of personal data we cannot accept the request."),
    )

    class Meta:
        model = PilotSchool
        fields = ["organization", "contact_name", "email", "phone", "plans"]
        labels = {
            "contact_name": _("Contact person (surname, name and patronymic)"),
            "email": _("E-mail of the contact person"),
            "phone": _("Phone (optional)"),
            "plans": _("What your school will try and with whom"),
        }

    def __init__(self, *args, project=None, **kwargs):
        kwargs.setdefault("auto_id", "pilot-%s")
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["plans"].widget.attrs["rows"] = 5

    def clean_organization(self):
        organization = self.cleaned_data["organization"]
        open_requests = PilotSchool.objects.filter(project=self.project, organization=organization).exclude(
            status=PilotSchool.Status.DECLINED
        )
        if self.project is not None and open_requests.exists():
            raise ValidationError(
                _(
                    "This organization has already asked to pilot this project; the center will answer by e-mail."
                ),
                code="duplicate",
            )
        return organization

    def validate_unique(self):
        """The project is set after validation; clean_organization has already looked for an open request."""


class StageResultForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = StageResult
        fields = ["stage", "summary", "file"]
        labels = {
            "stage": _("Stage"),
            "summary": _("What the school did and found (briefly)"),
            "file": _("File (report, presentation, photos; optional)"),
        }
        help_texts = {"file": _("PDF, DOCX, ODT, PPTX, ODP, XLSX or an image, up to 15 MB.")}
        error_messages = {"stage": {"invalid_choice": _("Choose a stage of this project.")}}

    def __init__(self, *args, school=None, **kwargs):
        kwargs.setdefault("auto_id", "result-%s")
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["stage"].queryset = school.project.stages.all()
        self.fields["stage"].empty_label = _("Choose a stage")
        self.fields["summary"].widget.attrs["rows"] = 6

    def clean_stage(self):
        stage = self.cleaned_data["stage"]
        approved = StageResult.objects.filter(
            school=self.school, stage=stage, status=StageResult.Status.APPROVED
        ).exists()
        if approved:
            raise ValidationError(
                _(
                    "Your result for this stage has already been approved and is published; it cannot be replaced."
                ),
                code="approved",
            )
        return stage

    def validate_unique(self):
        """A school may send a stage's result again while it is not approved: the view replaces the earlier one."""
