"""A teacher's registration for one meeting of an event, with the personal-data consent it was given under."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        # Beyond the address's share of a meeting (centers.events.registration): no seat until the e-mail confirms.
        PENDING = "pending", _("Awaiting e-mail confirmation")

    occurrence = models.ForeignKey(
        "centers.EventOccurrence",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # A ticket number on the waiting list, given under the meeting's lock; the place is the count before it.
    waitlist_position = models.PositiveIntegerField(_("waiting list number"), null=True, blank=True)
    full_name = models.CharField(_("surname, name and patronymic"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    organization = models.CharField(_("organization"), max_length=300)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # 152-FZ: the consent is its own act, kept with its time, the address it came from and the text's version.
    # (Stored here rather than in a shared consent model so that the branches do not collide; see the report.)
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_ip = models.GenericIPAddressField(_("consent IP address"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=50)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    feedback_requested_at = models.DateTimeField(_("feedback requested at"), null=True, blank=True)
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "occurrence",
                condition=~Q(status="cancelled") & Q(anonymized_at__isnull=True),
                name="centers_registration_one_per_email",
                violation_error_message=_("This e-mail is already registered for this event."),
            )
        ]
        indexes = [models.Index(fields=["occurrence", "status", "waitlist_position"])]

    def __str__(self):
        return f"{self.full_name} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED

    def waitlist_place(self):
        """1 for the first in line."""
        if self.status != self.Status.WAITLISTED:
            return None
        return (
            Registration.objects.filter(
                occurrence_id=self.occurrence_id,
                status=self.Status.WAITLISTED,
                waitlist_position__lt=self.waitlist_position,
            ).count()
            + 1
        )
