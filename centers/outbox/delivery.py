"""The outbox: a letter is stored with the data it tells about, then sent now or by `manage.py send_outbox` later.

A mail server that is down, or a worker that dies between the commit and the send, delays a letter; it never loses
it. Each letter is sent under a row lock (PostgreSQL: SKIP LOCKED), so the view and the command never send it twice.

A letter that fails for a reason of its own (it cannot be built, or the server refuses it for good) is given up at
once: marked failed with the reason, it never holds up the letters after it. A temporary failure (the server is
down, busy, or answers 4xx) is retried with growing pauses, and given up after MAX_ATTEMPTS. The department sees the
failed letters in the admin and may put one back in the queue (admin_views).
"""

import base64
import contextvars
import datetime
import logging
import re
import smtplib

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils import timezone

from centers.common.mail import MAIL_ERRORS
from centers.outbox.message import Letter
from centers.outbox.models import OutgoingLetter

logger = logging.getLogger(__name__)

# After this many temporary failures a letter is given up (failed_at): the department sees it in the admin.
MAX_ATTEMPTS = 20
LONGEST_PAUSE = datetime.timedelta(hours=6)
# Sent letters (they name a recipient) are deleted after this many days.
KEEP_SENT_DAYS = 30
# What one attempt came to.
SENT, RETRY, FAILED, SKIPPED = "sent", "retry", "failed", "skipped"
# SMTP errors that are about the server or the site's own account, not about the letter: every letter would get them,
# so they are retried like a server that is down, however permanent their code.
SERVER_ERRORS = (
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPSenderRefused,
)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SUBJECT_LENGTH = OutgoingLetter._meta.get_field("subject").max_length


def one_line(text):
    """A header's value on one line: line breaks, tabs and other control characters folded to single spaces.

    A visitor's words go into subjects ("Your request for a consultation: <topic>"); a line break there would make
    the letter unsendable (Django refuses it: BadHeaderError) or, with a lesser library, add headers such as Bcc."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", str(text)).split())


def one_line_subject(subject):
    subject = one_line(subject)
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1].rstrip() + "…"
    return subject


def enqueue(message):
    """Stores an EmailMessage (or EmailMultiAlternatives) as a letter to send, inside the transaction it tells about.

    Every letter passes here: its subject and extra headers are made one line, whoever built it and from whatever
    a visitor typed."""
    return OutgoingLetter.objects.create(
        subject=one_line_subject(message.subject),
        body=message.body,
        html_body=html_alternative(message),
        headers={name: one_line(value) for name, value in message.extra_headers.items()},
        from_email=one_line(message.from_email or ""),
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
    """The letter rebuilt for sending: plain text, its HTML alternative, extra headers and attachments.

    The subject is made one line again: a letter written before enqueue did so goes out rather than failing."""
    message = Letter(
        subject=one_line(letter.subject),
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


def is_permanent(error):
    """Whether the failure is the letter's own and will not pass with time.

    A recipient refused with a 5xx code, a 5xx answer to the letter itself (554: rejected as spam, 552: too big), and
    anything that is no mail error at all (a header with a line break, a broken attachment) are permanent. A server
    that cannot be reached, a 4xx answer (greylisting, a full mailbox) and the site's own account being refused
    (SERVER_ERRORS) are temporary."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [refusal[0] for refusal in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, SERVER_ERRORS):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return not isinstance(error, MAIL_ERRORS)


