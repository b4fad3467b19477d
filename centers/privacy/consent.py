"""The texts of the consents the public forms ask for, their versions, and how a given consent is recorded.

A consent text is legal wording bound to its version. The department edits the texts and the operator they name
in the admin (PrivacySettings); each distinct wording is kept as a ConsentText version, so the version stored with a
consent always identifies the exact words the person agreed to. See docs/privacy.md.
"""

from typing import NamedTuple

from django import forms
from django.utils import timezone
from django.utils.functional import lazy

from centers.common.kept import kept
from centers.privacy.models import ConsentRecord, ConsentText, PrivacySettings


class Consent(NamedTuple):
    version: str
    text: str


def kept_version(kind):
    """The version in force already kept for the settings' wording of `kind`, or None (none kept yet)."""
    text = PrivacySettings.load().rendered_text(kind)
    found = ConsentText.objects.filter(kind=kind, text=text).order_by("-created_at", "-pk")
    found = found.values_list("version", "text").first()
    return Consent(*found) if found else None


def current_consent(kind):
    """The version of the `kind` consent in force: its wording as the settings render it now.

    Kept in the cache until the settings change (or any page does), as the site's structure is: forms read it on
    every view. A wording without its version yet gets one here, not kept, so a version made inside a transaction
    that then fails is never remembered."""
    found = kept(None, f"consent-text:{kind}", lambda: kept_version(kind))
    if found is None:
        made = PrivacySettings.load().current_text(kind)
        found = Consent(made.version, made.text)
    return found


def current_version(kind):
    return current_consent(kind).version


def consent_text(kind, version=None):
    """The words of `version` (the current one by default); "" for a version this installation never kept."""
    if version is None:
        return current_consent(kind).text
    found = ConsentText.objects.filter(kind=kind, version=version).values_list("text", flat=True).first()
    return found or ""


def consent_field(kind, error_message):
    """A checkbox of its own for one consent, labelled with the full current text (152-FZ: never bundled).

    The label is read when the form is shown, so a text the department has just changed shows at once."""
    return forms.BooleanField(
        label=lazy(consent_text, str)(kind), required=True, error_messages={"required": error_message}
    )


def record_consents(kinds, *, email, subject, ip_address, name="", given_at=None):
    """Stores one ConsentRecord per consent kind given, with the current text version, time and IP.

    Call it inside the transaction that stores `subject`, so that a refused submission leaves no consent behind.
    """
    now = given_at or timezone.now()
    return ConsentRecord.objects.bulk_create(
        ConsentRecord(
            kind=kind,
            text_version=current_version(kind),
            given_at=now,
            ip_address=ip_address,
            email=email,
            name=name,
            subject=subject,
        )
        for kind in kinds
    )


def consent_context(kind):
    """The consent text a form shows and the version stored with what is sent."""
    current = current_consent(kind)
    return {"consent_version": current.version, "consent_text": current.text}
