"""One-file backups of the site: the database, the media and every private file in a .tar.gz, with a manifest.

On PostgreSQL the database goes through `pg_dump --format=custom` (one consistent snapshot of every table, sequences
and the search index included, fast on a million registrations) and comes back with `pg_restore`. Elsewhere, or with
`--portable`, it is Django's `dumpdata` as JSON lines with primary keys as they are (content types and permissions
included, so every reference stays valid; sessions are dropped and the search index is rebuilt), which loads into any
engine.

Files: every folder a FileSystemStorage of the site writes into (MEDIA_ROOT, the private folder of applications,
council protocols and orders, any other storage a model field names) goes into the archive under a folder name of its
own (`media/`, `private/`...), so a restore puts each file back where today's settings keep that storage.

Restore of an archive made by an earlier release: the database is first migrated to the archive's own migrations (as
its manifest records them, or as inferred from the tables and fields it holds), the rows are loaded with the models of
that schema, counted against the manifest, and only then migrated forward: rows that new migrations add (content
types, permissions of new models) are never compared with the archive.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps as global_apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import base as serializer_base
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, connection, migrations, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState
from django.utils import timezone

from centers.common.private_files import private_media_root

MANIFEST = "manifest.json"
MEDIA_FOLDER = "media"
PRIVATE_FOLDER = "private"
PG_DUMP_FILE = "database.pgdump"
JSON_DUMP_FILE = "database.json"
JSONL_DUMP_FILE = "database.jsonl"
FORMAT_VERSION = 2
CHUNK = 1024 * 1024
LOAD_BATCH = 500


class BackupError(Exception):
    pass


def on_postgres():
    return connection.vendor == "postgresql"


# --- what is counted -------------------------------------------------------------------------------------------------


def is_rebuilt(model):
    """Not worth keeping (sessions) or rebuilt on restore by update_index (the search index tables, SQLite's FTS
    table included): neither dumped nor counted in the portable format."""
    meta = model._meta
    return meta.app_label == "sessions" or meta.label_lower.endswith("indexentry")


def rebuilt_models(registry=global_apps):
    return [
        "sessions",
        *(m._meta.label_lower for m in registry.get_models() if m._meta.label_lower.endswith("indexentry")),
    ]


def counted_models(registry=global_apps):
    """Every model with rows of its own (many-to-many link tables included), except those a restore rebuilds."""
    for model in registry.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or is_rebuilt(model):
            continue
        if meta.auto_created and is_rebuilt(meta.auto_created):
            continue
        yield model


def row_counts(registry=global_apps):
    """Rows of each table, counted in SQL (no manager may filter them), keyed by the model's label."""
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for model in counted_models(registry):
            table = model._meta.db_table
            if table not in existing:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[model._meta.label] = cursor.fetchone()[0]
    return counts


# --- which folders hold files -------------------------------------------------------------------------------------------


def private_root():
    """The add-on's private folder (CENTERS_PRIVATE_MEDIA_ROOT, else its default beside MEDIA_ROOT); None without."""
    try:
        return private_media_root().resolve()
    except ImproperlyConfigured:
        return None


def file_roots():
    """{folder name in the archive: folder on this machine} for every file system storage the site writes into.

    MEDIA_ROOT is `media`; the private folder (the setting CENTERS_PRIVATE_MEDIA_ROOT, or whatever private storage
    the model fields use) is `private`; any other storage location a file field names is `files-<app.model.field>`.
    STATIC_ROOT is not here: `collectstatic` rebuilds it from the code.
    """
    media = Path(settings.MEDIA_ROOT).resolve()
    roots = {MEDIA_FOLDER: media}
    private = private_root()
    if private is not None:
        roots[PRIVATE_FOLDER] = private
    storages = [("default storage", default_storage)]
    for model in global_apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.model is model:
                storages.append((f"{model._meta.label_lower}.{field.name}", field.storage))
    for name, storage in sorted(storages, key=lambda item: item[0]):
        if not isinstance(storage, FileSystemStorage):
            continue
        location = Path(storage.location).resolve()
        if location in roots.values():
            continue
        if "private" in type(storage).__name__.lower() and PRIVATE_FOLDER not in roots:
            roots[PRIVATE_FOLDER] = location
        else:
            roots[f"files-{name}"] = location
    return roots


