"""The .ics files as calendar apps read them: vobject and the `ics` package (dateutil's VTIMEZONE reader), besides
icalendar, must put a December meeting at 15:00 Yekaterinburg time at 10:00 UTC, not an hour early."""

import datetime
import re

import ics
import pytest
import vobject
from django.core import mail

from centers.models import CalendarPage

from .events_helpers import form, local, make_event, registration_url

pytestmark = pytest.mark.django_db

DECEMBER_MEETING = datetime.date(2026, 12, 10)
TEN_UTC = datetime.datetime(2026, 12, 10, 10, 0, tzinfo=datetime.UTC)


def utc_starts_by_two_parsers(body):
    """The meetings' start instants as vobject and `ics` read them: both must agree."""
    text = body.decode() if isinstance(body, bytes) else body
    calendar = vobject.readOne(text)
    by_vobject = sorted(event.dtstart.value.astimezone(datetime.UTC) for event in calendar.vevent_list)
    by_ics = sorted(event.begin.to("UTC").datetime for event in ics.Calendar(text).events)
    assert by_vobject == by_ics
    return by_vobject


@pytest.fixture
def december_meeting(time_machine):
    """A 15:00 practicum on 10 December 2026, seen from a day in early November (within the feeds' window)."""
    time_machine.move_to(datetime.datetime(2026, 11, 12, 9, 0, tzinfo=datetime.UTC))
    start = local(DECEMBER_MEETING, 15)
    return make_event(
        slug="december-practicum", title="Практикум «Декабрьская встреча»", start=start, capacity=1
    )


def test_the_calendar_feed_puts_a_december_meeting_at_ten_utc_for_both_parsers(client, december_meeting):
    response = client.get(CalendarPage.objects.get().url + "ical/")
    assert response.status_code == 200
    assert TEN_UTC in utc_starts_by_two_parsers(response.content)


def test_a_centers_feed_and_the_add_to_calendar_file_agree(client, december_meeting):
    feed = client.get(CalendarPage.objects.get().url + "ical/literacy-lyceum1/")
    assert TEN_UTC in utc_starts_by_two_parsers(feed.content)
    occurrence = december_meeting.occurrences.get()
    single = client.get(f"{december_meeting.url}ics/{occurrence.pk}/")
    assert utc_starts_by_two_parsers(single.content) == [TEN_UTC]


def test_the_vtimezone_is_one_standard_block_from_the_2014_change(client, december_meeting):
    """ical.js (Thunderbird) misreads the 1970-2014 history the same way: one block leaves nothing to misread."""
    body = client.get(CalendarPage.objects.get().url + "ical/").content.decode()
    zone = re.search(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", body, re.DOTALL).group(0)
    assert zone.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in zone and "RDATE" not in zone
    assert "DTSTART:20141026T020000\r\nTZOFFSETFROM:+0600\r\nTZOFFSETTO:+0500\r\n" in zone


def test_the_confirmation_and_the_waiting_list_promotion_letters_carry_the_right_instant(
    client, december_meeting, django_capture_on_commit_callbacks
):
    client.post(registration_url(december_meeting), form(), follow=True)
    client.post(
        registration_url(december_meeting),
        form(email="second@example.ru", full_name="Петров Алексей"),
        follow=True,
    )
    confirmation, waiting = mail.outbox
    [(_name, content, _type)] = confirmation.attachments
    assert utc_starts_by_two_parsers(content) == [TEN_UTC]
    assert not waiting.attachments  # no seat yet: nothing to put in a calendar
    cancel = re.search(r"http://testserver(/registration/cancel/[^/\s]+/)", confirmation.body).group(1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel)
    [promotion] = [letter for letter in mail.outbox if letter.to == ["second@example.ru"]]
    [(_name, content, _type)] = promotion.attachments
    assert utc_starts_by_two_parsers(content) == [TEN_UTC]
