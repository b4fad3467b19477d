import datetime
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centers.models import CalendarPage, EventPage

from .events_helpers import center, make_event

pytestmark = pytest.mark.django_db
YEKATERINBURG = zoneinfo.ZoneInfo("Asia/Yekaterinburg")


@pytest.fixture
def calendar():
    return CalendarPage.objects.get()


def feed_events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_month_view_shows_this_months_events_and_list_view_the_upcoming(client, calendar):
    event = make_event(title="Семинар в календаре", days=1)
    month = timezone.localtime(event.start).strftime("%Y-%m")
    html = client.get(calendar.url, {"month": month}).content.decode()
    assert "Семинар в календаре" in html
    assert '<table class="month">' in html
    listed = client.get(calendar.url, {"view": "list"}).content.decode()
    assert "Семинар в календаре" in listed


def test_filters_by_center_format_and_level(client, calendar):
    from centers.models import EducationLevel

    make_event(title="Событие лицея", days=3)
    other = make_event(center_slug="stem-poisk", slug="stem-x", title="Событие Поиска", days=3)
    other.levels.set([EducationLevel.objects.get(slug="preschool")])
    other.save_revision().publish()
    by_center = client.get(calendar.url, {"view": "list", "center": "literacy-lyceum1"}).content.decode()
    assert "Событие лицея" in by_center and "Событие Поиска" not in by_center
    by_level = client.get(calendar.url, {"view": "list", "level": "preschool"}).content.decode()
    assert "Событие Поиска" in by_level and "Событие лицея" not in by_level
    by_format = client.get(calendar.url, {"view": "list", "format": "conference"}).content.decode()
    assert "Событие лицея" not in by_format
    assert "Инклюзия: от теории к практике" in by_format


def test_a_bad_month_gets_a_russian_message_not_an_error(client, calendar):
    response = client.get(calendar.url, {"month": "2026-13"})
    assert response.status_code == 400
    assert "Месяц не распознан" in response.content.decode()


def test_whole_calendar_feed_parses_and_holds_the_events_in_yekaterinburg_time(client, calendar):
    event = make_event(title="Практикум для ленты", days=5)
    feed = feed_events(client, calendar.url + "ical/")
    entries = {str(e["SUMMARY"]): e for e in feed.walk("VEVENT")}
    assert "Практикум для ленты" in entries
    entry = entries["Практикум для ленты"]
    start = entry.decoded("DTSTART")
    assert start == event.start
    assert start.utcoffset() == datetime.timedelta(hours=5)
    assert entry["DTSTART"].params["TZID"] == "Asia/Yekaterinburg"
    assert [tz["TZID"] for tz in feed.walk("VTIMEZONE")] == ["Asia/Yekaterinburg"]
    assert entry["URL"].endswith(event.url)
    live_titles = set(EventPage.objects.live().values_list("title", flat=True))
    assert set(entries) <= live_titles


def test_center_feed_holds_only_that_centers_events_including_co_organized(client, calendar):
    own = make_event(center_slug="career-ds9", slug="own", title="Своё мероприятие", days=4)
    shared = make_event(
        slug="shared", title="Совместное мероприятие", days=6, co_organizers=[center("career-ds9")]
    )
    titles = {
        str(e["SUMMARY"]) for e in feed_events(client, calendar.url + "ical/career-ds9/").walk("VEVENT")
    }
    assert {own.title, shared.title} <= titles
    assert "Научно-практическая конференция «Инклюзия: от теории к практике»" not in titles
    assert client.get(calendar.url + "ical/no-such-center/").status_code == 404


def test_add_to_calendar_gives_one_event_file(client):
    event = make_event(days=8)
    occurrence = event.occurrences.get()
    html = client.get(event.url).content.decode()
    link = f"{event.url}ics/{occurrence.pk}/"
    assert link in html
    [entry] = feed_events(client, link).walk("VEVENT")
    assert entry.decoded("DTEND") == event.end


