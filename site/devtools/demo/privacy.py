"""The municipal site's personal-data operator: Nefteyugansk's department, named in every consent text.

The add-on's texts name no operator of their own; they take it from the settings the department edits in the
admin (Settings → Personal data and consents). The demo fills them in as the department would (the street address
and e-mail are the demo's: the department enters its own).
"""

from centers.models import PrivacySettings

OPERATOR = {
    "operator_name": "Департамент образования и молодёжной политики администрации города Нефтеюганска",
    "operator_address": "628309, Ханты-Мансийский автономный округ — Югра, г. Нефтеюганск",
    "operator_email": "departament@example.ru",
}


def build_privacy():
    """The operator's data, unless the department has entered its own already; returns the settings."""
    settings = PrivacySettings.objects.first()  # not load(): it would make versions naming no address first
    if settings is not None and settings.operator_address:
        return settings
    settings = settings or PrivacySettings()
    for field, value in OPERATOR.items():
        setattr(settings, field, value)
    settings.save()  # makes the consent texts' versions that name this operator
    return settings
