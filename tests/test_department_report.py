"""The department's report per academic year: numbers equal hand-counted fixtures, in the page, CSV and XLSX."""

import csv
import datetime
import io
import re
import zoneinfo

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from centers.lifecycle.reports import department_report
from centers.models import (
    Application,
    ApprovalOrder,
    CenterPage,
    ConsultationRequest,
    Direction,
    EventFormat,
    Organization,
    Registration,
)
from centers.roles.provisioning import provision_center
from tests.events_helpers import make_event

pytestmark = pytest.mark.django_db

LOCAL = zoneinfo.ZoneInfo("Asia/Yekaterinburg")
YEAR = 2030  # 1 September 2030 to 31 August 2031: no demo center's term reaches it


def order(center, number, day):
    ApprovalOrder.objects.create(
        number=number,
        date=day,
        term_start=center.term_start,
        term_end=center.term_end,
        center=center,
        registered_at=timezone.now(),
    )


def application(direction, number, status, submitted):
    item = Application(
        year=submitted.year,
        number=number,
        status=status,
        organization=Organization.objects.get(short_name="СОШ № 1"),
        direction=direction,
        justification="—",
        staff_resources="—",
        methodological_resources="—",
        material_resources="—",
        information_resources="—",
        plan_of_work="—",
        contact_name="Иванов Иван Иванович",
        contact_email="ivanov@example.ru",
        consent_given_at=submitted,
        consent_version="1",
        submitted_at=submitted,
    )
    item.signed_scan.save("scan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    item.save()


@pytest.fixture
def fixtures():
    direction = Direction.objects.create(name="Одарённые дети", slug="gifted")
    school_a = Organization.objects.create(full_name="МБОУ «Школа А»", short_name="Школа А")
    school_b = Organization.objects.create(full_name="МБОУ «Школа Б»", short_name="Школа Б")
    school_c = Organization.objects.create(full_name="МБОУ «Школа В»", short_name="Школа В")
    # A: its term covers 1 Sep 2030 - 28 Feb 2031 of the year: 30+31+30+31+31+28 = 181 days.
    a = provision_center(
        school_a,
        direction,
        title="Центр А",
        term_start=datetime.date(2029, 9, 1),
        term_end=datetime.date(2031, 2, 28),
    )
    # B: from 1 Mar 2031 to 31 Aug 2031 of the year: 31+30+31+30+31+31 = 184 days.
    b = provision_center(
        school_b,
        direction,
        title="Центр Б",
        term_start=datetime.date(2031, 3, 1),
        term_end=datetime.date(2034, 8, 31),
    )
    # C ended the day before the year began: not in the report.
    provision_center(
        school_c,
        direction,
        title="Центр В",
        term_start=datetime.date(2027, 9, 1),
        term_end=datetime.date(2030, 8, 31),
    )
    order(a, "1-п", datetime.date(2030, 8, 31))  # previous year
    order(a, "2-п", datetime.date(2030, 9, 1))  # first day
    order(a, "3-п", datetime.date(2031, 8, 31))  # last day
    order(b, "4-п", datetime.date(2031, 2, 20))
    # Applications: two inside the year (first and last minute, local time), one a minute before it.
    application(direction, 1, "submitted", datetime.datetime(2030, 9, 1, 0, 0, 30, tzinfo=LOCAL))
    application(direction, 2, "approved", datetime.datetime(2031, 8, 31, 23, 59, tzinfo=LOCAL))
    application(direction, 3, "rejected", datetime.datetime(2030, 8, 31, 23, 59, tzinfo=LOCAL))
    return {"Центр А": [181, 2], "Центр Б": [184, 1]}


def bars(html):
    """The report's chart as {center: value}: each bar is a row naming the center, then its value."""
    chart = html[html.index('class="report-chart"') :]
    chart = chart[: chart.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]+)</th>.*?report-chart__value">(\d+)<', chart, flags=re.S)
    return {center: int(value) for center, value in rows}


def moderator_client(client):
    client.force_login(get_user_model().objects.get(username="moderator"))
    return client


def test_the_report_page_shows_hand_counted_numbers_and_a_chart(client, fixtures):
    html = (
        moderator_client(client)
        .get(reverse("centers_lifecycle:department_report"), {"year": YEAR})
        .content.decode()
    )
    assert "2030/2031" in html and "2030/31" not in html
    assert "Центр В" not in html
    assert bars(html).get("Центр А") != 181  # the chart shows the events held unless asked otherwise
    days = client.get(
        reverse("centers_lifecycle:department_report"), {"year": YEAR, "chart": "days_active"}
    ).content.decode()
    assert bars(days)["Центр А"] == 181 and bars(days)["Центр Б"] == 184
    assert "Получено заявок: 2" in html
    assert "Подана: 1" in html and "Одобрена: 1" in html and "Отклонена: 0" in html
    chart = client.get(
        reverse("centers_lifecycle:department_report"), {"year": YEAR, "chart": "orders"}
    ).content.decode()
    assert bars(chart)["Центр А"] == 2 and bars(chart)["Центр Б"] == 1


