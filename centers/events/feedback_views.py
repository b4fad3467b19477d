"""/feedback/<token>/: the short form an attendee opens from the letter; no account, one answer per registration."""

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from centers.events.feedback import registration_from_feedback_token, save_feedback
from centers.events.models.feedback import Feedback


class FeedbackForm(forms.ModelForm):
    usefulness = forms.TypedChoiceField(
        label=gettext_lazy("How useful was the meeting for your work? (1 — not at all, 5 — very)"),
        choices=[(score, str(score)) for score in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose a score from 1 to 5."),
            "invalid_choice": gettext_lazy("Choose a score from 1 to 5."),
        },
    )

    class Meta:
        model = Feedback
        fields = ["usefulness", "most_useful", "to_improve", "topics_wanted"]
        labels = {
            "most_useful": gettext_lazy("What was most useful?"),
            "to_improve": gettext_lazy("What should we improve?"),
            "topics_wanted": gettext_lazy("What topics would you like next?"),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in ("most_useful", "to_improve", "topics_wanted")
        }


def link_refused(request, reason):
    """A damaged (400), expired or erased (410) link: a Russian page, never a 500."""
    return TemplateResponse(
        request,
        "centers/events/feedback_refused.html",
        {"reason": reason},
        status=400 if reason == "forged" else 410,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_view(request, token):
    """GET shows the form (with the earlier answer, if any); POST stores it; a second answer replaces the first."""
    try:
        registration = registration_from_feedback_token(token)
    except ValueError as refusal:
        return link_refused(request, str(refusal))
    earlier = Feedback.objects.filter(registration=registration).first()
    form = FeedbackForm(request.POST or None, instance=earlier)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            save_feedback(registration, {name: form.cleaned_data[name] for name in FeedbackForm.Meta.fields})
            return TemplateResponse(
                request,
                "centers/events/feedback_done.html",
                {"registration": registration, "changed": earlier},
            )
        status = 400
    return TemplateResponse(
        request,
        "centers/events/feedback_form.html",
        {
            "form": form,
            "registration": registration,
            "event": registration.occurrence.event,
            "earlier": earlier,
        },
        status=status,
    )
