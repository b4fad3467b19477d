from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.backups import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Writes one .tar.gz archive: the database dump, every file of the site (media, private files) and a "
        "manifest of row counts, file checksums and the release's migrations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="archive path (default var/backups/portal-<date-time>.tar.gz)")
        parser.add_argument(
            "--portable",
            action="store_true",
            help="dumpdata JSON even on PostgreSQL (loads into any database)",
        )

    def handle(self, *args, **options):
        output = options["output"] or Path(settings.VAR_DIR) / "backups" / (
            f"portal-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            manifest = write_backup(output, portable=options["portable"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        folders = ", ".join(
            f"{len(listing)} in {folder}/ ({manifest['folders'][folder]})"
            for folder, listing in manifest["files"].items()
        )
        self.stdout.write(
            f"{output}: database as {manifest['database']['format']}, {rows} rows; files: {folders}"
        )