def files_of(root, roots):
    """{relative path: Path} of every file under root, leaving out the folders of other roots nested in it."""
    root = Path(root)
    if not root.is_dir():
        return {}
    nested = [other for other in roots.values() if other != root and root in other.parents]
    found = {}
    for directory, subdirectories, filenames in os.walk(root):
        directory = Path(directory)
        subdirectories[:] = sorted(d for d in subdirectories if directory / d not in nested)
        for filename in sorted(filenames):
            path = directory / filename
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(root).as_posix()] = path
    return found


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_checksums(media_root):
    """{relative path: sha256} of every file under a folder (kept for callers that check one folder)."""
    root = Path(media_root)
    return {name: file_sha256(path) for name, path in files_of(root, {"": root}).items()}


class HashingReader:
    """Reads a file for tarfile and hashes exactly the bytes that go into the archive."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.stream.read(size)
        self.digest.update(data)
        return data


# --- the release that makes an archive ----------------------------------------------------------------------------------


def applied_leaves():
    """{app label: [names of its newest applied migrations]}: the schema the rows of a dump belong to."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    leaves = {}
    for app_label, name in sorted(applied):
        if (app_label, name) not in loader.graph.nodes:
            continue
        children = loader.graph.node_map[(app_label, name)].children
        if not any(child.key in applied and child.key[0] == app_label for child in children):
            leaves.setdefault(app_label, []).append(name)
    return leaves


def release_info():
    from importlib import metadata

    try:
        version = metadata.version("resource-centers")
    except metadata.PackageNotFoundError:
        version = None
    commit = None
    if (Path(settings.BASE_DIR) / ".git").exists() and shutil.which("git"):
        result = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "log", "-1", "--format=%h %cs"],
            capture_output=True,
            text=True,
        )
        if result.returncode == 0 and result.stdout.strip():
            commit = result.stdout.strip()
    return {"version": version, "commit": commit, "migrations": applied_leaves()}


def describe_release(manifest):
    release = manifest.get("release")
    if not release:
        return None
    parts = [f"version {release['version']}" if release.get("version") else None, release.get("commit")]
    return ", ".join(part for part in parts if part) or "unknown"


# --- backup ----------------------------------------------------------------------------------------------------------


