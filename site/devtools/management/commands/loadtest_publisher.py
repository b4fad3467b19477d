"""The load test's publisher: republishes a material every few seconds, as coordinators editing all day do.

    manage.py loadtest_publisher --every 10 --duration 60 [--page-cache var/cache/pages]

Each publish purges what shows the material from the page cache the site's workers share (the folder of
PAGE_CACHE_LOCATION, given here because this command runs under the development settings). It prints one JSON line:
how many publishes, of which pages. For a test copy of the site only: every publish adds a revision.
"""

import json
import os
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from centers.common.page_cache import purge_everything
from centers.models import MaterialPage


def shared_caches(page_cache, library_cache):
    """The site's page and library caches, as `make serve` configures them (portal.settings.production)."""
    caches = dict(settings.CACHES)
    caches["pages"] = {
        "BACKEND": "portal.page_cache_backend.FileCacheWithLocalCopies",  # its purges reach the workers' copies
        "LOCATION": page_cache,
    }
    caches["library"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": library_cache,
    }
    return caches


class Command(BaseCommand):
    help = "Republishes a random live material every --every seconds for --duration seconds; prints JSON."

    def add_arguments(self, parser):
        var = settings.VAR_DIR / "cache"
        parser.add_argument("--every", type=float, default=10.0, help="seconds between publishes")
        parser.add_argument("--duration", type=float, default=60.0, help="seconds in all (at most 600)")
        parser.add_argument("--page-cache", default=os.environ.get("PAGE_CACHE_LOCATION", str(var / "pages")))
        parser.add_argument(
            "--purge-everything",
            action="store_true",
            help="also empty the whole page cache at each publish (as before targeted purges), to compare",
        )
        parser.add_argument(
            "--library-cache", default=os.environ.get("LIBRARY_CACHE_LOCATION", str(var / "library"))
        )

    def handle(self, *args, **options):
        materials = list(MaterialPage.objects.live().values_list("pk", flat=True))
        if not materials:
            raise CommandError("The site has no live material: run seed_demo first.")
        caches = shared_caches(options["page_cache"], options["library_cache"])
        published = []
        # The load test starts its clock on this line: Django's start-up is not part of the measured window.
        self.stdout.write(json.dumps({"ready": True}))
        self.stdout.flush()
        deadline = time.monotonic() + min(options["duration"], 600)
        with override_settings(WAGTAIL_CACHE=True, CACHES=caches):
            while time.monotonic() + options["every"] <= deadline:
                time.sleep(options["every"])
                page = MaterialPage.objects.get(pk=random.choice(materials))
                page.save_revision().publish()
                if options["purge_everything"]:
                    purge_everything()
                published.append(page.url)
        self.stdout.write(json.dumps({"published": len(published), "pages": published}, ensure_ascii=False))
