"""Consents to personal-data processing (152-FZ), one row per checkbox ticked: who, when, from where, which text."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    class Kind(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("Processing of personal data")
        PUBLICATION = "publication", _("Publication of the author's name")
        EVENT_REGISTRATION = "event_registration", _("Processing of personal data for an event registration")
        APPLICATION = "application", _("Processing of personal data in an application to open a center")
        SUBSCRIPTION = "subscription", _("Processing of the e-mail address for a subscription")

    kind = models.CharField(_("kind of consent"), max_length=30, choices=Kind.choices)
    text_version = models.CharField(_("version of the consent text"), max_length=30)
    given_at = models.DateTimeField(_("given at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=300, blank=True)
    # 152-FZ art. 9 p. 2: the person withdrew the consent (from their record, centers.records); kept as proof.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # What the consent was given for: a practice page, a consultation request, a registration, an application.
    # A registration's record outlives the registration's anonymization as proof of consent (see
    # purge_registrations), so the object it names may be blanked or gone; the record keeps e-mail and name.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.get_kind_display()} {self.text_version} ({self.email})"
