"""Who hears about a center's incoming submissions: its coordinators, found through Wagtail page permissions."""

import logging
import smtplib

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import GroupPagePermission

logger = logging.getLogger(__name__)
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def coordinator_emails(center):
    """E-mails of active users whose groups may change this center's page (its own group, not the department's).

    Falls back to the coordinators' contacts published on the center page when no such account has an e-mail.
    """
    groups = GroupPagePermission.objects.filter(page=center, permission__codename="change_page").values(
        "group"
    )
    emails = (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    found = sorted(set(emails))
    if not found:
        found = sorted({contact.email for contact in center.contacts.all() if contact.email})
    return found


def send_logging_failures(send, *args, **kwargs):
    """Sends now; a mail server failure is logged and returns False, so a stored submission never ends in a 500."""
    try:
        send(*args, **kwargs)
    except MAIL_ERRORS:
        logger.exception("Could not send the e-mails of %s", send.__name__)
        return False
    return True


def send_after_commit(send, *args):
    """Sends once the data are stored; a mail server failure is logged, and what the visitor sent stays stored."""
    transaction.on_commit(lambda: send_logging_failures(send, *args))
