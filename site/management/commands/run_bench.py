import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from portal.bench.measuring import REQUESTS, WARMUP, combine, format_table, measure_pages
from portal.bench.registry import pages_to_measure, searches_to_measure, seed_steps
from portal.bench.searching import combine_searches, format_search_table, measure_searches

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


class Command(BaseCommand):
    help = (
        "Benchmark of the public pages at two scales on a database of its own (BENCH_DATABASE_URL, else "
        "var/bench.sqlite3, recreated): median and p95 ms and SQL queries per request against a bare Wagtail page."
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

    def handle(self, *args, **options):
        scales = {scale: parse_scale(scale, options[scale]) for scale in SCALES}
        if options["warmup"] < 0 or options["requests"] < 2:
            raise CommandError("--warmup must be 0 or more and --requests at least 2.")
        if settings.SETTINGS_MODULE != BENCH_SETTINGS:
            return self.rerun_with_bench_settings(options)
        if not options["reuse"]:
            recreate_database()
        self.stdout.write(f"Bench database: {connection.vendor} {connection.settings_dict['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        results = {}
        search_results = {}
        for scale, counts in scales.items():
            self.stdout.write(
                f"{scale} scale: " + ", ".join(f"{name}={count}" for name, count in counts.items())
            )
            call_command("seed_bench", verbosity=options["verbosity"], **counts)
            results[scale] = measure_pages(pages_to_measure(), options["warmup"], options["requests"])
            search_results[scale] = measure_searches(
                searches_to_measure(), options["warmup"], options["requests"]
            )
        pages = combine(results)
        self.stdout.write("")
        self.stdout.write(format_table(pages))
        searches = combine_searches(search_results)
        self.stdout.write("")
        self.stdout.write(format_search_table(searches))
        output = Path(options["output"] or settings.VAR_DIR / "bench.json")
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
                    "pages": pages,
                    "searches": searches,
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        self.stdout.write(f"\nFigures written to {output}")

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
        child = subprocess.run(
            arguments, env={**os.environ, "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS}, check=False
        )
        if child.returncode:
            raise CommandError(
                f"The benchmark failed (exit status {child.returncode}).", returncode=child.returncode
            )
