"""The certificates block of the participants' screen: events' templates show it without importing certificates."""

from django import template

from centers.certificates.models import Certificate

register = template.Library()


@register.simple_tag
def meeting_certificates(occurrence):
    """The meeting's certificates: by registration id for the table, and the speakers' apart."""
    if occurrence is None:
        return {"by_registration": {}, "speakers": [], "valid": 0}
    certificates = list(Certificate.objects.filter(occurrence=occurrence).order_by("kind", "full_name"))
    return {
        "by_registration": {c.registration_id: c for c in certificates if c.registration_id},
        "speakers": [c for c in certificates if c.kind == Certificate.Kind.SPEAKER],
        "valid": sum(not c.is_revoked for c in certificates),
    }


@register.filter
def certificate_of(certificates, registration):
    return certificates["by_registration"].get(registration.pk)
