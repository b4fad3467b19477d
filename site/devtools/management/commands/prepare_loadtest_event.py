"""The event that tools/loadtest.py registers for: created afresh with a known capacity, then reported row by row.

    manage.py prepare_loadtest_event --capacity 50   # (re)creates it, published, no registrations; prints JSON
    manage.py prepare_loadtest_event --report        # prints every registration of it as JSON
    manage.py prepare_loadtest_event --remove        # deletes it

For a test copy of the site only: it publishes a page and deletes that page's registrations.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from centers.models import CenterPage, EventFormat, EventIndexPage, EventPage, Registration

SLUG = "loadtest-registration"
TITLE = "Нагрузочный тест: регистрация"


def loadtest_event():
    return EventPage.objects.filter(slug=SLUG).first()


def is_complete(row):
    """Every field a registration needs is there, and its status fields agree with each other."""
    filled = all([row.full_name, row.position, row.organization, row.email, row.consent_version])
    filled = filled and row.consent_given_at is not None and row.created_at is not None
    if row.status == Registration.Status.CONFIRMED:
        return filled and row.confirmed_at is not None and row.waitlist_position is None
    if row.status == Registration.Status.WAITLISTED:
        return filled and row.waitlist_position is not None and row.confirmed_at is None
    return filled and row.status == Registration.Status.CANCELLED


def report(event):
    rows = Registration.objects.filter(occurrence__event=event).order_by("pk")
    return {
        "url": event.url,
        "capacity": event.capacity,
        "registrations": [
            {
                "email": row.email,
                "status": row.status,
                "waitlist_position": row.waitlist_position,
                "complete": is_complete(row),
            }
            for row in rows
        ],
    }


class Command(BaseCommand):
    help = "Creates (or resets) the event the load test registers for, or reports its registrations, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--capacity", type=int, default=50)
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--report", action="store_true", help="print the event's registrations")
        action.add_argument("--remove", action="store_true", help="delete the event")

    def handle(self, *args, **options):
        event = loadtest_event()
        if options["report"]:
            if event is None:
                raise CommandError("No load-test event: run prepare_loadtest_event first.")
            self.stdout.write(json.dumps(report(event), ensure_ascii=False))
            return
        if event is not None:
            event.delete()  # its meetings and registrations go with it
        if options["remove"]:
            return
        event = self.create(options["capacity"])
        occurrence = event.occurrences.get()
        self.stdout.write(
            json.dumps(
                {
                    "url": event.url,
                    "register_url": event.url + event.reverse_subpage("register"),
                    "capacity": event.capacity,
                    "occurrence": occurrence.pk,
                }
            )
        )

    @transaction.atomic
    def create(self, capacity):
        index = EventIndexPage.objects.child_of(CenterPage.objects.live().order_by("path").first()).first()
        fmt = EventFormat.objects.order_by("pk").first()
        if index is None or fmt is None:
            raise CommandError("The site has no center with an events section: run seed_demo first.")
        day = timezone.localdate() + datetime.timedelta(days=30)
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        event = EventPage(
            title=TITLE,
            slug=SLUG,
            format=fmt,
            start=start,
            end=start + datetime.timedelta(hours=2),
            capacity=capacity,
            registration_enabled=True,
        )
        index.add_child(instance=event)
        event.save_revision().publish()
        event.refresh_from_db()
        return event
