from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, archived_files, restore_backup


class Command(BaseCommand):
    help = (
        "Restores a backup archive into an empty database and the site's folders: loads the rows at the archive's "
        "own schema, verifies counts and checksums, then migrates forward (an older release's archive comes up to date)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="drop every table of a database that is not empty first"
        )

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["archive"], force=options["force"], stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored {rows} rows and {archived_files(manifest)} files from {manifest['created']}; all verified."
        )
