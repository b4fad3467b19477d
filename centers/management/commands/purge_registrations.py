"""Anonymizes registrations a retention period after their meeting (152-FZ: no longer than needed)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from centers.models import Registration

DEFAULT_RETENTION_DAYS = 365


def anonymize_registrations(days, now=None):
    """Blank the personal data of registrations whose meeting ended more than `days` ago; keep status, attendance."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    expired = Registration.objects.filter(occurrence__end__lt=cutoff, anonymized_at__isnull=True)
    with transaction.atomic():
        return expired.update(
            full_name="",
            position="",
            organization="",
            email="",
            phone="",
            consent_ip=None,
            anonymized_at=timezone.now(),
        )


class Command(BaseCommand):
    help = "Anonymizes event registrations older than the retention period after their event."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (default: CENTERS_REGISTRATION_RETENTION_DAYS or 365).",
        )

    def handle(self, *args, days=None, **options):
        if days is None:
            days = getattr(settings, "CENTERS_REGISTRATION_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
        if days < 0:
            raise CommandError("--days must not be negative")
        count = anonymize_registrations(days)
        self.stdout.write(f"Anonymized {count} registrations older than {days} days after their event.")
