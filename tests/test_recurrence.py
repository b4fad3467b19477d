import datetime

import icalendar
import pytest
from django.utils import timezone

from centers.events import recurrence
from centers.models import CalendarPage, EventPage, Registration

from .events_helpers import form, local, make_event, registration_url

pytestmark = pytest.mark.django_db


def test_monthly_rule_keeps_the_weekday_and_its_place_in_the_month():
    start = local(datetime.date(2026, 9, 10), 15)  # the second Thursday of September 2026
    starts = recurrence.occurrence_starts(start, recurrence.MONTHLY_WEEKDAY, count=4)
    assert [timezone.localtime(s).date() for s in starts] == [
        datetime.date(2026, 9, 10),
        datetime.date(2026, 10, 8),
        datetime.date(2026, 11, 12),
        datetime.date(2026, 12, 10),
    ]
    assert all(timezone.localtime(s).hour == 15 for s in starts)
    assert (
        recurrence.rrule_text(start, recurrence.MONTHLY_WEEKDAY, count=4) == "FREQ=MONTHLY;COUNT=4;BYDAY=+2TH"
    )


def test_weekly_rule_until_a_date_with_exceptions():
    start = local(datetime.date(2026, 9, 1), 16)  # a Tuesday
    starts = recurrence.occurrence_starts(
        start,
        recurrence.WEEKLY,
        until=datetime.date(2026, 9, 29),
        exceptions=[datetime.date(2026, 9, 15)],
    )
    assert [timezone.localtime(s).day for s in starts] == [1, 8, 22, 29]


def test_every_second_week_and_a_last_weekday_rule():
    start = local(datetime.date(2026, 9, 29), 10)  # the fifth, so the last, Tuesday of September
    assert recurrence.nth_weekday_of(start.date()) == -1
    months = recurrence.occurrence_starts(start, recurrence.MONTHLY_WEEKDAY, count=3)
    assert [timezone.localtime(s).date() for s in months][1:] == [
        datetime.date(2026, 10, 27),
        datetime.date(2026, 11, 24),
    ]
    fortnight = recurrence.occurrence_starts(start, recurrence.WEEKLY, interval=2, count=3)
    assert [(s - start).days for s in fortnight] == [0, 14, 28]


def test_recurring_event_stores_one_meeting_per_occurrence_and_describes_itself_in_russian(client):
    first = timezone.localdate() + datetime.timedelta(days=7)
    event = make_event(
        slug="weekly-club",
        start=local(first, 16),
        end=local(first, 17),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_count=5,
        exceptions=[first + datetime.timedelta(days=14)],
    )
    assert event.occurrences.count() == 4
    assert "еженедельно" in event.recurrence_description()
    # Five dates, one of them excluded: the page counts the four meetings held.
    page = client.get(event.url).content.decode()
    assert "4 встречи" in page and "5 встреч" not in page
    monthly = make_event(
        slug="monthly", start=local(first, 15), repeat=EventPage.Repeat.MONTHLY_WEEKDAY, repeat_count=3
    )
    assert "месяца" in monthly.recurrence_description() and "3 встречи" in monthly.recurrence_description()


def test_each_occurrence_is_in_the_feed_with_its_own_uid(client):
    first = timezone.localdate() + datetime.timedelta(days=3)
    event = make_event(
        slug="feed-weekly",
        start=local(first, 16),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_count=3,
        title="Клуб",
    )
    calendar = CalendarPage.objects.get()
    feed = icalendar.Calendar.from_ical(client.get(calendar.url + "ical/").content)
    entries = [e for e in feed.walk("VEVENT") if str(e["SUMMARY"]) == "Клуб"]
    assert sorted(e.decoded("DTSTART") for e in entries) == [o.start for o in event.occurrences.all()]
    assert len({str(e["UID"]) for e in entries}) == 3


