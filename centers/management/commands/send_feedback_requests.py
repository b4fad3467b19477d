"""manage.py send_feedback_requests: the cron entry point of centers.events.feedback (run it hourly)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from centers.events.feedback import feedback_max_age, send_feedback_requests


class Command(BaseCommand):
    help = (
        "Asks each attendee of a meeting that ended recently (CENTERS_FEEDBACK_MAX_AGE_DAYS), once, for their "
        "opinion (a signed link to a short form)."
    )

    def handle(self, *args, **options):
        written = send_feedback_requests()
        self.stdout.write(
            _(
                "Feedback requests written to the outbox: %(written)d (meetings that ended in the last %(days)d days)"
            )
            % {"written": written, "days": feedback_max_age().days}
        )
