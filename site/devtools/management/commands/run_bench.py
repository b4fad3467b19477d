import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from portal.devtools.bench.measuring import (
    MAX_FLOOR_RATIO,
    MAX_LARGE_SMALL,
    REQUESTS,
    WARMUP,
    check,
    combine,
    format_table,
    measure_scales,
    summary,
)
from portal.devtools.bench.registry import (
    admin_screens_to_measure,
    pages_to_measure,
    searches_to_measure,
    seed_steps,
)
from portal.devtools.bench.searching import combine_searches, format_search_table, measure_searches

BENCH_SETTINGS = "portal.settings.bench"
SCALES = ("small", "large")


def parse_scale(scale, values):
    """Counts of every seeding step at `scale`: the step's default, overridden by NAME=N arguments."""
    counts = {step.name: getattr(step, scale) for step in seed_steps()}
    for value in values:
        name, _, number = value.partition("=")
        if name not in counts or not number.isdigit():
            raise CommandError(f"--{scale} {value!r}: expected NAME=N with NAME one of {', '.join(counts)}.")
        counts[name] = int(number)
    return counts


def scale_database(name, scale, vendor=None):
    """The database of one scale beside the configured one: portal_bench -> portal_bench_large, x.sqlite3 -> x-large.sqlite3.

    Each scale keeps its own data, so that --reuse measures the small scale on small data again while the large one,
    long to seed, is kept.
    """
    if (vendor or connection.vendor) == "sqlite":
        path = Path(name)
        return str(path.with_name(f"{path.stem}-{scale}{path.suffix}"))
    return f"{name}_{scale}"


def scale_schema(scale):
    return f"bench_{scale}"


def scale_settings(settings_dict, scale, schemas=False):
    """The connection settings of one scale: a database of its own, or with `schemas` a schema of the configured
    PostgreSQL database (for a role without CREATEDB), extensions staying in `public`."""
    if not schemas:
        return {**settings_dict, "NAME": scale_database(settings_dict["NAME"], scale)}
    options = {**settings_dict.get("OPTIONS", {}), "options": f"-c search_path={scale_schema(scale)},public"}
    return {**settings_dict, "OPTIONS": options}


class ScaleDatabases:
    """One connection per scale, each kept open, and `activate(scale)` to make it Django's default connection.

    The cache key prefix follows the scale, so that what a scale cached (site root paths, settings) never serves the
    other one, and neither has to warm its caches again after a switch.
    """

    def __init__(self, scales, schemas=False):
        self.original = connections[DEFAULT_DB_ALIAS]
        self.connections = {
            scale: type(self.original)(
                scale_settings(self.original.settings_dict, scale, schemas), DEFAULT_DB_ALIAS
            )
            for scale in scales
        }
        self.prefixes = {alias: caches[alias].key_prefix for alias in settings.CACHES}

    def activate(self, scale):
        connections[DEFAULT_DB_ALIAS] = self.connections[scale]
        for alias, prefix in self.prefixes.items():
            caches[alias].key_prefix = f"{prefix}bench-{scale}"

    def close(self):
        for wrapper in self.connections.values():
            wrapper.close()
        connections[DEFAULT_DB_ALIAS] = self.original
        for alias, prefix in self.prefixes.items():
            caches[alias].key_prefix = prefix


def prepare_schema(schema, recreate):
    """The scale's schema, emptied unless reused; pg_trgm in `public`, where both scales' search paths find it."""
    with connection.cursor() as cursor:
        if recreate:
            cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")


def recreate_database():
    """Drop and create the bench database (SQLite: delete the file), as Django's test runner does."""
    name = connection.settings_dict["NAME"]
    connection.close()
    if connection.vendor == "sqlite":
        Path(name).unlink(missing_ok=True)
    elif connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    else:
        raise CommandError(f"run_bench cannot recreate a {connection.vendor} database; pass --reuse.")


