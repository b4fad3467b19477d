"""The review screen's form: a name teachers typed, mapped to the registry organization it means."""

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.directory.models import Organization
from centers.reports.schools import normalised


class NameMappingForm(forms.Form):
    name = forms.CharField(label=_("Name as typed"), max_length=500)
    organization = forms.ModelChoiceField(
        label=_("Organization in the registry"),
        queryset=Organization.objects.order_by("short_name"),
        error_messages={"invalid_choice": _("Choose an organization from the registry.")},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not normalised(name):
            raise forms.ValidationError(_("The name is empty."))
        return name
