"""The outbox: a letter is stored with the data it tells about, then sent now or by `manage.py send_outbox` later.

A mail server that is down, or a worker that dies between the commit and the send, delays a letter; it never loses
it. Each letter is sent under a row lock (PostgreSQL: SKIP LOCKED), so the view and the command never send it twice.
"""

import base64
import datetime
import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from centers.common.mail import MAIL_ERRORS
from centers.outbox.models import OutgoingLetter

logger = logging.getLogger(__name__)

# After this many failures a letter stays in the table for an administrator to look at, unsent.
MAX_ATTEMPTS = 20
LONGEST_PAUSE = datetime.timedelta(hours=6)
# Sent letters (they name a recipient) are deleted after this many days.
KEEP_SENT_DAYS = 30


def enqueue(message):
    """Stores an EmailMessage (or EmailMultiAlternatives) as a letter to send, inside the transaction it tells about."""
    return OutgoingLetter.objects.create(
        subject=message.subject,
        body=message.body,
        html_body=html_alternative(message),
        headers=dict(message.extra_headers),
        from_email=message.from_email or "",
        recipients=list(message.to),
        attachments=[
            {
                "filename": filename,
                "mimetype": mimetype,
                "content": base64.b64encode(
                    content if isinstance(content, bytes) else content.encode()
                ).decode(),
            }
            for filename, content, mimetype in message.attachments
        ],
    )


def html_alternative(message):
    """The text/html alternative of a two-part letter; a plain EmailMessage has none."""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            return content
    return ""


def message_of(letter):
    """The letter rebuilt for sending: plain text, its HTML alternative, extra headers and attachments."""
    message = EmailMultiAlternatives(
        subject=letter.subject,
        body=letter.body,
        from_email=letter.from_email or None,
        to=letter.recipients,
        headers=letter.headers or None,
    )
    if letter.html_body:
        message.attach_alternative(letter.html_body, "text/html")
    for attachment in letter.attachments:
        if "content" not in attachment:  # sent already: the bytes were dropped
            continue
        message.attach(
            attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"]
        )
    return message


def pause_after(attempts):
    """Waits between attempts: 1, 2, 4... minutes, at most six hours."""
    return min(datetime.timedelta(minutes=2 ** min(attempts - 1, 16)), LONGEST_PAUSE)


def deliver(letter_id):
    """Sends one pending letter; a mail server failure is logged and the letter waits for its next attempt."""
    with transaction.atomic():
        letter = (
            OutgoingLetter.objects.select_for_update(skip_locked=True)
            .filter(pk=letter_id, sent_at__isnull=True)
            .first()
        )
        if letter is None:  # sent already, or being sent by another process right now
            return False
        try:
            message_of(letter).send()
        except MAIL_ERRORS as error:
            logger.warning("Could not send letter %s: %s", letter.pk, error)
            letter.attempts += 1
            letter.last_error = f"{type(error).__name__}: {error}"[:2000]
            letter.next_attempt_at = timezone.now() + pause_after(letter.attempts)
            letter.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            return False
        letter.sent_at = timezone.now()
        letter.attempts += 1
        letter.attachments = without_contents(letter.attachments)
        letter.save(update_fields=["sent_at", "attempts", "attachments"])
    return True


def without_contents(attachments):
    """A sent letter keeps the names of its attachments, not their bytes: the table stays small."""
    return [
        {"filename": item["filename"], "mimetype": item["mimetype"], "sent": True} for item in attachments
    ]


def deliver_after_commit(letter):
    """Tries the letter as soon as the transaction that wrote it commits; the command retries what fails."""
    transaction.on_commit(lambda: deliver(letter.pk))


def pending_letters(retry_now=False):
    """Unsent letters whose pause is over; with retry_now (the mail server is back) every unsent one."""
    letters = OutgoingLetter.objects.filter(sent_at__isnull=True)
    if not retry_now:
        letters = letters.filter(next_attempt_at__lte=timezone.now(), attempts__lt=MAX_ATTEMPTS)
    return letters.values_list("pk", flat=True)


def send_pending(retry_now=False):
    """Sends every letter whose time has come; returns (sent, failed)."""
    sent = failed = 0
    for letter_id in list(pending_letters(retry_now)):
        if deliver(letter_id):
            sent += 1
        else:
            failed += 1
    return sent, failed


def delete_old_sent_letters(days=KEEP_SENT_DAYS):
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = OutgoingLetter.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
