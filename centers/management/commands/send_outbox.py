"""Sends the letters of the outbox that are due (cron, every minute): those the mail server refused before included.

It always finishes: a letter that fails is retried later or given up (see centers.outbox.delivery), never raised."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from centers.outbox.delivery import KEEP_SENT_DAYS, delete_old_sent_letters, send_pending


class Command(BaseCommand):
    help = (
        "Send pending letters of the outbox, with retries; give up letters refused for good; "
        f"delete sent letters older than {KEEP_SENT_DAYS} days."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-now",
            action="store_true",
            help="Send every unsent letter now, without waiting out the pauses (the mail server is back).",
        )

    def handle(self, *args, **options):
        sent, retried, failed = send_pending(retry_now=options["retry_now"])
        deleted = delete_old_sent_letters()
        self.stdout.write(
            _(
                "Letters sent: %(sent)d, waiting for a retry: %(retried)d, failed: %(failed)d, "
                "old sent letters deleted: %(deleted)d"
            )
            % {"sent": sent, "retried": retried, "failed": failed, "deleted": deleted}
        )
        if failed:
            self.stdout.write(
                _(
                    "Failed letters are listed in the admin under “Failed letters”, where they can be sent again."
                )
            )
