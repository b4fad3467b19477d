"""manage.py send_reminders: the cron entry point of centers.events.reminders (run it every 15 minutes or so)."""

from django.core.management.base import BaseCommand

from centers.events.reminders import reminder_lead, send_due_reminders


class Command(BaseCommand):
    help = (
        "Sends each confirmed participant one reminder before their meeting (CENTERS_REMINDER_HOURS, 24 h)."
    )

    def handle(self, *args, **options):
        sent, failed = send_due_reminders()
        hours = reminder_lead().total_seconds() / 3600
        self.stdout.write(
            f"Sent {sent} reminders for meetings within {hours:g} h; {failed} failed, retried next run."
        )