def test_the_csv_export_has_the_same_numbers(client, fixtures):
    response = moderator_client(client).get(
        reverse("centers_lifecycle:department_report"), {"year": YEAR, "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "report-2030-2031.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, *lines, total = rows
    assert header[0] == "Центр" and header[4:6] == [
        "Дней действия статуса в учебном году",
        "Зарегистрировано приказов",
    ]
    assert {line[0]: [int(v) for v in line[4:6]] for line in lines} == fixtures
    # days of the status do not add up over centers: their total is left empty
    assert total[0] == "Итого" and total[4] == "" and int(total[5]) == 3


def test_the_xlsx_export_has_the_same_numbers(client, fixtures):
    response = moderator_client(client).get(
        reverse("centers_lifecycle:department_report"), {"year": YEAR, "format": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    lines = {row[0]: list(row[4:6]) for row in values[1:] if row and row[0] in fixtures}
    assert lines == fixtures
    assert ("Получено заявок", 2) in [tuple(row[:2]) for row in values if row and row[0]]


@pytest.mark.parametrize("username", ["expert", "coordinator1"])
def test_only_the_department_sees_the_report(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    assert client.get(reverse("centers_lifecycle:department_report")).status_code == 403
    assert client.get(reverse("centers_lifecycle:department_report"), {"format": "csv"}).status_code == 403


def test_a_bad_year_is_a_clear_400(client):
    response = moderator_client(client).get(reverse("centers_lifecycle:department_report"), {"year": "1066"})
    assert response.status_code == 400


def registration(meeting, number, status, attended=None):
    return Registration.objects.create(
        occurrence=meeting,
        status=status,
        full_name=f"Участник {number}",
        position="учитель",
        organization="МБОУ «Школа А»",
        email=f"participant{number}@example.ru",
        consent_given_at=timezone.now(),
        consent_version="test",
        attended=attended,
    )


def consultation(center, number, answered_at):
    return ConsultationRequest.objects.create(
        center=center,
        topic="Адаптированная программа",
        question="Как составить АООП?",
        organization="МБОУ «Школа А»",
        name=f"Заявитель {number}",
        email=f"asker{number}@example.ru",
        status=ConsultationRequest.Status.ANSWERED if answered_at else ConsultationRequest.Status.NEW,
        answer="Ответ" if answered_at else "",
        answered_at=answered_at,
    )


AFTER_THE_YEAR = datetime.datetime(2031, 9, 15, 12, tzinfo=LOCAL)  # every meeting of 2030/31 has been held


def test_activity_rows_count_only_the_year_and_only_the_center(client, fixtures, time_machine):
    a = CenterPage.objects.get(title="Центр А")
    held = make_event(a.slug, slug="seminar-in-year", start=datetime.datetime(2030, 10, 1, 10, tzinfo=LOCAL))
    before = make_event(a.slug, slug="seminar-before", start=datetime.datetime(2030, 8, 20, 10, tzinfo=LOCAL))
    meeting = held.occurrences.get()
    registration(meeting, 1, Registration.Status.CONFIRMED, attended=True)
    registration(meeting, 2, Registration.Status.CONFIRMED, attended=True)
    registration(meeting, 3, Registration.Status.CONFIRMED, attended=False)
    registration(meeting, 4, Registration.Status.WAITLISTED)
    registration(before.occurrences.get(), 5, Registration.Status.CONFIRMED, attended=True)
    consultation(a, 1, datetime.datetime(2030, 11, 5, 12, tzinfo=LOCAL))
    consultation(a, 2, datetime.datetime(2031, 8, 31, 23, 0, tzinfo=LOCAL))
    consultation(a, 3, datetime.datetime(2030, 8, 31, 23, 0, tzinfo=LOCAL))
    consultation(a, 4, None)
    time_machine.move_to(AFTER_THE_YEAR)
    report = department_report(YEAR)
    keys = [row.key for row in report["rows"]]
    line = next(line for line in report["lines"] if line["center"].pk == a.pk)
    counted = dict(zip(keys, line["values"], strict=True))
    assert (counted["events"], counted["registrations"], counted["attendance"], counted["consultations"]) == (
        1,
        3,
        2,
        2,
    )
    other = next(line for line in report["lines"] if line["center"].title == "Центр Б")
    assert sum(other["values"][2:]) == 0


def event_of(center, slug, format_slug, start, **fields):
    return make_event(
        center.slug, slug=slug, format=EventFormat.objects.get(slug=format_slug), start=start, **fields
    )


@pytest.fixture
def events_by_format(fixtures):
    """Hand counts of meetings held in 2030/31 per format: A 2 seminars + 1 conference, B 1 master class + the
    conference it co-organizes; a seminar before the year, a cancelled webinar and a forum after it do not count."""
    a = CenterPage.objects.get(title="Центр А")
    b = CenterPage.objects.get(title="Центр Б")
    forum = EventFormat.objects.create(
        name="Форум", slug="forum", sort_order=1
    )  # slots in after the conference
    event_of(a, "seminar-1", "seminar", datetime.datetime(2030, 9, 1, 0, 30, tzinfo=LOCAL))
    event_of(a, "seminar-2", "seminar", datetime.datetime(2031, 2, 10, 10, tzinfo=LOCAL))
    event_of(a, "seminar-old", "seminar", datetime.datetime(2030, 8, 31, 23, 0, tzinfo=LOCAL))
    event_of(
        a, "conference", "conference", datetime.datetime(2030, 11, 3, 10, tzinfo=LOCAL), co_organizers=[b]
    )
    cancelled = event_of(a, "webinar", "webinar", datetime.datetime(2030, 12, 1, 16, tzinfo=LOCAL))
    cancelled.occurrences.update(is_cancelled=True)
    event_of(b, "master-class", "master-class", datetime.datetime(2031, 3, 15, 10, tzinfo=LOCAL))
    event_of(b, "forum-next-year", "forum", datetime.datetime(2031, 9, 1, 10, tzinfo=LOCAL))
    formats = [f"Проведено мероприятий: {f.name}" for f in EventFormat.objects.order_by("sort_order", "name")]
    assert formats[:3] == [
        "Проведено мероприятий: Научно-практическая конференция",
        f"Проведено мероприятий: {forum.name}",
        "Проведено мероприятий: Семинар",
    ]
    counts = {
        "Центр А": {"Научно-практическая конференция": 1, "Семинар": 2},
        "Центр Б": {"Научно-практическая конференция": 1, "Мастер-класс": 1},
    }
    expected = {
        center: [by_format.get(label.split(": ", 1)[1], 0) for label in formats]
        for center, by_format in counts.items()
    }
    return {"labels": formats, "lines": expected, "totals": {"Центр А": 3, "Центр Б": 2}}


def test_events_are_counted_per_format_in_the_vocabulary_order_with_zeros_and_the_total(
    client, events_by_format, time_machine
):
    time_machine.move_to(AFTER_THE_YEAR)
    labels = events_by_format["labels"]
    response = moderator_client(client).get(
        reverse("centers_lifecycle:department_report"), {"year": YEAR, "format": "csv"}
    )
    header, *lines, total = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    first = header.index(labels[0])
    assert header[first - 1] == "Проведено мероприятий"
    assert header[first : first + len(labels)] == labels
    for line in lines:
        assert [int(v) for v in line[first : first + len(labels)]] == events_by_format["lines"][line[0]]
        assert int(line[first - 1]) == events_by_format["totals"][line[0]]
    assert [int(v) for v in total[first : first + len(labels)]] == [
        a + b for a, b in zip(*events_by_format["lines"].values(), strict=True)
    ]
    assert int(total[first - 1]) == 5

    sheet = openpyxl.load_workbook(
        io.BytesIO(
            client.get(
                reverse("centers_lifecycle:department_report"), {"year": YEAR, "format": "xlsx"}
            ).content
        )
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][first : first + len(labels)]) == labels
    by_center = {row[0]: list(row[first : first + len(labels)]) for row in rows[1:] if row and row[0]}
    assert {name: by_center[name] for name in events_by_format["lines"]} == events_by_format["lines"]

    html = client.get(reverse("centers_lifecycle:department_report"), {"year": YEAR}).content.decode()
    positions = [html.index(f">{label}</a></th>") for label in labels]
    assert positions == sorted(positions)
    chart = client.get(
        reverse("centers_lifecycle:department_report"), {"year": YEAR, "chart": "events_format_seminar"}
    ).content.decode()
    assert "Проведено мероприятий: Семинар</h2>" in chart
    assert bars(chart)["Центр А"] == 2 and bars(chart)["Центр Б"] == 0


def test_a_center_or_organization_named_as_a_formula_arrives_as_text_in_both_exports(client, fixtures):
    organization = Organization.objects.get(short_name="Школа А")
    organization.short_name = "=1+2"
    organization.save()
    url = reverse("centers_lifecycle:department_report")
    response = moderator_client(client).get(url, {"year": YEAR, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Центр А", "'=1+2"] in [row[:2] for row in rows]
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(url, {"year": YEAR, "format": "xlsx"}).content)
    ).active
    cell = next(row[1] for row in sheet.iter_rows() if row[0].value == "Центр А")
    assert cell.value == "=1+2" and cell.data_type == "s" and cell.quotePrefix
