"""The outbox: a letter is stored with the data it tells about, then sent now or by `manage.py send_outbox` later.

A mail server that is down, or a worker that dies between the commit and the send, delays a letter; it never loses
it. Each letter is sent under a row lock (PostgreSQL: SKIP LOCKED), so the view and the command never send it twice.
"""

import base64
import datetime
import logging

from django.core.mail import EmailMessage
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
    """Stores an EmailMessage as a letter to send; call it inside the transaction of what the letter tells about."""
    return OutgoingLetter.objects.create(
        subject=message.subject,
        body=message.body,
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


def message_of(letter):
    message = EmailMessage(
        subject=letter.subject, body=letter.body, from_email=letter.from_email or None, to=letter.recipients
    )
    for attachment in letter.attachments:
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
        letter.save(update_fields=["sent_at", "attempts"])
    return True


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
