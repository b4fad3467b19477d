"""Certificates of participation: one per person, meeting and kind, with what it certifies copied at issue."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.events.naming import event_name

# Crockford's base32 without I, L, O, U: read aloud or typed from paper without confusion.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_number(year):
    """Unguessable, so that the public check cannot be walked through to list who attended what."""
    code = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f"{year}-{code[:4]}-{code[4:]}"


class Certificate(models.Model):
    """What the PDF certifies is stored here, so that the check still answers after the event page changes."""

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        SPEAKER = "speaker", _("Speaker")

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurrence = models.ForeignKey(
        "centers.EventOccurrence",
        verbose_name=_("meeting"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    registration = models.ForeignKey(
        "centers.Registration",
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    speaker = models.ForeignKey(
        "centers.EventSpeaker",
        verbose_name=_("speaker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    full_name = models.CharField(_("surname, name and patronymic"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    event_title = models.CharField(_("event"), max_length=255)
    event_format = models.CharField(_("format"), max_length=100)
    held_from = models.DateField(_("held from"))
    held_until = models.DateField(_("held until"))
    academic_hours = models.PositiveSmallIntegerField(_("academic hours"))
    organizers = models.TextField(_("organizers"), help_text=_("One per line, the hosting center first."))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reissued_at = models.DateTimeField(_("reissued at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "registration"], name="centers_certificate_once_per_registration"
            ),
            models.UniqueConstraint(
                fields=["occurrence", "speaker"], name="centers_certificate_once_per_speaker"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.full_name}"

    @property
    def event_name(self):
        """The event as the certificate names it: the format said once (centers.events.naming)."""
        return event_name(self.event_title, self.event_format)

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def organizer_lines(self):
        return [line for line in self.organizers.splitlines() if line.strip()]
