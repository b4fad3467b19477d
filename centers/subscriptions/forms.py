"""The /subscribe/ form: an e-mail, what to follow, and the consent (its own checkbox with the full text)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.common.email_addresses import NormalisedEmailField
from centers.directory.models import CenterPage, Direction, EducationLevel, Subject
from centers.directory.models.center import active_on
from centers.privacy.consent import consent_field
from centers.privacy.models import ConsentRecord

KIND_CHOICES = [
    ("materials", _("New materials")),
    ("events", _("Upcoming events")),
]


def active_centers():
    """The centers one can follow: published, within their term and not closed early (a closed one publishes no
    more; an existing subscription to it simply gets nothing new from it)."""
    today = timezone.localdate()
    return (
        CenterPage.objects.live()
        .filter(active_on(today))
        .exclude(closed_early_on__lte=today)
        .order_by("title")
    )


class SubscriptionForm(forms.Form):
    email = NormalisedEmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={"required": _("Enter your e-mail."), "invalid": _("Enter a valid e-mail address.")},
    )
    kinds = forms.MultipleChoiceField(
        label=_("What to send"),
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one: new materials or upcoming events."),
            "invalid_choice": _("Choose from the list."),
        },
    )
    directions = forms.ModelMultipleChoiceField(
        label=_("Directions"), queryset=Direction.objects.order_by("name"), required=False
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"), queryset=Subject.objects.order_by("name"), required=False
    )
    levels = forms.ModelMultipleChoiceField(
        label=_("Education levels"), queryset=EducationLevel.objects.order_by("name"), required=False
    )
    centers = forms.ModelMultipleChoiceField(
        label=_("Resource centers"), queryset=CenterPage.objects.live().order_by("title"), required=False
    )
    consent = consent_field(
        ConsentRecord.Kind.SUBSCRIPTION,
        _("A subscription needs your consent to the processing of your e-mail address."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centers"].queryset = active_centers()
        for name in ("directions", "subjects", "levels", "centers"):
            field = self.fields[name]
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
            field.error_messages.update(
                {
                    "invalid_choice": _("Choose from the list."),
                    "invalid_pk_value": _("Choose from the list."),
                    "list": _("Choose from the list."),
                }
            )
        self.fields["kinds"].error_messages["invalid_list"] = _("Choose from the list.")