def run_postgres_program(program, *arguments):
    settings_dict = connection.settings_dict
    command = [program]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command += [option, str(settings_dict[key])]
    environment = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    result = subprocess.run([*command, *arguments], env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
    return result


def write_backup(output, portable=False):
    """Dump the database, then copy every file (so every stored row finds its file); return the manifest.

    The manifest goes in last: each file's checksum is taken from the very bytes written into the archive.
    """
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    use_pg_dump = on_postgres() and not portable and shutil.which("pg_dump")
    roots = file_roots()
    with tempfile.TemporaryDirectory() as work:
        release = release_info()
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
        else:
            dump = Path(work) / JSONL_DUMP_FILE
            # Content types and permissions first: loading a page fires signal handlers that look its type up.
            labels = ["contenttypes", "auth"]
            labels += [config.label for config in global_apps.get_app_configs() if config.label not in labels]
            call_command(
                "dumpdata", *labels, format="jsonl", exclude=rebuilt_models(), output=str(dump), verbosity=0
            )
        counts = row_counts()
        files = {}
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, dump.name)
            for folder, root in roots.items():
                files[folder] = {}
                for relative, path in files_of(root, roots).items():
                    member = archive.gettarinfo(path, f"{folder}/{relative}")
                    with open(path, "rb") as stream:
                        reader = HashingReader(stream)
                        archive.addfile(member, reader)
                    files[folder][relative] = reader.digest.hexdigest()
            manifest = {
                "version": FORMAT_VERSION,
                "created": timezone.now().isoformat(),
                "release": release,
                "database": {
                    "vendor": connection.vendor,
                    "format": "pg_dump" if use_pg_dump else "jsonl",
                    "file": dump.name,
                },
                "counts": counts,
                "folders": {folder: str(root) for folder, root in roots.items()},
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            member = tarfile.TarInfo(MANIFEST)
            member.size, member.mtime, member.mode = len(data), int(timezone.now().timestamp()), 0o644
            archive.addfile(member, io.BytesIO(data))
        partial.replace(output)  # an interrupted backup never looks like a finished one
    return manifest


# --- reading an archive ------------------------------------------------------------------------------------------------


def read_manifest(archive):
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(f"{MANIFEST} is missing: not a backup of this site.") from None
    manifest = json.loads(archive.extractfile(member).read().decode("utf-8"))
    if "files" not in manifest:  # version 1: MEDIA_ROOT only, as `media`
        manifest["files"] = {MEDIA_FOLDER: manifest.get("media", {})}
    return manifest


def archived_files(manifest):
    return sum(len(listing) for listing in manifest["files"].values())


def dump_objects(stream, format):
    """The dump's objects one by one, without reading it whole: JSON lines, or dumpdata's single JSON array."""
    text = io.TextIOWrapper(stream, encoding="utf-8")
    if format == "jsonl":
        for line in text:
            if line.strip():
                yield json.loads(line)
        return
    decoder = json.JSONDecoder()
    buffer, position, started = "", 0, False
    while True:
        chunk = text.read(CHUNK)
        buffer = buffer[position:] + chunk
        position = 0
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n,[]":
                started = started or buffer[position] == "["
                position += 1
            if position >= len(buffer):
                break
            try:
                obj, end = decoder.raw_decode(buffer, position)
            except json.JSONDecodeError:
                if not chunk:
                    raise BackupError("The database dump in the archive is cut short.") from None
                break  # the object goes on in the next chunk
            yield obj
            position = end
        if not chunk:
            return


def dump_fingerprint(archive, manifest):
    """{model label lower: set of field names} of the dump's objects (for models with rows)."""
    database = manifest["database"]
    fields = {}
    for obj in dump_objects(archive.extractfile(database["file"]), database["format"]):
        fields.setdefault(obj["model"], set()).update(obj["fields"])
    return fields


# --- which migrations made an archive -----------------------------------------------------------------------------------


def state_fields(model_state):
    """The fields dumpdata writes for a model of a migration state: local, serialized, not the primary key; a
    many-to-many field only when Django makes its link table."""
    names = set()
    for name, field in model_state.fields.items():
        if not getattr(field, "serialize", True) or getattr(field, "primary_key", False):
            continue
        if field.many_to_many and field.remote_field.through is not None:
            continue
        names.add(name)
    return names


def app_fingerprint(state, app_label, with_rows):
    """What a dump of this app made at `state` holds: {model label: its fields, or None if the dump has no rows}."""
    result = {}
    for (state_app, _), model_state in state.models.items():
        if (
            state_app != app_label
            or model_state.options.get("proxy")
            or not model_state.options.get("managed", True)
        ):
            continue
        label = f"{app_label}.{model_state.name_lower}"
        if app_label == "sessions" or label.endswith("indexentry"):
            continue
        result[label] = state_fields(model_state) if label in with_rows else None
    return result


def migration_plan_of_everything(graph):
    plan, seen = [], set()
    for leaf in sorted(graph.leaf_nodes()):
        for key in graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                plan.append(key)
    return plan


# Releases whose archives hold no migration names (manifest version 1), with the migrations they shipped. An archive
# is taken for one of them only if its tables and fields are exactly that release's.
DATA_OPERATIONS = (migrations.RunPython,)

KNOWN_RELEASES = [
    (
        "the release of 2026-11-26 (commit 0a4c22a)",
        {
            "admin": ["0003_logentry_add_action_flag_choices"],
            "auth": ["0012_alter_user_first_name_max_length"],
            "axes": ["0010_accessattemptexpiration"],
            "centers": ["0017_page_type_newest_index"],
            "contenttypes": ["0002_remove_content_type_name"],
            "portal": ["0003_home_page_collections"],
            "sessions": ["0001_initial"],
            "taggit": ["0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"],
            "wagtailadmin": ["0006_formstate"],
            "wagtailcore": ["0097_baselogentry_uuid_action_timestamp_indexes"],
            "wagtaildocs": ["0014_alter_document_file_size"],
            "wagtailembeds": ["0009_embed_cache_until"],
            "wagtailforms": ["0005_alter_formsubmission_form_data"],
            "wagtailimages": ["0027_image_description"],
            "wagtailredirects": ["0008_add_verbose_name_plural"],
            "wagtailsearch": ["0010_add_text_fields"],
            "wagtailusers": ["0015_userprofile_keyboard_shortcuts"],
        },
    ),
]


def expected_fingerprint(manifest, fingerprint):
    expected = {}
    for label in manifest["counts"]:
        label = label.lower()
        expected.setdefault(label.split(".")[0], {})[label] = fingerprint.get(label)
    return expected


def fingerprint_matches(state, app_label, expected, fingerprint):
    current = app_fingerprint(state, app_label, fingerprint.keys())
    return current.keys() == expected.keys() and all(
        expected[label] is None or current[label] == expected[label] for label in current
    )


def infer_migrations(manifest, fingerprint):
    """For an archive without recorded migrations: (which release, {app: [migration]}).

    A known release whose schema gives exactly the archive's tables and fields; otherwise, per app, the migration
    after which the app's models are the archive's models with the dump's fields. When several migrations in a row
    leave them so (field options, indexes), the last of them, but never past a data step (RunPython, RunSQL): a data
    migration runs again on restore rather than being skipped on rows that never had it.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    expected = expected_fingerprint(manifest, fingerprint)
    for name, shipped in KNOWN_RELEASES:
        nodes = [(app, migration) for app, names in shipped.items() for migration in names]
        if not all(node in loader.graph.nodes for node in nodes):
            continue
        state = loader.project_state(nodes)
        if all(fingerprint_matches(state, app, wanted, fingerprint) for app, wanted in expected.items()):
            return name, {app: names for app, names in shipped.items() if app in expected}
    state = ProjectState(real_apps=loader.unmigrated_apps)
    matches, run = (
        {},
        {},
    )  # per app: "off", "on" (a run of matching migrations goes on), "halted" (at a data step)
    for key in migration_plan_of_everything(loader.graph):
        migration = loader.graph.nodes[key]
        state = migration.mutate_state(state, preserve=False)
        app_label = key[0]
        if app_label not in expected:
            continue
        if not fingerprint_matches(state, app_label, expected[app_label], fingerprint):
            run[app_label] = "off"
        elif run.get(app_label, "off") == "off":
            matches[app_label], run[app_label] = key[1], "on"
        elif run[app_label] == "on":
            if any(isinstance(operation, DATA_OPERATIONS) for operation in migration.operations):
                run[app_label] = "halted"
            else:
                matches[app_label] = key[1]
    missing = sorted(app for app in expected if app not in matches)
    if missing:
        raise BackupError(
            f"Cannot tell which migrations of {', '.join(missing)} made this archive: its tables and fields match "
            "none of this release's migrations."
        )
    return "an earlier release", {app_label: [name] for app_label, name in sorted(matches.items())}


# --- restore ---------------------------------------------------------------------------------------------------------


def database_is_empty():
    return not connection.introspection.table_names()


def drop_every_table():
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        if on_postgres():
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                if table in connection.introspection.table_names():  # FTS shadow tables go with their table
                    cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")


def migrate_to(targets):
    """Bring an empty database to exactly the archive's migrations (without post_migrate rows); return the state."""
    executor = MigrationExecutor(connection)
    targets = [(app_label, name) for app_label, names in targets.items() for name in names]
    unknown = [target for target in targets if target not in executor.loader.graph.nodes]
    if unknown:
        raise BackupError(
            f"The archive was made with migrations this release does not have: {unknown}; restore it with the "
            "release that made it, or a newer one."
        )
    plan = executor.migration_plan(targets)
    state = executor.migrate(targets, plan=plan)
    return state


class HistoricalDeserializer(PythonDeserializer):
    """Django's deserializer, with the models of the archive's own schema instead of today's."""

    def __init__(self, objects, registry, **options):
        super().__init__(objects, **options)
        self.registry = registry

    def _get_model_from_node(self, model_identifier):
        try:
            return self.registry.get_model(model_identifier)
        except (LookupError, TypeError):
            raise serializer_base.DeserializationError(
                f"Invalid model identifier: {model_identifier}"
            ) from None


def save_loaded(deserialized):
    """Save one object as loaddata does (raw), and its many-to-many links straight into their link table: a
    modelcluster ParentalManyToManyField would keep them in memory until a save() that never comes."""
    instance = deserialized.object
    models.Model.save_base(instance, raw=True)
    for name, values in (deserialized.m2m_data or {}).items():
        field = instance._meta.get_field(name)
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        through._default_manager.bulk_create(
            [through(**{f"{source}_id": instance.pk, f"{target}_id": value}) for value in values]
        )


def load_dump(archive, manifest, registry):
    """Load the dump's rows with the models of the archive's schema, streaming, in one transaction."""
    database = manifest["database"]
    # Empty the rows the migrations made (root page, default site, collections...), with the archive's models:
    # only model tables, never the shadow tables of SQLite's full-text index.
    existing = set(connection.introspection.table_names())
    tables = sorted(
        {
            model._meta.db_table
            for model in registry.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy and model._meta.db_table in existing
        }
    )
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    )
    loaded = set()
    with transaction.atomic(), connection.constraint_checks_disabled():
        objects = dump_objects(archive.extractfile(database["file"]), database["format"])
        for deserialized in HistoricalDeserializer(objects, registry, using=DEFAULT_DB_ALIAS):
            save_loaded(deserialized)
            loaded.add(type(deserialized.object))
        existing = set(connection.introspection.table_names())
        connection.check_constraints(
            table_names=[m._meta.db_table for m in loaded if m._meta.db_table in existing]
        )
        sequences = connection.ops.sequence_reset_sql(no_style(), list(loaded))
        if sequences:
            with connection.cursor() as cursor:
                for statement in sequences:
                    cursor.execute(statement)


