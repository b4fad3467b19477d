"""The expert council as a body: its meetings, who was present, the agenda of applications and each decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.lifecycle.models import private_storage


class CouncilMeeting(models.Model):
    """One sitting of the expert council; its protocol (PDF) is generated from the decisions and kept here."""

    number = models.CharField(_("protocol number"), max_length=50)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members present"), blank=True, related_name="+"
    )
    protocol = models.FileField(
        _("protocol (PDF)"), storage=private_storage, upload_to="council/%Y/", blank=True, max_length=255
    )
    protocol_generated_at = models.DateTimeField(_("protocol generated at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")

    def __str__(self):
        return _("Meeting of the expert council of %(date)s (protocol No. %(number)s)") % {
            "date": self.date.strftime("%d.%m.%Y"),
            "number": self.number,
        }


class CouncilDecision(models.Model):
    """An application on a meeting's agenda and, once voted, the council's decision with its votes."""

    class Outcome(models.TextChoices):
        PENDING = "", _("Not decided yet")
        APPROVE = "approve", _("Recommend approval")
        RETURN = "return", _("Return for revision")
        REJECT = "reject", _("Recommend rejection")

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="agenda")
    application = models.ForeignKey(
        "centers.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="council_decisions",
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices, blank=True, default="")
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), default=0)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application"], name="one_agenda_item_per_application")
        ]

    def __str__(self):
        return f"{self.meeting}: {self.application.reference}"
