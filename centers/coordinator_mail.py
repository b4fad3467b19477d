"""Who hears about a center's incoming submissions: its coordinators, found through Wagtail page permissions."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from wagtail.models import GroupPagePermission


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


def notify_coordinators(center, subject, body):
    recipients = coordinator_emails(center)
    if recipients:
        send_mail(subject, body, None, recipients)
    return recipients
