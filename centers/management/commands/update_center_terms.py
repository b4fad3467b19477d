"""Daily: record in the audit log each center whose term has ended; pages compute the status themselves."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from centers.directory.terms import record_ended_terms


class Command(BaseCommand):
    help = (
        "Records in the audit log the centers whose approval term has ended (once per term). "
        "Safe to run daily and to repeat; the public pages compute the status on their own."
    )

    def handle(self, *args, **options):
        recorded = record_ended_terms(timezone.localdate())
        for center in recorded:
            self.stdout.write(f"{center.title}: {center.term_end:%d.%m.%Y}")
        self.stdout.write(self.style.SUCCESS(f"Terms ended, newly recorded: {len(recorded)}"))
