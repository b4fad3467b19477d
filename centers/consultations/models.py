"""Methodological consultation requests a center receives from the public (regulation 3.1) and their answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")

    center = models.ForeignKey(
        "centers.CenterPage",
        verbose_name=_("resource center"),
        on_delete=models.CASCADE,
        related_name="consultation_requests",
    )
    topic = models.CharField(_("topic"), max_length=300)
    question = models.TextField(_("question"), max_length=5000)
    organization = models.CharField(_("organization"), max_length=500)
    name = models.CharField(_("surname, name and patronymic"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["center", "status"])]
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")

    def __str__(self):
        return self.topic