def test_registration_is_per_occurrence_with_its_own_seats(client):
    first = timezone.localdate() + datetime.timedelta(days=3)
    event = make_event(
        slug="per-meeting", start=local(first, 16), repeat=EventPage.Repeat.WEEKLY, repeat_count=3, capacity=1
    )
    one, two, _three = event.occurrences.all()
    url = registration_url(event)
    assert client.post(url, form(occurrence=one.pk)).status_code == 302
    assert client.post(url, form(occurrence=two.pk)).status_code == 302  # the same person, another meeting
    client.post(url, form(occurrence=one.pk, email="second@example.ru"))
    assert dict(Registration.objects.filter(occurrence=one).values_list("email", "status")) == {
        "ivanova@example.ru": "confirmed",
        "second@example.ru": "waitlisted",
    }
    assert Registration.objects.get(occurrence=two).status == "confirmed"
    missing = client.post(url, form(occurrence=None))
    assert missing.status_code == 400


def test_dropping_a_date_with_registrations_cancels_that_meeting_instead_of_deleting_it():
    from centers.models import EventException

    first = timezone.localdate() + datetime.timedelta(days=3)
    event = make_event(slug="drop", start=local(first, 16), repeat=EventPage.Repeat.WEEKLY, repeat_count=3)
    second = event.occurrences.all()[1]
    Registration.objects.create(
        occurrence=second,
        status="confirmed",
        full_name="Тест",
        position="учитель",
        organization="СОШ",
        email="t@example.ru",
        consent_given_at=timezone.now(),
        consent_version="test",
    )
    event.exceptions = [EventException(date=timezone.localtime(second.start).date())]
    event.save_revision().publish()
    second.refresh_from_db()
    assert second.is_cancelled
    assert event.occurrences.filter(is_cancelled=False).count() == 2


ORDINAL_PHRASES = {
    # weekday: (second ..., last ...)
    0: ("второй понедельник", "последний понедельник"),
    1: ("второй вторник", "последний вторник"),
    2: ("вторая среда", "последняя среда"),
    3: ("второй четверг", "последний четверг"),
    4: ("вторая пятница", "последняя пятница"),
    5: ("вторая суббота", "последняя суббота"),
    6: ("второе воскресенье", "последнее воскресенье"),
}


@pytest.mark.parametrize("weekday", range(7))
def test_monthly_phrases_agree_with_the_weekdays_gender(weekday):
    from centers.events.recurrence import MONTHLY_WEEKDAY, describe

    days = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n) for n in range(365)]
    # Days 8-14 hold the second of each weekday; days 29-31 only the last ones.
    second_day = next(day for day in days if 8 <= day.day <= 14 and day.weekday() == weekday)
    last_day = next(day for day in days if day.day >= 29 and day.weekday() == weekday)
    second = timezone.make_aware(datetime.datetime.combine(second_day, datetime.time(15)))
    last = timezone.make_aware(datetime.datetime.combine(last_day, datetime.time(15)))
    second_phrase, last_phrase = ORDINAL_PHRASES[weekday]
    assert describe(second, MONTHLY_WEEKDAY) == f"ежемесячно: {second_phrase} месяца"
    assert describe(last, MONTHLY_WEEKDAY) == f"ежемесячно: {last_phrase} месяца"


def test_first_third_and_fourth_agree_too():
    from centers.events.recurrence import MONTHLY_WEEKDAY, describe

    def phrase(day):
        return describe(timezone.make_aware(datetime.datetime(2026, 3, day, 15)), MONTHLY_WEEKDAY)

    assert phrase(4) == "ежемесячно: первая среда месяца"
    assert phrase(5) == "ежемесячно: первый четверг месяца"
    assert phrase(1) == "ежемесячно: первое воскресенье месяца"
    assert phrase(20) == "ежемесячно: третья пятница месяца"
    assert phrase(16) == "ежемесячно: третий понедельник месяца"
    assert phrase(22) == "ежемесячно: четвёртое воскресенье месяца"
    assert phrase(26) == "ежемесячно: четвёртый четверг месяца"
