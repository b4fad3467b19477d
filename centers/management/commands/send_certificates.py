"""manage.py send_certificates: the cron entry point of centers.certificates.issuing (run it hourly or nightly)."""

from django.core.management.base import BaseCommand, CommandError

from centers.certificates.fonts import CertificateFontsMissing
from centers.certificates.issuing import issue_due_certificates, send_unsent_certificates


class Command(BaseCommand):
    help = (
        "Issues a certificate to everyone marked as attended (and to the speakers) of meetings that ended, "
        "and e-mails each certificate once."
    )

    def handle(self, *args, **options):
        issued = issue_due_certificates()
        try:
            sent, failed = send_unsent_certificates()
        except CertificateFontsMissing as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Issued {issued} certificates; sent {sent}, {failed} failed and will be retried.")
