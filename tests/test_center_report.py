"""A center's year in figures: hand counts, the public report and its PDF/XLSX without personal data, coordinators'
own numbers, the department's coverage and the review of unmatched organization names."""

import csv
import datetime
import io
import zoneinfo
from unittest import mock

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from centers.lifecycle.reports import department_report
from centers.models import (
    CenterPage,
    ConsultationRequest,
    Direction,
    EventFormat,
    EventOccurrence,
    EventPage,
    Feedback,
    NewsIndexPage,
    NewsPage,
    Organization,
    PlanItem,
    PlanPage,
    Registration,
    ReportConclusion,
    ReportPage,
)
from centers.reports.fulfilment import plan_rows
from centers.reports.lines import plan_lines
from centers.reports.numbers import academic_year_of, center_numbers
from centers.reports.pdf import center_report_pdf
from centers.reports.schools import unmatched_names
from centers.roles.provisioning import coordinators_group, provision_center
from tests.events_helpers import make_event

pytestmark = pytest.mark.django_db

LOCAL = zoneinfo.ZoneInfo("Asia/Yekaterinburg")
YEAR = 2020  # 1 September 2020 to 31 August 2021: no demo content falls in it
PEOPLE = [
    ("Участникова Анна Петровна", "anna.participant@example.ru", "МБОУ «Школа А»", "confirmed", True),
    ("Второва Бэлла Ивановна", "bella.second@example.ru", "школа   а", "confirmed", True),
    ("Неявкина Вера Олеговна", "vera.absent@example.ru", "Школа Б", "confirmed", False),
    ("Очередёва Галина Юрьевна", "galina.waiting@example.ru", "Школа Б", "waitlisted", None),
    ("Отказова Дина Марковна", "dina.cancelled@example.ru", "Школа Б", "cancelled", None),
    ("Гимназистова Ева Львовна", "eva.unmatched@example.ru", "Гимназия «Дельта»", "confirmed", None),
]


def register(meeting, name, email, organization, status, attended):
    return Registration.objects.create(
        occurrence=meeting,
        status=status,
        full_name=name,
        position="учитель",
        organization=organization,
        email=email,
        phone="+7 912 345-67-89",
        consent_given_at=timezone.now(),
        consent_version="test",
        attended=attended,
    )


def event_at(center, slug, format_slug, start, **fields):
    return make_event(
        center.slug, slug=slug, format=EventFormat.objects.get(slug=format_slug), start=start, **fields
    )


def news(center, slug, day):
    index = NewsIndexPage.objects.child_of(center).get()
    page = NewsPage(title=f"Новость {slug}", slug=slug, date=day, lead="Коротко о событии.")
    index.add_child(instance=page)
    page.save_revision().publish()


