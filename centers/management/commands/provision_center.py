import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from centers.directory.models import CenterIndexPage, Direction, Organization
from centers.roles.provisioning import coordinators_group, provision_center


def date_argument(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("Expected a date as YYYY-MM-DD, not “%(value)s”.") % {"value": value}) from error


class Command(BaseCommand):
    help = (
        "Creates or brings up to date a resource center: its page and sections, collection, "
        "coordinators group and their rights. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organization", required=True, help="short name or id of the host organization")
        parser.add_argument("--direction", required=True, help="slug of the direction")
        parser.add_argument("--title")
        parser.add_argument("--slug")
        parser.add_argument("--short-description", default="")
        parser.add_argument("--order-number", default="")
        parser.add_argument("--order-date", type=date_argument)
        parser.add_argument("--term-start", type=date_argument)
        parser.add_argument("--term-end", type=date_argument)

    def handle(self, *args, **options):
        key = options["organization"]
        organization = Organization.objects.filter(short_name=key).first()
        if organization is None and key.isdigit():
            organization = Organization.objects.filter(pk=int(key)).first()
        if organization is None:
            raise CommandError(
                _("Organization “%(key)s” not found: give its short name or id.") % {"key": key}
            )
        direction = Direction.objects.filter(slug=options["direction"]).first()
        if direction is None:
            raise CommandError(
                _("Direction “%(slug)s” not found: give its slug.") % {"slug": options["direction"]}
            )
        if not CenterIndexPage.objects.exists():
            raise CommandError(_("Create the directory of centers first."))
        center = provision_center(
            organization,
            direction,
            title=options["title"],
            slug=options["slug"],
            short_description=options["short_description"],
            order_number=options["order_number"],
            order_date=options["order_date"],
            term_start=options["term_start"],
            term_end=options["term_end"],
        )
        self.stdout.write(f"{center.title}: {center.url_path}")
        self.stdout.write(
            _("  group: %(group)s; collection: %(collection)s")
            % {"group": coordinators_group(center).name, "collection": center.collection.name}
        )
