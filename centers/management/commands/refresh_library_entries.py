import time

from django.core.management.base import BaseCommand
from wagtail.models import Page

from centers.library.cache import forget_facet_counts
from centers.library.entries import refresh_entries, refresh_missing_entries


class Command(BaseCommand):
    help = (
        "Recomputes the library's entries (the facet values its counts are read from) of every page, or with "
        "--missing only of the pages that have none (after pages were inserted in bulk, without signals)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="only pages without an entry")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["missing"]:
            count = refresh_missing_entries()
        else:
            pages = Page.objects.all()
            count = pages.count()
            refresh_entries(pages)
        forget_facet_counts()  # the kept searches and counts were read from the entries as they were
        self.stdout.write(f"Library entries: {count} pages in {time.perf_counter() - started:.1f} s")