def placements(manifest, roots):
    """{archive member: (folder, relative path)} of every listed file.

    Version 1 archives hold MEDIA_ROOT only; a private folder that then lay inside it (MEDIA_ROOT/private, the
    add-on's fallback) goes to today's private folder when that is elsewhere.
    """
    result = {}
    private = roots.get(PRIVATE_FOLDER)
    relocate = (
        manifest.get("version", 1) < 2 and private is not None and private != roots[MEDIA_FOLDER] / "private"
    )
    for folder, listing in manifest["files"].items():
        for relative in listing:
            path = PurePosixPath(relative)
            if path.is_absolute() or ".." in path.parts:
                raise BackupError(f"Refusing an archive member outside its folder: {folder}/{relative}")
            if relocate and folder == MEDIA_FOLDER and path.parts[0] == "private" and len(path.parts) > 1:
                result[f"{folder}/{relative}"] = (
                    PRIVATE_FOLDER,
                    PurePosixPath(*path.parts[1:]),
                    listing[relative],
                )
            else:
                result[f"{folder}/{relative}"] = (folder, path, listing[relative])
    unknown = sorted({folder for folder, _, _ in result.values()} - set(roots))
    if unknown:
        raise BackupError(
            f"The archive holds files of {unknown}, a storage today's settings do not have; nothing was restored."
        )
    return result


