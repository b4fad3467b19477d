"""Letters waiting to be sent: written in the transaction of what they tell about, sent after it (send_outbox)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingLetter(models.Model):
    subject = models.CharField(_("subject of the letter"), max_length=500)
    body = models.TextField(_("text of the letter"))
    # The HTML alternative of the plain text, when the letter has one.
    html_body = models.TextField(_("HTML version of the letter"), blank=True)
    # Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post of a digest (RFC 2369, RFC 8058).
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    from_email = models.CharField(_("sender"), max_length=300, blank=True)
    recipients = models.JSONField(_("recipients"))
    # [{"filename": ..., "mimetype": ..., "content": base64}]: the .ics of a confirmed seat, the PDF of a certificate;
    # the content is dropped once the letter is sent (a certificate's PDF is tens of kilobytes).
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    # Set when the letter is given up: a permanent refusal, a letter that cannot be built, or MAX_ATTEMPTS temporary
    # failures; last_error says why. send_outbox leaves it alone; the department sends it again from the admin.
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_pending_idx"),
            models.Index(fields=["failed_at"], name="outbox_failed_idx"),
        ]
        verbose_name = _("outgoing letter")
        verbose_name_plural = _("outgoing letters")

    def __str__(self):
        return self.subject
