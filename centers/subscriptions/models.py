"""A teacher's subscription (what they follow, whether they confirmed it) and the items their digests carried."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """One e-mail's choices; it only receives digests once the link in its first letter has been followed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    wants_materials = models.BooleanField(_("new materials"), default=False)
    wants_events = models.BooleanField(_("upcoming events"), default=False)
    directions = models.ManyToManyField("centers.Direction", verbose_name=_("directions"), blank=True)
    subjects = models.ManyToManyField("centers.Subject", verbose_name=_("subjects"), blank=True)
    levels = models.ManyToManyField("centers.EducationLevel", verbose_name=_("education levels"), blank=True)
    centers = models.ManyToManyField(
        "centers.CenterPage", verbose_name=_("resource centers"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "last_digest_at"], name="subscription_due_idx")]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self):
        return f"{self.email} ({self.get_status_display()})"


class SentDigestItem(models.Model):
    """A page a subscriber's digest has carried: the next digest leaves it out, so nothing comes twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="sent_items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "page"], name="digest_item_sent_once"),
        ]
        verbose_name = _("item sent in a digest")
        verbose_name_plural = _("items sent in digests")

    def __str__(self):
        return f"{self.subscription_id}: {self.page_id}"
