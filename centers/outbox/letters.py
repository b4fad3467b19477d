"""Two-part letters: plain text for every mail client, a simple inline-styled HTML version for the others."""

from django.template.loader import render_to_string

from centers.common.mail import coordinator_emails
from centers.outbox.delivery import deliver, deliver_after_commit, enqueue
from centers.outbox.message import Letter

# A letter whose text is written in Python (gettext strings): the HTML shows its paragraphs and makes links clickable.
TEXT_LETTER = "centers/outbox/emails/text_letter"


def compose_letter(subject, template_name, context, to, *, headers=None, attachments=()):
    """Renders <template_name>.txt and <template_name>.html into one letter; attachments are (name, bytes, type),
    the type with its parameters if it has any (`text/calendar; method=PUBLISH; charset=utf-8`)."""
    message = Letter(
        subject=subject,
        body=render_to_string(f"{template_name}.txt", context),
        to=list(to),
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"{template_name}.html", context), "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def compose_text_letter(subject, body, to, **options):
    """A two-part letter from a plain text written in code: the HTML is the same text, paragraphs and links, and
    the subject its title."""
    return compose_letter(subject, TEXT_LETTER, {"body": body, "title": subject}, to, **options)


def send_letter_now_or_later(message):
    """Writes the letter to the outbox and tries it once the transaction commits; send_outbox retries failures."""
    letter = enqueue(message)
    deliver_after_commit(letter)
    return letter


def send_letter_now(message):
    """Writes the letter to the outbox and sends it at once (a signal handler outside any stored form)."""
    letter = enqueue(message)
    deliver(letter.pk)
    return letter


def notify_coordinators(center, subject, body):
    """One letter to the coordinators of a center about an incoming submission, through the outbox after commit."""
    recipients = coordinator_emails(center)
    if recipients:
        send_letter_now_or_later(compose_text_letter(subject, body, recipients))
    return recipients
