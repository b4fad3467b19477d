"""One-file backups of the site: the database and the media files in a .tar.gz, with a manifest to verify a restore.

On PostgreSQL the database goes through `pg_dump --format=custom` (one consistent snapshot of every table, sequences
and the search index included, fast on a million registrations) and comes back with `pg_restore`. Elsewhere, or with
`--portable`, it is Django's `dumpdata` with primary keys as they are (content types and permissions included, so
every reference stays valid; sessions are dropped and the search index is rebuilt), which loads into any engine.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_FOLDER = "media"
PG_DUMP_FILE = "database.pgdump"
JSON_DUMP_FILE = "database.json"


def rebuilt_models():
    """Not worth keeping (sessions) or rebuilt on restore by update_index (the search index tables, SQLite's FTS
    table included): neither dumped nor counted in the portable format."""
    index_tables = [
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.label_lower.endswith("indexentry")
    ]
    return ["sessions", *index_tables]


class BackupError(Exception):
    pass


def on_postgres():
    return connection.vendor == "postgresql"


def counted_models():
    """Every model with rows of its own, except those a restore rebuilds."""
    rebuilt = set(rebuilt_models())
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in rebuilt or meta.label_lower in rebuilt:
            continue
        yield model


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in counted_models()}


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_checksums(media_root):
    media_root = Path(media_root)
    if not media_root.is_dir():
        return {}
    return {
        path.relative_to(media_root).as_posix(): file_sha256(path)
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }


def postgres_command(program, settings_dict, *arguments):
    """Command line and environment for a PostgreSQL client program, from Django's connection settings."""
    command = [program]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command += [option, str(settings_dict[key])]
    environment = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return [*command, *arguments], environment


def run_postgres_program(program, *arguments):
    command, environment = postgres_command(program, connection.settings_dict, *arguments)
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
    return result


def write_backup(output, portable=False):
    """Dump the database, then copy the media (so every stored row finds its file); return the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    use_pg_dump = on_postgres() and not portable and shutil.which("pg_dump")
    with tempfile.TemporaryDirectory() as work:
        if use_pg_dump:
            dump = Path(work) / PG_DUMP_FILE
            run_postgres_program(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={dump}",
                connection.settings_dict["NAME"],
            )
            counts = row_counts()
        else:
            dump = Path(work) / JSON_DUMP_FILE
            # Content types and permissions first: loading a page fires signal handlers that look its type up.
            labels = ["contenttypes", "auth"]
            labels += [config.label for config in apps.get_app_configs() if config.label not in labels]
            call_command("dumpdata", *labels, exclude=rebuilt_models(), output=str(dump), verbosity=0)
            counts = row_counts()
        media = media_checksums(settings.MEDIA_ROOT)
        manifest = {
            "version": 1,
            "created": timezone.now().isoformat(),
            "database": {
                "vendor": connection.vendor,
                "format": "pg_dump" if use_pg_dump else "json",
                "file": dump.name,
            },
            "counts": counts,
            "media": media,
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, MANIFEST)
            archive.add(dump, dump.name)
            for relative in media:
                archive.add(Path(settings.MEDIA_ROOT) / relative, f"{MEDIA_FOLDER}/{relative}")
        partial.replace(output)  # an interrupted backup never looks like a finished one
    return manifest


def database_is_empty():
    return not connection.introspection.table_names()


def read_manifest(archive):
    member = archive.extractfile(MANIFEST)
    if member is None:
        raise BackupError(f"{MANIFEST} is missing: not a backup of this site.")
    return json.loads(member.read().decode("utf-8"))


def restore_backup(path, force=False, stdout=None):
    """Load the database, then the media files, then check both against the manifest; return the manifest."""
    if not database_is_empty() and not force:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty; restore into an empty database, "
            "or add --force to replace its contents."
        )
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        database = manifest["database"]
        archive.extract(database["file"], work, filter="data")
        dump = Path(work) / database["file"]
        if database["format"] == "pg_dump":
            if not on_postgres():
                raise BackupError("This backup was made with pg_dump and restores only into PostgreSQL.")
            connection.close()
            options = ["--clean", "--if-exists"] if force else []
            run_postgres_program(
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *options,
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            )
            call_command("migrate", interactive=False, verbosity=0)
        else:
            call_command("migrate", interactive=False, verbosity=0)
            # Empty every table, content types included, so the dump's rows load with their own primary keys.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            ContentType.objects.clear_cache()  # it still holds the rows migrate made
            call_command("loaddata", str(dump), verbosity=0)
            call_command("update_index", verbosity=0, stdout=stdout or open(os.devnull, "w"))
        media_root = Path(settings.MEDIA_ROOT)
        members = [
            member
            for member in archive.getmembers()
            if member.isfile() and PurePosixPath(member.name).parts[:1] == (MEDIA_FOLDER,)
        ]
        with tempfile.TemporaryDirectory(
            dir=media_root.parent if media_root.parent.exists() else None
        ) as staging:
            archive.extractall(staging, members=members, filter="data")
            media_root.mkdir(parents=True, exist_ok=True)
            if members:
                shutil.copytree(Path(staging) / MEDIA_FOLDER, media_root, dirs_exist_ok=True)
    verify_restore(manifest)
    return manifest


def verify_restore(manifest):
    counts = row_counts()
    wrong_counts = {
        label: (expected, counts.get(label))
        for label, expected in manifest["counts"].items()
        if counts.get(label) != expected
    }
    restored = media_checksums(settings.MEDIA_ROOT)
    wrong_files = [name for name, digest in manifest["media"].items() if restored.get(name) != digest]
    if wrong_counts or wrong_files:
        raise BackupError(
            f"The restore does not match the backup: rows {wrong_counts}, files {wrong_files[:10]}"
        )