def restore_files(archive, placed, roots):
    """Stream each listed file from the archive to its folder (through a temporary name); return the bad ones."""
    for member in archive:
        if not member.isfile() or member.name not in placed:
            continue
        folder, relative, _ = placed[member.name]
        target = roots[folder].joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".restoring")
        with archive.extractfile(member) as source, open(partial, "wb") as destination:
            shutil.copyfileobj(source, destination, CHUNK)
        partial.replace(target)
    # Every listed file, read back from the disk.
    wrong = []
    for name, (folder, relative, expected) in placed.items():
        path = roots[folder].joinpath(*relative.parts)
        if not path.is_file() or file_sha256(path) != expected:
            wrong.append(name)
    return wrong


def restore_backup(path, force=False, stdout=None):
    """Load the database at the archive's own schema, check its rows, restore and check every file, then migrate
    forward and rebuild the search index; return the manifest (with what was inferred)."""
    say = stdout.write if stdout else lambda message: None
    if not database_is_empty():
        if not force:
            raise BackupError(
                f"The database {connection.settings_dict['NAME']} is not empty; restore into an empty database, "
                "or add --force to replace its contents."
            )
        drop_every_table()
    roots = file_roots()
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        database = manifest["database"]
        made_by = describe_release(manifest)
        placed = placements(manifest, roots)
        if database["format"] == "pg_dump":
            if not on_postgres():
                raise BackupError("This backup was made with pg_dump and restores only into PostgreSQL.")
            with tempfile.TemporaryDirectory() as work:
                archive.extract(database["file"], work, filter="data")
                connection.close()
                run_postgres_program(
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    f"--dbname={connection.settings_dict['NAME']}",
                    str(Path(work) / database["file"]),
                )
            leaves = applied_leaves()
            executor = MigrationExecutor(connection)
            targets = [(app, name) for app, names in leaves.items() for name in names]
            registry = executor.loader.project_state(targets).apps
            manifest.setdefault("release", {}).setdefault("migrations", leaves)
        else:
            if manifest.get("release", {}).get("migrations"):
                targets = manifest["release"]["migrations"]
            else:
                release, targets = infer_migrations(manifest, dump_fingerprint(archive, manifest))
                manifest["release"] = {"name": release, "migrations": targets, "inferred": True}
                made_by = f"{release} (inferred from its tables and fields)"
            say(f"The archive was made on {manifest['created']} by {made_by or 'an earlier release'}.\n")
            say(
                f"Its migrations: {', '.join(f'{app} {names[-1]}' for app, names in sorted(targets.items()))}\n"
            )
            registry = migrate_to(targets).apps
            load_dump(archive, manifest, registry)
        if database["format"] == "pg_dump":
            say(f"The archive was made on {manifest['created']} by {made_by or 'an earlier release'}.\n")
        wrong_counts = verify_counts(manifest, registry)
        if not wrong_counts:
            rows, tables = sum(manifest["counts"].values()), len(manifest["counts"])
            say(f"Loaded {rows} rows of {tables} tables at the archive's schema; counts verified.\n")
        wrong_files = restore_files(archive, placed, roots)
    if wrong_counts or wrong_files:
        raise BackupError(
            f"The restore does not match the backup: rows {wrong_counts}, files {wrong_files[:10]}"
        )
    for folder in roots:
        restored = sum(1 for placed_folder, _, _ in placed.values() if placed_folder == folder)
        if restored:
            say(f"{restored} files into {roots[folder]} ({folder}/); checksums verified.\n")
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=0)
    say(f"Migrated forward: {len(pending)} migrations applied.\n")
    call_command("update_index", verbosity=0, stdout=open(os.devnull, "w"))
    return manifest


def verify_counts(manifest, registry):
    """The rows of the archive's own tables, counted with the archive's own models, before any migration runs."""
    counts = {label.lower(): count for label, count in row_counts(registry).items()}
    return {
        label: (expected, counts.get(label.lower()))
        for label, expected in manifest["counts"].items()
        if counts.get(label.lower()) != expected
    }
