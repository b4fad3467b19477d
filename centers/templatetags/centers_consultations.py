"""The consultation request form shown on a center's page."""

from django import template

register = template.Library()


@register.inclusion_tag("centers/includes/consultation_form.html", takes_context=True)
def consultation_form(context, center):
    from centers.consultations import ConsultationRequestForm

    return {
        "center": center,
        "form": ConsultationRequestForm(center=center),
        "csrf_token": context.get("csrf_token"),
    }
