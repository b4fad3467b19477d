"""Sends the letters of the outbox that are due (cron, every minute): those the mail server refused before included."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from centers.outbox.delivery import delete_old_sent_letters, send_pending


class Command(BaseCommand):
    help = "Send pending letters of the outbox, with retries; delete sent letters older than 30 days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-now",
            action="store_true",
            help="Send every unsent letter now, without waiting out the pauses (the mail server is back).",
        )

    def handle(self, *args, **options):
        sent, failed = send_pending(retry_now=options["retry_now"])
        deleted = delete_old_sent_letters()
        self.stdout.write(
            _(
                "Letters sent: %(sent)d, failed and waiting for a retry: %(failed)d, old sent letters deleted: %(deleted)d"
            )
            % {"sent": sent, "failed": failed, "deleted": deleted}
        )
