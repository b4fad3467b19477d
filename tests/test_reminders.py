import datetime
import io

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from centers.events.registration import register_participant
from centers.models import CalendarPage, OutgoingLetter, Registration

from .events_helpers import form, make_event, registration_url

pytestmark = pytest.mark.django_db

ONLINE = "https://meet.example.ru/room-4815"


@pytest.fixture(autouse=True)
def demo_seats_reminded_already():
    """The demo's meetings are dated from today, so one may start within any window a test looks at (the math
    community meets monthly): their seats have had their reminders, and every letter here is about the test's own."""
    Registration.objects.filter(reminder_sent_at__isnull=True).update(reminder_sent_at=timezone.now())


def send_reminders():
    call_command("send_reminders", stdout=io.StringIO())


def register(occurrence, number):
    return register_participant(
        occurrence.pk,
        full_name=f"Участник {number}",
        position="учитель",
        organization="СОШ № 3",
        email=f"user{number}@example.ru",
    )


def meeting_in(hours, **fields):
    """An event whose only meeting starts `hours` from now."""
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours)
    fields.setdefault("slug", f"in-{hours}-hours")
    event = make_event(start=start, end=start + datetime.timedelta(hours=2), **fields)
    return event, event.occurrences.get()


def test_each_confirmed_participant_gets_one_reminder_with_the_place_ics_and_cancel_link():
    event, occurrence = meeting_in(20, capacity=2)
    for number in range(4):
        register(occurrence, number)
    Registration.objects.filter(email="user1@example.ru").update(status="cancelled")
    mail.outbox.clear()
    send_reminders()
    send_reminders()
    assert sorted(letter.to[0] for letter in mail.outbox) == ["user0@example.ru"], (
        "one letter, only for the confirmed seat; the cancelled and the waiting list get none"
    )
    [letter] = mail.outbox
    assert "Напоминание" in letter.subject and event.title in letter.subject
    assert event.place in letter.body and "/registration/cancel/" in letter.body
    [(name, content, mimetype)] = letter.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar; method=PUBLISH; charset=utf-8"
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert vevent.decoded("DTSTART") == occurrence.start


def test_meetings_further_away_than_the_setting_wait_and_the_setting_moves_the_window(settings):
    meeting_in(30, slug="thirty-hours")
    _event, occurrence = meeting_in(30, slug="thirty-hours-b")
    register(occurrence, 1)
    mail.outbox.clear()
    send_reminders()
    assert mail.outbox == []
    settings.CENTERS_REMINDER_HOURS = 48
    send_reminders()
    assert [letter.to for letter in mail.outbox] == [["user1@example.ru"]]


def test_a_cancelled_or_past_meeting_gets_no_reminder():
    _event, occurrence = meeting_in(5, slug="cancelled-meeting")
    register(occurrence, 1)
    occurrence.is_cancelled = True
    occurrence.save(update_fields=["is_cancelled"])
    mail.outbox.clear()
    send_reminders()
    assert mail.outbox == []


def test_a_reminder_the_mail_server_refused_waits_in_the_outbox_and_is_written_only_once(settings):
    _event, occurrence = meeting_in(10, slug="mail-down")
    register(occurrence, 1)
    mail.outbox.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    send_reminders()
    waiting = OutgoingLetter.objects.filter(sent_at__isnull=True, subject__startswith="Напоминание")
    assert waiting.count() == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_reminders()  # the reminder is written already: the outbox retries it, not this command
    call_command("send_outbox", "--retry-now")
    [reminder] = [letter for letter in mail.outbox if "Напоминание" in letter.subject]
    assert reminder.to == ["user1@example.ru"] and reminder.alternatives[0][1] == "text/html"


def location_in(letter):
    [vevent] = icalendar.Calendar.from_ical(letter.attachments[0][1]).walk("VEVENT")
    return str(vevent["LOCATION"])


def test_the_online_link_reaches_confirmed_participants_only(client):
    event, occurrence = meeting_in(10, slug="webinar", place="", online_url=ONLINE, capacity=1)
    page = client.get(event.url).content.decode()
    assert ONLINE not in page and "получают подтверждённые участники" in page
    public_ics = client.get(f"{event.url}ics/{occurrence.pk}/").content.decode()
    calendar = CalendarPage.objects.get()
    feed = client.get(calendar.url + "ical/").content.decode()
    assert ONLINE not in public_ics and ONLINE not in feed
    client.post(registration_url(event), form(email="first@example.ru"))
    client.post(registration_url(event), form(email="second@example.ru"))
    confirmation, waiting = mail.outbox
    assert ONLINE in confirmation.body and location_in(confirmation) == ONLINE
    assert ONLINE not in waiting.body and "придёт в письме" in waiting.body
    mail.outbox.clear()
    send_reminders()
    [reminder] = mail.outbox
    assert reminder.to == ["first@example.ru"] and ONLINE in reminder.body
    assert location_in(reminder) == ONLINE
