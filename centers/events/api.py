"""`/api/v2/events/`: the meetings of published public events for other sites and calendars, filtered by dates."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.api.v2.views import BaseAPIViewSet

from centers.common.api_errors import SafeFindMixin, TranslatedErrorsMixin, bad_request
from centers.common.kept import kept_public_q
from centers.directory.models import CenterPage, EventFormat
from centers.events.models import EventOccurrence, EventPage

MEETING_FIELDS = ["start", "end", "is_cancelled", "seats", "event"]


def date_parameter(params, name):
    """A `?from=` / `?to=` date as YYYY-MM-DD, or None; anything else is a 400 with a Russian message."""
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise bad_request(
            _("“%(name)s”: write the date as YYYY-MM-DD, e.g. 2026-12-01.") % {"name": name}
        ) from error


def slug_parameter(params, name):
    """A `?center=` / `?event_format=` slug, or None; a NUL byte or an over-long value is a 400 (PostgreSQL refuses
    NUL in a query; no slug is longer than 255)."""
    value = params.get(name, "")
    if not value:
        return None
    if "\x00" in value or len(value) > 255:
        raise bad_request(_("“%(name)s”: this is not an address (slug).") % {"name": name})
    return value


def day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class EventMeetingsAPIViewSet(TranslatedErrorsMixin, SafeFindMixin, BaseAPIViewSet):
    """Meetings soonest first: upcoming by default, or those touching the days `from`..`to` (local dates)."""

    model = EventOccurrence
    name = "events"
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(
        ["from", "to", "center", "event_format"]
    )
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, *MEETING_FIELDS]

    def check_query_parameters(self, queryset):
        """Wagtail's refusal of an unknown parameter, in Russian."""
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            raise bad_request(
                _(
                    "Unknown parameters: %(names)s. Known: from, to, center, event_format, limit, offset, fields."
                )
                % {"names": ", ".join(sorted(unknown))}
            )

    def get_queryset(self):
        params = self.request.GET
        since, until = date_parameter(params, "from"), date_parameter(params, "to")
        if since and until and since > until:
            raise bad_request(_("“from” must not be later than “to”."))
        public_events = EventPage.objects.live().filter(kept_public_q()).values("pk")
        meetings = EventOccurrence.objects.filter(event__in=public_events)
        meetings = meetings.filter(end__gte=day_start(since) if since else timezone.now())
        if until:
            meetings = meetings.filter(start__lt=day_start(until + datetime.timedelta(days=1)))
        center_slug, format_slug = slug_parameter(params, "center"), slug_parameter(params, "event_format")
        if center_slug:
            center = CenterPage.objects.live().filter(slug=center_slug).first()
            if center is None:
                raise bad_request(_("There is no center at the address “%(slug)s”.") % {"slug": center_slug})
            meetings = meetings.filter(
                Q(event__host_center=center) | Q(event__co_organizers=center)
            ).distinct()
        if format_slug:  # not `format`: DRF reads that as the output format
            if not EventFormat.objects.filter(slug=format_slug).exists():
                raise bad_request(_("There is no event format “%(slug)s”.") % {"slug": format_slug})
            meetings = meetings.filter(event__format__slug=format_slug)
        return meetings.select_related("event", "event__format", "event__host_center").order_by("start", "pk")
