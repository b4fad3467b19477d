"""The invitation form: which center, and a word to its coordinators."""

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.cityplan.models import CoOrganizingInvitation
from centers.directory.models import CenterPage


class InviteForm(forms.Form):
    center = forms.ModelChoiceField(queryset=CenterPage.objects.none(), label=_("Center to invite"))
    message = forms.CharField(
        label=_("Message to its coordinators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        asked = CoOrganizingInvitation.objects.filter(event=event).exclude(
            status=CoOrganizingInvitation.Status.DECLINED
        )
        self.fields["center"].queryset = (
            CenterPage.objects.live()
            .exclude(pk=event.host_center_id)
            .exclude(pk__in=asked.values("center_id"))
            .order_by("title")
        )
