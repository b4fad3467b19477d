"""Letters that must go once per row (a reminder per seat, a certificate, a feedback request): each row is locked,
its letter written and the row marked sent in one transaction, so overlapping runs never write a letter twice."""

import logging

from django.db import transaction
from django.template import TemplateDoesNotExist, TemplateSyntaxError, VariableDoesNotExist
from django.utils import timezone

from centers.outbox.delivery import deliver, enqueue

logger = logging.getLogger(__name__)
# What goes wrong with one row's letter: its template, or data the template or the code building it chokes on. Other
# errors (a missing font that every certificate needs, the database) stop the run and reach the command's caller.
LETTER_ERRORS = (
    TemplateSyntaxError,
    TemplateDoesNotExist,
    VariableDoesNotExist,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
)


class LetterNotWritten(Exception):
    """Rolls back one row's transaction when its letter cannot be written."""


def write_once_each(due, message_for, sent_field, related=()):
    """For every row still in the queryset `due` when locked: the letter `message_for(row)` written to the outbox and
    `sent_field` set to now, together. A row another run holds, or no longer due, is skipped. Yields the letters.

    A row whose letter cannot be written (a template error, data the template chokes on) is logged with the error and
    left unmarked, for the next run to try again once it is fixed; the rows after it get their letters."""
    for pk in list(due.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                row = (
                    due.select_for_update(skip_locked=True, of=("self",))
                    .select_related(*related)
                    .filter(pk=pk)
                    .first()
                )
                if row is None:
                    continue
                try:
                    message = message_for(row)
                except LETTER_ERRORS as error:
                    raise LetterNotWritten from error
                letter = enqueue(message)
                setattr(row, sent_field, timezone.now())
                row.save(update_fields=[sent_field])
        except LetterNotWritten as error:
            logger.error(
                "Could not write the letter for %s %s", due.model.__name__, pk, exc_info=error.__cause__
            )
            continue
        yield letter


def send_once_each(due, message_for, sent_field, related=()):
    """`write_once_each`, each letter then sent at once (a refused one waits in the outbox for send_outbox);
    returns (sent, failed)."""
    sent = failed = 0
    for letter in write_once_each(due, message_for, sent_field, related):
        if deliver(letter.pk):
            sent += 1
        else:
            failed += 1
    return sent, failed
