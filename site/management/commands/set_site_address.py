"""`manage.py set_site_address [URL]`: the public address every absolute link of the site is built from."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.site_address import address_of, set_default_site_address


class Command(BaseCommand):
    help = (
        "Sets the default Wagtail Site's hostname and port from a base URL (default: WAGTAILADMIN_BASE_URL, "
        "which production derives from the first ALLOWED_HOSTS), so sitemap, feeds, API and letters link there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "url", nargs="?", help="e.g. https://rc.example.ru (port 443) or http://host:8000"
        )

    def handle(self, *args, url=None, **options):
        base_url = url or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
        try:
            site = set_default_site_address(*address_of(base_url))
        except ValidationError as refusal:
            raise CommandError(" ".join(refusal.messages)) from refusal
        self.stdout.write(f"{site.root_url}/")