def test_calendar_month_costs_the_same_queries_with_few_and_many_events(client, calendar):
    def cost():
        client.get(calendar.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(calendar.url).status_code == 200
        return len(captured)

    few = cost()
    for number in range(10):
        make_event(slug=f"month-{number}", title=f"Событие месяца {number}", days=0, hours=1)
    assert cost() == few


def test_the_monthly_meeting_appears_each_month_in_the_calendar(client, calendar):
    meeting = EventPage.objects.get(slug="math-community")
    for occurrence in meeting.occurrences.all()[:3]:
        month = timezone.localtime(occurrence.start, YEKATERINBURG).strftime("%Y-%m")
        html = client.get(calendar.url, {"month": month}).content.decode()
        assert meeting.title in html, month


def test_a_busy_day_shows_the_first_meetings_and_more_leading_to_all_of_them(client, calendar):
    from centers.events.models.calendar import DAY_LIMIT, day_bounds

    from .events_helpers import local

    day = timezone.localdate() + datetime.timedelta(days=45)
    titles = [f"Загруженный день {n}" for n in range(DAY_LIMIT + 2)]
    for n, title in enumerate(titles):
        make_event(slug=f"busy-{n}", title=title, days=45, start=local(day, 8 + n))
    day_start, day_end = day_bounds(day)
    total = calendar.meetings().filter(start__gte=day_start, start__lt=day_end).count()
    assert total > DAY_LIMIT

    html = client.get(calendar.url, {"month": day.strftime("%Y-%m")}).content.decode()
    shown = [title for title in titles if title in html]
    assert shown == titles[:DAY_LIMIT]  # the earliest ones, in order
    assert f"ещё {total - DAY_LIMIT}<" in html
    link = f"?view=list&amp;date={day:%Y-%m-%d}"
    assert link in html
    assert "Мероприятия месяца" not in html  # the month no longer lists every meeting a second time

    day_list = client.get(calendar.url, {"view": "list", "date": day.isoformat()}).content.decode()
    assert all(title in day_list for title in titles)
    assert day_list.count('class="event-card"') == total


def test_the_feed_carries_30_days_back_to_6_months_ahead_at_most_feed_limit(client, calendar, monkeypatch):
    from centers.events import ical

    titles = {-40: "Давно прошедшее", -20: "Недавнее", 150: "Через пять месяцев", 200: "Через семь месяцев"}
    for days, title in titles.items():
        make_event(slug=f"window{days}", title=title, days=days)
    summaries = {str(e["SUMMARY"]) for e in feed_events(client, calendar.url + "ical/").walk("VEVENT")}
    assert {"Недавнее", "Через пять месяцев"} <= summaries
    assert not {"Давно прошедшее", "Через семь месяцев"} & summaries
    center_summaries = {
        str(e["SUMMARY"]) for e in feed_events(client, calendar.url + "ical/literacy-lyceum1/").walk("VEVENT")
    }
    assert "Недавнее" in center_summaries and "Через семь месяцев" not in center_summaries

    monkeypatch.setattr(ical, "FEED_LIMIT", 2)
    starts = [e.decoded("DTSTART") for e in feed_events(client, calendar.url + "ical/").walk("VEVENT")]
    expected = list(ical.feed_window(calendar.meetings()).values_list("start", flat=True))
    assert len(starts) == 2 and starts == expected  # the earliest of the window


def test_the_feed_escapes_and_folds_long_russian_texts(client, calendar):
    summary = "Обмен опытом; практикум, часть 1 — " + "длинное описание " * 20
    make_event(slug="long-texts", title="Семинар; «A, B»", days=3, summary=summary.strip())
    [entry] = [
        e for e in feed_events(client, calendar.url + "ical/").walk("VEVENT") if "«A, B»" in str(e["SUMMARY"])
    ]
    assert str(entry["SUMMARY"]) == "Семинар; «A, B»"
    assert summary.strip() in str(entry["DESCRIPTION"])
    response = client.get(calendar.url + "ical/")
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
