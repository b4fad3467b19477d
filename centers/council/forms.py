"""The council's admin forms: a meeting with its members present, an agenda item, a decision with its votes."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from centers.common.widgets import NativeDateInput
from centers.council.models import CouncilDecision, CouncilMeeting
from centers.roles.provisioning import EXPERT_COUNCIL_GROUP, names_of


class MeetingForm(forms.ModelForm):
    class Meta:
        model = CouncilMeeting
        fields = ["number", "date", "place", "members_present"]
        widgets = {
            "date": NativeDateInput(),
            "members_present": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.fields["members_present"]
        members.queryset = (
            get_user_model()
            .objects.filter(groups__name__in=names_of(EXPERT_COUNCIL_GROUP))
            .order_by("last_name")
        )
        members.label_from_instance = lambda user: user.get_full_name() or user.get_username()
        members.help_text = _("Only members of the expert council count towards the quorum.")


class AgendaForm(forms.Form):
    application = forms.ModelChoiceField(label=_("Application"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = candidates


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in CouncilDecision.Outcome.choices if c[0]],
        widget=forms.RadioSelect,
    )
    votes_for = forms.IntegerField(label=_("For"), min_value=0, max_value=100)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, max_value=100)
    votes_abstained = forms.IntegerField(label=_("Abstained"), min_value=0, max_value=100)
