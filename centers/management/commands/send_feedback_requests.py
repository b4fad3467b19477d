"""manage.py send_feedback_requests: the cron entry point of centers.events.feedback (run it hourly)."""

from django.core.management.base import BaseCommand

from centers.events.feedback import send_feedback_requests


class Command(BaseCommand):
    help = "Asks each attendee of an ended meeting, once, for their opinion (a signed link to a short form)."

    def handle(self, *args, **options):
        written = send_feedback_requests()
        self.stdout.write(f"Wrote {written} feedback requests to the outbox.")