def attempt(letter_id):
    """Sends one pending letter once; returns SENT, RETRY (it waits for its next attempt), FAILED (given up) or
    SKIPPED (sent or given up already, or being sent by another process right now). Never raises for the letter's
    own sake, so that whatever sends letters one after another always gets to the next."""
    with transaction.atomic():
        letter = (
            OutgoingLetter.objects.select_for_update(skip_locked=True)
            .filter(pk=letter_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if letter is None:
            return SKIPPED
        try:
            message_of(letter).send()
        except Exception as error:  # whatever the letter does wrong, the next one is sent
            return record_failure(letter, error)
        letter.sent_at = timezone.now()
        letter.attempts += 1
        letter.attachments = without_contents(letter.attachments)
        letter.save(update_fields=["sent_at", "attempts", "attachments"])
    return SENT


def record_failure(letter, error):
    """The attempt counted and its reason kept; the letter waits out its pause, or is given up."""
    now = timezone.now()
    letter.attempts += 1
    letter.last_error = f"{type(error).__name__}: {error}"[:2000]
    if is_permanent(error) or letter.attempts >= MAX_ATTEMPTS:
        letter.failed_at = now
        outcome = FAILED
        logger.error(
            "Gave up letter %s after %s attempt(s): %s",
            letter.pk,
            letter.attempts,
            letter.last_error,
            exc_info=not isinstance(error, MAIL_ERRORS),
        )
    else:
        letter.next_attempt_at = now + pause_after(letter.attempts)
        outcome = RETRY
        logger.warning("Could not send letter %s: %s", letter.pk, error)
    letter.save(update_fields=["attempts", "last_error", "next_attempt_at", "failed_at"])
    return outcome


def deliver(letter_id):
    """Sends one pending letter; True if it went. A failure is logged and recorded (see attempt)."""
    return attempt(letter_id) == SENT


def without_contents(attachments):
    """A sent letter keeps the names of its attachments, not their bytes: the table stays small."""
    return [
        {"filename": item["filename"], "mimetype": item["mimetype"], "sent": True} for item in attachments
    ]


# The letters a request wrote, sent once its answer has gone to the visitor (None outside a request).
letters_after_answer = contextvars.ContextVar("centers_letters_after_answer", default=None)


def deliver_after_commit(letter):
    """Tries the letter once the transaction that wrote it commits, and, inside a request, once its answer has gone
    (deliver_after_answer); the command retries what fails."""
    transaction.on_commit(lambda: deliver_after_answer(letter.pk))


def deliver_after_answer(letter_id):
    """Inside a request: the letter is sent when the answer is complete (the WSGI server closes the response after
    writing it), so a slow mail server never delays a page and the time of an answer does not tell whether a letter
    was written (a known e-mail at /my/ answers as fast as an unknown one). Outside a request: sent at once."""
    waiting = letters_after_answer.get()
    if waiting is None:
        deliver(letter_id)
    else:
        waiting.append(letter_id)


def start_collecting_letters(**kwargs):
    letters_after_answer.set([])


def send_letters_after_answer(**kwargs):
    waiting = letters_after_answer.get()
    letters_after_answer.set(None)
    for letter_id in waiting or ():
        try:
            deliver(letter_id)
        except Exception:  # the database itself failed: send_outbox sends the letter later
            logger.exception("Could not send letter %s after the answer", letter_id)


def register_signal_handlers():
    """request_finished comes from the response's close(), after the server has written the answer."""
    request_started.connect(start_collecting_letters, dispatch_uid="centers.outbox.collect_letters")
    request_finished.connect(send_letters_after_answer, dispatch_uid="centers.outbox.send_after_answer")


def pending_letters(retry_now=False):
    """Unsent letters whose pause is over; with retry_now (the mail server is back) every unsent one. Failed letters
    are not pending: only the department puts one back (resend)."""
    letters = OutgoingLetter.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
    if not retry_now:
        letters = letters.filter(next_attempt_at__lte=timezone.now())
    return letters.order_by("next_attempt_at", "pk").values_list("pk", flat=True)


def send_pending(retry_now=False):
    """Sends every letter whose time has come; returns how many were sent, are waiting for a retry, were given up."""
    counts = {SENT: 0, RETRY: 0, FAILED: 0, SKIPPED: 0}
    for letter_id in list(pending_letters(retry_now)):
        counts[attempt(letter_id)] += 1
    return counts[SENT], counts[RETRY], counts[FAILED]


def failed_letters():
    """The letters given up, the latest first: what the department's admin screen lists."""
    return OutgoingLetter.objects.filter(sent_at__isnull=True, failed_at__isnull=False).order_by(
        "-failed_at", "-pk"
    )


def resend(letter):
    """Puts a failed letter back in the queue with a fresh count of attempts; the next send_outbox run sends it.
    Returns False if it is not a failed letter (sent meanwhile, or put back already)."""
    return bool(
        OutgoingLetter.objects.filter(pk=letter.pk, sent_at__isnull=True, failed_at__isnull=False).update(
            failed_at=None, attempts=0, next_attempt_at=timezone.now()
        )
    )


def delete_old_sent_letters(days=KEEP_SENT_DAYS):
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = OutgoingLetter.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