def write_figures(output, options, *, scales, databases, seeding_seconds, failed, pages, searches, admin):
    """var/bench.json (or --output): the versions, the settings of the run and every figure."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "created_at": timezone.now().isoformat(timespec="seconds"),
                "database": connection.vendor,
                "versions": {
                    "python": platform.python_version(),
                    "django": django.get_version(),
                    "wagtail": wagtail.__version__,
                },
                "warmup": options["warmup"],
                "requests": options["requests"],
                "scales": scales,
                "databases": databases,
                "seeding_seconds": seeding_seconds,
                "max_large_small": MAX_LARGE_SMALL,
                "max_floor_ratio": MAX_FLOOR_RATIO,
                "failed": failed,
                "pages": pages,
                "admin": admin,
                "searches": searches,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


class Command(BaseCommand):
    help = (
        "Benchmark of the public pages at two scales, each on a database of its own (named after "
        "BENCH_DATABASE_URL, else var/bench.sqlite3, with _small/_large; recreated unless --reuse): median and p95 "
        "ms and SQL queries per request against a bare Wagtail page, and whether each page keeps its queries and "
        "stays within 1.5x of its small-scale median."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        defaults = ", ".join(f"{step.name}={step.small}/{step.large}" for step in seed_steps())
        for scale in SCALES:
            parser.add_argument(
                f"--{scale}",
                action="append",
                default=[],
                metavar="NAME=N",
                help=f"count of a seeding step at the {scale} scale, repeatable (defaults small/large: {defaults})",
            )
        parser.add_argument("--warmup", type=int, default=WARMUP, help="untimed requests per page first")
        parser.add_argument("--requests", type=int, default=REQUESTS, help="timed requests per page")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="keep the bench database instead of recreating it (seeding adds only what is missing)",
        )
        parser.add_argument("--output", help="where to write the JSON figures (default var/bench.json)")
        parser.add_argument(
            "--skip-search-index",
            action="store_true",
            help="seed without indexing for search (much faster; for measuring pages other than search)",
        )
        parser.add_argument(
            "--searches-only",
            action="store_true",
            help="time the library searches only, not the pages (when working on search)",
        )
        parser.add_argument(
            "--admin-only",
            action="store_true",
            help="time the admin screens only, not the public pages nor the searches (when working on the admin)",
        )
        parser.add_argument(
            "--schemas",
            action="store_true",
            help="keep both scales in schemas bench_small and bench_large of the configured PostgreSQL database "
            "(for a role that may not create databases)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=(
                f"exit with an error when a page's queries grow, its median exceeds x{MAX_LARGE_SMALL} the small "
                f"one, or a public page's median exceeds x{MAX_FLOOR_RATIO:g} the floor's"
            ),
        )

    def handle(self, *args, **options):
        scales = {scale: parse_scale(scale, options[scale]) for scale in SCALES}
        if options["warmup"] < 0 or options["requests"] < 2:
            raise CommandError("--warmup must be 0 or more and --requests at least 2.")
        if settings.SETTINGS_MODULE != BENCH_SETTINGS:
            return self.rerun_with_bench_settings(options)
        configured = connection.settings_dict["NAME"]
        if options["schemas"]:
            databases = {scale: f"{configured}, schema {scale_schema(scale)}" for scale in scales}
        else:
            databases = {scale: scale_database(configured, scale) for scale in scales}
        seeding, results, admin_results, search_results = self.seed_and_measure(scales, databases, options)
        pages, admin = combine(results), combine(admin_results)
        # Public pages keep within x4 of the bare Wagtail page; admin screens are timed against their own floor
        # (the account page) and checked for their queries and scaling only.
        failed = check(pages, max_floor=MAX_FLOOR_RATIO) + check(admin)
        searches = combine_searches(search_results)
        tables = (
            format_table(pages),
            "Admin screens (floor: the account page, logged in)\n" + format_table(admin),
            format_search_table(searches),
            summary({**pages, **admin}, failed, max_floor=MAX_FLOOR_RATIO),
        )
        for table in tables:
            self.stdout.write("")
            self.stdout.write(table)
        output = Path(options["output"] or settings.VAR_DIR / "bench.json")
        write_figures(
            output,
            options,
            scales=scales,
            databases=databases,
            seeding_seconds=seeding,
            failed=failed,
            pages=pages,
            searches=searches,
            admin=admin,
        )
        self.stdout.write(f"\nFigures written to {output}")
        if failed and options["check"]:
            raise CommandError(f"{len(failed)} pages failed the scale or floor check.")

    def seed_and_measure(self, scales, databases, options):
        """Each scale on its database: recreate (unless --reuse), migrate, seed; then time the pages and the admin
        screens of both scales in turns and the searches of each. Returns ({scale: seeding seconds}, page results,
        admin screen results, search results)."""
        scale_databases = ScaleDatabases(databases, options["schemas"])
        seeding, pages_by_scale, admin_by_scale, search_results = {}, {}, {}, {}
        try:
            for scale, counts in scales.items():
                scale_databases.activate(scale)
                if options["schemas"]:
                    prepare_schema(scale_schema(scale), recreate=not options["reuse"])
                elif not options["reuse"]:
                    recreate_database()
                self.stdout.write(
                    f"{scale} scale on {connection.vendor} {databases[scale]}: "
                    + ", ".join(f"{name}={count}" for name, count in counts.items())
                )
                call_command("migrate", interactive=False, verbosity=0)
                seeding[scale] = self.seed(counts, options["verbosity"], options["skip_search_index"])
                pages_by_scale[scale] = pages_to_measure()
                admin_by_scale[scale] = admin_screens_to_measure()
            results = {scale: [] for scale in scales}
            admin_results = {scale: [] for scale in scales}
            if not options["searches_only"]:
                self.stdout.write("Measuring both scales in turns...")
                if not options["admin_only"]:
                    results = measure_scales(
                        pages_by_scale, scale_databases.activate, options["warmup"], options["requests"]
                    )
                admin_results = measure_scales(
                    admin_by_scale, scale_databases.activate, options["warmup"], options["requests"]
                )
            for scale in scales if not options["admin_only"] else ():
                scale_databases.activate(scale)
                search_results[scale] = measure_searches(
                    searches_to_measure(), options["warmup"], options["requests"]
                )
        finally:
            scale_databases.close()
        return seeding, results, admin_results, search_results

    def seed(self, counts, verbosity, skip_search_index):
        """Seed step by step; {step: seconds} (next to nothing when the database already held enough)."""
        seconds = {}
        for name, count in counts.items():
            started = time.perf_counter()
            call_command(
                "seed_bench", verbosity=verbosity, skip_search_index=skip_search_index, **{name: count}
            )
            seconds[name] = round(time.perf_counter() - started, 1)
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would gather after a bulk load, so plans match the data's size.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return seconds

    def rerun_with_bench_settings(self, options):
        """Run again in a child process with the bench settings, so this process never opens the usual database."""
        arguments = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "run_bench"]
        for scale in SCALES:
            arguments += [f"--{scale}={value}" for value in options[scale]]
        arguments += [f"--warmup={options['warmup']}", f"--requests={options['requests']}"]
        arguments += [f"--verbosity={options['verbosity']}"]
        if options["reuse"]:
            arguments.append("--reuse")
        if options["output"]:
            arguments.append(f"--output={options['output']}")
        if options["check"]:
            arguments.append("--check")
        if options["schemas"]:
            arguments.append("--schemas")
        if options["searches_only"]:
            arguments.append("--searches-only")
        if options["admin_only"]:
            arguments.append("--admin-only")
        if options["skip_search_index"]:
            arguments.append("--skip-search-index")
        child = subprocess.run(
            arguments, env={**os.environ, "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS}, check=False
        )
        if child.returncode:
            raise CommandError(
                f"The benchmark failed (exit status {child.returncode}).", returncode=child.returncode
            )