@pytest.fixture
def year_of_two_centers():
    """Center A: a seminar (six registrations) and a conference co-organized with B (one), a seminar before the
    year, an answered and a new consultation, two news in the year and one after it. Hand counts for A: meetings 2,
    registered 6 (not the cancelled one), confirmed 5, attended 3, schools 3 (Школа А twice spelled, Детский сад В,
    Школа Б through the answered request; the absent, waiting and cancelled registrants reach nobody; «Гимназия
    «Дельта»» matches no organization). B: the conference: 1 meeting, 1 registered, confirmed, attended, 1 school."""
    direction = Direction.objects.create(name="Одарённые дети", slug="gifted")
    school_a = Organization.objects.create(full_name="МБОУ «Школа А»", short_name="Школа А")
    Organization.objects.create(full_name="МБОУ «Школа Б»", short_name="Школа Б")
    Organization.objects.create(
        full_name="МАДОУ «Детский сад В»", short_name="Детский сад В", kind="kindergarten"
    )
    Organization.objects.create(full_name="МБОУ «Школа Г»", short_name="Школа Г")
    term = {"term_start": datetime.date(2019, 9, 1), "term_end": datetime.date(2023, 8, 31)}
    a = provision_center(school_a, direction, title="Центр А", slug="center-a", **term)
    b = provision_center(
        Organization.objects.get(short_name="Школа Б"), direction, title="Центр Б", slug="center-b", **term
    )
    seminar = event_at(a, "seminar", "seminar", datetime.datetime(2020, 10, 1, 10, tzinfo=LOCAL))
    for person in PEOPLE:
        register(seminar.occurrences.get(), *person)
    conference = event_at(
        a, "conference", "conference", datetime.datetime(2021, 3, 3, 10, tzinfo=LOCAL), co_organizers=[b]
    )
    register(
        conference.occurrences.get(), "Садовая Зоя", "zoya@example.ru", "Детский сад В", "confirmed", True
    )
    before = event_at(a, "before", "seminar", datetime.datetime(2020, 8, 20, 10, tzinfo=LOCAL))
    register(before.occurrences.get(), "Ранняя Ия", "iya@example.ru", "Школа Г", "confirmed", True)
    ConsultationRequest.objects.create(
        center=a,
        topic="АООП",
        question="Как составить программу?",
        organization="МБОУ «Школа Б»",
        name="Спрашивающая Кира",
        email="kira@example.ru",
        status=ConsultationRequest.Status.ANSWERED,
        answer="Ответ",
        answered_at=datetime.datetime(2020, 11, 5, 12, tzinfo=LOCAL),
    )
    ConsultationRequest.objects.create(
        center=a,
        topic="Вопрос",
        question="?",
        organization="Школа Г",
        name="Новая Лада",
        email="lada@example.ru",
    )
    news(a, "news-1", datetime.date(2020, 9, 1))
    news(a, "news-2", datetime.date(2021, 8, 31))
    news(a, "news-late", datetime.date(2021, 9, 1))
    return a, b


def figures(numbers):
    return (
        numbers.meetings,
        numbers.registered,
        numbers.confirmed,
        numbers.attended,
        numbers.schools_reached,
        numbers.consultations_answered,
        numbers.news,
    )


def test_numbers_equal_hand_counts(year_of_two_centers):
    a, b = year_of_two_centers
    numbers = center_numbers(a, YEAR)
    assert figures(numbers) == (2, 6, 5, 3, 3, 1, 2)
    assert {f.slug: n for f, n in numbers.meetings_by_format if n} == {"seminar": 1, "conference": 1}
    reached = set(
        Organization.objects.filter(pk__in=numbers.reached_ids).values_list("short_name", flat=True)
    )
    assert reached == {"Школа А", "Школа Б", "Детский сад В"}
    assert figures(center_numbers(b, YEAR)) == (1, 1, 1, 1, 1, 0, 0)
    assert numbers.feedback is None  # no feedback model on this branch: no row


def test_the_department_report_takes_its_rows_from_the_same_numbers(year_of_two_centers):
    a, _b = year_of_two_centers
    report = department_report(YEAR)
    keys = [row.key for row in report["rows"]]
    line = next(line for line in report["lines"] if line["center"].pk == a.pk)
    counted = dict(zip(keys, line["values"], strict=True))
    assert [counted[key] for key in ("events", "registered", "registrations", "attendance")] == [2, 6, 5, 3]
    assert [counted[key] for key in ("schools_reached", "consultations", "news")] == [3, 1, 2]


def test_mapping_an_unmatched_name_counts_the_school_at_once(client, year_of_two_centers):
    a, _b = year_of_two_centers
    client.force_login(get_user_model().objects.get(username="moderator"))
    url = reverse("centers_reports:unmatched_names")
    page = client.get(url).content.decode()
    assert '<th scope="row">Гимназия «Дельта»</th>' in page
    assert "eva.unmatched@example.ru" not in page and "Гимназистова" not in page
    refused = client.post(url, {"name": "Гимназия «Дельта»", "organization": "999999"})
    assert refused.status_code == 400
    assert "Выберите организацию из реестра." in refused.content.decode()
    assert center_numbers(a, YEAR).schools_reached == 3
    school_g = Organization.objects.get(short_name="Школа Г")
    response = client.post(url, {"name": "Гимназия «Дельта»", "organization": school_g.pk})
    assert response.status_code == 302
    assert center_numbers(a, YEAR).schools_reached == 4
    after = client.get(url).content.decode()
    assert '<th scope="row">Гимназия «Дельта»</th>' not in after
    assert "<li>Гимназия «Дельта» → Школа Г</li>" in after


