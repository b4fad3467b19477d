"""manage.py send_digests: the cron entry point of centers.subscriptions.digests (run it weekly, or daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from centers.subscriptions.digests import digest_interval, send_digests


class Command(BaseCommand):
    help = (
        "Sends each confirmed subscriber one letter with the new materials and upcoming events they follow, "
        "at most once per CENTERS_DIGEST_INTERVAL_DAYS (7); nothing when nothing is new."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            sent, failed, nothing_new = send_digests()
        self.stdout.write(
            f"Digests sent: {sent}; {failed} failed and wait in the outbox; {nothing_new} subscribers had nothing "
            f"new. Interval: {digest_interval().days} days."
        )
