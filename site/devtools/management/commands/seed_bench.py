import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from centers.library.entries import refresh_missing_entries
from portal.devtools.bench.registry import seed_steps
from portal.devtools.bench.seeding import ensure_skeleton, search_indexing


class Command(BaseCommand):
    help = (
        "Makes sure the database holds at least the given numbers of synthetic objects (centers, materials...), "
        "adding only the missing ones, in bulk. For the benchmark: run it on a database of its own."
    )

    def add_arguments(self, parser):
        for step in seed_steps():
            parser.add_argument(f"--{step.name}", type=int, metavar="N", help=step.help)
        parser.add_argument(
            "--skip-search-index",
            action="store_true",
            help="leave the seeded pages out of the search index (much faster; search finds none of them)",
        )

    def handle(self, *args, **options):
        requested = [(step, options[step.name]) for step in seed_steps() if options[step.name] is not None]
        for step, count in requested:
            if count < 0:
                raise CommandError(f"--{step.name} must not be negative.")
        show_progress = options["verbosity"] > 0
        search_indexing["enabled"] = not options["skip_search_index"]
        with transaction.atomic():
            ensure_skeleton()
        for step, count in requested:
            started = time.perf_counter()

            def progress(total, step=step):
                return tqdm(total=total, desc=step.name, unit="", file=sys.stderr, disable=not show_progress)

            with transaction.atomic():
                added = step.seed(count, progress)
            if show_progress:
                self.stdout.write(f"{step.name}: {count} (+{added}) in {time.perf_counter() - started:.1f} s")
        # Pages created in bulk sent no signals: give them the library entries their facets are counted from.
        started = time.perf_counter()
        entries = refresh_missing_entries()
        if show_progress and entries:
            self.stdout.write(f"library entries: +{entries} in {time.perf_counter() - started:.1f} s")