def test_only_the_department_reviews_names_and_coverage(client):
    client.force_login(get_user_model().objects.get(username="coordinator1"))
    assert client.get(reverse("centers_reports:unmatched_names")).status_code == 403
    assert client.get(reverse("centers_reports:coverage")).status_code == 403


def test_coverage_lists_schools_per_center_and_those_no_center_reached(client, year_of_two_centers):
    client.force_login(get_user_model().objects.get(username="moderator"))
    url = reverse("centers_reports:coverage")
    html = client.get(url, {"year": YEAR}).content.decode()
    unreached = html.split("ни одним центром:")[1]
    assert "Школа Г" in unreached and "Школа А" not in unreached
    assert "Детский сад В" not in unreached  # a kindergarten: only schools are listed by default
    rows = list(
        csv.reader(
            io.StringIO(client.get(url, {"year": YEAR, "format": "csv"}).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    header = rows[0]
    a_column, b_column = header.index("Центр А"), header.index("Центр Б")
    by_name = {row[0]: row for row in rows[1:]}
    assert [by_name[name][a_column] for name in ("Школа А", "Школа Б", "Детский сад В", "Школа Г")] == [
        "1",
        "1",
        "1",
        "0",
    ]
    assert by_name["Детский сад В"][b_column] == "1" and by_name["Детский сад В"][-1] == "2"
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(url, {"year": YEAR, "format": "xlsx"}).content)
    ).active
    values = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert values["Школа Г"][-1] == 0 and values["Школа А"][a_column] == 1


def report_url(center):
    return ReportPage.objects.child_of(center).get().url


def test_the_public_report_shows_the_numbers_and_no_personal_data(client, year_of_two_centers):
    a, _b = year_of_two_centers
    response = client.get(report_url(a), {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2020/2021" in html
    assert '<th scope="row">Зарегистрировалось участников</th><td>6</td>' in html
    assert '<th scope="row">Участников присутствовало</th><td>3</td>' in html
    assert '<th scope="row">Охвачено образовательных организаций</th><td>3</td>' in html
    for name, email, *_rest in PEOPLE:
        assert name not in html and email not in html
    assert "+7 912 345-67-89" not in html and "kira@example.ru" not in html


def test_the_pdf_and_xlsx_carry_the_numbers_and_no_personal_data(client, year_of_two_centers):
    a, _b = year_of_two_centers
    page = ReportPage.objects.child_of(a).get()
    page.conclusions = [ReportConclusion(academic_year=YEAR, text="Центр выполнил план на 90 %.")]
    page.save_revision().publish()
    seminar = EventOccurrence.objects.get(event__slug="seminar")
    Feedback.objects.bulk_create([Feedback(occurrence=seminar, usefulness=n) for n in (5, 5, 4)])
    pdf = client.get(page.url + "pdf/", {"year": YEAR})
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Отчёт о деятельности ресурсного центра за 2020/2021 учебный год" in " ".join(text.split())
    flat = " ".join(text.split())
    assert "Центр А" in flat and "Участников присутствовало 3" in flat
    assert "Охвачено образовательных организаций 3" in flat
    assert "Центр выполнил план на 90 %." in flat
    assert "(от 1 до 5) 4,7" in flat
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(page.url + "xlsx/", {"year": YEAR}).content))
    cells = [cell for row in workbook.active.iter_rows() for cell in row if cell.value is not None]
    values = {row[0]: row[1] for row in workbook.active.iter_rows(values_only=True) if row and row[0]}
    assert values["Зарегистрировалось участников"] == 6 and values["Участников присутствовало"] == 3
    assert all(not str(cell.value).startswith("=") for cell in cells)
    average = next(row[1] for row in workbook.active.iter_rows() if "(от 1 до 5)" in str(row[0].value))
    assert average.data_type == "n" and average.value == 4.7 and average.number_format == "0.0"
    assert "<td>4,7</td>" in client.get(page.url, {"year": YEAR}).content.decode()
    everything = text + "\n".join(str(cell.value) for cell in cells)
    for name, email, *_rest in PEOPLE:
        assert name not in everything and email not in everything
    assert center_report_pdf(a, YEAR)[:5] == b"%PDF-"  # what the renewal attaches


def test_a_draft_conclusion_stays_private_until_published(client, year_of_two_centers):
    a, _b = year_of_two_centers
    page = ReportPage.objects.child_of(a).get()
    page.conclusions = [ReportConclusion(academic_year=YEAR, text="Черновик вывода координатора.")]
    page.save_revision()  # not published: waits for moderation
    assert "Черновик вывода координатора." not in client.get(page.url, {"year": YEAR}).content.decode()
    assert b"\xd0\xa7\xd0\xb5\xd1\x80\xd0\xbd" not in client.get(page.url + "xlsx/", {"year": YEAR}).content


# A NUL byte is refused before any view (test_hostile_input_everywhere).
@pytest.mark.parametrize("year", ["²⁰²⁰", "٢٠٢٠", "1999", "99999", "2020abc", "-1", "' OR 1=1", "3000"])
def test_a_hostile_year_is_a_russian_400(client, year_of_two_centers, year):
    a, _b = year_of_two_centers
    for suffix in ("", "pdf/", "xlsx/"):
        response = client.get(report_url(a) + suffix, {"year": year})
        assert response.status_code == 400
        assert "Такого учебного года нет" in response.content.decode()


def test_the_report_page_costs_the_same_queries_whatever_the_data(client, year_of_two_centers):
    a, b = year_of_two_centers
    counts = []
    for center in (a, b):
        url = report_url(center)
        client.get(url, {"year": YEAR})  # warm the site and its caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"year": YEAR}).status_code == 200
        counts.append(len(queries))
    assert counts == [5, 5]  # the figures are kept until a page changes or a few minutes pass


def test_a_coordinator_sees_their_own_numbers_and_not_another_centers(client, year_of_two_centers):
    a, b = year_of_two_centers
    coordinator = get_user_model().objects.create_user("coordinator-a", password="x")
    coordinator.groups.add(coordinators_group(a))
    client.force_login(coordinator)
    own = client.get(reverse("centers_reports:center_report", args=[a.pk]), {"year": YEAR})
    assert own.status_code == 200
    assert '<th scope="row">Участников присутствовало</th><td>3</td>' in own.content.decode()
    assert client.get(reverse("centers_reports:center_report", args=[b.pk])).status_code == 403
    assert client.get(reverse("centers_reports:center_report", args=[999999])).status_code == 404
    assert client.get(reverse("centers_lifecycle:department_report")).status_code == 403
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Центр А: показатели" in dashboard and "Центр Б: показатели" not in dashboard


def test_the_demo_gives_every_active_center_a_report_with_figures(client):
    year = academic_year_of(timezone.localdate())
    for center in CenterPage.objects.filter(term_end__gte=timezone.localdate()):
        numbers = center_numbers(center, year)
        assert numbers.attended > 0 and numbers.schools_reached > 0, center.slug
        assert client.get(report_url(center)).status_code == 200
    html = client.get(report_url(CenterPage.objects.get(slug="literacy-lyceum1"))).content.decode()
    assert "План первого полугодия выполнен" in html
    assert unmatched_names() == [("МБОУ «СОШ № 13»", 6)]


def test_the_report_lists_each_plan_item_with_what_fulfilled_it_or_not_fulfilled(client):
    from centers.models import (
        EventPage,
        MaterialPage,
        NewsPage,
        PlanItem,
        PlanPage,
        PracticePage,
        ProjectPage,
    )
    from centers.plans.fulfilment import still_planned

    center = CenterPage.objects.get(slug="inclusive-sosh5")
    year = academic_year_of(timezone.localdate())
    items = list(PlanItem.objects.filter(page__in=PlanPage.objects.child_of(center), academic_year=year))
    for model in (EventPage, MaterialPage, NewsPage, PracticePage, ProjectPage):
        model.objects.filter(plan_item__in=items).update(plan_item=None)
    event = (
        EventPage.objects.live().filter(host_center=center, end__lt=timezone.now()).order_by("start").first()
    )
    EventPage.objects.filter(pk=event.pk).update(plan_item=items[0])
    html = client.get(report_url(center)).content.decode()
    row = html[html.index(f'<th scope="row">{items[0]}</th>') :]
    assert event.url in row[: row.index("</tr>")]
    # the rest have nothing: «запланировано» while their period runs, «не выполнено» after it (any day of the year)
    overdue = sum(not still_planned(item) for item in items[1:])
    assert html.count("не выполнено") == overdue and html.count("запланировано") == len(items) - 1 - overdue
    pdf = client.get(report_url(center) + "pdf/").content
    flat = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert event.title in flat and flat.count("не выполнено") == overdue


@pytest.fixture
def mid_year():
    """Now is 15 January 2021, 12:00 local: the seminar (October) is held, the conference (March) is ahead."""
    moment = datetime.datetime(2021, 1, 15, 12, tzinfo=LOCAL)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def test_a_report_of_the_running_year_counts_only_what_happened(client, year_of_two_centers, mid_year):
    a, b = year_of_two_centers
    numbers = center_numbers(a, YEAR)
    assert (numbers.meetings, numbers.meetings_planned) == (1, 1)
    assert {f.slug: n for f, n in numbers.meetings_by_format if n} == {"seminar": 1}
    # the conference (its registrant, the kindergarten she reaches) and the August news: not yet
    assert figures(numbers) == (1, 5, 4, 2, 2, 1, 1)
    assert (center_numbers(b, YEAR).meetings, center_numbers(b, YEAR).meetings_planned) == (0, 1)
    line = next(line for line in department_report(YEAR)["lines"] if line["center"].pk == a.pk)
    counted = dict(zip([row.key for row in department_report(YEAR)["rows"]], line["values"], strict=True))
    assert (counted["events"], counted["events_planned"]) == (1, 1)
    html = client.get(report_url(a), {"year": YEAR}).content.decode()
    assert '<th scope="row">Проведено мероприятий</th><td>1</td>' in html
    assert '<th scope="row">Запланировано мероприятий (ещё не проведены)</th><td>1</td>' in html


def test_plan_items_due_later_are_planned_and_a_meeting_ahead_fulfils_nothing(
    client, year_of_two_centers, mid_year
):
    a, _b = year_of_two_centers
    plan = PlanPage.objects.child_of(a).get()
    if not plan.live:
        plan.save_revision().publish()
    defaults = {
        "academic_year": YEAR,
        "kind": PlanItem.Kind.SEMINAR,
        "responsible": "Р.",
        "expected_result": "И",
    }
    october = PlanItem.objects.create(page=plan, title="Семинар в октябре", month=10, **defaults)
    december = PlanItem.objects.create(page=plan, title="Семинар в декабре", month=12, **defaults)
    january = PlanItem.objects.create(page=plan, title="Семинар в январе", month=1, **defaults)
    march = PlanItem.objects.create(page=plan, title="Конференция в марте", month=3, **defaults)
    EventPage.objects.filter(slug="seminar").update(plan_item=october)
    EventPage.objects.filter(slug="conference").update(plan_item=march)
    lines = dict(plan_lines(plan_rows(a, YEAR)))
    assert "(01.10.2020)" in lines[str(october)]
    assert lines[str(december)] == "не выполнено"  # December is over
    assert lines[str(january)] == "запланировано"  # its month is not over yet
    assert lines[str(march)] == "запланировано"  # the conference is ahead: it fulfils nothing yet
    html = client.get(report_url(a), {"year": YEAR}).content.decode()
    assert html.count("не выполнено") == 1 and html.count("запланировано") == 2
    card = client.get(plan.url, {"year": YEAR}).content.decode()
    card = card[card.index(f'id="plan-item-{march.pk}"') :]
    card = card[: card.index("</li>\n")]
    assert "Выполнение" not in card and "Запланировано" in card and "03.03.2021" in card
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2021, 4, 1, 9, tzinfo=LOCAL)):
        lines = dict(plan_lines(plan_rows(a, YEAR)))
    assert "03.03.2021" in lines[str(march)] and lines[str(january)] == "не выполнено"
