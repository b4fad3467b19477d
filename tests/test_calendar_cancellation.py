"""A cancellation removes the meeting from the calendar the confirmation's file put it in: a METHOD:CANCEL file with
the same UID and a higher SEQUENCE, read by icalendar and by vobject as a calendar app would; every .ics part names
its method and charset; every letter has a title and the letters' common look."""

import datetime
import re

import icalendar
import pytest
import vobject
from django.core import mail
from django.test import Client
from django.utils.html import escape

from centers.models import CalendarPage, Registration

from .events_helpers import form, make_event, registration_url

pytestmark = pytest.mark.django_db


def ics_part(letter):
    """(Content-Type header, text) of the letter's calendar attachment as it goes over the wire."""
    [part] = [part for part in letter.message().walk() if part.get_content_type() == "text/calendar"]
    return part["Content-Type"], part.get_payload(decode=True).decode(part.get_content_charset())


def params(content_type):
    return dict(
        (key.strip().lower(), value.strip().strip('"'))
        for key, _sep, value in (item.partition("=") for item in content_type.split(";")[1:])
    )


def apply_with_icalendar(store, text):
    """What a calendar app does with a file: PUBLISH/REQUEST adds by UID, CANCEL with a newer SEQUENCE removes."""
    calendar = icalendar.Calendar.from_ical(text)
    for entry in calendar.walk("VEVENT"):
        uid, sequence = str(entry["UID"]), int(entry.get("SEQUENCE", 0))
        known = store.get(uid)
        if known is not None and sequence < known[0]:
            continue
        if str(calendar["METHOD"]) == "CANCEL" or entry.get("STATUS") == "CANCELLED":
            store.pop(uid, None)
        else:
            store[uid] = (sequence, str(entry["SUMMARY"]))
    return store


def apply_with_vobject(store, text):
    calendar = vobject.readOne(text)
    for entry in calendar.vevent_list:
        uid = entry.uid.value
        sequence = int(entry.sequence.value) if hasattr(entry, "sequence") else 0
        known = store.get(uid)
        if known is not None and sequence < known[0]:
            continue
        if calendar.method.value == "CANCEL":
            store.pop(uid, None)
        else:
            store[uid] = (sequence, entry.summary.value)
    return store


def confirmed_and_cancelled(client, capture, cancel):
    event = make_event(capacity=5)
    client.post(registration_url(event), form(), follow=True)
    [confirmation] = mail.outbox
    mail.outbox.clear()
    with capture(execute=True):
        cancel(event, confirmation)
    [cancellation] = [letter for letter in mail.outbox if letter.to == ["ivanova@example.ru"]]
    return event, confirmation, cancellation


def by_the_link(event, confirmation):
    link = re.search(r"http://testserver(/registration/cancel/[^/\s]+/)", confirmation.body).group(1)
    assert Client().post(link).status_code == 200


def by_moving_the_date(event, _confirmation):
    event.start += datetime.timedelta(days=1)
    event.end += datetime.timedelta(days=1)
    event.save_revision().publish()


@pytest.mark.parametrize("cancel", [by_the_link, by_moving_the_date], ids=["teacher", "coordinator"])
def test_a_cancellation_removes_the_meeting_the_confirmation_put_in_the_calendar(
    client, django_capture_on_commit_callbacks, cancel
):
    event, confirmation, cancellation = confirmed_and_cancelled(
        client, django_capture_on_commit_callbacks, cancel
    )
    first_type, first = ics_part(confirmation)
    second_type, second = ics_part(cancellation)
    assert first_type.startswith("text/calendar;") and params(first_type) == {
        "method": "PUBLISH",
        "charset": "utf-8",
    }
    assert params(second_type) == {"method": "CANCEL", "charset": "utf-8"}
    for apply in (apply_with_icalendar, apply_with_vobject):
        store = apply({}, first)
        assert [summary for _sequence, summary in store.values()] == [event.title]
        assert apply(store, second) == {}, apply.__name__
    [vevent] = icalendar.Calendar.from_ical(second).walk("VEVENT")
    [original] = icalendar.Calendar.from_ical(first).walk("VEVENT")
    assert vevent["UID"] == original["UID"] and vevent["STATUS"] == "CANCELLED"
    assert int(vevent["SEQUENCE"]) > int(original["SEQUENCE"])
    assert str(vevent["ORGANIZER"]).startswith("mailto:") and "ivanova@example.ru" in str(vevent["ATTENDEE"])
    assert event.title in cancellation.subject
    html = cancellation.alternatives[0][0]
    assert f"<title>{escape(cancellation.subject)}</title>" in html
    assert "max-width:640px" in html  # the letters' common base


def test_a_waiting_registrant_who_cancels_gets_no_calendar_file(client, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    client.post(registration_url(event), form(), follow=True)
    client.post(
        registration_url(event), form(email="second@example.ru", full_name="Петров Алексей"), follow=True
    )
    waiting = Registration.objects.get(email="second@example.ru")
    assert waiting.status == "waitlisted"
    link = re.search(r"http://testserver(/registration/cancel/[^/\s]+/)", mail.outbox[-1].body).group(1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link)
    assert all("text/calendar" not in str(letter.message()) for letter in mail.outbox)


def test_every_calendar_file_names_its_charset(client):
    event = make_event()
    occurrence = event.occurrences.get()
    single = client.get(f"{event.url}ics/{occurrence.pk}/")
    assert params(single["Content-Type"]) == {"method": "PUBLISH", "charset": "utf-8"}
    feed = client.get(CalendarPage.objects.get().url + "ical/")
    assert params(feed["Content-Type"]) == {"charset": "utf-8"}


def test_letters_written_in_code_and_the_record_link_have_a_title_and_the_common_look():
    from centers.outbox.letters import compose_text_letter
    from centers.records.access import record_link_message

    letters = [
        record_link_message("teacher@example.ru", "https://rc.example.ru"),
        compose_text_letter(
            "Встреча отменена: «Семинар»", "Здравствуйте!\n\nhttps://rc.example.ru/", ["a@example.ru"]
        ),
    ]
    for letter in letters:
        html = letter.alternatives[0][0]
        title = re.search(r"<title>([^<]*)</title>", html).group(1)
        assert title.strip() and "max-width:640px" in html
    record_html = letters[0].alternatives[0][0]
    assert 'href="https://rc.example.ru/my/' in record_html
    assert re.search(
        r'<a href="https://rc\.example\.ru/my/[^"]*"[^>]*>https://rc\.example\.ru/my/', record_html
    )
