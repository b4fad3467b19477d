"""A participant's answer about a meeting they attended: one per registration, no account, kept anonymous on erasure."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    """The registration link is cut when the person's data are erased; the scores and comments stay for the report."""

    occurrence = models.ForeignKey(
        "centers.EventOccurrence",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    registration = models.OneToOneField(
        "centers.Registration",
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    most_useful = models.TextField(_("what was most useful"), max_length=2000, blank=True)
    to_improve = models.TextField(_("what to improve"), max_length=2000, blank=True)
    topics_wanted = models.TextField(_("topics wanted next"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5),
                name="centers_feedback_usefulness_1_5",
            )
        ]

    def __str__(self):
        return f"{self.occurrence_id}: {self.usefulness}"
