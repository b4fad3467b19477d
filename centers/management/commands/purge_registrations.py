"""manage.py purge_registrations: the scheduled entry point of the retention rules in centers.events.retention.py."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from centers.events.retention import (
    DEFAULT_PROOF_RETENTION_DAYS,
    DEFAULT_RETENTION_DAYS,
    anonymize_registrations,
    delete_expired_consent_proofs,
)


class Command(BaseCommand):
    help = (
        "Anonymizes event registrations older than the retention period after their event, and deletes their "
        "consent records once the proof period after the anonymization has passed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (default: CENTERS_REGISTRATION_RETENTION_DAYS or 365).",
        )
        parser.add_argument(
            "--proof-days",
            type=int,
            default=None,
            help="Days a consent record is kept after its registration was anonymized "
            "(default: CENTERS_CONSENT_PROOF_RETENTION_DAYS or 1095).",
        )

    def handle(self, *args, days=None, proof_days=None, **options):
        if days is None:
            days = getattr(settings, "CENTERS_REGISTRATION_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
        if proof_days is None:
            proof_days = getattr(
                settings, "CENTERS_CONSENT_PROOF_RETENTION_DAYS", DEFAULT_PROOF_RETENTION_DAYS
            )
        if days < 0 or proof_days < 0:
            raise CommandError("--days and --proof-days must not be negative")
        count = anonymize_registrations(days)
        self.stdout.write(f"Anonymized {count} registrations older than {days} days after their event.")
        deleted = delete_expired_consent_proofs(proof_days, days)
        self.stdout.write(
            f"Deleted {deleted} consent records of registrations anonymized more than {proof_days} days ago."
        )
