from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restores a backup archive into an empty database and the media folder, then verifies counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="replace the contents of a database that is not empty"
        )

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["archive"], force=options["force"], stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored {rows} rows and {len(manifest['media'])} media files from {manifest['created']}; all verified."
        )
